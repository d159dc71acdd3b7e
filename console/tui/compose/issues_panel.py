"""The issues panel: every current issue, those without a form field first."""

from __future__ import annotations

from dataclasses import dataclass

from rich.text import Text
from textual import on
from textual.message import Message
from textual.widgets import OptionList
from textual.widgets.option_list import Option

from console.tui.compose.placement import PlacedIssue
from console.tui.plain import plain_line


def issue_label(placed: PlacedIssue) -> Text:
    """Return the panel line of an issue: mark, place, and the message, all inert.

    The message names its field path already, so the place is only what it does
    not say: the file and line it came from, or the line of a list field.
    """
    issue = placed.issue
    text = Text("✗ " if issue.is_error else "! ", style="bold")
    if issue.file and issue.line:
        text.append(plain_line(f"{issue.file}:{issue.line}: "), style="bold")
    elif placed.line is not None:
        text.append(f"line {placed.line}: ", style="bold")
    text.append(plain_line(issue.message))
    if placed.form_field is None:
        text.append("  [no form field: Enter opens the raw view]", style="italic")
    return text


class IssuesPanel(OptionList):
    """A list of issues; choosing one moves the focus to where it can be fixed."""

    @dataclass
    class IssueChosen(Message):
        """The operator chose an issue to fix."""

        panel: IssuesPanel
        placed: PlacedIssue

        @property
        def control(self) -> IssuesPanel:
            return self.panel

    def __init__(self, *, id: str | None = None) -> None:  # noqa: A002
        super().__init__(id=id, compact=True)
        self._shown: list[PlacedIssue] = []

    @property
    def shown_issues(self) -> list[PlacedIssue]:
        """Return the issues listed, in the panel's order."""
        return self._shown

    def show_issues(self, placed: list[PlacedIssue]) -> None:
        ordered = sorted(placed, key=lambda item: item.form_field is not None)
        if ordered == self._shown:
            return
        self._shown = ordered
        self.clear_options()
        if not ordered:
            self.add_option(Option("No issues.", disabled=True))
            return
        self.add_options(Option(issue_label(item)) for item in ordered)

    @on(OptionList.OptionSelected)
    def _chosen(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        if 0 <= event.option_index < len(self._shown):
            self.post_message(self.IssueChosen(self, self._shown[event.option_index]))
