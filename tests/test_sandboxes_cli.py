"""`pod-console sandboxes` against the demo cluster, and its failures."""

from __future__ import annotations

import json
import os
import socket
from pathlib import Path

import pytest

from console.__main__ import main
from console.cli.sandboxes import format_table, one_line
from console.proxmox.sandbox import Sandbox, SandboxState
from console.sim.demo import DEMO_PASSWORD, DEMO_USER, demo_cluster
from console.sim.server import SimServer


def run(argv: list[str], capsys: pytest.CaptureFixture[str]) -> tuple[int, str, str]:
    code = main(argv)
    captured = capsys.readouterr()
    return code, captured.out, captured.err


def test_json_list(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = run(["sandboxes", "--demo", "--json"], capsys)

    rows = {row["vmid"]: row for row in json.loads(out)}
    assert code == 0
    assert rows[101] == {
        "vmid": 101,
        "name": "web-1",
        "node": "pve1",
        "state": "SANDBOX_READY",
        "status": "running",
        "lock": None,
        "reason": "",
        "ip": "10.10.0.101",
        "additional_ips": ["2001:db8:10::101"],
        "tags": ["pod", "web"],
    }
    assert rows[104]["reason"] == "locked (backup)"
    assert rows[104]["lock"] == "backup"
    assert rows[301]["reason"] == "node offline"
    assert 105 not in rows
    assert "node pve3 is offline" in err


def test_not_ready_filter(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(["--demo", "sandboxes", "--json", "--not-ready"], capsys)

    rows = json.loads(out)
    assert code == 0
    assert rows
    assert all(row["state"] == "SANDBOX_NOTREADY" for row in rows)
    assert 103 in {row["vmid"] for row in rows}


def test_table(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(["sandboxes", "--demo"], capsys)

    lines = out.splitlines()
    assert code == 0
    assert lines[0].split() == ["VMID", "NAME", "NODE", "STATE", "IP", "REASON"]
    web1 = next(line for line in lines if line.startswith("101 "))
    assert web1.split() == ["101", "web-1", "pve1", "Ready", "10.10.0.101", "(+1)", "-"]
    db1 = next(line for line in lines if line.startswith("104 "))
    assert db1.endswith("locked (backup)")


def test_refused_connection_exits_2(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    monkeypatch.setenv("PVE_TOKEN_NAME", "console")
    monkeypatch.setenv("PVE_TOKEN_VALUE", "not-a-real-secret")

    argv = ["sandboxes", "--host", f"127.0.0.1:{port}", "--user", "ops@pve"]
    code, out, err = run(argv, capsys)

    assert code == 2
    assert out == ""
    assert len(err.splitlines()) == 1
    assert "refused the connection" in err
    assert "not-a-real-secret" not in err


def test_no_cluster_chosen_exits_2(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    # With no profile, no --host and no pvesh on PATH, no cluster is chosen.
    monkeypatch.setenv("PATH", os.defpath.replace("/usr/bin", "/nonexistent"))

    code, _, err = run(["sandboxes"], capsys)

    assert code == 2
    assert "no cluster chosen" in err
    assert "--demo" in err


def test_password_needed_without_terminal(capsys: pytest.CaptureFixture[str]) -> None:
    # pytest's stdin is no terminal, so no prompt: a clear refusal instead.
    argv = ["sandboxes", "--host", "127.0.0.1", "--user", "ops@pve"]

    code, _, err = run(argv, capsys)

    assert code == 2
    assert "no token and no password" in err


def test_bad_config_exits_2(capsys: pytest.CaptureFixture[str]) -> None:
    from console.settings import config_file

    config_file().parent.mkdir(parents=True)
    config_file().write_text('[profiles.lab]\nhost = "h"\nuser = "ops"\n')

    code, _, err = run(["sandboxes", "--profile", "lab"], capsys)

    assert code == 2
    assert "profiles.lab.user" in err
    assert ":3:" in err


def test_text_from_proxmox_is_inert() -> None:
    assert one_line("web\x1b]0;owned\x07-1\x1b[31m\nx\ty") == "web-1 x y"
    sandbox = Sandbox(
        vmid=7,
        name="evil\x1b[2J",
        node="pve1",
        state=SandboxState.NOT_READY,
        status="stopped",
        reason="stopped",
    )

    table = format_table([sandbox])

    assert "\x1b" not in table
    assert "evil" in table


def test_password_login_logs_no_secret(
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
    tmp_path: Path,
) -> None:
    log_file = tmp_path / "console.log"
    with SimServer(demo_cluster(), host="127.0.0.1", port=0, version="9.1") as server:
        monkeypatch.setenv("PVE_PASSWORD", DEMO_PASSWORD)
        argv = [
            "--debug",
            "--log",
            str(log_file),
            "sandboxes",
            "--json",
            "--host",
            f"{server.host}:{server.port}",
            "--user",
            DEMO_USER,
            "--ca-file",
            str(server.ca_file),
        ]

        code, out, _ = run(argv, capsys)

    assert code == 0
    assert {row["vmid"] for row in json.loads(out)} >= {101, 102, 301}
    assert DEMO_PASSWORD not in log_file.read_text()


def test_empty_list_explains_privileges(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    with SimServer(demo_cluster(), host="127.0.0.1", port=0, version="9.1") as server:
        # A token without any ACL: Proxmox lists nothing rather than refusing.
        server.cluster.access.add_token("root@pam!empty", "eeee", privsep=True)
        monkeypatch.setenv("PVE_TOKEN_NAME", "empty")
        monkeypatch.setenv("PVE_TOKEN_VALUE", "eeee")
        argv = ["sandboxes", "--host", f"{server.host}:{server.port}"]
        argv += ["--user", "root@pam", "--ca-file", str(server.ca_file)]

        code, out, err = run(argv, capsys)

    assert code == 0
    assert out.splitlines() == ["VMID  NAME  NODE  STATE  IP  REASON"]
    assert "no containers are visible to the token root@pam!empty" in err
