"""The draft offered when the console starts, before any compose screen opens."""

from __future__ import annotations

from contextlib import AbstractContextManager

from textual.widgets import Static

from console.proxmox.connection import Connection, ConnectionFailed
from console.settings import Settings
from console.tui.app import PodConsoleApp
from console.tui.compose import ComposeScreen
from console.tui.compose.draft_offer import DraftOfferDialog
from console.tui.compose.drafts import DraftStore
from console.tui.compose.field_row import FieldRow
from console.tui.screens.sandboxes import SandboxesScreen
from console.tui.screens.startup_error import StartupErrorScreen

from ..conftest import AppFactory, settle


def _row_text(screen: ComposeScreen, path: str) -> str:
    row = next(row for row in screen.query(FieldRow) if row.form_field.path == path)
    return row.text


async def test_draft_offered_at_next_start(
    make_app: AppFactory,
) -> None:
    first = make_app()
    async with first.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        assert first.sandboxes_screen.table.move_cursor_to(101)
        await pilot.press("c")
        await pilot.pause()
        compose = first.screen
        assert isinstance(compose, ComposeScreen)
        compose.set_field("config.metadata.name", "web")
        compose.set_field("config.working_dir", "/srv")
        await pilot.pause()
    # Closed before the draft timer fired: the draft was written on the way out.

    second = make_app()
    async with second.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        dialog = second.screen
        assert isinstance(dialog, DraftOfferDialog)
        summary = str(dialog.query_one("#draft-summary", Static).render())
        assert "container 'web'" in summary
        assert "sandbox 101" in summary
        await pilot.click("#continue")
        await settle(pilot)
        compose = second.screen
        assert isinstance(compose, ComposeScreen)
        assert compose.connection is second.connection
        assert _row_text(compose, "pod_sandbox_id") == "101"
        assert _row_text(compose, "config.metadata.name") == "web"
        assert _row_text(compose, "config.working_dir") == "/srv"


async def test_later_keeps_discard_deletes(
    make_app: AppFactory,
) -> None:
    DraftStore().save({"config": {"working_dir": "/srv"}})
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        assert isinstance(app.screen, DraftOfferDialog)
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, SandboxesScreen)
    assert DraftStore().load() is not None

    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await pilot.click("#discard")
        await pilot.pause()
        assert isinstance(app.screen, SandboxesScreen)
    assert DraftStore().load() is None


class _Refused(AbstractContextManager[Connection]):
    def __enter__(self) -> Connection:
        raise ConnectionFailed("cannot reach pve.example:8006: connection refused")

    def __exit__(self, *args: object) -> None:
        return None


async def test_draft_offered_over_startup_error() -> None:
    DraftStore().save({"pod_sandbox_id": "101", "config": {"working_dir": "/srv"}})
    app = PodConsoleApp(
        lambda profile, demo: _Refused(), settings=Settings(refresh_interval=0)
    )
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        assert isinstance(app.screen, DraftOfferDialog)
        await pilot.click("#continue")
        await pilot.pause()
        compose = app.screen
        assert isinstance(compose, ComposeScreen)
        assert compose.read_only_reason is not None
        assert _row_text(compose, "config.working_dir") == "/srv"
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, StartupErrorScreen)
