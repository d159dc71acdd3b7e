"""The compose screen inside the console: opened from a sandbox, back after success."""

from __future__ import annotations

from contextlib import nullcontext

from console.proxmox.connection import Connection
from console.settings import Settings
from console.tui.app import PodConsoleApp
from console.tui.compose import ComposeScreen
from console.tui.compose.review import ReviewScreen
from console.tui.compose.task import TaskScreen

from ..conftest import settle
from .test_compose_submit import FILLED


async def test_created_container_shows_in_sandboxes(
    sim_connection: Connection,
) -> None:
    app = PodConsoleApp(
        lambda profile, demo: nullcontext(sim_connection),
        settings=Settings(refresh_interval=0),
    )
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        sandboxes = app.sandboxes_screen
        assert sandboxes.table.move_cursor_to(101)
        await pilot.press("c")
        await pilot.pause()
        compose = app.screen
        assert isinstance(compose, ComposeScreen)
        assert compose.state.document.get(("pod_sandbox_id",)) == "101"

        for path, text in FILLED.items():
            compose.set_field(path, text)
        await settle(pilot)
        await pilot.press("ctrl+r")
        await settle(pilot)
        assert isinstance(app.screen, ReviewScreen)
        await pilot.press("ctrl+g")
        await settle(pilot)
        task = app.screen
        assert isinstance(task, TaskScreen)
        assert task.result is not None and task.result.ok, task.result
        vmid = task.result.vmid
        assert vmid is not None

        await pilot.press("enter")
        await settle(pilot)
        assert app.screen is sandboxes
        assert sandboxes.table.get_sandbox(vmid) is not None
