"""The sandbox list under cluster faults: what the lister returns, then recovers.

Each test breaks the simulator mid-session, checks what the operator would be
shown (the node errors and row reasons that the CLI and the screen print), then
repairs the fault and checks that the next refresh is whole again.
"""

from __future__ import annotations

import pytest

from console.proxmox.connection import Connection, connect
from console.proxmox.errors import ProxmoxError
from console.proxmox.sandbox import Sandbox, SandboxState
from console.proxmox.sandboxes import SandboxLister
from console.sim.demo import DEMO_PASSWORD, DEMO_TOKEN_ID, DEMO_USER
from console.sim.server import SimServer

from .conftest import sim_profile


def _list(lister: SandboxLister) -> tuple[dict[int, Sandbox], dict[str, str]]:
    snapshot = lister.fill_addresses(lister.list_states())
    rows = {sandbox.vmid: sandbox for sandbox in snapshot.sandboxes}
    return rows, dict(snapshot.node_errors)


def test_node_offline_then_back(sim_server: SimServer, lister: SandboxLister) -> None:
    rows, errors = _list(lister)
    assert rows[201].is_ready

    sim_server.faults.set_node_offline("pve2")
    rows, errors = _list(lister)

    # The operator sees: "node pve2 is offline", its rows NotReady "node offline",
    # every other node's rows as before.
    assert errors["pve2"] == "node pve2 is offline"
    assert rows[201].state is SandboxState.NOT_READY
    assert rows[201].reason == "node offline"
    assert rows[101].is_ready
    assert rows[101].ip == "10.10.0.101"

    sim_server.faults.set_node_offline("pve2", offline=False)
    rows, errors = _list(lister)

    assert "pve2" not in errors
    assert rows[201].is_ready
    assert rows[201].addresses_known


def test_node_slower_than_timeout(sim_server: SimServer) -> None:
    connection = connect(sim_profile(sim_server, timeout=0.5))
    lister = SandboxLister(connection)
    sim_server.faults.node_latency_ms["pve2"] = 1500

    rows, errors = _list(lister)

    # The operator sees "node pve2 did not answer: HOST:PORT did not answer within
    # 0.5 s: ... pass --timeout SECONDS", pve2's rows without addresses, the other
    # nodes' rows complete.
    assert errors["pve2"].startswith("node pve2 did not answer")
    assert "within 0.5 s" in errors["pve2"]
    assert "--timeout" in errors["pve2"]
    assert not rows[201].addresses_known
    assert rows[101].ip == "10.10.0.101"

    sim_server.faults.node_latency_ms.clear()
    rows, errors = _list(lister)

    assert "pve2" not in errors
    assert rows[201].addresses_known
    connection.close()


def test_ticket_expiry_mid_session(sim_server: SimServer) -> None:
    profile = sim_profile(
        sim_server, token_id=None, token_secret=None, password=DEMO_PASSWORD
    )
    connection = connect(profile)
    lister = SandboxLister(connection)
    before, _ = _list(lister)

    sim_server.faults.expire_tickets()
    after, errors = _list(lister)

    # The operator sees nothing: the console logs in again with the password.
    assert sorted(after) == sorted(before)
    assert errors == {"pve3": "node pve3 is offline"}
    connection.close()


def test_token_revoked_mid_session(
    sim_server: SimServer, lister: SandboxLister
) -> None:
    _list(lister)

    sim_server.faults.revoke_token(DEMO_TOKEN_ID)
    with pytest.raises(ProxmoxError) as raised:
        lister.list_states()

    # The operator sees "HOST:PORT rejected the API token root@pam!console (...):
    # check token_id and the secret, ...", then the same on every refresh.
    message = raised.value.message
    assert "rejected the API token root@pam!console" in message
    assert "check token_id and the secret" in message
    with pytest.raises(ProxmoxError):
        lister.list_states()


def test_privilege_lost_mid_session(sim_server: SimServer) -> None:
    access = sim_server.cluster.access
    token = f"{DEMO_USER}!audit"
    access.add_token(token, "audit-secret-1", privsep=True)
    access.grant(token, "/", ["VM.Audit", "Sys.Audit"])
    connection = connect(
        sim_profile(sim_server, token_id="audit", token_secret="audit-secret-1")
    )
    lister = SandboxLister(connection)
    before, _ = _list(lister)
    assert 201 in before

    access.acls[token] = []
    access.grant(token, "/pool/web", ["VM.Audit"])
    after, _ = _list(lister)

    # Proxmox leaves out what the token may no longer see: the list is shorter,
    # with no error, and the rows still visible keep their addresses.
    assert sorted(after) == [101, 102]
    assert after[101].ip == "10.10.0.101"
    # A call on a container out of reach is refused with 403, and the operator
    # sees which permission is missing.
    with pytest.raises(ProxmoxError) as raised:
        lister.details(201)
    assert "201" in raised.value.message
    connection.close()


def test_share_of_server_errors(sim_server: SimServer, lister: SandboxLister) -> None:
    sim_server.faults.error_rate = 0.3
    outcomes: list[str] = []
    for _ in range(8):
        try:
            rows, errors = _list(lister)
        except ProxmoxError as error:
            # The list call itself failed: one line, and the next refresh retries.
            outcomes.append(f"failed: {error.message}")
            continue
        failed_rows = [row for row in rows.values() if row.address_errors]
        outcomes.append(f"listed {len(rows)}, {len(failed_rows)} without addresses")

    assert any(outcome.startswith("listed") for outcome in outcomes), outcomes

    sim_server.faults.error_rate = 0.0
    rows, errors = _list(lister)

    assert rows[101].ip == "10.10.0.101"
    assert not any(row.address_errors for row in rows.values())


def test_connection_refused_then_back(
    sim_server: SimServer, connection: Connection
) -> None:
    lister = SandboxLister(connection)
    _list(lister)

    sim_server.faults.refuse_connections = True
    # Connections kept alive by the pool would still answer: drop them.
    connection.close()
    with pytest.raises(ProxmoxError) as raised:
        lister.list_states()

    # The simulator closes each connection before the TLS handshake. The operator
    # sees "HOST:PORT closed the connection during the TLS handshake: check that
    # pveproxy runs ...", not urllib3's retry report.
    message = raised.value.message
    assert message.startswith(f"{sim_server.host}:{sim_server.port} closed the")
    assert "HTTPSConnectionPool" not in message

    sim_server.faults.refuse_connections = False
    rows, _ = _list(lister)

    assert rows[101].ip == "10.10.0.101"
