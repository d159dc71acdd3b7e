"""Snapshots of the console at 80x24 and 160x40, in the default and the light theme.

The simulator's clock stands still and the console's clock is fixed, so uptimes,
task times and the last refresh time are the same on every run. Update the SVGs
with `pytest tests/tui/test_snapshots.py --snapshot-update` and look at each one.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from contextlib import AbstractContextManager
from pathlib import Path

import pytest
from textual.pilot import Pilot

from console.proxmox.connection import Connection, ConnectionFailed
from console.settings import Settings
from console.sim.server import SimServer
from console.tui.app import PodConsoleApp
from console.tui.widgets.filter_input import FilterInput
from tests.tui.conftest import FIXED_NOW, AppFactory, settle

SnapCompare = Callable[..., bool]

LAYOUTS = [
    pytest.param((80, 24), "pod-dark", id="80x24-dark"),
    pytest.param((160, 40), "pod-light", id="160x40-light"),
]


def themed(make_app: AppFactory, theme: str) -> PodConsoleApp:
    return make_app(settings=Settings(refresh_interval=0, theme=theme))


def after(
    *keys: str, vmid: int | None = None
) -> Callable[[Pilot[object]], Awaitable[None]]:
    """Return a run_before hook: settle, put the cursor on `vmid`, press `keys`."""

    async def run_before(pilot: Pilot[object]) -> None:
        await settle(pilot)
        app = pilot.app
        assert isinstance(app, PodConsoleApp)
        # A blinking cursor would make the filter snapshots differ run to run.
        app.sandboxes_screen.query_one(FilterInput).cursor_blink = False
        if vmid is not None:
            assert app.sandboxes_screen.table.move_cursor_to(vmid)
        for key in keys:
            await pilot.press(key)
        await settle(pilot)

    return run_before


@pytest.mark.parametrize(("size", "theme"), LAYOUTS)
@pytest.mark.parametrize(
    "view",
    [
        pytest.param((), id="list"),
        pytest.param(("slash", *"app-1"), id="filter"),
        pytest.param(("t",), id="triage"),
        pytest.param(("question_mark",), id="help"),
    ],
)
def test_sandboxes_views(
    snap_compare: SnapCompare,
    make_app: AppFactory,
    size: tuple[int, int],
    theme: str,
    view: tuple[str, ...],
) -> None:
    app = themed(make_app, theme)
    assert snap_compare(app, terminal_size=size, run_before=after(*view))


@pytest.mark.parametrize(("size", "theme"), LAYOUTS)
def test_failing_sandbox_detail(
    snap_compare: SnapCompare,
    make_app: AppFactory,
    frozen_sim: SimServer,
    demo_connection: Connection,
    size: tuple[int, int],
    theme: str,
) -> None:
    # 107's start task fails; the detail shows it with its log.
    demo_connection.api.nodes("pve1").lxc(107).status.start.post()
    frozen_sim.clock.advance(30)
    app = themed(make_app, theme)
    assert snap_compare(app, terminal_size=size, run_before=after("enter", vmid=107))


class _Unreachable(AbstractContextManager[Connection]):
    def __enter__(self) -> Connection:
        raise ConnectionFailed(
            "cannot reach 127.0.0.1:8006: connection refused; check the host and "
            "port of the profile, and that pveproxy runs there"
        )

    def __exit__(self, *args: object) -> None:
        return None


@pytest.mark.parametrize(("size", "theme"), LAYOUTS)
def test_startup_error_screen(
    snap_compare: SnapCompare, size: tuple[int, int], theme: str
) -> None:
    app = PodConsoleApp(
        lambda profile, demo: _Unreachable(),
        settings=Settings(
            refresh_interval=0,
            theme=theme,
            path=Path("/home/ops/.config/pod-console/config.toml"),
        ),
        profile="lab",
        clock=lambda: FIXED_NOW,
    )
    assert snap_compare(app, terminal_size=size, run_before=after())


def test_list_without_colour(
    snap_compare: SnapCompare, make_app: AppFactory, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Textual drops colours when NO_COLOR is set; the state symbols still read.
    monkeypatch.setenv("NO_COLOR", "1")
    app = make_app()
    assert snap_compare(app, terminal_size=(80, 24), run_before=after("t"))
