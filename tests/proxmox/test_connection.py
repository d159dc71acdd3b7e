"""Connecting to the simulator over HTTPS with proxmoxer, and each way it can fail."""

from __future__ import annotations

import hashlib
import logging
import re
import socket
import ssl
from collections.abc import Iterator
from dataclasses import replace
from pathlib import Path

import pytest
from proxmoxer import AuthenticationError, ResourceException

from console.proxmox.connection import ConnectionFailed, NodeInfo, connect
from console.proxmox.errors import explain
from console.proxmox.sandboxes import SandboxLister
from console.proxmox.tickets import TicketAuth
from console.settings import Profile
from console.sim.demo import (
    DEMO_PASSWORD,
    DEMO_TOKEN_ID,
    DEMO_TOKEN_SECRET,
    DEMO_USER,
    demo_cluster,
)
from console.sim.server import SimServer

TICKET_LIFETIME = 2 * 3600


@pytest.fixture
def server() -> Iterator[SimServer]:
    with SimServer(demo_cluster(), host="127.0.0.1", port=0, version="9.1") as sim:
        yield sim


def token_profile(server: SimServer, **changes: object) -> Profile:
    profile = Profile(
        name="test",
        host=server.host,
        port=server.port,
        user=DEMO_USER,
        token_id=DEMO_TOKEN_ID.rpartition("!")[2],
        token_secret=DEMO_TOKEN_SECRET,
        ca_file=Path(server.ca_file),
        timeout=5.0,
    )
    return replace(profile, **changes)  # type: ignore[arg-type]


def password_profile(server: SimServer, **changes: object) -> Profile:
    changes = {"password": DEMO_PASSWORD, **changes}
    return token_profile(server, token_id=None, token_secret=None, **changes)


def test_token_connection_reads_cluster(server: SimServer) -> None:
    connection = connect(token_profile(server))

    info = connection.cluster_info()

    assert info.release == "9.1"
    assert info.version.startswith("9.1")
    assert connection.release() == (9, 1)
    assert info.nodes == (
        NodeInfo("pve1", True),
        NodeInfo("pve2", True),
        NodeInfo("pve3", False),
    )
    assert connection.warnings == ()


def test_password_connection(server: SimServer) -> None:
    connection = connect(password_profile(server))

    assert connection.release() == (9, 1)
    assert len(connection.api.nodes.get()) == 3


def test_expired_ticket_renewed_silently(server: SimServer) -> None:
    connection = connect(password_profile(server))
    auth = connection.api._store["session"].auth
    assert isinstance(auth, TicketAuth)

    # Past the two-hour lifetime: the server rejects the ticket with a 401.
    server.clock.advance(TICKET_LIFETIME + 60)
    nodes = connection.api.nodes.get()
    server.clock.advance(TICKET_LIFETIME + 60)
    resources = connection.api.cluster.resources.get(type="vm")

    assert len(nodes) == 3
    assert resources
    assert auth.logins == 2


def test_ticket_too_old_to_renew_logs_in_again(server: SimServer) -> None:
    connection = connect(password_profile(server))
    auth = connection.api._store["session"].auth
    # The next call renews the ticket first, with a ticket the server refuses.
    auth._inner.renew_age = 0
    server.clock.advance(TICKET_LIFETIME + 60)

    assert len(connection.api.nodes.get()) == 3
    assert auth.logins == 1


def test_wrong_token_secret(server: SimServer) -> None:
    with pytest.raises(ConnectionFailed) as raised:
        connect(token_profile(server, token_secret="0000-wrong-secret"))

    assert "rejected the API token root@pam!console" in raised.value.message
    assert "0000-wrong-secret" not in raised.value.message


def test_wrong_password(server: SimServer) -> None:
    with pytest.raises(ConnectionFailed) as raised:
        connect(password_profile(server, password="not-the-password"))

    assert "rejected the login of root@pam" in raised.value.message
    assert "not-the-password" not in raised.value.message


