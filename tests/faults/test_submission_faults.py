"""Submissions under faults, as `pod-console create` shows them to the operator."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from pathlib import Path

import pytest
from creation_cluster import running_cluster, token_connection, write_token_profile

from console.__main__ import main
from console.creation import CreationResult, Prepared, prepare, submit
from console.cri import CreateContainerRequest
from console.history import Outcome, read_history
from console.proxmox.connection import Connection
from console.settings import config_file
from console.sim.demo_access import DEMO_TOKEN_SECRET
from console.sim.server import SimServer

REQUEST = """\
pod_sandbox_id: "201"
config:
  metadata: {name: NAME}
  image: {image: "nginx:latest"}
  envs: [{key: MODE, value: prod}]
sandbox_config:
  metadata: {name: pod, namespace: default, uid: u1}
"""


@pytest.fixture
def server() -> Iterator[SimServer]:
    with running_cluster() as running:
        yield running


@pytest.fixture
def connection(server: SimServer) -> Iterator[Connection]:
    opened = token_connection(server)
    yield opened
    opened.close()


@pytest.fixture
def request_file(
    server: SimServer, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> Path:
    monkeypatch.setenv("SIM_TOKEN_SECRET", DEMO_TOKEN_SECRET)
    write_token_profile(server)
    request = tmp_path / "request.yaml"
    request.write_text(REQUEST.replace("NAME", "web"))
    return request


def _named(connection: Connection, name: str) -> list[int]:
    resources = connection.api.cluster.resources.get(type="vm")
    return sorted(int(item["vmid"]) for item in resources if item.get("name") == name)


def test_task_failing_half_way_then_retry(
    server: SimServer,
    connection: Connection,
    request_file: Path,
    capsys: pytest.CaptureFixture[str],
) -> None:
    server.faults.fail_next_create("mkfs.ext4 failed: no space left on device")

    failed = main(["create", "--yes", str(request_file)])
    failed_out = capsys.readouterr().out
    again = main(["create", "--yes", str(request_file)])
    again_out = capsys.readouterr().out

    # The operator sees the task log, "TASK ERROR: unable to create CT N - mkfs…",
    # exit 1; Proxmox removed the half-made container, so the retry creates one.
    assert failed == 1
    assert "TASK ERROR: unable to create CT" in failed_out
    assert "no space left on device" in failed_out
    assert again == 0, again_out
    assert len(_named(connection, "web")) == 1
    results = [entry.result for entry in read_history().entries]
    assert results == [Outcome.FAILED, Outcome.CREATED]


def test_config_lock_never_released(
    server: SimServer,
    connection: Connection,
    request_file: Path,
    capsys: pytest.CaptureFixture[str],
) -> None:
    # The OCI image's env is set after creation: a config change that needs the lock.
    prepared = prepare(connection, CreateContainerRequest.model_validate(_data("web")))
    assert prepared.plan is not None
    server.faults.hold_config_lock(prepared.plan.vmid)
    try:
        status = main(["create", "--yes", str(request_file)])
    finally:
        server.faults.hold_config_lock(prepared.plan.vmid, held=False)
    out = capsys.readouterr().out

    # The operator sees "[create] running: a config lock is held by another task;
    # retrying in 0.5 s" (then 1, 2, 4 s), then "Creation failed: Proxmox refused
    # the create call (500 … can't lock file … got timeout)", exit 1.
    assert status == 1
    assert out.count("a config lock is held by another task; retrying") == 4
    assert "Creation failed: Proxmox refused the create call" in out
    assert "can't lock file" in out
    assert "Traceback" not in out


def test_same_request_racing_makes_one_container(
    server: SimServer, connection: Connection
) -> None:
    request = CreateContainerRequest.model_validate(_data("twin-submit"))
    first = prepare(connection, request)
    second = prepare(connection, request)
    results: list[CreationResult] = []
    # A slow node keeps both create calls in flight after both lookups found
    # nothing, which is the window two double-pressed submissions share.
    server.faults.node_latency_ms["pve1"] = 500

    def run(prepared: Prepared) -> None:
        results.append(submit(connection, prepared))

    threads = [threading.Thread(target=run, args=(p,)) for p in (first, second)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    server.faults.node_latency_ms.clear()

    # One creates the container, the other reports it found it.
    assert all(result.ok for result in results), [r.error for r in results]
    assert sorted(result.already_existed for result in results) == [False, True]
    assert len({result.vmid for result in results}) == 1
    assert len(_named(connection, "twin-submit")) == 1


def _data(name: str) -> dict[str, object]:
    return {
        "pod_sandbox_id": "201",
        "config": {
            "metadata": {"name": name},
            "image": {"image": "nginx:latest"},
            "envs": [{"key": "MODE", "value": "prod"}],
        },
        "sandbox_config": {
            "metadata": {"name": "pod", "namespace": "default", "uid": "u1"}
        },
    }


def test_privilege_lost_refuses_the_create(
    server: SimServer,
    connection: Connection,
    request_file: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    access = server.cluster.access
    access.add_token("root@pam!narrow", "narrow-secret-1", privsep=True)
    access.grant("root@pam!narrow", "/", ["VM.Audit", "Sys.Audit", "Datastore.Audit"])
    monkeypatch.setenv("SIM_TOKEN_SECRET", "narrow-secret-1")
    config = config_file()
    config.write_text(config.read_text().replace('"console"', '"narrow"'))

    status = main(["create", "--yes", str(request_file)])
    captured = capsys.readouterr()

    # The operator sees "Creation failed: Proxmox refused the create call (403
    # Permission check failed (/vms/100, VM.Allocate))", exit 1, nothing created.
    assert status == 1
    assert "(403 Permission check failed (/vms/" in captured.out
    assert "VM.Allocate))" in captured.out
    assert "Traceback" not in captured.out + captured.err
    assert _named(connection, "web") == []
