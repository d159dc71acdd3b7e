"""Field tables of the CRI messages, read once from the pydantic models.

The input normaliser, `request_to_data` and issue sorting walk these tables
instead of the models, so each message's proto names, key spellings, value kinds
and integer ranges are worked out once at import time.
"""

from __future__ import annotations

import re
import types
import typing
from dataclasses import dataclass
from enum import Enum, IntEnum
from functools import cache

import annotated_types
from pydantic import BaseModel
from pydantic.fields import FieldInfo

from console.cri.models import CreateContainerRequest, Message


class Kind(Enum):
    """Shape of a field's value."""

    STRING = "string"
    BOOL = "bool"
    INT = "int"
    ENUM = "enum"
    MESSAGE = "message"
    STRING_LIST = "string list"
    INT_LIST = "int list"
    MESSAGE_LIST = "message list"
    STRING_MAP = "string map"


@dataclass(frozen=True, slots=True)
class FieldSpec:
    """One field of a message: its proto name, model attribute and value shape."""

    proto_name: str
    attribute: str
    rank: int
    kind: Kind
    message: type[Message] | None = None
    enum: type[IntEnum] | None = None
    minimum: int | None = None
    maximum: int | None = None


@dataclass(frozen=True, slots=True)
class MessageSpec:
    """The fields of one message, with the tables that match input keys to them."""

    model: type[Message]
    fields: tuple[FieldSpec, ...]
    by_proto_name: dict[str, FieldSpec]
    by_folded_name: dict[str, FieldSpec]
    by_camel_name: dict[str, FieldSpec]
    by_folded_camel_name: dict[str, FieldSpec]
    by_snake_name: dict[str, FieldSpec]


def camel_name(proto_name: str) -> str:
    """Return the JSON name protoc derives: `log_directory` -> `logDirectory`."""
    return re.sub(r"_(.)", lambda match: match.group(1).upper(), proto_name)


def snake_name(proto_name: str) -> str:
    """Return the snake_case form of a proto name: `uidMappings` -> `uid_mappings`."""
    return re.sub(r"(?<=[a-z0-9])([A-Z])", r"_\1", proto_name).lower()


def _range(info: FieldInfo, annotation: object) -> tuple[int | None, int | None]:
    metadata = list(info.metadata)
    if typing.get_origin(annotation) is typing.Annotated:
        metadata.extend(typing.get_args(annotation)[1:])
    minimum: int | None = None
    maximum: int | None = None
    for item in metadata:
        if isinstance(item, FieldInfo):
            item_range = _range(item, None)
            minimum = item_range[0] if item_range[0] is not None else minimum
            maximum = item_range[1] if item_range[1] is not None else maximum
        elif isinstance(item, annotated_types.Ge):
            minimum = int(typing.cast(int, item.ge))
        elif isinstance(item, annotated_types.Le):
            maximum = int(typing.cast(int, item.le))
    return minimum, maximum


def _is_message(value: object) -> typing.TypeGuard[type[Message]]:
    return isinstance(value, type) and issubclass(value, BaseModel)


def _field_spec(attribute: str, info: FieldInfo, rank: int) -> FieldSpec:
    annotation = info.annotation
    proto_name = info.alias or attribute
    origin = typing.get_origin(annotation)
    arguments = typing.get_args(annotation)

    if origin in (typing.Union, types.UnionType):
        message = next(item for item in arguments if item is not type(None))
        assert _is_message(message)
        return FieldSpec(proto_name, attribute, rank, Kind.MESSAGE, message=message)
    if origin is dict:
        return FieldSpec(proto_name, attribute, rank, Kind.STRING_MAP)
    if origin is list:
        item = arguments[0]
        if _is_message(item):
            return FieldSpec(
                proto_name, attribute, rank, Kind.MESSAGE_LIST, message=item
            )
        if item is str:
            return FieldSpec(proto_name, attribute, rank, Kind.STRING_LIST)
        minimum, maximum = _range(FieldInfo(), item)
        return FieldSpec(
            proto_name, attribute, rank, Kind.INT_LIST, minimum=minimum, maximum=maximum
        )
    if isinstance(annotation, type) and issubclass(annotation, IntEnum):
        return FieldSpec(proto_name, attribute, rank, Kind.ENUM, enum=annotation)
    if annotation is bool:
        return FieldSpec(proto_name, attribute, rank, Kind.BOOL)
    if annotation is str:
        return FieldSpec(proto_name, attribute, rank, Kind.STRING)
    if annotation is int:
        minimum, maximum = _range(info, None)
        return FieldSpec(
            proto_name, attribute, rank, Kind.INT, minimum=minimum, maximum=maximum
        )
    raise TypeError(f"{attribute}: no field kind for {annotation!r}")


@cache
def message_spec(model: type[Message]) -> MessageSpec:
    """Return the field table of a message model (built on first use)."""
    fields = tuple(
        _field_spec(attribute, info, rank)
        for rank, (attribute, info) in enumerate(model.model_fields.items())
    )
    return MessageSpec(
        model=model,
        fields=fields,
        by_proto_name={field.proto_name: field for field in fields},
        by_folded_name={field.proto_name.lower(): field for field in fields},
        by_camel_name={camel_name(field.proto_name): field for field in fields},
        by_folded_camel_name={
            camel_name(field.proto_name).lower(): field for field in fields
        },
        # Only the oddly cased proto names (`uidMappings`) have a separate entry.
        by_snake_name={
            snake_name(field.proto_name): field
            for field in fields
            if snake_name(field.proto_name) != field.proto_name.lower()
        },
    )


REQUEST_SPEC = message_spec(CreateContainerRequest)


@cache
def nested_field_paths(model: type[Message]) -> dict[str, str]:
    """Map the folded names of fields inside a message's sub-messages to their paths.

    Used to tell where a misplaced key belongs (`resources` directly under
    `sandbox_config` belongs under `linux`). The shallowest path wins, and fields
    inside repeated messages are left out.
    """
    paths: dict[str, str] = {}
    level: list[tuple[str, type[Message]]] = [("", model)]
    while level:
        next_level: list[tuple[str, type[Message]]] = []
        for prefix, current in level:
            for field in message_spec(current).fields:
                path = f"{prefix}{field.proto_name}"
                if prefix:
                    paths.setdefault(field.proto_name.lower(), path)
                if field.kind is Kind.MESSAGE and field.message is not None:
                    next_level.append((f"{path}.", field.message))
        level = next_level
    return paths
