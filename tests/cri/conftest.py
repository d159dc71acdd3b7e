"""Fixtures for the validation core tests: a valid request to break field by field."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

import pytest

from console.cri import check_request


@pytest.fixture
def valid() -> dict[str, Any]:
    """Return a combined request that passes every rule of both profiles."""
    return {
        "pod_sandbox_id": "101",
        "config": {
            "metadata": {"name": "web"},
            "image": {"image": "docker.io/library/nginx:1.27"},
            "command": ["nginx"],
            "args": ["-g", "daemon off;"],
            "working_dir": "/srv",
            "envs": [{"key": "MODE", "value": "production"}],
            "mounts": [{"container_path": "/data", "host_path": "/srv/data"}],
            "devices": [
                {
                    "container_path": "/dev/fuse",
                    "host_path": "/dev/fuse",
                    "permissions": "rwm",
                }
            ],
            "log_path": "web/0.log",
            "linux": {
                "security_context": {
                    "run_as_user": {"value": 1000},
                    "run_as_group": {"value": 1000},
                }
            },
        },
        "sandbox_config": {
            "metadata": {"name": "pod", "namespace": "default", "uid": "uid-1"},
            "hostname": "pod",
            "log_directory": "/var/log/pods/default_pod_uid-1",
            "port_mappings": [{"container_port": 80, "host_port": 8080}],
            "dns_config": {"servers": ["10.0.0.10"], "searches": ["svc.local"]},
        },
    }


IssuesAt = Callable[..., list[tuple[str, str]]]


def _issues_at(
    data: Mapping[str, object], path: str, profile: str = "proxmox"
) -> list[tuple[str, str]]:
    """Return (code, severity) of each issue check_request reports at `path`."""
    checked = check_request(data, profile=profile)
    return [
        (issue.code, issue.severity.value)
        for issue in checked.issues
        if issue.path == path
    ]


@pytest.fixture
def issues_at() -> IssuesAt:
    """Return a function listing (code, severity) of the issues at one path."""
    return _issues_at
