"""Run the compose screen headless, submit, and wait to be killed mid-task.

Started as a subprocess by the fault tests: it connects to the simulator named in
SIM_HOST, SIM_PORT and SIM_CA with the demo token, fills the form, submits, prints
`TASK RUNNING` once the task log shows a line, then waits for SIGKILL.
"""

from __future__ import annotations

import asyncio
import os
import sys
import time
from pathlib import Path

from textual.app import App
from textual.widgets import Log

from console.proxmox.connection import connect
from console.settings import Profile
from console.sim.demo import DEMO_TOKEN_ID, DEMO_TOKEN_SECRET, DEMO_USER
from console.tui.compose import ComposeScreen
from console.tui.compose.task import TaskScreen

TEMPLATE = "local:vztmpl/debian-12-standard_12.7-1_amd64.tar.zst"
FILLED = {
    "pod_sandbox_id": "201",
    "config.metadata.name": "killed-mid-task",
    "config.image.image": TEMPLATE,
    "config.command": "sleep\ninfinity",
    "sandbox_config.metadata.name": "pod",
    "sandbox_config.metadata.namespace": "default",
    "sandbox_config.metadata.uid": "uid-1",
}


async def drive() -> None:
    profile = Profile(
        name="sim",
        host=os.environ["SIM_HOST"],
        port=int(os.environ["SIM_PORT"]),
        user=DEMO_USER,
        token_id=DEMO_TOKEN_ID.rpartition("!")[2],
        token_secret=DEMO_TOKEN_SECRET,
        ca_file=Path(os.environ["SIM_CA"]),
    )
    connection = connect(profile)
    app: App[None] = App()
    async with app.run_test(size=(100, 40)) as pilot:
        screen = ComposeScreen(connection, offer_draft=False)
        await app.push_screen(screen)
        for path, text in FILLED.items():
            screen.set_field(path, text)
        await pilot.pause(1.0)  # the draft is saved half a second after an edit
        await app.workers.wait_for_complete()
        await pilot.press("ctrl+r")
        await app.workers.wait_for_complete()
        await pilot.pause()
        await pilot.press("ctrl+g")
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            await pilot.pause(0.05)
            task = app.screen
            if isinstance(task, TaskScreen) and task.query_one(Log).line_count:
                print("TASK RUNNING", flush=True)
                break
        else:
            print("NO TASK", flush=True)
            sys.exit(1)
        await asyncio.sleep(600)


if __name__ == "__main__":
    asyncio.run(drive())
