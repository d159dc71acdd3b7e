"""Limits and key checks shared by the JSON and the YAML request reader."""

from __future__ import annotations

import bisect
import re
from collections.abc import Hashable

# A raw path in the document, keys exactly as written: ("config", "Envs", 2, "key").
RawPath = tuple[str | int, ...]
# 1-based (line, column) of the key or list item at each raw path. Columns count
# characters (code points), as Python and PyYAML do, not bytes.
Positions = dict[RawPath, tuple[int, int]]

# Real CRI requests nest about eight levels deep; the limit only stops input built
# to exhaust the parser.
MAX_DEPTH = 64

# Integers crictl can hold: the widest CRI fields are int64 and uint64.
MIN_INTEGER = -(2**63)
MAX_INTEGER = 2**64 - 1

# Go maps (case-sensitive keys) among the CRI fields; every other mapping is a
# message, whose keys crictl matches case-insensitively.
MAP_FIELDS = frozenset({"labels", "annotations", "sysctls", "unified"})


class RequestFileError(Exception):
    """A request file that cannot be read as a request: one line for the user.

    The message names the file (with line and column when known), what is wrong,
    and what to do about it.
    """

    def __init__(
        self,
        message: str,
        *,
        file: str,
        line: int | None = None,
        column: int | None = None,
    ) -> None:
        self.file = file
        self.line = line
        self.column = column
        self.reason = message
        super().__init__(self._format())

    def _format(self) -> str:
        if self.line is None:
            return f"{self.file}: {self.reason}"
        return f"{self.file}:{self.line}:{self.column}: {self.reason}"


class LineIndex:
    """Turns character offsets of a text into 1-based lines and columns."""

    def __init__(self, text: str) -> None:
        self._starts = [0]
        self._starts.extend(match.end() for match in re.finditer("\n", text))

    def position(self, offset: int) -> tuple[int, int]:
        line = bisect.bisect_right(self._starts, offset)
        return line, offset - self._starts[line - 1] + 1


class MappingKeys:
    """Keys seen so far in one mapping, to reject duplicates as crictl cannot.

    crictl matches message keys case-insensitively and keeps one of two keys that
    differ only in case at random, so those count as duplicates too; Go map keys
    (labels, annotations, ...) are case-sensitive.
    """

    def __init__(self, *, file: str, case_sensitive: bool) -> None:
        self._file = file
        self._case_sensitive = case_sensitive
        self._seen: dict[Hashable, tuple[str, int]] = {}

    def add(self, key: str, line: int, column: int) -> None:
        folded = key if self._case_sensitive else key.casefold()
        first = self._seen.get(folded)
        if first is None:
            self._seen[folded] = (key, line)
            return
        first_key, first_line = first
        if first_key == key:
            what = f"duplicate key `{key}` (first at line {first_line})"
        else:
            what = (
                f"key `{key}` repeats `{first_key}` from line {first_line}, "
                "and crictl matches keys ignoring case"
            )
        raise RequestFileError(
            f"{what}; keep only one of them, because crictl would use either",
            file=self._file,
            line=line,
            column=column,
        )


def is_map_field(parent_key: str | int | None) -> bool:
    return isinstance(parent_key, str) and parent_key.casefold() in MAP_FIELDS


def check_integer(value: int, *, file: str, line: int, column: int) -> None:
    if MIN_INTEGER <= value <= MAX_INTEGER:
        return
    raise RequestFileError(
        f"the number {value} does not fit in 64 bits; CRI fields hold at most "
        f"{MAX_INTEGER}",
        file=file,
        line=line,
        column=column,
    )


def too_deep(*, file: str, line: int, column: int) -> RequestFileError:
    return RequestFileError(
        f"the document nests more than {MAX_DEPTH} levels deep; a CRI request "
        "needs about eight",
        file=file,
        line=line,
        column=column,
    )
