"""The creation pipeline against the simulator: success, failures, repeats, races."""

from __future__ import annotations

import dataclasses
import threading
from collections.abc import Iterator
from typing import Any

import pytest
from creation_cluster import running_cluster, token_connection

from console.creation import (
    CreationResult,
    Prepared,
    Progress,
    Step,
    prepare,
    request_id_for,
    submit,
)
from console.cri import CreateContainerRequest
from console.proxmox import submission
from console.proxmox.connection import Connection
from console.proxmox.lxc_params import request_tag
from console.proxmox.wire import split_tags
from console.sim.server import SimServer


@pytest.fixture
def server() -> Iterator[SimServer]:
    with running_cluster() as running:
        yield running


@pytest.fixture
def connection(server: SimServer) -> Iterator[Connection]:
    connection = token_connection(server)
    yield connection
    connection.close()


def _request(name: str = "web", **config: Any) -> CreateContainerRequest:
    base: dict[str, Any] = {
        "metadata": {"name": name},
        "image": {"image": "nginx:latest"},
        "envs": [{"key": "MODE", "value": "prod"}],
    }
    base.update(config)
    return CreateContainerRequest.model_validate(
        {
            "pod_sandbox_id": "201",
            "config": base,
            "sandbox_config": {
                "metadata": {"name": "pod", "namespace": "default", "uid": "u1"}
            },
        }
    )


def _tagged(connection: Connection, request_id: str) -> list[int]:
    tag = request_tag(request_id)
    return [
        int(item["vmid"])
        for item in connection.api.cluster.resources.get(type="vm")
        if tag in split_tags(item.get("tags"))
    ]


def _submit(
    connection: Connection, prepared: Prepared, **options: Any
) -> tuple[CreationResult, list[Progress]]:
    seen: list[Progress] = []
    result = submit(connection, prepared, on_progress=seen.append, **options)
    return result, seen


def test_prepare_collects_all_stages(connection: Connection) -> None:
    prepared = prepare(connection, _request(name="my_app", tty=True))

    assert not prepared.ok
    assert prepared.plan is not None
    assert [i.path for i in prepared.issues if i.is_error] == ["config.metadata.name"]
    assert "config.tty" in [i.path for i in prepared.issues if not i.is_error]


def test_prepare_stops_at_request_errors(connection: Connection) -> None:
    prepared = prepare(connection, _request(image={"image": ""}))

    assert not prepared.ok
    assert prepared.check is None
    assert prepared.plan is None


def test_prepare_stops_at_sandbox_errors(connection: Connection) -> None:
    request = _request().model_copy(update={"pod_sandbox_id": "202"})
    prepared = prepare(connection, request)

    assert prepared.plan is None
    assert prepared.check is not None
    assert [issue.code for issue in prepared.issues if issue.is_error] == [
        "sandbox-not-ready"
    ]


def test_creation_succeeds_and_starts(connection: Connection) -> None:
    prepared = prepare(connection, _request())
    result, seen = _submit(connection, prepared, start=True)

    assert result.ok, result.error
    assert result.vmid == prepared.plan.vmid  # type: ignore[union-attr]
    assert result.node == "pve1"
    assert not result.already_existed
    assert result.upid is not None and ":vzcreate:" in result.upid
    assert "TASK OK" in result.task_log
    config = connection.api.nodes("pve1").lxc(result.vmid).config.get()
    assert config["hostname"] == "web"
    assert "pod-201" in split_tags(config["tags"])
    assert config["env"].split("\0") == [
        "PATH=/usr/bin:/bin",
        "NGINX_VERSION=1.27",
        "MODE=prod",
    ]
    status = connection.api.nodes("pve1").lxc(result.vmid).status.current.get()
    assert status["status"] == "running"
    steps = [(p.step, p.state) for p in seen if p.log_line is None]
    assert steps == [
        (Step.CREATE, "running"),
        (Step.CREATE, "done"),
        (Step.ENV, "running"),
        (Step.ENV, "done"),
        (Step.START, "running"),
        (Step.START, "done"),
    ]
    assert any(p.log_line == "Detected OCI archive" for p in seen)


def test_creation_pulls_missing_image(connection: Connection) -> None:
    prepared = prepare(
        connection, _request(image={"image": "docker.io/library/alpine:3.20"})
    )
    assert prepared.plan is not None
    assert prepared.plan.oci_pull == "docker.io/library/alpine:3.20"

    result, seen = _submit(connection, prepared)

    assert result.ok, result.error
    assert (Step.PULL, "done") in [(p.step, p.state) for p in seen]
    content = (
        connection.api.nodes("pve1").storage("local").content.get(content="vztmpl")
    )
    assert "local:vztmpl/alpine_3.20.tar" in [item["volid"] for item in content]


def test_failed_task_shows_its_log(server: SimServer, connection: Connection) -> None:
    prepared = prepare(connection, _request())
    server.faults.fail_next_create("no space left on device")

    result, seen = _submit(connection, prepared)

    assert not result.ok
    assert result.error is not None
    assert "no space left on device" in result.error
    assert any("TASK ERROR" in line for line in result.task_log)
    assert (Step.CREATE, "failed") in [(p.step, p.state) for p in seen]
    assert _tagged(connection, prepared.plan.request_id) == []  # type: ignore[union-attr]


