"""A JSON reader that records the line and column of every key and list item.

The standard `json` module keeps no positions, so this is a small recursive
descent parser over the same grammar (RFC 8259), reusing `json.decoder` for
strings. Recursion is bounded by `MAX_DEPTH`, far below Python's own limit.
"""

from __future__ import annotations

import json
import math
import re
from typing import Any

from console.cri.document_limits import (
    MAX_DEPTH,
    LineIndex,
    MappingKeys,
    Positions,
    RawPath,
    RequestFileError,
    check_integer,
    is_map_field,
    too_deep,
)

_WHITESPACE = re.compile(r"[ \t\n\r]*")
_WHITESPACE_CHARACTERS = frozenset(" \t\n\r")
_NUMBER = re.compile(r"-?(?:0|[1-9][0-9]*)(\.[0-9]+)?([eE][-+]?[0-9]+)?")
# The string scanner of the standard decoder (C accelerated where available);
# typeshed does not declare it.
_scanstring: Any = json.decoder.scanstring  # type: ignore[attr-defined]
_LITERALS = {"true": True, "false": False, "null": None}


class JsonSyntaxError(Exception):
    """Raised where the text stops being JSON; `offset` is a character offset."""

    def __init__(self, problem: str, offset: int) -> None:
        super().__init__(problem)
        self.problem = problem
        self.offset = offset


class _Parser:
    def __init__(self, text: str, file: str) -> None:
        self.text = text
        self.file = file
        self.lines = LineIndex(text)
        self.positions: Positions = {}

    def parse(self) -> object:
        offset = self._skip(0)
        value, offset = self._value(offset, (), None, 0)
        offset = self._skip(offset)
        if offset != len(self.text):
            raise JsonSyntaxError("extra data after the top-level value", offset)
        return value

    def _skip(self, offset: int) -> int:
        if self.text[offset : offset + 1] not in _WHITESPACE_CHARACTERS:
            return offset
        match = _WHITESPACE.match(self.text, offset)
        assert match is not None  # the pattern also matches the empty string
        return match.end()

    def _value(
        self, offset: int, path: RawPath, parent_key: str | int | None, depth: int
    ) -> tuple[object, int]:
        self.positions.setdefault(path, self.lines.position(offset))
        char = self.text[offset : offset + 1]
        if char == "{":
            return self._object(offset, path, parent_key, depth + 1)
        if char == "[":
            return self._array(offset, path, depth + 1)
        if char == '"':
            return self._string(offset)
        for word, literal in _LITERALS.items():
            if self.text.startswith(word, offset):
                return literal, offset + len(word)
        return self._number(offset)

    def _string(self, offset: int) -> tuple[str, int]:
        try:
            text, end = _scanstring(self.text, offset + 1, True)
        except json.JSONDecodeError as error:
            raise JsonSyntaxError(error.msg, error.pos) from None
        return str(text), int(end)

    def _number(self, offset: int) -> tuple[object, int]:
        match = _NUMBER.match(self.text, offset)
        if match is None:
            raise JsonSyntaxError("expected a value", offset)
        line, column = self.lines.position(offset)
        if match.group(1) is None and match.group(2) is None:
            integer = int(match.group())
            check_integer(integer, file=self.file, line=line, column=column)
            return integer, match.end()
        number = float(match.group())
        if math.isinf(number):
            raise RequestFileError(
                f"the number {match.group()} is too large for a 64-bit float",
                file=self.file,
                line=line,
                column=column,
            )
        return number, match.end()

    def _object(
        self, offset: int, path: RawPath, parent_key: str | int | None, depth: int
    ) -> tuple[dict[str, object], int]:
        if depth > MAX_DEPTH:
            line, column = self.lines.position(offset)
            raise too_deep(file=self.file, line=line, column=column)
        result: dict[str, object] = {}
        keys = MappingKeys(file=self.file, case_sensitive=is_map_field(parent_key))
        offset = self._skip(offset + 1)
        if self.text.startswith("}", offset):
            return result, offset + 1
        while True:
            if not self.text.startswith('"', offset):
                raise JsonSyntaxError("expected a key in double quotes", offset)
            line, column = self.lines.position(offset)
            key, offset = self._string(offset)
            keys.add(key, line, column)
            self.positions[(*path, key)] = (line, column)
            offset = self._skip(offset)
            if not self.text.startswith(":", offset):
                raise JsonSyntaxError("expected ':' after the key", offset)
            offset = self._skip(offset + 1)
            result[key], offset = self._value(offset, (*path, key), key, depth)
            offset = self._skip(offset)
            if self.text.startswith(",", offset):
                offset = self._skip(offset + 1)
                continue
            if self.text.startswith("}", offset):
                return result, offset + 1
            raise JsonSyntaxError("expected ',' or '}'", offset)

    def _array(
        self, offset: int, path: RawPath, depth: int
    ) -> tuple[list[object], int]:
        if depth > MAX_DEPTH:
            line, column = self.lines.position(offset)
            raise too_deep(file=self.file, line=line, column=column)
        result: list[object] = []
        offset = self._skip(offset + 1)
        if self.text.startswith("]", offset):
            return result, offset + 1
        while True:
            item, offset = self._value(offset, (*path, len(result)), None, depth)
            result.append(item)
            offset = self._skip(offset)
            if self.text.startswith(",", offset):
                offset = self._skip(offset + 1)
                continue
            if self.text.startswith("]", offset):
                return result, offset + 1
            raise JsonSyntaxError("expected ',' or ']'", offset)


def parse_json(text: str, file: str) -> tuple[object, Positions]:
    """Parse JSON text and return the value and the position of every raw path.

    Raises `JsonSyntaxError` for text that is not JSON, and `RequestFileError`
    for JSON that no request file may contain (duplicate keys, numbers past 64
    bits, nesting past `MAX_DEPTH`).
    """
    parser = _Parser(text, file)
    return parser.parse(), parser.positions


def describe_json_error(
    error: JsonSyntaxError, text: str, file: str
) -> RequestFileError:
    line, column = LineIndex(text).position(error.offset)
    return RequestFileError(
        f"not valid JSON or YAML: {error.problem}; fix the syntax at this point",
        file=file,
        line=line,
        column=column,
    )
