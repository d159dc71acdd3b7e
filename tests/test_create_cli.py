"""`pod-console create`: dry runs, refusals, creation, repeats and the history."""

from __future__ import annotations

import io
import json
import signal
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from creation_cluster import running_cluster, write_token_profile

from console.__main__ import main
from console.history import Outcome, history_file, read_history
from console.sim.demo_access import DEMO_TOKEN_SECRET
from console.sim.server import SimServer

REQUEST = """\
pod_sandbox_id: "201"
config:
  metadata: {name: web}
  image: {image: "nginx:latest"}
  envs: [{key: MODE, value: prod}]
  tty: true
sandbox_config:
  metadata: {name: pod, namespace: default, uid: u1}
  port_mappings: [{container_port: 80}]
"""


@pytest.fixture(scope="module")
def server() -> Iterator[SimServer]:
    with running_cluster() as running:
        yield running


@pytest.fixture
def request_file(tmp_path: Path) -> Path:
    path = tmp_path / "request.yaml"
    path.write_text(REQUEST)
    return path


def _use_profile(
    server: SimServer, monkeypatch: pytest.MonkeyPatch, *, read_only: bool = False
) -> None:
    monkeypatch.setenv("SIM_TOKEN_SECRET", DEMO_TOKEN_SECRET)
    write_token_profile(server, read_only=read_only)


