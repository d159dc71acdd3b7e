"""A request saved from the compose screen holds no secret."""

from __future__ import annotations

from pathlib import Path

from textual.widgets import Input

from console.tui.compose import ComposeScreen
from tests.tui.compose.compose_app import ComposeTestApp

PASSWORD = "hunter2-saved-in-clear"


async def test_save_omits_credential_values(tmp_path: Path) -> None:
    # Ctrl+S wrote DB_PASSWORD's value to the file; only the draft and the
    # review screen left it out.
    target = tmp_path / "saved.yaml"
    app = ComposeTestApp(lambda: ComposeScreen(None, offer_draft=False))
    async with app.run_test() as pilot:
        screen = app.compose_screen
        screen.set_field("config.metadata.name", "probe")
        screen.set_field("config.envs", f"DB_PASSWORD={PASSWORD}\nTZ=UTC")
        await pilot.pause()
        await pilot.press("ctrl+s")
        await pilot.pause()
        app.screen.query_one("#save-path", Input).value = str(target)
        app.screen.query_one("#save-path", Input).focus()
        await pilot.press("enter")
        await pilot.pause()
    text = target.read_text(encoding="utf-8")
    assert "DB_PASSWORD" in text
    assert "TZ" in text
    assert PASSWORD not in text
