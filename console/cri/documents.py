"""Request documents: JSON or YAML text to plain data with the position of each key."""

from __future__ import annotations

import yaml

from console.cri.document_limits import Positions, RequestFileError
from console.cri.json_document import JsonSyntaxError, describe_json_error, parse_json
from console.cri.yaml_document import describe_yaml_error, parse_yaml

__all__ = ["RequestFileError", "load_document"]


def load_document(text: str, file: str) -> tuple[dict[str, object], Positions]:
    """Parse a request document and return its top-level mapping and source map.

    The format comes from the content, not the name, because crictl reads both
    with one YAML loader. Text that opens with `{` or `[` is read as JSON first
    and as YAML flow style if that fails. Anything else is read as YAML. The source map
    gives, for each raw path (keys as written), the 1-based line and column of
    its key or list item. Raises `RequestFileError` with a one-line message.
    """
    text = text.removeprefix("\ufeff")
    stripped = text.lstrip(" \t\r\n")
    if stripped.startswith(("{", "[")):
        value, positions = _parse_json_first(text, file)
    else:
        value, positions = _parse_yaml(text, file)

    if not isinstance(value, dict):
        raise RequestFileError(_not_a_mapping(value), file=file, line=1, column=1)
    return value, positions


def _parse_json_first(text: str, file: str) -> tuple[object, Positions]:
    try:
        return parse_json(text, file)
    except JsonSyntaxError as json_error:
        try:
            return parse_yaml(text, file)
        except (yaml.YAMLError, RequestFileError):
            raise describe_json_error(json_error, text, file) from None


def _parse_yaml(text: str, file: str) -> tuple[object, Positions]:
    try:
        return parse_yaml(text, file)
    except yaml.YAMLError as error:
        raise describe_yaml_error(error, file, text) from None


def _not_a_mapping(value: object) -> str:
    if value is None:
        return "the file contains no request; expected a mapping of request fields"
    kinds = {list: "a list", str: "a string", bool: "a boolean", int: "a number"}
    kind = kinds.get(type(value), "a number")
    return f"the top level is {kind}, expected a mapping of request fields"
