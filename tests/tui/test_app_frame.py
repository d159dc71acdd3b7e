"""The app frame: start-up errors, themes, keymap, help, worker failures, hooks."""

from __future__ import annotations

from contextlib import AbstractContextManager, nullcontext
from datetime import datetime
from typing import Any

from textual.widgets import Label

from console.proxmox.connection import Connection, ConnectionFailed, connect
from console.settings import Settings, user_themes_dir
from console.sim.demo import DEMO_TOKEN_ID
from console.sim.server import SimServer
from console.tui.app import PodConsoleApp
from console.tui.compose import ComposeScreen
from console.tui.keymap import unknown_binding_ids
from console.tui.screens.help import HelpScreen
from console.tui.screens.sandboxes import SandboxesScreen
from console.tui.screens.startup_error import StartupErrorScreen
from console.tui.ui_state import load_ui_state
from console.tui.widgets.cluster_header import ClusterHeader
from console.tui.widgets.status_line import StatusLine
from tests.tui.conftest import FIXED_NOW, demo_profile, settle


class RecordingApp(PodConsoleApp):
    """The console, recording its notifications and compose requests."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.notices: list[tuple[str, str]] = []
        self.composed: list[int | None] = []

    def notify(self, message: str, **kwargs: Any) -> None:  # type: ignore[override]
        self.notices.append((message, kwargs.get("severity", "information")))
        super().notify(message, **kwargs)

    def action_compose(self, vmid: int | None = None) -> None:
        self.composed.append(vmid)


def build(
    connection: Connection, settings: Settings | None = None, **kwargs: Any
) -> RecordingApp:
    return RecordingApp(
        lambda profile, demo: nullcontext(connection),
        settings=settings or Settings(refresh_interval=0),
        clock=lambda: FIXED_NOW,
        **kwargs,
    )


class _Refused(AbstractContextManager[Connection]):
    def __enter__(self) -> Connection:
        raise ConnectionFailed("cannot reach pve.example:8006: connection refused")

    def __exit__(self, *args: object) -> None:
        return None


async def test_startup_error_then_demo(demo_connection: Connection) -> None:
    requests: list[tuple[str | None, bool]] = []

    def connector(
        profile: str | None, demo: bool
    ) -> AbstractContextManager[Connection]:
        requests.append((profile, demo))
        return nullcontext(demo_connection) if demo else _Refused()

    app = RecordingApp(
        connector,
        settings=Settings(refresh_interval=0),
        profile="lab",
        clock=lambda: FIXED_NOW,
    )
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        assert isinstance(app.screen, StartupErrorScreen)
        text = str(app.screen.query_one("#startup-error-message").render())
        assert "connection refused" in text
        assert app.cluster is None
        await pilot.press("d")
        await settle(pilot)
        assert isinstance(app.screen, SandboxesScreen)
        assert app.sandboxes_screen.table.total_count > 0
    assert requests == [("lab", False), ("lab", True)]


async def test_startup_error_names_host_option() -> None:
    def connector(
        profile: str | None, demo: bool
    ) -> AbstractContextManager[Connection]:
        return _Refused()

    app = RecordingApp(
        connector,
        settings=Settings(refresh_interval=0),
        host="127.0.0.1:18006",
        clock=lambda: FIXED_NOW,
    )
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        assert isinstance(app.screen, StartupErrorScreen)
        title = str(app.screen.query_one("#startup-error-title").render())
        advice = str(app.screen.query_one("#startup-error-advice").render())
        assert "127.0.0.1:18006 (given with --host)" in title
        assert "profile" not in title
        assert "Check --host, --user" in advice


async def test_broken_theme_falls_back(demo_connection: Connection) -> None:
    themes = user_themes_dir()
    themes.mkdir(parents=True)
    (themes / "mine.toml").write_text('name = "mine"\nprimary = "reddish"\n')
    (themes / "other.toml").write_text("primary = \n")
    app = build(demo_connection, Settings(refresh_interval=0, theme="mine"))
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        assert app.theme == "pod-dark"
        theme_notices = [m for m, severity in app.notices if "Theme" in m]
        assert len(theme_notices) == 1
        assert "mine.toml" in theme_notices[0]
        assert "other.toml" in theme_notices[0]
        assert "'mine' is not available" in theme_notices[0]


async def test_user_theme_is_used(demo_connection: Connection) -> None:
    themes = user_themes_dir()
    themes.mkdir(parents=True)
    (themes / "ocean.toml").write_text('name = "ocean"\nprimary = "#0077be"\n')
    app = build(demo_connection, Settings(refresh_interval=0, theme="ocean"))
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        assert app.theme == "ocean"
        assert app.notices == []


async def test_chosen_theme_is_remembered(demo_connection: Connection) -> None:
    app = build(demo_connection)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        app.theme = "pod-high-contrast"
        await pilot.pause()
    assert load_ui_state().theme == "pod-high-contrast"

    again = build(demo_connection, Settings(refresh_interval=0, theme="pod-light"))
    async with again.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        assert again.theme == "pod-high-contrast"


async def test_keymap_remaps_binding(demo_connection: Connection) -> None:
    settings = Settings(refresh_interval=0, keymap={"sandboxes.triage": "x"})
    app = build(demo_connection, settings)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        table = app.sandboxes_screen.table
        await pilot.press("t")
        assert table.not_ready_only is False
        await pilot.press("x")
        assert table.not_ready_only is True


async def test_help_lists_ids_and_remapped_keys(demo_connection: Connection) -> None:
    settings = Settings(refresh_interval=0, keymap={"sandboxes.refresh": "f5"})
    app = build(demo_connection, settings)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await pilot.press("f1")
        screen = app.screen
        assert isinstance(screen, HelpScreen)
        by_id = {entry.binding_id: entry for entry in screen.entries}
        assert by_id["sandboxes.filter"].keys == "/"
        assert by_id["sandboxes.refresh"].keys == "f5"
        assert by_id["sandboxes.sort-name"].description == "Sort by name"
        assert by_id["table.open"].tooltip
        assert by_id["app.quit"].keys == "^q"
        await pilot.press("escape")
        assert isinstance(app.screen, SandboxesScreen)


async def test_failed_refresh_shown_in_status(
    demo_connection: Connection, frozen_sim: SimServer
) -> None:
    app = build(demo_connection)
    async with app.run_test(size=(120, 24)) as pilot:
        await settle(pilot)
        frozen_sim.faults.revoke_token(DEMO_TOKEN_ID)
        await pilot.press("r")
        await settle(pilot)
        status = str(app.screen.query_one(StatusLine).render())
        assert "Refresh failed" in status
        # The last list stays on screen.
        assert app.sandboxes_screen.table.total_count > 0
        assert isinstance(app.screen, SandboxesScreen)


async def test_compose_key_on_ready_only(demo_connection: Connection) -> None:
    app = build(demo_connection)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        table = app.sandboxes_screen.table
        assert table.move_cursor_to(101)
        await pilot.press("c")
        assert table.move_cursor_to(103)
        await pilot.press("c")
        assert app.composed == [101]
        assert any("103 is not ready" in m for m, _ in app.notices)


async def test_copy_vmid_and_ip(demo_connection: Connection) -> None:
    app = build(demo_connection)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        assert app.sandboxes_screen.table.move_cursor_to(101)
        await pilot.press("y")
        assert app.clipboard == "101"
        await pilot.press("i")
        assert app.clipboard == "10.10.0.101"


async def test_last_refresh_time_shown(demo_connection: Connection) -> None:
    moments = iter([datetime(2026, 1, 1, 9, 30, 5), datetime(2026, 1, 1, 9, 31, 7)])
    app = RecordingApp(
        lambda profile, demo: nullcontext(demo_connection),
        settings=Settings(refresh_interval=0),
        clock=lambda: next(moments),
    )
    async with app.run_test(size=(120, 24)) as pilot:
        await settle(pilot)
        status = app.screen.query_one(StatusLine)
        assert "at 09:30:05" in str(status.render())
        await pilot.press("p")
        assert "PAUSED" in str(status.render())
        await pilot.press("r")
        await settle(pilot)
        assert "at 09:31:07" in str(status.render())


async def test_compose_opens_with_sandbox(demo_connection: Connection) -> None:
    app = PodConsoleApp(
        lambda profile, demo: nullcontext(demo_connection),
        settings=Settings(refresh_interval=0),
        clock=lambda: FIXED_NOW,
    )
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        assert app.sandboxes_screen.table.move_cursor_to(101)
        await pilot.press("c")
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, ComposeScreen)
        assert screen.state.document.get(("pod_sandbox_id",)) == "101"
        assert screen.connection is demo_connection


def test_unknown_keymap_ids_listed() -> None:
    keymap = {"sandboxes.filter": "f", "sandboxes.fliter": "g", "app.quit": "q"}
    assert unknown_binding_ids(keymap) == ["sandboxes.fliter"]


async def test_header_badges_for_profile(frozen_sim: SimServer) -> None:
    connection = connect(
        demo_profile(frozen_sim, read_only=True, insecure=True, ca_file=None)
    )
    app = build(connection)
    async with app.run_test(size=(120, 24)) as pilot:
        await settle(pilot)
        header = app.screen.query_one(ClusterHeader)
        assert header.query_one("#read-only-badge").display is True
        assert header.query_one("#insecure-badge").display is True
        summary = str(header.query_one("#cluster-summary", Label).render())
        assert "PVE 9.1" in summary
        assert "2/3 nodes online" in summary
        assert any("TLS certificate checks are off" in m for m, _ in app.notices)
    connection.close()


async def test_header_without_badges(demo_connection: Connection) -> None:
    app = build(demo_connection)
    async with app.run_test(size=(120, 24)) as pilot:
        await settle(pilot)
        header = app.screen.query_one(ClusterHeader)
        assert header.query_one("#read-only-badge").display is False
        assert header.query_one("#insecure-badge").display is False
