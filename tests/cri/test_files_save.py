"""Writing requests: the crictl dialect, stable output and atomic saves."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Literal

import pytest
import yaml

from console.cri import CreateContainerRequest, check_request
from console.cri.files import (
    RequestFileError,
    dump_crictl_pair,
    dump_request,
    load_crictl_pair,
    load_request_file,
    save_crictl_pair,
    save_request,
)

# Input in the forms crictl does not write: camelCase keys, enum names and a
# bare run_as_user.
DATA = {
    "pod_sandbox_id": "101",
    "config": {
        "metadata": {"name": "web"},
        "image": {"image": "docker.io/library/nginx:1.27"},
        "command": ["nginx"],
        "workingDir": "/srv",
        "envs": [{"key": "MODE", "value": "no"}, {"key": "PORT", "value": "8080"}],
        "mounts": [
            {"container_path": "/data", "host_path": "/srv/data", "propagation": 2}
        ],
        "linux": {"security_context": {"run_as_user": 1000, "run_as_group": 0}},
    },
    "sandbox_config": {
        "metadata": {"name": "pod", "namespace": "default", "uid": "u-1"},
        "port_mappings": [{"protocol": "UDP", "container_port": 53}],
    },
}


@pytest.fixture
def request_model() -> CreateContainerRequest:
    checked = check_request(DATA)
    assert all(not issue.is_error for issue in checked.issues)
    return checked.request


def test_json_uses_crictl_dialect(request_model: CreateContainerRequest) -> None:
    data = json.loads(dump_request(request_model, "json"))

    config = data["config"]
    assert config["working_dir"] == "/srv"
    assert "workingDir" not in config
    assert config["linux"]["security_context"]["run_as_user"] == {"value": 1000}
    assert config["mounts"][0]["propagation"] == 2
    assert data["sandbox_config"]["port_mappings"][0]["protocol"] == 1


def test_yaml_keeps_strings_strings(request_model: CreateContainerRequest) -> None:
    data = yaml.safe_load(dump_request(request_model, "yaml"))

    assert data["config"]["envs"] == [
        {"key": "MODE", "value": "no"},
        {"key": "PORT", "value": "8080"},
    ]


def test_key_order_is_proto_order(request_model: CreateContainerRequest) -> None:
    data = json.loads(dump_request(request_model, "json"))

    assert list(data) == ["pod_sandbox_id", "config", "sandbox_config"]
    keys = list(data["config"])
    assert keys.index("metadata") < keys.index("image") < keys.index("command")
    assert keys.index("working_dir") < keys.index("envs") < keys.index("linux")


def test_root_group_survives_save(request_model: CreateContainerRequest) -> None:
    again = check_request(json.loads(dump_request(request_model, "json"))).request

    assert again.config is not None and again.config.linux is not None
    context = again.config.linux.security_context
    assert context is not None and context.run_as_group is not None
    assert context.run_as_group.value == 0


def test_dump_is_stable(request_model: CreateContainerRequest) -> None:
    again = check_request(json.loads(dump_request(request_model, "json"))).request

    assert dump_request(again, "yaml") == dump_request(request_model, "yaml")


def test_crictl_pair_halves(request_model: CreateContainerRequest) -> None:
    container_text, sandbox_text = dump_crictl_pair(request_model, "json")

    container = json.loads(container_text)
    sandbox = json.loads(sandbox_text)
    assert container["metadata"] == {"name": "web"}
    assert "pod_sandbox_id" not in container
    assert sandbox["metadata"]["namespace"] == "default"


@pytest.mark.parametrize("fmt", ["json", "yaml"])
def test_crictl_pair_round_trip(
    request_model: CreateContainerRequest, tmp_path: Path, fmt: Literal["json", "yaml"]
) -> None:
    container_text, sandbox_text = dump_crictl_pair(request_model, fmt)
    container = tmp_path / f"container.{fmt}"
    container.write_text(container_text, encoding="utf-8")
    sandbox = tmp_path / f"sandbox.{fmt}"
    sandbox.write_text(sandbox_text, encoding="utf-8")

    assert load_crictl_pair("101", container, sandbox).request == request_model


def test_save_crictl_pair_round_trip(
    request_model: CreateContainerRequest, tmp_path: Path
) -> None:
    container = tmp_path / "container.json"
    sandbox = tmp_path / "sandbox.yaml"

    save_crictl_pair(request_model, container, sandbox)

    assert container.read_text().startswith("{")
    assert sandbox.read_text().startswith("metadata:")
    assert load_crictl_pair("101", container, sandbox).request == request_model


@pytest.mark.parametrize("suffix", [".json", ".yaml", ".yml", ".YAML"])
def test_save_load_round_trip(
    request_model: CreateContainerRequest, tmp_path: Path, suffix: str
) -> None:
    path = tmp_path / f"request{suffix}"

    save_request(request_model, path)

    assert load_request_file(path).request == request_model


def test_format_follows_suffix(
    request_model: CreateContainerRequest, tmp_path: Path
) -> None:
    save_request(request_model, tmp_path / "a.json")
    save_request(request_model, tmp_path / "b.yaml")

    assert (tmp_path / "a.json").read_text().startswith("{")
    assert (tmp_path / "b.yaml").read_text().startswith("pod_sandbox_id:")


def test_explicit_format_overrides_suffix(
    request_model: CreateContainerRequest, tmp_path: Path
) -> None:
    path = tmp_path / "request.txt"

    save_request(request_model, path, "json")

    assert json.loads(path.read_text())["pod_sandbox_id"] == "101"


def test_unknown_suffix_is_rejected(
    request_model: CreateContainerRequest, tmp_path: Path
) -> None:
    with pytest.raises(RequestFileError, match=r"end it in \.json, \.yaml or \.yml"):
        save_request(request_model, tmp_path / "request.txt")


def test_save_replaces_and_keeps_mode(
    request_model: CreateContainerRequest, tmp_path: Path
) -> None:
    path = tmp_path / "request.yaml"
    path.write_text("old: content\n")
    path.chmod(0o600)

    save_request(request_model, path)

    assert path.stat().st_mode & 0o777 == 0o600
    assert "old" not in path.read_text()
    assert [entry.name for entry in tmp_path.iterdir()] == ["request.yaml"]


def test_save_into_missing_folder(
    request_model: CreateContainerRequest, tmp_path: Path
) -> None:
    path = tmp_path / "absent" / "request.yaml"

    with pytest.raises(RequestFileError, match="cannot be written"):
        save_request(request_model, path)

    assert not path.parent.exists()


def test_failed_save_leaves_no_temporary(
    request_model: CreateContainerRequest, tmp_path: Path
) -> None:
    target = tmp_path / "request.yaml"
    target.mkdir()

    with pytest.raises(RequestFileError, match="cannot be written"):
        save_request(request_model, target)

    assert [entry.name for entry in tmp_path.iterdir()] == ["request.yaml"]
    assert target.is_dir()
