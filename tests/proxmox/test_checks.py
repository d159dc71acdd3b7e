"""Stage 2: each sandbox check failing in turn, against the simulator over HTTPS."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from creation_cluster import running_cluster, token_connection

from console.proxmox.checks import check_sandbox
from console.proxmox.connection import Connection
from console.sim.server import SimServer


@pytest.fixture(scope="module")
def server() -> Iterator[SimServer]:
    with running_cluster() as running:
        yield running


@pytest.fixture
def connection(server: SimServer) -> Iterator[Connection]:
    connection = token_connection(server)
    yield connection
    connection.close()


def _codes(connection: Connection, sandbox_id: str) -> list[str]:
    return [issue.code for issue in check_sandbox(connection, sandbox_id).issues]


def test_ready_sandbox_passes(connection: Connection) -> None:
    check = check_sandbox(connection, "201")

    assert check.issues == []
    assert check.sandbox is not None
    assert check.sandbox.vmid == 201
    assert check.bridge == "vmbr0"
    assert check.ok


def test_unique_name_finds_sandbox(connection: Connection) -> None:
    check = check_sandbox(connection, "app")

    assert check.sandbox is not None
    assert check.sandbox.vmid == 201
    assert check.issues == []


@pytest.mark.parametrize(
    ("sandbox_id", "code"),
    [
        ("999", "sandbox-not-found"),
        ("nobody", "sandbox-not-found"),
        ("twin", "sandbox-name-ambiguous"),
        ("204", "sandbox-template"),
        ("202", "sandbox-not-ready"),
        ("203", "sandbox-not-ready"),
        ("207", "sandbox-node-offline"),
        ("208", "sandbox-no-bridge"),
        ("209", "sandbox-address-invalid"),
    ],
)
def test_failing_check_reports_code(
    connection: Connection, sandbox_id: str, code: str
) -> None:
    check = check_sandbox(connection, sandbox_id)

    assert [issue.code for issue in check.issues] == [code]
    assert check.issues[0].path == "pod_sandbox_id"
    assert check.issues[0].is_error
    assert not check.ok


def test_not_ready_says_why(connection: Connection) -> None:
    stopped = check_sandbox(connection, "202").issues[0].message
    locked = check_sandbox(connection, "203").issues[0].message

    assert "stopped" in stopped
    assert "backup" in locked


def test_ambiguous_name_lists_vmids(connection: Connection) -> None:
    message = check_sandbox(connection, "twin").issues[0].message

    assert "205" in message
    assert "206" in message


def test_silent_node_is_reported(server: SimServer, connection: Connection) -> None:
    server.faults.node_garbage("pve1", "truncated")
    try:
        codes = _codes(connection, "201")
    finally:
        server.faults.node_garbage("pve1", None)

    assert "sandbox-unreachable" in codes


def test_unreachable_cluster_is_an_issue(
    server: SimServer, connection: Connection
) -> None:
    server.faults.refuse_connections = True
    connection.close()
    try:
        check = check_sandbox(connection, "201")
    finally:
        server.faults.refuse_connections = False

    assert [issue.code for issue in check.issues] == ["sandbox-unreachable"]
    assert check.sandbox is None


def test_garbage_config_is_reported(server: SimServer, connection: Connection) -> None:
    server.faults.node_garbage("pve1", "wrong-type")
    try:
        codes = _codes(connection, "201")
    finally:
        server.faults.node_garbage("pve1", None)

    assert "sandbox-unreachable" in codes
