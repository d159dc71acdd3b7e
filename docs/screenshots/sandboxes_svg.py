"""Write docs/screenshots/sandboxes.svg: the sandbox list on the frozen demo cluster.

Run from the repository root: `python docs/screenshots/sandboxes_svg.py`. It uses the
test fixtures' frozen simulator and fixed clock, so the picture only changes when
the console's look does.
"""

from __future__ import annotations

import asyncio
import sys
import tempfile
from contextlib import nullcontext
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

from console.proxmox.connection import connect  # noqa: E402
from console.settings import Settings  # noqa: E402
from console.sim.clock import SimClock  # noqa: E402
from console.sim.demo import demo_cluster  # noqa: E402
from console.sim.server import SimServer  # noqa: E402
from console.tui.app import PodConsoleApp  # noqa: E402
from tests.tui.conftest import (  # noqa: E402
    FIXED_NOW,
    FROZEN_EPOCH,
    FROZEN_SPEED,
    demo_profile,
    settle,
)

OUTPUT = Path(__file__).with_name("sandboxes.svg")
SIZE = (120, 34)


async def write_screenshot() -> None:
    server = SimServer(
        cluster=demo_cluster(), clock=SimClock(speed=FROZEN_SPEED, start=FROZEN_EPOCH)
    )
    server.faults.offline_delay_s = 0
    server.start()
    try:
        connection = connect(demo_profile(server))
        # Hand out DHCP leases in vmid order, as the tests do.
        for entry in sorted(
            connection.api.cluster.resources.get(type="vm"), key=lambda e: e["vmid"]
        ):
            if entry.get("status") == "running":
                connection.api.nodes(entry["node"]).lxc(entry["vmid"]).interfaces.get()
        with tempfile.TemporaryDirectory() as state:
            app = PodConsoleApp(
                lambda profile, demo: nullcontext(connection),
                settings=Settings(refresh_interval=5),
                clock=lambda: FIXED_NOW,
                # A fresh state file, so a remembered sort or theme does not leak in.
                ui_state_path=Path(state) / "tui.json",
            )
            async with app.run_test(size=SIZE) as pilot:
                await settle(pilot)
                app.save_screenshot(str(OUTPUT))
    finally:
        server.stop()


if __name__ == "__main__":
    asyncio.run(write_screenshot())
    print(f"wrote {OUTPUT}")
