"""Fixtures for the console's Pilot and snapshot tests: a frozen demo cluster."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import nullcontext
from datetime import UTC, datetime
from pathlib import Path

import pytest
from textual.pilot import Pilot

from console.proxmox.connection import Connection, connect
from console.settings import Profile, Settings
from console.sim.clock import SimClock
from console.sim.demo import DEMO_TOKEN_ID, DEMO_TOKEN_SECRET, DEMO_USER, demo_cluster
from console.sim.server import SimServer
from console.tui.app import PodConsoleApp

# 2026-01-01 00:00:00 UTC. With the simulator's clock almost stopped, uptimes and
# task times are the same on every run, and `SimClock.advance` moves time on.
FROZEN_EPOCH = 1_767_225_600
FROZEN_SPEED = 1e-9
# The time the console shows as its last refresh.
FIXED_NOW = datetime(2026, 1, 1, 0, 0, 0, tzinfo=UTC)


@pytest.fixture
def frozen_sim() -> Iterator[SimServer]:
    """The demo cluster on a simulator whose clock does not move by itself."""
    server = SimServer(
        cluster=demo_cluster(), clock=SimClock(speed=FROZEN_SPEED, start=FROZEN_EPOCH)
    )
    # An offline node answers after this many simulated seconds, which a stopped
    # clock would never reach.
    server.faults.offline_delay_s = 0
    server.start()
    yield server
    server.stop()


def demo_profile(server: SimServer, **changes: object) -> Profile:
    values: dict[str, object] = {
        "name": "demo",
        "host": server.host,
        "port": server.port,
        "user": DEMO_USER,
        "token_id": DEMO_TOKEN_ID.rpartition("!")[2],
        "token_secret": DEMO_TOKEN_SECRET,
        "ca_file": Path(server.ca_file),
    }
    values.update(changes)
    return Profile(**values)  # type: ignore[arg-type]


@pytest.fixture
def demo_connection(frozen_sim: SimServer) -> Iterator[Connection]:
    """A connection to the frozen demo cluster, DHCP leases already handed out.

    The simulator leases addresses first come, first served, and the console asks
    for addresses concurrently; asking once in vmid order first makes every run
    see the same addresses.
    """
    connection = connect(demo_profile(frozen_sim))
    for entry in sorted(
        connection.api.cluster.resources.get(type="vm"), key=lambda e: e["vmid"]
    ):
        if entry.get("status") == "running" and entry.get("type") == "lxc":
            connection.api.nodes(entry["node"]).lxc(entry["vmid"]).interfaces.get()
    yield connection
    connection.close()


AppFactory = Callable[..., PodConsoleApp]


@pytest.fixture
def make_app(demo_connection: Connection) -> AppFactory:
    """Build the app on the frozen demo cluster, with a fixed clock, no auto-refresh."""

    def build(
        connection: Connection | None = None, settings: Settings | None = None
    ) -> PodConsoleApp:
        chosen = connection or demo_connection
        return PodConsoleApp(
            lambda profile, demo: nullcontext(chosen),
            settings=settings or Settings(refresh_interval=0),
            clock=lambda: FIXED_NOW,
        )

    return build


async def settle(pilot: Pilot[object]) -> None:
    """Wait until connecting, listing and reading addresses have all finished."""
    app = pilot.app
    for _ in range(50):
        await app.workers.wait_for_complete()
        await pilot.pause()
        if not any(worker.is_running for worker in app.workers):
            # Messages posted by the last worker may still be queued.
            await pilot.pause()
            if not any(worker.is_running for worker in app.workers):
                return
    raise AssertionError("workers still running after 50 rounds")
