"""The compose form: typing shows issues under fields, fixing them clears them."""

from __future__ import annotations

from textual.widgets import Input, Static, TabbedContent

from console.tui.compose import ComposeScreen
from console.tui.compose.field_row import FieldRow

from .compose_app import ComposeTestApp


def _row(screen: ComposeScreen, path: str) -> FieldRow:
    return next(row for row in screen.query(FieldRow) if row.form_field.path == path)


def _errors(screen: ComposeScreen, path: str) -> str:
    return str(_row(screen, path).query_one(".field-errors", Static).content)


async def test_next_section_focuses_its_first_field() -> None:
    app = ComposeTestApp(lambda: ComposeScreen(None, offer_draft=False))
    async with app.run_test() as pilot:
        await pilot.press("f4")
        await pilot.pause()
        screen = app.compose_screen
        assert screen.query_one(TabbedContent).active == "pane-container"
        focused = app.focused
        assert isinstance(focused, Input)
        assert focused.id == _row(screen, "config.metadata.name").editor.id


async def test_invalid_value_shows_error_until_fixed() -> None:
    app = ComposeTestApp(lambda: ComposeScreen(None, offer_draft=False))
    async with app.run_test() as pilot:
        screen = app.compose_screen
        _row(screen, "config.working_dir").editor.focus()
        await pilot.press(*"srv")
        await pilot.pause()
        assert "relative" in _errors(screen, "config.working_dir")
        await pilot.press("home", "/")
        await pilot.pause()
        assert _errors(screen, "config.working_dir") == ""
        assert not _row(screen, "config.working_dir").has_class("-has-error")
