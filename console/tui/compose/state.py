"""The compose form's state without widgets: the document, its text and its issues.

The screen keeps one `ComposeState`; each edit goes through `edit`, and `validate`
runs the request rules and sorts every issue into the field that shows it. Being
free of Textual, it is what the keystroke benchmark measures too.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from console.cri import CheckedRequest, check_request
from console.cri.issues import Issue, Severity
from console.tui.compose.document import RequestDocument
from console.tui.compose.fields import (
    FIELDS,
    FormField,
    Kind,
    text_to_value,
    value_to_text,
)
from console.tui.compose.lines import ParsedLines
from console.tui.compose.placement import PlacedIssue, Placement, place_issues


class ComposeState:
    """The request being composed, the issues found in it, and where they show."""

    def __init__(self, profile: str = "proxmox") -> None:
        self.profile = profile
        self.document = RequestDocument()
        self.parsed: dict[str, ParsedLines] = {}
        self.checked: CheckedRequest | None = None
        # Issues from a loaded file (with file and line) stand until the first edit,
        # because only they can point into that file.
        self.loaded_issues: list[Issue] | None = None
        # Issues from outside stage 1: the sandbox check and the last submission.
        self.sandbox_issues: list[Issue] = []
        self.submission_issues: list[Issue] = []
        self.placement = Placement()
        self.load({})

    def load(
        self, data: Mapping[str, Any], issues: Sequence[Issue] | None = None
    ) -> None:
        """Replace the whole document, as after loading a file or a draft."""
        self.document = RequestDocument(data)
        self.parsed = {}
        for form_field in FIELDS:
            if form_field.lines is not None:
                self.parsed[form_field.path] = form_field.lines.parse(
                    self.field_text(form_field)
                )
        self.loaded_issues = list(issues) if issues is not None else None
        self.submission_issues = []

    def field_text(self, form_field: FormField) -> str:
        return value_to_text(form_field, self.document.get(form_field.segments))

    def lock_reason(self, form_field: FormField) -> str | None:
        """Return why a field cannot show its value for editing, or None when it can.

        Such a value (a list entry with a line break, a list where a string
        belongs) stays as it is and is edited in the raw view.
        """
        value = self.document.get(form_field.segments)
        if value is None:
            return None
        if form_field.lines is not None:
            if form_field.lines.fits_lines(value):
                return None
            return "an entry has a line break or is empty: edit it in the raw view (F2)"
        allowed: tuple[type, ...] = (str, int, float, bool)
        if form_field.kind is Kind.WRAPPED_INTEGER:
            allowed = (*allowed, dict)
        elif form_field.kind is Kind.INTEGER_LIST:
            allowed = (*allowed, list)
        if isinstance(value, allowed):
            return None
        return "the value is not a single value: edit it in the raw view (F2)"

    def edit(self, form_field: FormField, text: str) -> None:
        """Apply a field's new text to the document."""
        if form_field.lines is not None:
            previous = self.document.get(form_field.segments)
            parsed = form_field.lines.parse(text, previous)
            self.parsed[form_field.path] = parsed
            value: Any = parsed.value if text.strip() else None
        else:
            value = text_to_value(form_field, text)
        self.document.set(form_field.segments, value)
        self.loaded_issues = None
        self.submission_issues = [
            issue
            for issue in self.submission_issues
            if not issue.path.startswith(form_field.path)
        ]

    def validate(self) -> Placement:
        """Run the request rules and place every current issue under its field."""
        self.checked = check_request(self.document.data, profile=self.profile)
        self.placement = place_issues(self.issues, self.parsed)
        for path, parsed in self.parsed.items():
            for issue in parsed.issues:
                form_field = self.placement_field(path)
                placed = PlacedIssue(
                    Issue(path + issue.path, issue.code, issue.severity, issue.message),
                    form_field,
                    issue.line,
                )
                self.placement.by_field.setdefault(path, []).append(placed)
        return self.placement

    @staticmethod
    def placement_field(path: str) -> FormField:
        return next(form_field for form_field in FIELDS if form_field.path == path)

    @property
    def issues(self) -> list[Issue]:
        """Return every current issue: stage 1 (or the loaded file's), then the rest."""
        if self.loaded_issues is not None:
            stage_one = self.loaded_issues
        else:
            stage_one = self.checked.issues if self.checked is not None else []
        return [*stage_one, *self.sandbox_issues, *self.submission_issues]

    def all_placed(self) -> list[PlacedIssue]:
        placed = [item for items in self.placement.by_field.values() for item in items]
        return [*placed, *self.placement.unplaced]

    def count(self, severity: Severity) -> int:
        return sum(1 for item in self.all_placed() if item.issue.severity is severity)

    @property
    def errors(self) -> int:
        return self.count(Severity.ERROR)

    @property
    def warnings(self) -> int:
        return self.count(Severity.WARNING)
