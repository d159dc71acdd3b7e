"""Read an arbitrary mapping the way crictl reads a request file, reporting bad shapes.

Keys match as Go's encoding/json matches them (exact proto name first, then
case-insensitively), and lowerCamelCase names are accepted too. A value of the
wrong shape becomes an issue and leaves its field unset, so the rest of the
request is still read and checked.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from enum import IntEnum

from console.cri import codes
from console.cri.fieldspec import (
    REQUEST_SPEC,
    FieldSpec,
    Kind,
    MessageSpec,
    message_spec,
)
from console.cri.issues import Issue, Severity
from console.cri.models import (
    ContainerConfig,
    Int64Value,
    KeyValue,
)
from console.cri.names import enum_choices, enum_member, match_key, unknown_key_hint
from console.cri.paths import RawPath
from console.cri.plan_shape import PLAN_KEYS, PlanField, move_plan_fields
from console.cri.shapes import (
    describe,
    format_key,
    int_text,
    integral,
    is_int,
    quote,
    scalar_text,
)

_EXPECTED = {
    Kind.STRING: "a string",
    Kind.BOOL: "true or false",
    Kind.INT: "an integer",
    Kind.MESSAGE: "a mapping",
    Kind.STRING_LIST: "a list of strings",
    Kind.INT_LIST: "a list of integers",
    Kind.MESSAGE_LIST: "a list of mappings",
    Kind.STRING_MAP: "a mapping of strings to strings",
}


@dataclass(slots=True)
class Normalized:
    """Result of reading a mapping: the request data, its shape issues, raw paths."""

    values: dict[str, object]
    issues: list[Issue] = field(default_factory=list)
    raw_paths: dict[str, RawPath] = field(default_factory=dict)


class _Reader:
    """One pass over an input mapping; collects issues and, if asked, raw paths."""

    def __init__(self, record_raw_paths: bool) -> None:
        self.issues: list[Issue] = []
        self.raw_paths: dict[str, RawPath] = {}
        self.record = record_raw_paths

    def issue(self, path: str, code: str, severity: Severity, message: str) -> None:
        self.issues.append(Issue(path, code, severity, message))

    def mismatch(self, path: str, expected: str, value: object) -> None:
        subject = f"`{path}`" if path else "The request"
        self.issue(
            path,
            codes.TYPE_MISMATCH,
            Severity.ERROR,
            f"{subject} should be {expected}, found {describe(value)}",
        )

    def message(
        self, spec: MessageSpec, data: object, path: str, raw: RawPath
    ) -> dict[str, object] | None:
        if data is None:
            return None
        if type(data) is not dict and not isinstance(data, Mapping):
            self.mismatch(path, f"a mapping of {spec.model.__name__} fields", data)
            return None

        values: dict[str, object] = {}
        # For each field: the key that set it and whether crictl reads that key.
        seen: dict[str, tuple[object, bool]] = {}
        plan: dict[str, PlanField] = {}
        prefix = f"{path}." if path else ""
        by_proto_name = spec.by_proto_name
        record = self.record
        for raw_key, value in data.items():
            key = raw_key if type(raw_key) is str else scalar_text(raw_key)
            raw_path: RawPath = (*raw, _raw_key(raw_key)) if record else ()
            field_spec = by_proto_name.get(key) if key is not None else None
            crictl_reads = True
            if field_spec is None and key is not None:
                field_spec, crictl_reads = match_key(spec, key)
            if field_spec is None:
                folded = key.lower() if key is not None else ""
                if spec.model is ContainerConfig and folded in PLAN_KEYS:
                    name = (
                        "privileged" if folded == "privileged" else "security_context"
                    )
                    plan[name] = PlanField(value, raw_path, str(key))
                    continue
                self.unknown_key(spec, key, raw_key, prefix, raw_path)
                continue

            attribute = field_spec.attribute
            if attribute in seen:
                first_key, first_read_by_crictl = seen[attribute]
                field_path = prefix + field_spec.proto_name
                if first_read_by_crictl and not crictl_reads:
                    # crictl ignores this spelling, so the key it reads keeps its
                    # value and the file means the same to both tools.
                    self.ignored_duplicate(raw_key, first_key, field_path)
                    continue
                self.duplicate(first_key, raw_key, field_path)
                values.pop(attribute, None)
            seen[attribute] = (raw_key, crictl_reads)
            if not crictl_reads and key is not None:
                self.dialect_key(key, field_spec, prefix)

            # Fast path for the common case: a scalar of the right type.
            kind = field_spec.kind
            value_type = type(value)
            if (kind is Kind.STRING and value_type is str) or (
                kind is Kind.BOOL and value_type is bool
            ):
                values[attribute] = value
                if record:
                    self.raw_paths[prefix + field_spec.proto_name] = raw_path
                continue

            field_path = prefix + field_spec.proto_name
            if record:
                self.raw_paths[field_path] = raw_path
            if spec.model is KeyValue and attribute == "value":
                self.check_env_value(value, field_path)
            converted = self.value(field_spec, value, field_path, raw_path)
            if converted is not None:
                values[attribute] = converted

        if plan:
            move_plan_fields(self, values, plan, prefix)
        return values

    def duplicate(self, first: object, last: object, path: str) -> None:
        self.issue(
            path,
            codes.DUPLICATE_KEY,
            Severity.WARNING,
            f"`{first}` and `{last}` both set `{path}`; the last one, `{last}`, "
            f"is used",
        )

    def ignored_duplicate(self, ignored: object, kept: object, path: str) -> None:
        self.issue(
            path,
            codes.DUPLICATE_KEY,
            Severity.WARNING,
            f"`{ignored}` and `{kept}` both set `{path}`; `{kept}` is used because "
            f"crictl reads only that spelling: remove `{ignored}`",
        )

    def dialect_key(self, key: str, field_spec: FieldSpec, prefix: str) -> None:
        path = prefix + field_spec.proto_name
        self.issue(
            path,
            codes.CRICTL_DIALECT,
            Severity.WARNING,
            f"`{prefix}{key}` is read as `{path}`, but crictl ignores this "
            f"spelling: write `{field_spec.proto_name}`",
        )

    def unknown_key(
        self,
        spec: MessageSpec,
        key: str | None,
        raw_key: object,
        prefix: str,
        raw_path: RawPath,
    ) -> None:
        shown = key if key is not None else format_key(raw_key)
        path = prefix + shown
        if self.record:
            self.raw_paths[path] = raw_path
        hint = unknown_key_hint(spec, shown, prefix)
        self.issue(
            path,
            codes.UNKNOWN_KEY,
            Severity.WARNING,
            f"`{path}` is not a field of {spec.model.__name__}, so crictl ignores "
            f"it; {hint}",
        )

    def check_env_value(self, value: object, path: str) -> None:
        if isinstance(value, str) or value is None:
            return
        text = scalar_text(value)
        if text is None:
            return
        self.issue(
            path,
            codes.ENV_VALUE_SCALAR,
            Severity.WARNING,
            f"`{path}` is {describe(value)}, read here as the string {text!r}; "
            f"crictl built with cri-api 0.36 or later fails to load a file with "
            f"a non-string env value: quote it",
        )

    def value(
        self, spec: FieldSpec, value: object, path: str, raw: RawPath
    ) -> object | None:
        if value is None:
            return None
        kind = spec.kind
        if kind is Kind.STRING:
            return self.string(value, path)
        if kind is Kind.BOOL:
            if isinstance(value, bool):
                return value
            self.mismatch(path, _EXPECTED[kind], value)
            return None
        if kind is Kind.INT:
            return self.integer(spec, value, path)
        if kind is Kind.ENUM:
            assert spec.enum is not None
            return self.enum(spec.enum, value, path)
        if kind is Kind.MESSAGE:
            assert spec.message is not None
            if spec.message is Int64Value and is_int(value):
                self.issue(
                    path,
                    codes.CRICTL_DIALECT,
                    Severity.WARNING,
                    f"`{path}` is read as a bare user or group id, but crictl "
                    f'reads it only as `{{"value": {int_text(value)}}}`: write that',
                )
                value = {"value": value}
            return self.message(_spec_of(spec), value, path, raw)
        if kind is Kind.STRING_MAP:
            return self.string_map(value, path, raw)
        return self.sequence(spec, value, path, raw)

    def string(self, value: object, path: str) -> str | None:
        if isinstance(value, str):
            return value
        text = scalar_text(value)
        if text is None:
            self.mismatch(path, "a string", value)
        return text

    def integer(self, spec: FieldSpec, value: object, path: str) -> int | None:
        value = integral(value)
        if not is_int(value):
            self.mismatch(path, "an integer", value)
            return None
        low, high = spec.minimum, spec.maximum
        if (low is not None and value < low) or (high is not None and value > high):
            self.issue(
                path,
                codes.INT_RANGE,
                Severity.ERROR,
                f"`{path}` is {int_text(value)}, outside the range of its type: "
                f"use an integer from {low} to {high}",
            )
            return None
        return value

    def enum(self, enum: type[IntEnum], value: object, path: str) -> int | None:
        if type(value) is int and value in enum._value2member_map_:
            return value
        names = enum_choices(enum)
        value = integral(value)
        if is_int(value):
            if value in enum._value2member_map_:
                return value
            self.issue(
                path,
                codes.ENUM_VALUE,
                Severity.ERROR,
                f"`{path}` is {int_text(value)}, which is not a {enum.__name__} "
                f"value: use one of {names}",
            )
            return None
        if isinstance(value, str):
            member = enum_member(enum, value)
            if member is not None:
                self.issue(
                    path,
                    codes.CRICTL_DIALECT,
                    Severity.WARNING,
                    f"`{path}` is read as {member.name}, but crictl reads enums "
                    f"only as numbers: write {member.value}",
                )
                return member.value
            self.issue(
                path,
                codes.ENUM_VALUE,
                Severity.ERROR,
                f"`{path}` is {quote(value)}, which is not a {enum.__name__} "
                f"value: use one of {names}",
            )
            return None
        self.mismatch(path, f"one of {names}", value)
        return None

    def string_map(
        self, value: object, path: str, raw: RawPath
    ) -> dict[str, str] | None:
        if not isinstance(value, Mapping):
            self.mismatch(path, "a mapping of strings to strings", value)
            return None
        result: dict[str, str] = {}
        record = self.record
        for raw_key, item in value.items():
            if type(raw_key) is str and type(item) is str and not record:
                result[raw_key] = item
                continue
            key = raw_key if isinstance(raw_key, str) else scalar_text(raw_key)
            entry_path = f"{path}[{format_key(raw_key)}]"
            if record:
                self.raw_paths[entry_path] = (*raw, _raw_key(raw_key))
            if key is None:
                self.mismatch(entry_path, "a string key", raw_key)
                continue
            text = "" if item is None else self.string(item, entry_path)
            if text is not None:
                result[key] = text
        return result

    def sequence(
        self, spec: FieldSpec, value: object, path: str, raw: RawPath
    ) -> list[object] | None:
        if not isinstance(value, list | tuple):
            self.mismatch(path, _EXPECTED[spec.kind], value)
            return None
        kind = spec.kind
        if kind is Kind.STRING_LIST and not self.record:
            if all(type(item) is str for item in value):
                return list(value)

        # An unreadable element stays as its zero value, so that the indexes of
        # the request match the input's in every later issue.
        item_spec = _spec_of(spec) if kind is Kind.MESSAGE_LIST else None
        result: list[object] = []
        for index, item in enumerate(value):
            item_path = f"{path}[{index}]"
            item_raw = (*raw, index)
            if self.record:
                self.raw_paths[item_path] = item_raw
            converted: object | None
            if kind is Kind.STRING_LIST:
                converted = self.string(item, item_path) if item is not None else ""
                result.append("" if converted is None else converted)
            elif kind is Kind.INT_LIST:
                converted = self.integer(spec, item, item_path)
                result.append(0 if converted is None else converted)
            else:
                assert item_spec is not None
                converted = self.message(item_spec, item, item_path, item_raw)
                result.append({} if converted is None else converted)
        return result


def _raw_key(key: object) -> str | int:
    # Keys that are neither strings nor integers (YAML allows any scalar, and
    # even sequences) cannot be in a source map; their text is used instead.
    return key if isinstance(key, str | int) else repr(key)


def _spec_of(spec: FieldSpec) -> MessageSpec:
    assert spec.message is not None
    return message_spec(spec.message)


def normalize_request(data: Mapping[str, object], *, record: bool) -> Normalized:
    """Read `data` as a combined request; `record` keeps each field's raw path."""
    reader = _Reader(record)
    values = reader.message(REQUEST_SPEC, data, "", ()) or {}
    return Normalized(values, reader.issues, reader.raw_paths)
