"""The request-to-parameter translation of the plan, without a cluster."""

from __future__ import annotations

from typing import Any

import pytest

from console.cri import ContainerConfig, CreateContainerRequest, Severity
from console.proxmox import lxc_params
from console.proxmox.images import (
    is_template_volume,
    oci_archive_name,
    qualified_reference,
)
from console.proxmox.lxc_params import LxcParameters, Target, fold_tag
from console.proxmox.param_errors import parameter_issues
from console.proxmox.plan import Plan
from console.proxmox.unapplied import unapplied_fields

TARGET = Target(
    node="pve1",
    sandbox_vmid=101,
    bridge="vmbr0",
    supports_9_1=True,
    release="9.1",
    identity="root@pam",
)


def _request(**config: Any) -> CreateContainerRequest:
    data: dict[str, Any] = {
        "pod_sandbox_id": "101",
        "config": {"metadata": {"name": "web"}, "image": {"image": "nginx:1.27"}},
        "sandbox_config": {"metadata": {"name": "pod", "namespace": "default"}},
    }
    data["config"].update(config)
    return CreateContainerRequest.model_validate(data)


def _config(**config: Any) -> ContainerConfig:
    request = _request(**config)
    assert request.config is not None
    return request.config


def _paths(out: LxcParameters, severity: Severity) -> list[str]:
    return [issue.path for issue in out.issues if issue.severity is severity]


@pytest.mark.parametrize("name", ["web", "web-1", "A1", "x" * 63])
def test_hostname_accepts_dns_label(name: str) -> None:
    out = LxcParameters()
    lxc_params.map_hostname(out, _config(metadata={"name": name}))

    assert out.params["hostname"] == name
    assert out.issues == []


@pytest.mark.parametrize("name", ["my_app", "web.1", "-web", "web-", "x" * 64])
def test_hostname_rejects_non_label(name: str) -> None:
    out = LxcParameters()
    lxc_params.map_hostname(out, _config(metadata={"name": name}))

    assert "hostname" not in out.params
    assert _paths(out, Severity.ERROR) == ["config.metadata.name"]
    assert out.issues[0].code == "pve-hostname"


def test_entrypoint_joins_command_and_args() -> None:
    out = LxcParameters()
    config = _config(command=["/bin/sh", "-c"], args=["echo hi there"])
    lxc_params.map_entrypoint(out, config, TARGET)

    assert out.params["entrypoint"] == "/bin/sh -c 'echo hi there'"
    assert out.fields["entrypoint"] == "config.command"


def test_env_is_nul_separated() -> None:
    out = LxcParameters()
    envs = [{"key": "A", "value": "1"}, {"key": "B", "value": "x=y"}]
    lxc_params.map_env(out, _config(envs=envs), TARGET)

    assert out.params["env"] == "A=1\0B=x=y"


def test_env_control_character_is_error() -> None:
    out = LxcParameters()
    envs = [{"key": "A", "value": "line\nbreak"}]
    lxc_params.map_env(out, _config(envs=envs), TARGET)

    assert "env" not in out.params
    assert _paths(out, Severity.ERROR) == ["config.envs[0].value"]


def test_old_release_refuses_command_and_env() -> None:
    old = Target("pve1", 101, "vmbr0", False, "8.4", "root@pam")
    config = _config(command=["sleep"], envs=[{"key": "A", "value": "1"}])
    out = LxcParameters()
    lxc_params.map_entrypoint(out, config, old)
    lxc_params.map_env(out, config, old)

    assert out.params == {}
    assert _paths(out, Severity.ERROR) == ["config.command", "config.envs"]
    assert all("9.1" in issue.message for issue in out.issues)
    assert all("8.4" in issue.message for issue in out.issues)


