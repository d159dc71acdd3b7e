"""Hostile text from Proxmox on the screens: list, detail and task log."""

from __future__ import annotations

from faults.conftest import sim_profile
from rich.text import Text
from textual.widgets import Log, Static
from textual.widgets._toast import Toast
from tui.conftest import AppFactory, settle

from console.proxmox.connection import Connection, connect
from console.sim.server import SimServer
from console.tui.compose import ComposeScreen
from console.tui.compose.review import ReviewScreen
from console.tui.compose.task import TaskScreen
from console.tui.screens.detail import SandboxDetailScreen

from .conftest import (
    ESCAPES,
    HOSTILE,
    MARKUP,
    RTL,
    assert_inert,
    seed_hostile_container,
)

TEMPLATE = "local:vztmpl/debian-12-standard_12.7-1_amd64.tar.zst"


def _start_failing(frozen_sim: SimServer, connection: Connection, vmid: int) -> None:
    """Start `vmid`, whose start task fails with hostile text, and let it finish."""
    with frozen_sim.cluster.lock:
        frozen_sim.cluster.containers[vmid].start_error = f"{HOSTILE}\nforged line"
    node = frozen_sim.cluster.containers[vmid].node
    connection.api.nodes(node).lxc(vmid).status.start.post()
    frozen_sim.clock.advance(30)


async def test_list_and_detail_are_inert(
    make_app: AppFactory, frozen_sim: SimServer, demo_connection: Connection
) -> None:
    seed_hostile_container(frozen_sim, 101)
    _start_failing(frozen_sim, demo_connection, 107)
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        table = app.sandboxes_screen.table
        assert table.move_cursor_to(101)
        row = table.render_line(table.cursor_row + 1 - int(table.scroll_y)).text
        screen_text = app.export_screenshot()

        # The row shows the markup as typed, no click action, no escapes.
        assert "[bold]b[/]" in row
        assert_inert(row)
        assert_inert(screen_text)
        assert app.is_running

        await pilot.press("enter")
        await settle(pilot)
        detail = app.screen
        assert isinstance(detail, SandboxDetailScreen)
        description = detail.query_one("#detail-description", Static).content
        assert isinstance(description, Text)
        assert f"{MARKUP}" in description.plain
        assert_inert(description.plain)
        assert_inert(app.export_screenshot())
        # Only the heading is styled: nothing of the description became markup.
        assert len(description.spans) == 1

        await pilot.press("escape")
        assert table.move_cursor_to(107)
        await pilot.press("enter")
        await settle(pilot)
        tasks = app.screen.query_one("#detail-tasks", Static).content
        assert isinstance(tasks, Text)
        # The failed start task's status and log carry the hostile text, inert.
        assert "Log of the last failed task" in tasks.plain
        assert MARKUP in tasks.plain
        assert_inert(tasks.plain)
        assert_inert(app.export_screenshot())
        assert app.is_running


async def test_compose_task_log_is_inert(sim_server: SimServer) -> None:
    from tui.compose.compose_app import ComposeTestApp

    connection = connect(sim_profile(sim_server))
    app = ComposeTestApp(
        lambda: ComposeScreen(connection, pod_sandbox_id="101", offer_draft=False)
    )
    async with app.run_test(size=(100, 40), notifications=True) as pilot:
        screen = app.compose_screen
        for path, text in {
            "config.metadata.name": "api",
            "config.image.image": TEMPLATE,
            "config.command": "sleep",
            "sandbox_config.metadata.name": "pod",
            "sandbox_config.metadata.namespace": "default",
            "sandbox_config.metadata.uid": "uid-1",
        }.items():
            screen.set_field(path, text)
        await app.workers.wait_for_complete()
        await pilot.press("ctrl+r")
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert isinstance(app.screen, ReviewScreen)

        sim_server.faults.fail_next_create(f"{MARKUP} {ESCAPES}{RTL}\nforged")
        await pilot.press("ctrl+g")
        await pilot.pause()
        task = app.screen
        assert isinstance(task, TaskScreen)
        await app.workers.wait_for_complete()
        await pilot.pause()

        log_text = "\n".join(str(line) for line in task.query_one(Log).lines)
        result = task.query_one("#task-result", Static).content
        assert "unable to create CT" in log_text
        assert_inert(log_text)
        assert_inert(str(result))
        assert MARKUP in str(result)
        assert_inert(app.export_screenshot())
        assert app.is_running

        # Back on the form, a notification repeats the error, inert too.
        await pilot.press("enter")
        await pilot.pause(0.3)
        toasts = list(app.screen.query(Toast))
        assert len(toasts) == 1
        shown = str(toasts[0].render())
        assert shown.startswith("Submission failed")
        assert MARKUP in shown
        assert_inert(shown)
    connection.close()
