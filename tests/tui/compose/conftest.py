"""Fixtures of the compose screen tests: a connection to the simulator."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import replace
from pathlib import Path

import pytest

from console.proxmox.connection import Connection, connect
from console.settings import Profile
from console.sim.demo import DEMO_TOKEN_ID, DEMO_TOKEN_SECRET, DEMO_USER
from console.sim.server import SimServer


def sim_profile(sim_server: SimServer, **changes: object) -> Profile:
    profile = Profile(
        name="sim",
        host=sim_server.host,
        port=sim_server.port,
        user=DEMO_USER,
        token_id=DEMO_TOKEN_ID.rpartition("!")[2],
        token_secret=DEMO_TOKEN_SECRET,
        ca_file=Path(sim_server.ca_file),
    )
    return replace(profile, **changes)  # type: ignore[arg-type]


@pytest.fixture
def sim_connection(sim_server: SimServer) -> Iterator[Connection]:
    """A connection to the simulator's demo cluster with the demo token."""
    connection = connect(sim_profile(sim_server))
    yield connection
    connection.close()


@pytest.fixture
def read_only_connection(sim_server: SimServer) -> Iterator[Connection]:
    """The same connection through a read-only profile."""
    connection = connect(sim_profile(sim_server, read_only=True))
    yield connection
    connection.close()
