"""5,000 containers, one node sending garbage: that node is named, the rest listed."""

from __future__ import annotations

import json
from collections.abc import Iterator

import pytest

from console.__main__ import main
from console.proxmox.connection import connect
from console.proxmox.sandboxes import SandboxLister
from console.sim.demo import DEMO_TOKEN_ID, DEMO_TOKEN_SECRET, DEMO_USER
from console.sim.scale import scale_cluster
from console.sim.server import SimServer

from .conftest import sim_profile

CONTAINERS = 5000
BROKEN = "pve7"


@pytest.fixture(scope="module")
def scale_server() -> Iterator[SimServer]:
    with SimServer(scale_cluster(nodes=20, containers=CONTAINERS)) as server:
        yield server


def test_lister_names_the_node(scale_server: SimServer) -> None:
    connection = connect(sim_profile(scale_server, timeout=10.0))
    lister = SandboxLister(connection)
    # A field of the wrong type here; the CLI test below gets truncated JSON.
    scale_server.faults.node_garbage(BROKEN, "wrong-type")
    try:
        snapshot = lister.fill_addresses(lister.list_states())
    finally:
        scale_server.faults.node_garbage(BROKEN, None)
        connection.close()

    sandboxes = snapshot.sandboxes
    healthy_running = [
        s for s in sandboxes if s.node != BROKEN and s.status == "running"
    ]
    assert len(sandboxes) == CONTAINERS
    assert list(snapshot.node_errors) == [BROKEN]
    assert snapshot.node_errors[BROKEN].startswith(
        f"node {BROKEN} sent an unreadable config"
    )
    assert all(s.ip is not None for s in healthy_running)
    # The broken node's rows stay listed, with their state, but no addresses.
    broken = [s for s in sandboxes if s.node == BROKEN]
    assert len(broken) == CONTAINERS // 20
    assert not any(s.ip for s in broken)


def test_cli_lists_the_rest_and_warns(
    scale_server: SimServer,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    monkeypatch.setenv("PVE_TOKEN_NAME", DEMO_TOKEN_ID.rpartition("!")[2])
    monkeypatch.setenv("PVE_TOKEN_VALUE", DEMO_TOKEN_SECRET)
    scale_server.faults.node_garbage(BROKEN, "truncated")
    argv = ["sandboxes", "--json", "--host", f"{scale_server.host}:{scale_server.port}"]
    argv += ["--user", DEMO_USER, "--ca-file", str(scale_server.ca_file)]
    try:
        status = main(argv)
    finally:
        scale_server.faults.node_garbage(BROKEN, None)
    captured = capsys.readouterr()

    # The operator sees one warning naming the node, then all 5,000 rows.
    rows = json.loads(captured.out)
    warnings = [line for line in captured.err.splitlines() if BROKEN in line]
    assert status == 0
    assert len(rows) == CONTAINERS
    assert len(warnings) == 1
    assert warnings[0].startswith(f"pod-console: warning: node {BROKEN} sent an unread")
