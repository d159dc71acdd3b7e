"""Issue positions from a source map, and the order issues come in."""

from __future__ import annotations

from typing import Any

from console.cri import check_request

SOURCE = {
    (): (1, 1),
    ("pod_sandbox_id",): (1, 1),
    ("config",): (2, 1),
    ("config", "metadata"): (3, 3),
    ("config", "envs"): (5, 3),
    ("config", "envs", 0): (6, 5),
    ("config", "envs", 0, "key"): (6, 7),
    ("config", "envs", 1): (7, 5),
    ("config", "security_context"): (9, 3),
    ("sandbox_config",): (12, 1),
    ("sandbox_config", "logDirectory"): (13, 3),
}


def request_data() -> dict[str, Any]:
    return {
        "pod_sandbox_id": "",
        "config": {
            "metadata": {},
            "image": {"image": "alpine:3"},
            "command": ["sh"],
            "envs": [{"key": "A"}, {"key": "A"}],
            "security_context": {"run_as_group": {"value": 1}},
        },
        "sandbox_config": {
            "logDirectory": "logs",
            "metadata": {"name": "pod", "namespace": "default", "uid": "u"},
        },
    }


def test_each_issue_gets_nearest_position() -> None:
    checked = check_request(request_data(), source=SOURCE, file="request.yaml")

    where = {issue.path: (issue.line, issue.column) for issue in checked.issues}
    assert where["pod_sandbox_id"] == (1, 1)
    assert where["config.metadata.name"] == (3, 3)
    assert where["config.envs[1].key"] == (7, 5)
    assert where["config.linux.security_context.run_as_group"] == (9, 3)
    assert where["sandbox_config.log_directory"] == (13, 3)
    assert all(issue.file == "request.yaml" for issue in checked.issues)


def test_issues_are_sorted_by_position() -> None:
    checked = check_request(request_data(), source=SOURCE, file="request.yaml")

    positions = [(issue.line, issue.column) for issue in checked.issues]
    assert positions == sorted(positions)


def test_issues_without_source_follow_proto_order() -> None:
    checked = check_request(request_data())

    paths = [issue.path for issue in checked.issues]
    assert paths == [
        "pod_sandbox_id",
        "config.metadata.name",
        "config.envs[1].key",
        "config.linux.security_context",
        "config.linux.security_context.run_as_group",
        "sandbox_config.log_directory",
        "sandbox_config.log_directory",
    ]
    assert all(issue.line is None and issue.file is None for issue in checked.issues)
