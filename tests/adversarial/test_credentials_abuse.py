"""Credentials with control characters: refused with a message, never logged."""

from __future__ import annotations

from pathlib import Path

import pytest

from console.__main__ import main
from console.proxmox.connection import connect
from console.proxmox.errors import ConnectionFailed
from console.settings import Profile
from console.sim.demo import DEMO_USER
from console.sim.server import SimServer

SECRET_TAIL = "X-Evil: hunter2"


def _profile(server: SimServer, token_id: str, secret: str) -> Profile:
    return Profile(
        name="test",
        host=server.host,
        port=server.port,
        user=DEMO_USER,
        token_id=token_id,
        token_secret=secret,
        ca_file=Path(server.ca_file),
    )


@pytest.mark.parametrize(
    ("token_id", "secret"),
    [
        ("console", f"abc\r\n{SECRET_TAIL}"),
        ("con\nsole", "abc"),
        ("console", "abc\u20ac"),
    ],
)
def test_token_header_unsafe_rejected(
    sim_server: SimServer, token_id: str, secret: str
) -> None:
    # requests raised ValueError (or UnicodeEncodeError) while building the
    # Authorization header: a crash, with the secret in the traceback.
    with pytest.raises(ConnectionFailed) as raised:
        connect(_profile(sim_server, token_id, secret))
    assert SECRET_TAIL not in str(raised.value)
    assert "abc" not in str(raised.value)


def test_token_value_control_character(
    sim_server: SimServer,
    isolated_user_dirs: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    monkeypatch.setenv("PVE_TOKEN_NAME", "console")
    monkeypatch.setenv("PVE_TOKEN_VALUE", f"abc\r\n{SECRET_TAIL}")
    log_file = isolated_user_dirs / "console.log"
    code = main(
        [
            "--host",
            f"{sim_server.host}:{sim_server.port}",
            "--user",
            DEMO_USER,
            "--ca-file",
            str(sim_server.ca_file),
            "--log",
            str(log_file),
            "sandboxes",
        ]
    )
    error = capsys.readouterr().err
    assert code == 2
    assert "unexpected error" not in error
    assert "PVE_TOKEN_VALUE" in error
    assert SECRET_TAIL not in error
    assert SECRET_TAIL not in log_file.read_text(encoding="utf-8")


def test_token_name_without_id(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    # It was dropped silently, and the error said no token was given at all.
    monkeypatch.setenv("PVE_TOKEN_NAME", "root@pam!")
    monkeypatch.setenv("PVE_TOKEN_VALUE", "abc")
    code = main(["--host", "127.0.0.1:1", "--user", DEMO_USER, "sandboxes"])
    assert code == 2
    assert "PVE_TOKEN_NAME" in capsys.readouterr().err
