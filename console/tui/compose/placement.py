"""Issue placement: the form field each issue shows under, and its line in a list."""

from __future__ import annotations

import json
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field

from console.cri.issues import Issue
from console.tui.compose.fields import FIELDS, FormField
from console.tui.compose.lines import ParsedLines

_INDEX = re.compile(r"^\[(\d+)\]")
_QUOTED_KEY = re.compile(r'^\[("(?:[^"\\]|\\.)*")\]')


@dataclass(frozen=True, slots=True)
class PlacedIssue:
    """An issue with the form field it belongs to and the line inside that field."""

    issue: Issue
    form_field: FormField | None
    line: int | None = None

    @property
    def text(self) -> str:
        """Return the message as shown under the field, `line 3: ...` in a list."""
        if self.line is not None:
            return f"line {self.line}: {self.issue.message}"
        return self.issue.message


@dataclass
class Placement:
    """Issues sorted into the fields they concern, and those no field shows."""

    by_field: dict[str, list[PlacedIssue]] = field(default_factory=dict)
    unplaced: list[PlacedIssue] = field(default_factory=list)


def field_for_path(path: str) -> tuple[FormField | None, str]:
    """Return the field that shows `path` and the rest of the path below that field.

    A path above a field (`config.metadata` when the metadata is missing) goes to
    the first field under it; a path no field covers, such as an unknown key,
    returns `None`.
    """
    best: FormField | None = None
    for form_field in FIELDS:
        prefix = form_field.path
        if path == prefix or (path.startswith(prefix) and path[len(prefix)] in ".["):
            if best is None or len(prefix) > len(best.path):
                best = form_field
    if best is not None:
        return best, path[len(best.path) :]
    for form_field in FIELDS:
        if form_field.path.startswith(path + "."):
            return form_field, ""
    return None, path


def line_of(rest: str, parsed: ParsedLines | None) -> int | None:
    """Return the line of the list entry or map key that `rest` starts with."""
    if parsed is None or not rest:
        return None
    index = _INDEX.match(rest)
    if index is not None:
        number = int(index.group(1))
        if number < len(parsed.entry_lines):
            return parsed.entry_lines[number]
        return None
    key: str | None = None
    quoted = _QUOTED_KEY.match(rest)
    if quoted is not None:
        key = json.loads(quoted.group(1))
    elif rest.startswith("."):
        key = rest[1:]
    if key is None:
        return None
    return parsed.key_lines.get(key)


def place_issues(
    issues: Iterable[Issue], parsed_lines: Mapping[str, ParsedLines]
) -> Placement:
    """Sort `issues` into fields, with the line of each list entry they name."""
    placement = Placement()
    for issue in issues:
        form_field, rest = field_for_path(issue.path)
        if form_field is None:
            placement.unplaced.append(PlacedIssue(issue, None))
            continue
        line = line_of(rest, parsed_lines.get(form_field.path))
        placed = PlacedIssue(issue, form_field, line)
        placement.by_field.setdefault(form_field.path, []).append(placed)
    return placement
