"""Fixtures of the fault tests: a profile and a connection on the simulator."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

# The Pilot fixtures of the screen tests: a frozen demo cluster and the app on it.
from tui.conftest import demo_connection, frozen_sim, make_app  # noqa: F401

from console.proxmox.connection import Connection, connect
from console.proxmox.sandboxes import SandboxLister
from console.settings import Profile
from console.sim.demo import DEMO_TOKEN_ID, DEMO_TOKEN_SECRET, DEMO_USER
from console.sim.server import SimServer


def sim_profile(server: SimServer, **changes: object) -> Profile:
    """A profile for `server` with the demo token, verifying the simulator's CA."""
    values: dict[str, object] = {
        "name": "sim",
        "host": server.host,
        "port": server.port,
        "user": DEMO_USER,
        "token_id": DEMO_TOKEN_ID.rpartition("!")[2],
        "token_secret": DEMO_TOKEN_SECRET,
        "ca_file": Path(server.ca_file),
        "timeout": 2.0,
    }
    values.update(changes)
    return Profile(**values)  # type: ignore[arg-type]


@pytest.fixture
def connection(sim_server: SimServer) -> Iterator[Connection]:
    opened = connect(sim_profile(sim_server))
    yield opened
    opened.close()


@pytest.fixture
def lister(connection: Connection) -> SandboxLister:
    return SandboxLister(connection)
