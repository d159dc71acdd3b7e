"""The detail screen's sandbox keeps the addresses its own page shows."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from console.proxmox.connection import connect
from console.proxmox.sandboxes import SandboxLister
from console.settings import Profile
from console.sim.demo import DEMO_TOKEN_ID, DEMO_TOKEN_SECRET, DEMO_USER, demo_cluster
from console.sim.server import SimServer


@pytest.fixture
def lister() -> Iterator[SandboxLister]:
    with SimServer(demo_cluster(), host="127.0.0.1", port=0, version="9.1") as server:
        profile = Profile(
            name="test",
            host=server.host,
            port=server.port,
            user=DEMO_USER,
            token_id=DEMO_TOKEN_ID.rpartition("!")[2],
            token_secret=DEMO_TOKEN_SECRET,
            ca_file=Path(server.ca_file),
        )
        yield SandboxLister(connect(profile))


@pytest.mark.parametrize(("vmid", "ip"), [(101, "10.10.0.101"), (103, "10.10.0.103")])
def test_details_primary_ip(lister: SandboxLister, vmid: int, ip: str) -> None:
    # The detail screen's "i" (copy IP) said "has no known IP" under an
    # Addresses section listing this very address.
    details = lister.details(vmid)

    assert details.sandbox.ip is not None
    assert details.sandbox.ip.partition("/")[0] == ip