def _no_terminal(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr("sys.stdin", io.StringIO(""))


def test_dry_run_prints_plan(
    request_file: Path,
    server: SimServer,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    _use_profile(server, monkeypatch)

    status = main(["create", "--dry-run", str(request_file)])
    out = capsys.readouterr().out

    assert status == 0
    assert "on node pve1" in out
    assert "ostemplate    local:vztmpl/nginx_latest.tar" in out
    assert "pct create " in out
    assert "warning config.tty: not applied" in out
    assert "warning sandbox_config.port_mappings: not applied" in out
    assert read_history().entries == []


def test_plan_warnings_name_the_request_file(
    request_file: Path,
    server: SimServer,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    _use_profile(server, monkeypatch)

    status = main(["create", "--dry-run", str(request_file)])
    out = capsys.readouterr().out

    assert status == 0
    assert f"{request_file}: warning config.tty: not applied" in out
    assert "request: warning" not in out


def test_dry_run_json(
    request_file: Path,
    server: SimServer,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    _use_profile(server, monkeypatch)

    status = main(["create", "--dry-run", "--format", "json", str(request_file)])
    document = json.loads(capsys.readouterr().out)

    assert status == 0
    assert document["valid"] is True
    assert document["plan"]["node"] == "pve1"
    assert document["plan"]["params"]["hostname"] == "web"
    assert "pod-201" in document["plan"]["params"]["tags"]
    assert document["plan"]["pct_command"].startswith("pct create ")
    assert document["result"] is None


def test_demo_dry_run(request_file: Path, capsys: pytest.CaptureFixture[str]) -> None:
    request_file.write_text(REQUEST.replace('"201"', '"101"'))

    status = main(["create", "--demo", "--dry-run", str(request_file)])

    assert status == 0
    assert "pod-101" in capsys.readouterr().out


def test_plan_error_exits_one(
    request_file: Path,
    server: SimServer,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    _use_profile(server, monkeypatch)
    request_file.write_text(REQUEST.replace("name: web", "name: my_app"))

    status = main(["create", "--dry-run", str(request_file)])
    out = capsys.readouterr().out

    assert status == 1
    assert "error config.metadata.name" in out
    assert "[pve-hostname]" in out


def test_sandbox_error_exits_one(
    request_file: Path,
    server: SimServer,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    _use_profile(server, monkeypatch)
    request_file.write_text(REQUEST.replace('"201"', '"202"'))

    status = main(["create", "--yes", str(request_file)])

    assert status == 1
    assert "[sandbox-not-ready]" in capsys.readouterr().out


def test_other_runtime_is_refused(
    request_file: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    status = main(["create", "--runtime-type", "runc", str(request_file)])

    assert status == 2
    assert "only runtime is `lxc`" in capsys.readouterr().err


def test_missing_file_exits_two(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    status = main(["create", "--dry-run", str(tmp_path / "absent.yaml")])

    assert status == 2
    assert "absent.yaml" in capsys.readouterr().err


def test_unreachable_cluster_exits_two(
    request_file: Path,
    server: SimServer,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    _use_profile(server, monkeypatch)
    server.faults.refuse_connections = True
    try:
        status = main(["create", "--dry-run", str(request_file)])
    finally:
        server.faults.refuse_connections = False

    assert status == 2
    assert "pod-console create:" in capsys.readouterr().err


def test_no_terminal_without_yes_refuses(
    request_file: Path,
    server: SimServer,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    _use_profile(server, monkeypatch)
    _no_terminal(monkeypatch)

    status = main(["create", str(request_file)])

    assert status == 1
    assert "pass --yes" in capsys.readouterr().err
    assert read_history().entries == []


def test_read_only_profile_refuses(
    request_file: Path,
    server: SimServer,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    _use_profile(server, monkeypatch, read_only=True)

    status = main(["create", "--yes", str(request_file)])

    assert status == 1
    assert "read-only" in capsys.readouterr().err


def test_create_then_repeat_records_history(
    request_file: Path,
    server: SimServer,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    _use_profile(server, monkeypatch)
    request_file.write_text(REQUEST.replace("name: web", "name: web-twice"))

    first = main(["create", "--yes", "--start", str(request_file)])
    first_out = capsys.readouterr().out
    second = main(["create", "--yes", str(request_file)])
    second_out = capsys.readouterr().out
    entries = read_history().entries

    assert first == 0
    assert "[create] done" in first_out
    assert "    | TASK OK" in first_out
    assert "[start] done" in first_out
    assert second == 0
    assert "Found container" in second_out
    assert [entry.result for entry in entries] == [Outcome.CREATED, Outcome.FOUND]
    assert entries[0].vmid == entries[1].vmid
    assert entries[0].sandbox == "201"
    assert entries[0].node == "pve1"
    assert DEMO_TOKEN_SECRET not in history_file().read_text()


def test_failed_task_exits_one_and_records(
    request_file: Path,
    server: SimServer,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    _use_profile(server, monkeypatch)
    request_file.write_text(REQUEST.replace("name: web", "name: web-fails"))
    server.faults.fail_next_create("storage full")

    status = main(["create", "--yes", str(request_file)])
    out = capsys.readouterr().out
    entries = read_history().entries

    assert status == 1
    assert "storage full" in out
    assert [entry.result for entry in entries] == [Outcome.FAILED]
    assert entries[0].error is not None and "storage full" in entries[0].error


def test_secret_env_values_are_hidden(
    request_file: Path,
    server: SimServer,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    _use_profile(server, monkeypatch)
    request_file.write_text(
        REQUEST.replace(
            "envs: [{key: MODE, value: prod}]",
            "envs: [{key: MODE, value: prod}, {key: DB_PASSWORD, value: hunter2-x}]",
        )
    )

    text_status = main(["create", "--dry-run", str(request_file)])
    text = capsys.readouterr().out
    json_status = main(["create", "--dry-run", "--format", "json", str(request_file)])
    document = capsys.readouterr().out

    assert text_status == 0
    assert json_status == 0
    assert "hunter2-x" not in text
    assert "hunter2-x" not in document
    assert "DB_PASSWORD=<hidden>" in text
    assert "MODE=prod" in text


def test_read_only_profile_allows_dry_run(
    request_file: Path,
    server: SimServer,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    _use_profile(server, monkeypatch, read_only=True)

    status = main(["create", "--dry-run", str(request_file)])

    assert status == 0
    assert "pct create" in capsys.readouterr().out


def test_killed_process_then_rerun_finds_container(
    request_file: Path,
    server: SimServer,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    _use_profile(server, monkeypatch)
    request_file.write_text(REQUEST.replace("name: web", "name: web-killed"))
    # Long enough for the process to be killed while the create task runs.
    server.faults.task_seconds = 150
    command = [sys.executable, "-m", "console", "create", "--yes", str(request_file)]
    process = subprocess.Popen(command, stdout=subprocess.PIPE, text=True)
    try:
        assert process.stdout is not None
        for line in process.stdout:
            # A task log line means the create call went out and its task runs.
            if line.startswith("    | "):
                break
        process.kill()
    finally:
        process.wait(timeout=30)
        server.faults.task_seconds = None

    status = main(["create", "--yes", str(request_file)])
    out = capsys.readouterr().out
    entries = read_history().entries

    assert status == 0
    assert "still being created" in out
    assert "Found container" in out
    assert [entry.result for entry in entries] == [Outcome.FOUND]


def test_interrupt_during_task_exits_cleanly(
    request_file: Path,
    server: SimServer,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    _use_profile(server, monkeypatch)
    request_file.write_text(REQUEST.replace("name: web", "name: web-interrupted"))
    server.faults.task_seconds = 150
    command = [sys.executable, "-m", "console", "create", "--yes", str(request_file)]
    process = subprocess.Popen(
        command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True
    )
    try:
        assert process.stdout is not None
        for line in process.stdout:
            if line.startswith("    | "):
                break
        process.send_signal(signal.SIGINT)
        _, err = process.communicate(timeout=30)
    finally:
        server.faults.task_seconds = None

    assert process.returncode == 1
    assert "interrupted" in err
    assert "Traceback" not in err
    assert [entry.result for entry in read_history().entries] == [Outcome.FAILED]


def test_invalid_request_json_document(
    request_file: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    request_file.write_text(
        REQUEST.replace('image: {image: "nginx:latest"}', "image: {}")
    )

    status = main(["create", "--format", "json", str(request_file)])
    document = json.loads(capsys.readouterr().out)

    assert status == 1
    assert document["valid"] is False
    assert document["plan"] is None
    assert document["result"] is None
    assert "config.image.image" in [issue["path"] for issue in document["issues"]]


def test_crictl_pair_dry_run(
    server: SimServer,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    _use_profile(server, monkeypatch)
    corpus = Path(__file__).resolve().parents[2] / "shared" / "cri-corpus"

    status = main(
        [
            "create",
            "--dry-run",
            "--pod-sandbox-id",
            "app",
            "--config",
            str(corpus / "cri-o" / "container_redis.json"),
            "--sandbox-config",
            str(corpus / "kata-containers" / "redis_server_sandbox_config.json"),
        ]
    )
    out = capsys.readouterr().out

    assert status == 0
    assert "first: pull quay.io/crio/fedora-crio-ci:latest into storage local" in out
    assert "hostname      podsandbox1-redis" in out
    assert "pod-201" in out


def test_pair_without_sandbox_id_exits_two(
    request_file: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    status = main(["create", "--config", str(request_file), "--sandbox-config", "x"])

    assert status == 2
    assert "--pod-sandbox-id" in capsys.readouterr().err
