"""Moving around the compose screen: sections, the raw view, the issues panel."""

from __future__ import annotations

from typing import ClassVar

from textual import on
from textual.binding import Binding, BindingType
from textual.screen import Screen
from textual.widget import Widget
from textual.widgets import OptionList, TabbedContent, TextArea

from console.tui.compose.field_row import FieldRow
from console.tui.compose.form import (
    ISSUES_PANE,
    PANE_ORDER,
    RAW_PANE,
    SECTION_PANES,
    SectionScroll,
)
from console.tui.compose.issues_panel import IssuesPanel
from console.tui.compose.placement import PlacedIssue
from console.tui.compose.raw import RawView


class FormNavigation(Screen[None]):
    """The keys and choices that move between sections, fields and issues."""

    # Priority, so focus moves as the app reads Tab. Textual's own Tab binding waits
    # for the key to bubble back up to the app, and keys typed meanwhile reach the
    # field being left.
    # They replace the Screen's own Tab bindings, so the last two give Tab back its
    # usual meaning wherever the first two are turned off (the raw view, an open
    # choice list, the issues panel).
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("tab", "next_field", show=False, priority=True),
        Binding("shift+tab", "previous_field", show=False, priority=True),
        Binding("tab", "app.focus_next", show=False),
        Binding("shift+tab", "app.focus_previous", show=False),
    ]

    _rows: dict[str, FieldRow]

    def raw_line(self, path: str) -> int | None:
        raise NotImplementedError

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action in ("next_field", "previous_field"):
            # Turned off, the focused widget gets Tab first, as usual.
            return self._tab_moves_focus(self.focused)
        return True

    def _tab_moves_focus(self, widget: Widget | None) -> bool:
        if widget is None:
            return False
        if isinstance(widget, TextArea):
            # The raw view indents with Tab.
            return widget.tab_behavior == "focus"
        # An open choice list (a Select's overlay is an OptionList) and the issues
        # panel keep Textual's own handling of Tab.
        return not isinstance(widget, OptionList)

    def action_next_field(self) -> None:
        self.focus_next()

    def action_previous_field(self) -> None:
        self.focus_previous()

    def _activate(self, pane: str, *, focus_first: bool = False) -> None:
        self.query_one(TabbedContent).active = pane
        if focus_first:
            self._focus_first(pane)

    def _focus_first(self, pane: str) -> None:
        for widget in self.query_one(f"#{pane}").walk_children(Widget):
            if widget.focusable and not isinstance(widget, SectionScroll):
                # Focused now, not after a refresh, so keys already typed go here.
                self.set_focus(widget)
                return

    def action_next_section(self) -> None:
        self._step_section(1)

    def action_previous_section(self) -> None:
        self._step_section(-1)

    def _step_section(self, step: int) -> None:
        active = self.query_one(TabbedContent).active
        index = PANE_ORDER.index(active) if active in PANE_ORDER else 0
        self._activate(PANE_ORDER[(index + step) % len(PANE_ORDER)], focus_first=True)

    def action_raw(self) -> None:
        tabs = self.query_one(TabbedContent)
        if tabs.active == RAW_PANE:
            self._activate(SECTION_PANES[next(iter(SECTION_PANES))])
        else:
            self._activate(RAW_PANE)
            self.call_after_refresh(self.query_one("#raw-text", TextArea).focus)

    def action_issues(self) -> None:
        self._activate(ISSUES_PANE)
        panel = self.query_one(IssuesPanel)
        if panel.highlighted is None and panel.shown_issues:
            # So that Enter right away goes to the first issue.
            panel.highlighted = 0
        self.call_after_refresh(panel.focus)

    def action_close(self) -> None:
        self.dismiss(None)

    @on(IssuesPanel.IssueChosen)
    def _issue_chosen(self, event: IssuesPanel.IssueChosen) -> None:
        self.go_to_issue(event.placed)

    def go_to_issue(self, placed: PlacedIssue) -> None:
        """Show the field of an issue and focus it, or the raw view for other issues."""
        if placed.form_field is None:
            self._activate(RAW_PANE)
            # The line in the raw text, not in a file the issue was loaded from.
            raw_line = self.raw_line(placed.issue.path) or 1
            raw = self.query_one(RawView)
            self.call_after_refresh(raw.move_to_line, raw_line)
            return
        form_field = placed.form_field
        self._activate(SECTION_PANES[form_field.section])
        editor = self._rows[form_field.path].editor
        line = placed.line

        def focus() -> None:
            editor.focus()
            if line is not None and isinstance(editor, TextArea):
                editor.move_cursor((line - 1, 0))
            editor.scroll_visible()

        self.call_after_refresh(focus)
