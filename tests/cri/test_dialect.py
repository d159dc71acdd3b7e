"""request_to_data: the crictl dialect, and reading it back gives the same request."""

from __future__ import annotations

import json
from typing import Any

from hypothesis import given, settings
from hypothesis import strategies as st

from console.cri import CreateContainerRequest, check_request, request_to_data

from .strategies import request_shaped_data


def test_output_is_crictl_dialect(valid: dict[str, Any]) -> None:
    valid["sandbox_config"]["port_mappings"][0]["protocol"] = "UDP"
    valid["config"]["linux"]["security_context"]["run_as_user"] = 0
    valid["config"]["mounts"][0]["uidMappings"] = [{"host_id": 1, "length": 2}]
    valid["config"]["CDI_devices"] = [{"name": "vendor.com/gpu=0"}]

    data = request_to_data(check_request(valid).request)

    assert data["sandbox_config"]["port_mappings"][0]["protocol"] == 1  # type: ignore[index]
    context = data["config"]["linux"]["security_context"]  # type: ignore[index]
    assert context["run_as_user"] == {"value": 0}
    mount = data["config"]["mounts"][0]  # type: ignore[index]
    assert mount["uidMappings"] == [{"host_id": 1, "length": 2}]
    assert "CDI_devices" in data["config"]  # type: ignore[operator]


def test_output_uses_proto_order_and_omits_unset(valid: dict[str, Any]) -> None:
    shuffled = dict(reversed(list(valid["config"].items())))
    valid["config"] = shuffled
    valid["config"]["stdin"] = False
    valid["config"]["working_dir"] = ""

    data = request_to_data(check_request(valid).request)

    assert list(data) == ["pod_sandbox_id", "config", "sandbox_config"]
    assert list(data["config"]) == [  # type: ignore[call-overload]
        "metadata",
        "image",
        "command",
        "args",
        "envs",
        "mounts",
        "devices",
        "log_path",
        "linux",
    ]


def test_empty_message_is_kept(valid: dict[str, Any]) -> None:
    valid["config"]["linux"]["security_context"]["seccomp"] = {}

    data = request_to_data(check_request(valid).request)

    context = data["config"]["linux"]["security_context"]  # type: ignore[index]
    assert context["seccomp"] == {}


def test_output_is_json_serialisable(valid: dict[str, Any]) -> None:
    data = request_to_data(check_request(valid).request)

    assert json.loads(json.dumps(data)) == data


def test_round_trip_of_valid_request(valid: dict[str, Any]) -> None:
    request = check_request(valid).request

    again = check_request(request_to_data(request))

    assert again.request == request
    assert again.issues == []


@settings(max_examples=200, deadline=None)
@given(request_shaped_data())
def test_round_trip_of_any_readable_request(data: dict[str, object]) -> None:
    request = check_request(data).request

    again = check_request(request_to_data(request))

    assert again.request == request
    assert all(issue.code not in SHAPE_CODES for issue in again.issues)


@given(st.builds(CreateContainerRequest, pod_sandbox_id=st.text(max_size=5)))
def test_round_trip_of_built_request(request: CreateContainerRequest) -> None:
    assert check_request(request_to_data(request)).request == request


SHAPE_CODES = {
    "type-mismatch",
    "int-range",
    "enum-value",
    "unknown-key",
    "duplicate-key",
    "crictl-dialect",
    "env-value-scalar",
    "plan-shape",
}