def test_parameter_error_maps_to_field(connection: Connection) -> None:
    prepared = prepare(connection, _request())
    assert prepared.plan is not None
    # A hostname the plan would have caught, sent anyway as if a rule were missing.
    broken = dataclasses.replace(
        prepared.plan, params={**prepared.plan.params, "hostname": "bad_name"}
    )

    result, _ = _submit(connection, dataclasses.replace(prepared, plan=broken))

    assert not result.ok
    assert [issue.path for issue in result.issues] == ["config.metadata.name"]
    assert result.issues[0].code == "pve-parameter-rejected"
    assert "DNS" in result.issues[0].message
    assert result.vmid is None


def test_repeat_finds_the_container(connection: Connection) -> None:
    prepared = prepare(connection, _request())
    first, _ = _submit(connection, prepared)

    again = prepare(connection, _request())
    second, seen = _submit(connection, again)

    assert first.ok and second.ok
    assert second.already_existed
    assert second.vmid == first.vmid
    assert _tagged(connection, again.plan.request_id) == [first.vmid]  # type: ignore[union-attr]
    assert (Step.CREATE, "skipped") in [(p.step, p.state) for p in seen]


def test_repeat_after_lost_follow(server: SimServer, connection: Connection) -> None:
    # Long enough that the task still runs when the second submission arrives.
    server.faults.task_seconds = 60
    prepared = prepare(connection, _request())
    assert prepared.plan is not None
    # The create call went out, then the process died before following the task.
    submission.post_create(connection.api, prepared.plan)

    result, seen = _submit(connection, prepare(connection, _request()))

    assert result.ok, result.error
    assert result.already_existed
    assert result.vmid == prepared.plan.vmid
    assert _tagged(connection, prepared.plan.request_id) == [prepared.plan.vmid]
    assert "still being created" in seen[0].message
    config = connection.api.nodes("pve1").lxc(result.vmid).config.get()
    assert config["env"].endswith("MODE=prod")


def test_taken_vmid_moves_on(connection: Connection) -> None:
    prepared = prepare(connection, _request())
    assert prepared.plan is not None
    other = prepare(connection, _request(name="other"))
    assert other.plan is not None and other.plan.vmid == prepared.plan.vmid
    racer, _ = _submit(connection, other)

    result, seen = _submit(connection, prepared)

    assert racer.ok and result.ok
    assert result.vmid != racer.vmid
    assert any("is taken" in p.message for p in seen)


def test_held_config_lock_is_retried(server: SimServer, connection: Connection) -> None:
    prepared = prepare(connection, _request(name="locked"))
    assert prepared.plan is not None
    vmid = prepared.plan.vmid
    server.faults.hold_config_lock(vmid)
    retries: list[str] = []

    def release_on_retry(progress: Progress) -> None:
        if "config lock" in progress.message:
            retries.append(progress.message)
            server.faults.hold_config_lock(vmid, held=False)

    result = submit(connection, prepared, on_progress=release_on_retry)

    assert result.ok, result.error
    assert result.vmid == vmid
    assert len(retries) == 1


def test_racing_submissions_get_two_vmids(connection: Connection) -> None:
    first = prepare(connection, _request(name="racer-a"))
    second = prepare(connection, _request(name="racer-b"))
    assert first.plan is not None and second.plan is not None
    assert first.plan.vmid == second.plan.vmid
    results: dict[str, CreationResult] = {}

    def run(name: str, prepared: Prepared) -> None:
        results[name] = submit(connection, prepared)

    threads = [
        threading.Thread(target=run, args=("a", first)),
        threading.Thread(target=run, args=("b", second)),
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)

    assert results["a"].ok, results["a"].error
    assert results["b"].ok, results["b"].error
    assert results["a"].vmid != results["b"].vmid
    assert {results["a"].vmid, results["b"].vmid} >= {first.plan.vmid}


def test_request_id_is_stable() -> None:
    first = request_id_for(_request())
    without_uid = _request().model_copy(deep=True)
    assert without_uid.sandbox_config is not None
    assert without_uid.sandbox_config.metadata is not None
    without_uid.sandbox_config.metadata.uid = ""

    assert request_id_for(_request()) == first
    assert request_id_for(without_uid) == first
    assert request_id_for(_request(name="other")) != first
    assert len(first) == 16


def test_submit_refuses_invalid_prepared(connection: Connection) -> None:
    prepared = prepare(connection, _request(name="my_app"))

    result, _ = _submit(connection, prepared)

    assert not result.ok
    assert result.vmid is None
    assert [issue.path for issue in result.issues] == ["config.metadata.name"]


def test_node_garbage_is_an_issue(server: SimServer, connection: Connection) -> None:
    check_passes = prepare(connection, _request())
    assert check_passes.ok
    server.faults.node_garbage("pve1", "wrong-type")
    try:
        prepared = prepare(connection, _request())
    finally:
        server.faults.node_garbage("pve1", None)

    assert not prepared.ok
    assert prepared.plan is None
    assert any(issue.is_error for issue in prepared.issues)


def test_garbage_while_following_fails_cleanly(
    server: SimServer, connection: Connection
) -> None:
    prepared = prepare(connection, _request(name="garbled"))
    server.faults.task_seconds = 60

    def garble_on_create(progress: Progress) -> None:
        if progress.step is Step.CREATE and progress.state == "running":
            server.faults.node_garbage("pve1", "wrong-type")

    try:
        result = submit(connection, prepared, on_progress=garble_on_create)
    finally:
        server.faults.node_garbage("pve1", None)

    assert not result.ok
    assert result.error is not None
    assert "unreadable" in result.error
    assert "again is safe" in result.error
