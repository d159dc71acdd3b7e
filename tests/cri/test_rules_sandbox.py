"""Sandbox rules at their boundaries, in both profiles."""

from __future__ import annotations

from typing import Any

import pytest

from console.cri import RULE_PROFILES, check_request

from .conftest import IssuesAt

ERROR = "error"
WARNING = "warning"
BOTH = pytest.mark.parametrize("profile", RULE_PROFILES)


@BOTH
@pytest.mark.parametrize("field", ["name", "namespace"])
def test_metadata_required(
    valid: dict[str, Any], issues_at: IssuesAt, profile: str, field: str
) -> None:
    valid["sandbox_config"]["metadata"][field] = ""

    assert issues_at(valid, f"sandbox_config.metadata.{field}", profile) == [
        (f"sandbox-{field}-required", ERROR)
    ]


@pytest.mark.parametrize(
    ("profile", "severity"), [("proxmox", WARNING), ("seed", ERROR)]
)
def test_metadata_uid_missing(
    valid: dict[str, Any], issues_at: IssuesAt, profile: str, severity: str
) -> None:
    del valid["sandbox_config"]["metadata"]["uid"]

    assert issues_at(valid, "sandbox_config.metadata.uid", profile) == [
        ("sandbox-uid-missing", severity)
    ]


@BOTH
def test_missing_sandbox_config_reports_each_field(
    valid: dict[str, Any], issues_at: IssuesAt, profile: str
) -> None:
    del valid["sandbox_config"]

    assert issues_at(valid, "sandbox_config.metadata.name", profile) == [
        ("sandbox-name-required", ERROR)
    ]
    assert issues_at(valid, "sandbox_config.metadata.namespace", profile) == [
        ("sandbox-namespace-required", ERROR)
    ]


LABEL_63 = "h" * 63


@pytest.mark.parametrize(
    ("profile", "hostname", "expected"),
    [
        ("proxmox", "", []),
        ("proxmox", "web-1", []),
        ("seed", "web-1", []),
        ("proxmox", "web.example.com", []),
        ("seed", "web.example.com", [("hostname-syntax", ERROR)]),
        ("proxmox", "web_1", [("hostname-syntax", ERROR)]),
        ("seed", "web_1", [("hostname-syntax", ERROR)]),
        ("proxmox", "-web", [("hostname-syntax", ERROR)]),
        ("proxmox", "web-", [("hostname-syntax", ERROR)]),
        ("proxmox", "web..local", [("hostname-syntax", ERROR)]),
        ("proxmox", "wéb", [("hostname-syntax", ERROR)]),
        ("proxmox", LABEL_63, []),
        ("seed", LABEL_63, []),
        ("proxmox", "h" * 64, [("hostname-syntax", ERROR)]),
        ("proxmox", "a." + "h" * 62, []),
        ("seed", "h" * 64, [("hostname-syntax", ERROR), ("hostname-length", ERROR)]),
        ("proxmox", "ab." + "h" * 62, [("hostname-length", ERROR)]),
    ],
)
def test_hostname(
    valid: dict[str, Any],
    issues_at: IssuesAt,
    profile: str,
    hostname: str,
    expected: list[tuple[str, str]],
) -> None:
    valid["sandbox_config"]["hostname"] = hostname

    assert issues_at(valid, "sandbox_config.hostname", profile) == expected


@pytest.mark.parametrize(
    ("profile", "directory", "expected"),
    [
        ("proxmox", "", []),
        ("proxmox", "var/log/pods", [("path-not-absolute", ERROR)]),
        ("proxmox", "/var/log/../pods", [("path-parent-segment", ERROR)]),
        ("proxmox", "/var/log/pods..old", []),
        ("seed", "/var/log/pods..old", [("path-parent-segment", ERROR)]),
        ("proxmox", "/" + "l" * 4095, []),
        ("proxmox", "/" + "l" * 4096, [("path-length", ERROR)]),
    ],
)
def test_log_directory(
    valid: dict[str, Any],
    issues_at: IssuesAt,
    profile: str,
    directory: str,
    expected: list[tuple[str, str]],
) -> None:
    valid["sandbox_config"]["log_directory"] = directory

    assert issues_at(valid, "sandbox_config.log_directory", profile) == expected