def test_untrusted_certificate_shows_fingerprint(server: SimServer) -> None:
    with pytest.raises(ConnectionFailed) as raised:
        connect(token_profile(server, ca_file=None))

    context = ssl.create_default_context()
    context.check_hostname = False
    context.verify_mode = ssl.CERT_NONE
    with socket.create_connection((server.host, server.port)) as raw:
        with context.wrap_socket(raw) as tls:
            der = tls.getpeercert(binary_form=True)
    assert der is not None
    digest = hashlib.sha256(der).hexdigest().upper()
    fingerprint = ":".join(re.findall("..", digest))
    assert "is not trusted" in raised.value.message
    assert fingerprint in raised.value.message
    assert "--ca-file" in raised.value.message


def test_insecure_connects_with_warning(server: SimServer) -> None:
    connection = connect(token_profile(server, ca_file=None, insecure=True))

    assert connection.release() == (9, 1)
    assert len(connection.warnings) == 1
    assert "TLS certificate checks are off" in connection.warnings[0]


def test_refused_connection() -> None:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    profile = Profile(
        name="t",
        host="127.0.0.1",
        port=port,
        user="a@pve",
        token_id="tk",
        token_secret="s",
    )

    with pytest.raises(ConnectionFailed, match="refused the connection"):
        connect(profile)


def test_unknown_host() -> None:
    profile = Profile(
        name="t",
        host="no-such-host.invalid",
        user="a@pve",
        token_id="tk",
        token_secret="s",
    )

    with pytest.raises(ConnectionFailed, match="unknown host 'no-such-host.invalid'"):
        connect(profile)


def test_timeout(server: SimServer) -> None:
    server.faults.latency_ms = 1500

    with pytest.raises(ConnectionFailed, match=r"did not answer within 0.5 s"):
        connect(token_profile(server, timeout=0.5))


def test_missing_ca_file(server: SimServer, tmp_path: Path) -> None:
    missing = tmp_path / "nope.pem"

    with pytest.raises(ConnectionFailed, match=f"CA file {missing} does not exist"):
        connect(token_profile(server, ca_file=missing))


def test_revoked_token_mid_session(server: SimServer) -> None:
    connection = connect(token_profile(server))
    server.faults.revoke_token(DEMO_TOKEN_ID)

    with pytest.raises(ResourceException) as raised:
        connection.api.nodes.get()

    assert "rejected the API token" in connection.explain(raised.value)


def test_tfa_message() -> None:
    profile = Profile(name="t", host="h", user="ops@pve", password="x")
    error = AuthenticationError(
        "Couldn't authenticate user: missing Two Factor Authentication (TFA)"
    )

    message = explain(error, profile)

    assert "two-factor authentication" in message
    assert "API token" in message


def test_secrets_never_logged(
    server: SimServer, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.DEBUG)

    connect(password_profile(server)).api.nodes.get()
    connect(token_profile(server)).api.nodes.get()

    assert DEMO_PASSWORD not in caplog.text
    assert DEMO_TOKEN_SECRET not in caplog.text


def test_concurrent_calls_log_in_once(server: SimServer) -> None:
    connection = connect(password_profile(server))
    auth = connection.api._store["session"].auth
    lister = SandboxLister(connection, concurrency=8)
    snapshot = lister.list_states()

    server.clock.advance(TICKET_LIFETIME + 60)
    filled = lister.fill_addresses(snapshot)

    assert auth.logins == 1
    assert not any(sandbox.address_errors for sandbox in filled.sandboxes)
    web1 = filled.get(101)
    assert web1 is not None
    assert web1.ip == "10.10.0.101"


def test_system_trust_store_is_used(
    server: SimServer, monkeypatch: pytest.MonkeyPatch
) -> None:
    # OpenSSL's default CA file is the system store; certifi, which requests uses
    # alone, would not trust the simulator's CA.
    monkeypatch.delenv("REQUESTS_CA_BUNDLE", raising=False)
    monkeypatch.delenv("CURL_CA_BUNDLE", raising=False)
    monkeypatch.setenv("SSL_CERT_FILE", str(server.ca_file))

    connection = connect(token_profile(server, ca_file=None))

    assert connection.release() == (9, 1)