def test_mounts_become_bind_mounts() -> None:
    mounts = [
        {"host_path": "/srv/data", "container_path": "/data", "readonly": True},
        {"host_path": "/srv/logs", "container_path": "/logs"},
    ]
    out = LxcParameters()
    lxc_params.map_mounts(out, _config(mounts=mounts), TARGET)

    assert out.params["mp0"] == "/srv/data,mp=/data,ro=1"
    assert out.params["mp1"] == "/srv/logs,mp=/logs"
    assert out.fields["mp1"] == "config.mounts[1]"
    assert _paths(out, Severity.WARNING) == ["config.mounts[0]", "config.mounts[1]"]


@pytest.mark.parametrize("identity", ["root@pam!ci", "ops@pve"])
def test_mounts_need_root_identity(identity: str) -> None:
    target = Target("pve1", 101, "vmbr0", True, "9.1", identity)
    mounts = [{"host_path": "/srv/data", "container_path": "/data"}]
    out = LxcParameters()
    lxc_params.map_mounts(out, _config(mounts=mounts), target)

    assert "mp0" not in out.params
    assert _paths(out, Severity.ERROR) == ["config.mounts[0]"]
    assert identity in out.issues[0].message


def test_devices_read_only_denies_write() -> None:
    devices = [
        {"host_path": "/dev/fuse", "container_path": "/dev/fuse", "permissions": "r"}
    ]
    out = LxcParameters()
    lxc_params.map_devices(out, _config(devices=devices), TARGET)

    assert out.params["dev0"] == "/dev/fuse,deny-write=1"
    assert out.issues == []


def test_tags_carry_sandbox_request_and_labels() -> None:
    labels = {"tier": "backend", "app.kubernetes.io/Name": "Web"}
    out = LxcParameters()
    lxc_params.map_tags(out, _config(labels=labels), TARGET, "abc123")

    tags = str(out.params["tags"]).split(";")
    assert tags[:2] == ["pod-101", "req-abc123"]
    assert "tier_backend" in tags
    assert "app.kubernetes.io_name_web" in tags
    assert _paths(out, Severity.WARNING) == ['config.labels["app.kubernetes.io/Name"]']


@pytest.mark.parametrize(
    ("text", "tag"), [("Tier=Backend", "tier_backend"), ("-x", "_-x"), ("a b", "a_b")]
)
def test_fold_tag(text: str, tag: str) -> None:
    assert fold_tag(text) == tag


def test_resources_map_to_memory_swap_cpu() -> None:
    resources = {
        "memory_limit_in_bytes": 256 * 1024 * 1024,
        "memory_swap_limit_in_bytes": 384 * 1024 * 1024,
        "cpu_quota": 150_000,
        "cpu_period": 100_000,
    }
    out = LxcParameters()
    lxc_params.map_resources(out, _config(linux={"resources": resources}))

    assert out.params["memory"] == 256
    assert out.params["swap"] == 128
    assert out.params["cores"] == 2
    assert out.params["cpulimit"] == "1.50"
    assert out.issues == []


def test_tiny_memory_is_error() -> None:
    resources = {"memory_limit_in_bytes": 1024 * 1024}
    out = LxcParameters()
    lxc_params.map_resources(out, _config(linux={"resources": resources}))

    assert "memory" not in out.params
    assert _paths(out, Severity.ERROR) == [
        "config.linux.resources.memory_limit_in_bytes"
    ]


def test_privileged_sends_zero() -> None:
    privileged = _config(linux={"security_context": {"privileged": True}})
    out = LxcParameters()
    lxc_params.map_privileged(out, privileged)
    plain = LxcParameters()
    lxc_params.map_privileged(plain, _config())

    assert out.params["unprivileged"] == 0
    assert plain.params["unprivileged"] == 1


