"""Hostile text in `create` progress, its JSON, and `validate` output."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import pytest
from creation_cluster import running_cluster, write_token_profile

from console.__main__ import main
from console.history import read_history
from console.sim.demo_access import DEMO_TOKEN_SECRET
from console.sim.server import SimServer

from .conftest import ESCAPES, MARKUP, RTL, assert_inert

REQUEST = """\
pod_sandbox_id: "201"
config:
  metadata: {name: NAME}
  image: {image: "nginx:latest"}
sandbox_config:
  metadata: {name: pod, namespace: default, uid: u1}
"""
TASK_FAILURE = f"{MARKUP} {ESCAPES}{RTL}\nTASK ERROR: forged line"


@pytest.fixture(scope="module")
def server() -> Iterator[SimServer]:
    with running_cluster() as running:
        yield running


@pytest.fixture
def profile(server: SimServer, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SIM_TOKEN_SECRET", DEMO_TOKEN_SECRET)
    write_token_profile(server)


def _request(tmp_path: Path, name: str) -> Path:
    path = tmp_path / "request.yaml"
    path.write_text(REQUEST.replace("NAME", name))
    return path


@pytest.mark.usefixtures("profile")
def test_failed_task_progress_is_inert(
    server: SimServer, tmp_path: Path, capsysbinary: pytest.CaptureFixture[bytes]
) -> None:
    server.faults.fail_next_create(TASK_FAILURE)

    status = main(["create", "--yes", str(_request(tmp_path, "hostile-text"))])
    captured = capsysbinary.readouterr()
    out = captured.out.decode()

    # The operator sees the task log and the error with the markup as typed,
    # every escape and control removed, and the forged line inside one line.
    assert status == 1
    assert_inert(out)
    assert_inert(captured.err.decode())
    assert "[bold]b[/][@click=app.quit]q[/]" in out
    assert not any(line.startswith("TASK ERROR: forged") for line in out.splitlines())
    history = read_history().entries
    assert history[-1].error is not None
    assert MARKUP in history[-1].error


@pytest.mark.usefixtures("profile")
def test_failed_task_json_is_escaped(
    server: SimServer, tmp_path: Path, capsysbinary: pytest.CaptureFixture[bytes]
) -> None:
    server.faults.fail_next_create(TASK_FAILURE)
    request = _request(tmp_path, "hostile-json")

    status = main(["create", "--yes", "--format", "json", str(request)])
    out = capsysbinary.readouterr().out

    document = json.loads(out)
    assert status == 1
    assert b"\x1b" not in out
    assert MARKUP in json.dumps(document)


def test_validate_output_is_inert(
    tmp_path: Path, capsysbinary: pytest.CaptureFixture[bytes]
) -> None:
    request = _request(tmp_path, json.dumps(f"{MARKUP}{ESCAPES}{RTL}" + "x" * 300))

    status = main(["validate", str(request)])
    out = capsysbinary.readouterr().out.decode()

    assert status == 1
    assert_inert(out)
    assert "config.metadata.name" in out


@pytest.mark.usefixtures("profile")
@pytest.mark.parametrize("log_format", ["text", "json"])
def test_log_file_is_inert(server: SimServer, tmp_path: Path, log_format: str) -> None:
    server.faults.fail_next_create(TASK_FAILURE)
    log_file = tmp_path / "console.log"
    request = _request(tmp_path, f"hostile-log-{log_format}")

    status = main(
        ["--log", str(log_file), "--log-format", log_format, "create", "--yes"]
        + [str(request)]
    )
    logged = log_file.read_text(encoding="utf-8")

    # Read with `tail -f`, the log must not drive the terminal either.
    assert status == 1
    assert_inert(logged.replace("\n", " "))
    assert "[bold]b[/][@click=app.quit]q[/]" in logged
    if log_format == "json":
        messages = [json.loads(line)["message"] for line in logged.splitlines()]
        assert any(ESCAPES in message for message in messages)
