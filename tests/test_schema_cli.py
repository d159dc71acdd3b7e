"""`pod-console schema`: the JSON Schema printed for editors."""

from __future__ import annotations

import json
from typing import Any

import pytest

from console.__main__ import main


def print_schema(capsys: pytest.CaptureFixture[str], *argv: str) -> dict[str, Any]:
    code = main(["schema", *argv])
    document: dict[str, Any] = json.loads(capsys.readouterr().out)
    assert code == 0
    return document


def test_request_schema_top_level(capsys: pytest.CaptureFixture[str]) -> None:
    schema = print_schema(capsys)

    assert schema["$schema"] == "https://json-schema.org/draft/2020-12/schema"
    assert list(schema["properties"]) == ["pod_sandbox_id", "config", "sandbox_config"]
    assert schema["additionalProperties"] is False


def test_schema_uses_proto_key_names(capsys: pytest.CaptureFixture[str]) -> None:
    definitions = print_schema(capsys)["$defs"]

    assert "uidMappings" in definitions["Mount"]["properties"]
    assert "CDI_devices" in definitions["ContainerConfig"]["properties"]
    assert "log_directory" in definitions["PodSandboxConfig"]["properties"]


def test_container_part(capsys: pytest.CaptureFixture[str]) -> None:
    schema = print_schema(capsys, "--part", "container")

    assert "metadata" in schema["properties"]
    assert "pod_sandbox_id" not in schema["properties"]
    assert schema["title"] == "crictl container config file"


def test_sandbox_part(capsys: pytest.CaptureFixture[str]) -> None:
    schema = print_schema(capsys, "--part", "sandbox")

    assert "hostname" in schema["properties"]
    assert "port_mappings" in schema["properties"]