@BOTH
@pytest.mark.parametrize(
    ("port", "expected"),
    [
        (0, [("container-port-range", ERROR)]),
        (1, []),
        (65535, []),
        (65536, [("container-port-range", ERROR)]),
        (-1, [("container-port-range", ERROR)]),
    ],
)
def test_container_port(
    valid: dict[str, Any],
    issues_at: IssuesAt,
    profile: str,
    port: int,
    expected: list[tuple[str, str]],
) -> None:
    valid["sandbox_config"]["port_mappings"][0]["container_port"] = port

    path = "sandbox_config.port_mappings[0].container_port"
    assert issues_at(valid, path, profile) == expected


@pytest.mark.parametrize(
    ("profile", "port", "expected"),
    [
        ("proxmox", 0, []),
        ("seed", 0, [("host-port-range", ERROR)]),
        ("proxmox", 1, []),
        ("seed", 1, []),
        ("proxmox", 65535, []),
        ("seed", 65535, []),
        ("proxmox", 65536, [("host-port-range", ERROR)]),
        ("seed", 65536, [("host-port-range", ERROR)]),
        ("proxmox", -1, [("host-port-range", ERROR)]),
    ],
)
def test_host_port(
    valid: dict[str, Any],
    issues_at: IssuesAt,
    profile: str,
    port: int,
    expected: list[tuple[str, str]],
) -> None:
    valid["sandbox_config"]["port_mappings"][0]["host_port"] = port

    path = "sandbox_config.port_mappings[0].host_port"
    assert issues_at(valid, path, profile) == expected


@BOTH
@pytest.mark.parametrize(
    ("protocol", "expected"),
    [
        (0, []),
        (2, []),
        (3, [("enum-value", ERROR)]),
        ("SCTP", [("crictl-dialect", WARNING)]),
        ("QUIC", [("enum-value", ERROR)]),
    ],
)
def test_protocol(
    valid: dict[str, Any],
    issues_at: IssuesAt,
    profile: str,
    protocol: object,
    expected: list[tuple[str, str]],
) -> None:
    valid["sandbox_config"]["port_mappings"][0]["protocol"] = protocol

    path = "sandbox_config.port_mappings[0].protocol"
    assert issues_at(valid, path, profile) == expected


@BOTH
@pytest.mark.parametrize(
    ("server", "expected"),
    [
        ("10.0.0.10", []),
        ("fd00::10", []),
        ("10.0.0.256", [("dns-server", ERROR)]),
        ("dns.local", [("dns-server", ERROR)]),
    ],
)
def test_dns_server(
    valid: dict[str, Any],
    issues_at: IssuesAt,
    profile: str,
    server: str,
    expected: list[tuple[str, str]],
) -> None:
    valid["sandbox_config"]["dns_config"]["servers"] = [server]

    path = "sandbox_config.dns_config.servers[0]"
    assert issues_at(valid, path, profile) == expected


@BOTH
@pytest.mark.parametrize(
    ("search", "expected"),
    [
        ("svc.cluster.local", []),
        ("svc.cluster.local.", []),
        ("local", []),
        ("svc..local", [("dns-search", ERROR)]),
        ("svc_a.local", [("dns-search", ERROR)]),
        ("-svc.local", [("dns-search", ERROR)]),
        (".".join(["a" * 63] * 4)[:253], []),
        (".".join(["a" * 63] * 4), [("dns-search", ERROR)]),
    ],
)
def test_dns_search(
    valid: dict[str, Any],
    issues_at: IssuesAt,
    profile: str,
    search: str,
    expected: list[tuple[str, str]],
) -> None:
    valid["sandbox_config"]["dns_config"]["searches"] = [search]

    path = "sandbox_config.dns_config.searches[0]"
    assert issues_at(valid, path, profile) == expected


def test_hostname_with_underscore_suggests_dash(valid: dict[str, Any]) -> None:
    valid["sandbox_config"]["hostname"] = "crictl_host"

    (issue,) = check_request(valid).issues

    assert issue.message.endswith('use "crictl-host"')
