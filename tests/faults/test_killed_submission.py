"""The process killed between the create call and the task's end, then again.

An SSH session that drops kills the console while the create task runs. The
next console must offer the draft back, and submitting it again must find the
container the first one created instead of making a second.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from textual.widgets import Button, Static
from tui.compose.compose_app import ComposeTestApp

from console.history import Outcome, read_history
from console.proxmox.connection import Connection, connect
from console.sim.server import SimServer
from console.tui.compose import ComposeScreen
from console.tui.compose.dialogs import RestoreDraftDialog
from console.tui.compose.review import ReviewScreen
from console.tui.compose.task import TaskScreen

from .compose_driver import FILLED
from .conftest import sim_profile

DRIVER = Path(__file__).with_name("compose_driver.py")


def _named(connection: Connection, name: str) -> list[int]:
    resources = connection.api.cluster.resources.get(type="vm")
    return sorted(int(item["vmid"]) for item in resources if item.get("name") == name)


def _kill_mid_task(server: SimServer) -> None:
    environment = {
        **os.environ,
        "SIM_HOST": server.host,
        "SIM_PORT": str(server.port),
        "SIM_CA": str(server.ca_file),
        "PYTHONPATH": os.pathsep.join(sys.path),
    }
    process = subprocess.Popen(
        [sys.executable, str(DRIVER)],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        env=environment,
        text=True,
    )
    try:
        assert process.stdout is not None
        line = process.stdout.readline()
        assert line.strip() == "TASK RUNNING", (
            process.stderr.read() if process.stderr else ""
        )
        process.kill()
    finally:
        process.wait(timeout=30)
    assert process.returncode == -9


async def test_killed_compose_then_resubmit_finds_container(
    sim_server: SimServer,
) -> None:
    name = FILLED["config.metadata.name"]
    sim_server.faults.task_seconds = 300
    _kill_mid_task(sim_server)
    connection = connect(sim_profile(sim_server))
    assert len(_named(connection, name)) == 1
    sim_server.faults.task_seconds = None

    app = ComposeTestApp(lambda: ComposeScreen(connection))
    async with app.run_test(size=(100, 40)) as pilot:
        await pilot.pause()
        # The operator sees the draft dialog, and restores the form.
        dialog = app.screen
        assert isinstance(dialog, RestoreDraftDialog)
        await pilot.click("#restore")
        await pilot.pause()
        screen = app.compose_screen
        assert screen.state.document.data["config"]["metadata"]["name"] == name
        await app.workers.wait_for_complete()
        await pilot.pause()

        await pilot.press("ctrl+r")
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert isinstance(app.screen, ReviewScreen)
        await pilot.press("ctrl+g")
        await pilot.pause()
        task = app.screen
        assert isinstance(task, TaskScreen)
        await app.workers.wait_for_complete()
        await pilot.pause()

        # "Found the existing container N on pve1", the same vmid as the first.
        assert task.result is not None
        assert task.result.ok, task.result.error
        assert task.result.already_existed
        result_text = str(task.query_one("#task-result", Static).content)
        assert result_text.startswith("Found the existing container")
        assert task.query_one("#task-done", Button).display

    assert _named(connection, name) == [task.result.vmid]
    assert [entry.result for entry in read_history().entries][-1] is Outcome.FOUND
    connection.close()