def test_unapplied_fields_one_warning_each() -> None:
    request = CreateContainerRequest.model_validate(
        {
            "pod_sandbox_id": "101",
            "config": {
                "metadata": {"name": "web"},
                "image": {"image": "nginx:1.27"},
                "tty": True,
                "log_path": "web/0.log",
                "linux": {
                    "resources": {"cpu_shares": 512},
                    "security_context": {
                        "seccomp": {"profile_type": 1},
                        "apparmor": {},
                        "privileged": True,
                    },
                },
            },
            "sandbox_config": {
                "metadata": {"name": "pod", "namespace": "default", "uid": "u"},
                "port_mappings": [{"container_port": 80}, {"container_port": 443}],
                "dns_config": {"servers": ["10.0.0.1"], "options": ["ndots:2"]},
            },
        }
    )

    paths = [issue.path for issue in unapplied_fields(request)]

    assert paths == [
        "config.log_path",
        "config.tty",
        "config.linux.resources.cpu_shares",
        "config.linux.security_context.seccomp",
        "sandbox_config.dns_config.options",
        "sandbox_config.port_mappings",
    ]
    assert all(
        issue.severity is Severity.WARNING for issue in unapplied_fields(request)
    )


def test_minimal_request_has_no_unapplied() -> None:
    assert unapplied_fields(_request()) == []


@pytest.mark.parametrize(
    ("reference", "name"),
    [
        ("nginx:latest", "nginx_latest.tar"),
        ("docker.io/library/alpine:3.20", "alpine_3.20.tar"),
        ("quay.io/crio/fedora-crio-ci:latest", "fedora-crio-ci_latest.tar"),
        ("registry:5000/team/app@sha256:abcd", "app_sha256_abcd.tar"),
    ],
)
def test_oci_archive_name(reference: str, name: str) -> None:
    assert oci_archive_name(reference) == name


@pytest.mark.parametrize(
    ("reference", "qualified"),
    [
        ("nginx:1.27", "docker.io/library/nginx:1.27"),
        ("team/app:1", "docker.io/team/app:1"),
        ("quay.io/crio/redis:alpine", "quay.io/crio/redis:alpine"),
        ("localhost/app:1", "localhost/app:1"),
    ],
)
def test_qualified_reference(reference: str, qualified: str) -> None:
    assert qualified_reference(reference) == qualified


def test_template_volume_detection() -> None:
    assert is_template_volume("local:vztmpl/debian-12-standard_12.7-1_amd64.tar.zst")
    assert not is_template_volume("nginx:latest")
    assert not is_template_volume("registry:5000/app:1")


def test_parameter_errors_map_to_fields() -> None:
    issues = parameter_issues(
        {
            "hostname": "invalid format - value does not look like a valid DNS name\n",
            "storage": "storage 'local' does not support container directories",
        },
        {"hostname": "config.metadata.name"},
    )

    assert [issue.path for issue in issues] == [
        "config.metadata.name",
        "pod_sandbox_id",
    ]
    assert "valid DNS name" in issues[0].message
    assert all(issue.is_error for issue in issues)


def test_pct_command_quotes_values() -> None:
    plan = Plan(
        node="pve1",
        vmid=107,
        params={
            "vmid": 107,
            "ostemplate": "local:vztmpl/nginx_latest.tar",
            "hostname": "web",
            "tags": "pod-101;req-abc",
            "env": "A=1\0B=two words",
            "description": "line one\nline 'two'",
        },
        issues=[],
        oci_pull=None,
        env_after_create=None,
        request_id="abc",
    )

    command = plan.pct_command()

    assert command.startswith("pct create 107 local:vztmpl/nginx_latest.tar ")
    assert "--tags 'pod-101;req-abc'" in command
    assert "--env $'A=1\\0B=two words'" in command
    assert "--description $'line one\\nline \\'two\\''" in command
    assert "\n" not in command


def test_missing_pod_uid_is_generated_per_request() -> None:
    first, again, other = LxcParameters(), LxcParameters(), LxcParameters()

    lxc_params.map_description(first, _request(), "req-one")
    lxc_params.map_description(again, _request(), "req-one")
    lxc_params.map_description(other, _request(), "req-two")

    line = str(first.params["description"]).splitlines()[-1]
    assert line.startswith("pod: default/pod uid ")
    assert line != "pod: default/pod uid -"
    assert first.params["description"] == again.params["description"]
    assert first.params["description"] != other.params["description"]
