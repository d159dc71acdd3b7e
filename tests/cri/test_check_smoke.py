"""check_request on a small valid request and on a few wrong shapes."""

from __future__ import annotations

from console.cri import check_request, request_to_data

VALID = {
    "pod_sandbox_id": "101",
    "config": {
        "metadata": {"name": "web"},
        "image": {"image": "docker.io/library/nginx:1.27"},
        "command": ["nginx"],
    },
    "sandbox_config": {
        "metadata": {"name": "pod", "namespace": "default", "uid": "u-1"},
    },
}


def test_valid_request_has_no_issues() -> None:
    checked = check_request(VALID)

    assert checked.issues == []
    assert checked.request.config is not None
    assert checked.request.config.command == ["nginx"]


def test_string_command_is_type_mismatch() -> None:
    data = {**VALID, "config": {**VALID["config"], "command": "nginx"}}  # type: ignore[dict-item]

    checked = check_request(data)

    assert [issue.code for issue in checked.issues] == ["type-mismatch"]
    assert checked.issues[0].message == (
        "`config.command` should be a list of strings, found a string"
    )


def test_round_trip_keeps_request() -> None:
    request = check_request(VALID).request

    assert check_request(request_to_data(request)).request == request
