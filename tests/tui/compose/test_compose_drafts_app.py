"""The compose draft across app runs, and moving to issues from the panel."""

from __future__ import annotations

from textual.widgets import TabbedContent, TextArea

from console.tui.compose import ComposeScreen
from console.tui.compose.dialogs import RestoreDraftDialog
from console.tui.compose.drafts import DraftStore
from console.tui.compose.field_row import FieldRow
from console.tui.compose.issues_panel import IssuesPanel

from .compose_app import ComposeTestApp


def _row(screen: ComposeScreen, path: str) -> FieldRow:
    return next(row for row in screen.query(FieldRow) if row.form_field.path == path)


async def test_draft_survives_closing_the_app() -> None:
    first = ComposeTestApp(lambda: ComposeScreen(None))
    async with first.run_test() as pilot:
        screen = first.compose_screen
        _row(screen, "config.working_dir").editor.focus()
        await pilot.press(*"/srv")
        await pilot.pause()
    # The app closed right after typing, before the draft timer fired.
    assert DraftStore().load() is not None

    second = ComposeTestApp(lambda: ComposeScreen(None))
    async with second.run_test() as pilot:
        await pilot.pause()
        assert isinstance(second.screen, RestoreDraftDialog)
        await pilot.click("#restore")
        await pilot.pause()
        screen = second.compose_screen
        assert _row(screen, "config.working_dir").text == "/srv"


async def test_discarded_draft_is_not_offered_again() -> None:
    DraftStore().save({"config": {"working_dir": "/srv"}})
    app = ComposeTestApp(lambda: ComposeScreen(None))
    async with app.run_test() as pilot:
        await pilot.pause()
        assert isinstance(app.screen, RestoreDraftDialog)
        await pilot.press("escape")
        await pilot.pause()
        assert _row(app.compose_screen, "config.working_dir").text == ""
    assert DraftStore().load() is None


async def test_issue_choice_focuses_the_entry_line() -> None:
    app = ComposeTestApp(lambda: ComposeScreen(None, offer_draft=False))
    async with app.run_test() as pilot:
        screen = app.compose_screen
        screen.set_field("config.envs", "A=1\nB=2\n=3")
        await pilot.pause()
        await pilot.press("f8")
        await pilot.pause()
        panel = screen.query_one(IssuesPanel)
        index = next(
            number
            for number, placed in enumerate(panel.shown_issues)
            if placed.issue.path == "config.envs[2].key"
        )
        panel.highlighted = index
        await pilot.press("enter")
        await pilot.pause()
        assert screen.query_one(TabbedContent).active == "pane-lists"
        focused = app.focused
        assert isinstance(focused, TextArea)
        assert focused.id == _row(screen, "config.envs").editor.id
        assert focused.cursor_location == (2, 0)


async def test_unplaced_issue_opens_the_raw_view() -> None:
    app = ComposeTestApp(
        lambda: ComposeScreen(
            None, data={"config": {"logDirectory": "/x"}}, offer_draft=False
        )
    )
    async with app.run_test() as pilot:
        screen = app.compose_screen
        await pilot.press("f8")
        await pilot.pause()
        panel = screen.query_one(IssuesPanel)
        assert panel.shown_issues[0].form_field is None
        panel.highlighted = 0
        await pilot.press("enter")
        await pilot.pause()
        assert screen.query_one(TabbedContent).active == "pane-raw"
        raw = screen.query_one("#raw-text", TextArea)
        line = raw.document.get_line(raw.cursor_location[0])
        assert "logDirectory" in line


async def test_enter_in_issues_panel_goes_to_first_issue() -> None:
    app = ComposeTestApp(lambda: ComposeScreen(None, offer_draft=False))
    async with app.run_test() as pilot:
        screen = app.compose_screen
        await pilot.press("f8")
        await pilot.pause()
        first = screen.query_one(IssuesPanel).shown_issues[0]
        assert first.form_field is not None
        await pilot.press("enter")
        await pilot.pause()
        focused = app.focused
        assert focused is not None
        assert focused.id == first.form_field.widget_id
