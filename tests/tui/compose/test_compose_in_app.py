"""The compose screen inside the console: opened from a sandbox, back after success."""

from __future__ import annotations

from contextlib import nullcontext

from textual.pilot import Pilot

from console.proxmox.connection import Connection
from console.settings import Settings
from console.tui.app import PodConsoleApp
from console.tui.compose import ComposeScreen
from console.tui.compose.review import ReviewScreen
from console.tui.compose.task import TaskScreen

from ..conftest import settle
from .test_compose_submit import FILLED


def _app(connection: Connection) -> PodConsoleApp:
    return PodConsoleApp(
        lambda profile, demo: nullcontext(connection),
        settings=Settings(refresh_interval=0),
    )


async def _submit_in_sandbox_101(pilot: Pilot[object]) -> int:
    """Compose in sandbox 101 from the list, submit, and return the new vmid."""
    app = pilot.app
    assert isinstance(app, PodConsoleApp)
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
    return vmid


async def test_created_container_gets_the_cursor(
    sim_connection: Connection,
) -> None:
    app = _app(sim_connection)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        sandboxes = app.sandboxes_screen
        assert sandboxes.table.move_cursor_to(101)

        vmid = await _submit_in_sandbox_101(pilot)

        assert app.screen is sandboxes
        assert sandboxes.table.get_sandbox(vmid) is not None
        cursor = sandboxes.table.cursor_sandbox
        assert cursor is not None
        assert cursor.vmid == vmid


async def test_filter_hiding_created_container_is_cleared(
    sim_connection: Connection,
) -> None:
    app = _app(sim_connection)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        sandboxes = app.sandboxes_screen
        table = sandboxes.table
        sandbox = table.get_sandbox(101)
        assert sandbox is not None
        await pilot.press("slash", *sandbox.name, "enter")
        await pilot.pause()
        assert table.shown_vmids == (101,)

        vmid = await _submit_in_sandbox_101(pilot)

        assert app.screen is sandboxes
        assert table.filter_text == ""
        assert vmid in table.shown_vmids
        cursor = table.cursor_sandbox
        assert cursor is not None
        assert cursor.vmid == vmid
