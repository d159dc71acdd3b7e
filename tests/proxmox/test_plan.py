"""Stage 3: plans for corpus requests and edge cases, against the simulator."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from creation_cluster import root_connection, running_cluster, token_connection

from console.cri import CreateContainerRequest
from console.cri.files import load_crictl_pair
from console.proxmox.checks import check_sandbox
from console.proxmox.connection import Connection
from console.proxmox.plan import Plan, build_plan
from console.sim.server import SimServer

CORPUS_DIR = Path(__file__).resolve().parents[3] / "shared" / "cri-corpus"
SANDBOX_FILE = CORPUS_DIR / "kata-containers" / "redis_server_sandbox_config.json"
CONTAINER_FILES = sorted(CORPUS_DIR.glob("cri-o/container_*.json")) + sorted(
    CORPUS_DIR.glob("*/container-config.json")
)


@pytest.fixture(scope="module")
def server() -> Iterator[SimServer]:
    with running_cluster() as running:
        yield running


@pytest.fixture
def connection(server: SimServer) -> Iterator[Connection]:
    connection = token_connection(server)
    yield connection
    connection.close()


def _request(**config: Any) -> CreateContainerRequest:
    base: dict[str, Any] = {
        "metadata": {"name": "web"},
        "image": {"image": "nginx:latest"},
    }
    base.update(config)
    return CreateContainerRequest.model_validate(
        {
            "pod_sandbox_id": "201",
            "config": base,
            "sandbox_config": {"metadata": {"name": "pod", "namespace": "default"}},
        }
    )


def _plan(connection: Connection, request: CreateContainerRequest) -> Plan:
    check = check_sandbox(connection, request.pod_sandbox_id)
    assert check.ok, check.issues
    return build_plan(connection, request, check, request_id="0123456789abcdef")


def _error_paths(plan: Plan) -> list[str]:
    return [issue.path for issue in plan.issues if issue.is_error]


def test_redis_corpus_plan(connection: Connection) -> None:
    checked = load_crictl_pair(
        "201", CORPUS_DIR / "cri-o/container_redis.json", SANDBOX_FILE
    )
    assert checked.valid, checked.issues
    plan = _plan(connection, checked.request)
    params = plan.params
    warned = {issue.path for issue in plan.issues if not issue.is_error}

    assert plan.ok
    assert plan.node == "pve1"
    assert params["hostname"] == "podsandbox1-redis"
    assert params["ostemplate"] == "local:vztmpl/fedora-crio-ci_latest.tar"
    assert plan.oci_pull == "quay.io/crio/fedora-crio-ci:latest"
    assert plan.oci_storage == "local"
    assert params["entrypoint"] == "docker-entrypoint.sh redis-server"
    assert str(params["env"]).split("\0")[1] == "TERM=xterm"
    assert plan.env_after_create == params["env"]
    assert params["memory"] == 200
    assert params["cores"] == 2
    assert params["cpulimit"] == "2.00"
    assert params["storage"] == "local-lvm"
    assert params["net0"] == "name=eth0,bridge=vmbr0,ip=dhcp"
    assert params["searchdomain"] == "8.8.8.8"
    assert "nameserver" not in params
    assert params["unprivileged"] == 1
    assert str(params["tags"]).split(";")[:3] == [
        "pod-201",
        "req-0123456789abcdef",
        "tier_backend",
    ]
    assert "annotation pod: podsandbox1" in str(params["description"])
    assert "pod: test.kata/redis-server-pod" in str(params["description"])
    assert "config.working_dir" in warned
    assert "config.linux.resources.cpu_shares" in warned
    assert "config.linux.security_context.capabilities" in warned
    assert "sandbox_config.hostname" in warned
    assert "sandbox_config.labels" in warned


@pytest.mark.parametrize(
    "container_file",
    CONTAINER_FILES,
    ids=lambda path: path.parent.name + "/" + path.name,
)
def test_corpus_requests_plan_or_explain(
    connection: Connection, container_file: Path
) -> None:
    checked = load_crictl_pair("201", container_file, SANDBOX_FILE)
    if not checked.valid:
        pytest.skip("stage 1 rejects this file")

    plan = _plan(connection, checked.request)

    assert plan.vmid >= 100
    for issue in plan.issues:
        assert issue.path.startswith(("config", "sandbox_config", "pod_sandbox_id"))
        assert issue.message
    if plan.ok:
        assert "ostemplate" in plan.params
        assert plan.pct_command().startswith(f"pct create {plan.vmid} ")


def test_vmid_comes_from_nextid(connection: Connection) -> None:
    expected = int(connection.api.cluster.nextid.get())

    assert _plan(connection, _request()).vmid == expected


def test_oci_archive_in_storage_needs_no_pull(connection: Connection) -> None:
    plan = _plan(connection, _request(envs=[{"key": "MODE", "value": "prod"}]))

    assert plan.params["ostemplate"] == "local:vztmpl/nginx_latest.tar"
    assert plan.oci_pull is None
    assert plan.env_after_create == "MODE=prod"


def test_template_volume_is_used_as_is(connection: Connection) -> None:
    image = "local:vztmpl/debian-12-standard_12.7-1_amd64.tar.zst"
    plan = _plan(
        connection, _request(image={"image": image}, envs=[{"key": "A", "value": "1"}])
    )

    assert plan.params["ostemplate"] == image
    assert plan.env_after_create is None
    assert plan.ok


def test_missing_template_is_error(connection: Connection) -> None:
    plan = _plan(connection, _request(image={"image": "local:vztmpl/nope.tar.zst"}))

    assert _error_paths(plan) == ["config.image.image"]
    assert plan.issues[0].code == "pve-template-missing"


def test_digest_reference_not_pullable(connection: Connection) -> None:
    image = "quay.io/app/web@sha256:" + "a" * 64
    plan = _plan(connection, _request(image={"image": image}))

    assert _error_paths(plan) == ["config.image.image"]


def test_hostname_not_dns_label_is_error(connection: Connection) -> None:
    plan = _plan(connection, _request(metadata={"name": "my_app"}))

    assert _error_paths(plan) == ["config.metadata.name"]
    assert "hostname" not in plan.params


def test_token_cannot_bind_mount(connection: Connection) -> None:
    mounts = [{"host_path": "/srv/data", "container_path": "/data"}]
    plan = _plan(connection, _request(mounts=mounts))

    assert _error_paths(plan) == ["config.mounts[0]"]
    assert "root@pam!console" in plan.issues[0].message


def test_root_may_bind_mount(server: SimServer) -> None:
    connection = root_connection(server)
    mounts = [{"host_path": "/srv/data", "container_path": "/data", "readonly": True}]
    plan = _plan(connection, _request(mounts=mounts))
    connection.close()

    assert plan.ok
    assert plan.params["mp0"] == "/srv/data,mp=/data,ro=1"


def test_old_release_refuses_oci_and_entrypoint() -> None:
    with running_cluster(version="8.4") as old:
        connection = token_connection(old)
        plan = _plan(
            connection,
            _request(command=["nginx"], envs=[{"key": "A", "value": "1"}]),
        )
        connection.close()

    assert _error_paths(plan) == ["config.image.image", "config.command", "config.envs"]
    assert all("9.1" in issue.message for issue in plan.issues if issue.is_error)
    assert all("8.4" in issue.message for issue in plan.issues if issue.is_error)


def test_old_release_accepts_template_volume() -> None:
    image = "local:vztmpl/debian-12-standard_12.7-1_amd64.tar.zst"
    with running_cluster(version="8.4") as old:
        connection = token_connection(old)
        plan = _plan(connection, _request(image={"image": image}))
        connection.close()

    assert plan.ok
    assert "entrypoint" not in plan.params


def test_plan_without_template_prints_command(connection: Connection) -> None:
    plan = _plan(connection, _request(image={"image": "local:vztmpl/nope.tar.zst"}))

    assert "ostemplate" not in plan.params
    assert plan.pct_command().startswith(f"pct create {plan.vmid} '<no template>' ")
