"""Container rules at their boundaries, in both profiles."""

from __future__ import annotations

from typing import Any

import pytest

from console.cri import RULE_PROFILES, check_request

from .conftest import IssuesAt

ERROR = "error"
WARNING = "warning"
BOTH = pytest.mark.parametrize("profile", RULE_PROFILES)


@BOTH
def test_valid_request_is_clean(valid: dict[str, Any], profile: str) -> None:
    assert check_request(valid, profile=profile).issues == []


@BOTH
def test_pod_sandbox_id_required(
    valid: dict[str, Any], issues_at: IssuesAt, profile: str
) -> None:
    valid["pod_sandbox_id"] = ""

    assert issues_at(valid, "pod_sandbox_id", profile) == [
        ("sandbox-id-required", ERROR)
    ]


@BOTH
@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("", [("container-name-required", ERROR)]),
        ("a" * 63, []),
        ("a" * 64, [("container-name-length", ERROR)]),
    ],
)
def test_container_name(
    valid: dict[str, Any],
    issues_at: IssuesAt,
    profile: str,
    name: str,
    expected: list[tuple[str, str]],
) -> None:
    valid["config"]["metadata"]["name"] = name

    assert issues_at(valid, "config.metadata.name", profile) == expected


@BOTH
def test_missing_metadata_reports_name(
    valid: dict[str, Any], issues_at: IssuesAt, profile: str
) -> None:
    del valid["config"]["metadata"]

    assert issues_at(valid, "config.metadata.name", profile) == [
        ("container-name-required", ERROR)
    ]


HEX64 = "0123456789abcdef" * 4


@BOTH
@pytest.mark.parametrize(
    ("image", "expected"),
    [
        ("", [("image-required", ERROR)]),
        ("alpine", [("image-reference", ERROR)]),
        ("alpine:3.20", []),
        ("host:5000/app", [("image-reference", ERROR)]),
        ("host:5000/app:1.0", []),
        ("localhost/app:latest", []),
        (f"app@sha256:{HEX64}", []),
        (f"app:1@sha256:{HEX64}", []),
        (f"app@sha256:{HEX64[:-1]}", [("image-reference", ERROR)]),
        ("local:vztmpl/debian-12-standard_12.7-1_amd64.tar.zst", []),
        ("nfs-store:vztmpl/alpine.tar.xz", []),
        (HEX64, [("image-id", ERROR)]),
        (f"sha256:{HEX64}", [("image-id", ERROR)]),
        ("Docker.io/Library/App:1", [("image-reference", ERROR)]),
        ("app:1 ", [("image-reference", ERROR)]),
        ("https://registry/app:1", [("image-reference", ERROR)]),
    ],
)
def test_image(
    valid: dict[str, Any],
    issues_at: IssuesAt,
    profile: str,
    image: str,
    expected: list[tuple[str, str]],
) -> None:
    valid["config"]["image"]["image"] = image

    assert issues_at(valid, "config.image.image", profile) == expected


def test_image_without_tag_message_names_fix(valid: dict[str, Any]) -> None:
    valid["config"]["image"]["image"] = "host:5000/app"

    (issue,) = check_request(valid).issues

    assert "`host:5000/app:<tag>`" in issue.message
    assert '"host:5000/app"' in issue.message


@pytest.mark.parametrize(
    ("profile", "expected"),
    [
        ("proxmox", [("entrypoint-default", WARNING)]),
        ("seed", [("entrypoint-default", ERROR)]),
    ],
)
def test_command_and_args_empty(
    valid: dict[str, Any],
    issues_at: IssuesAt,
    profile: str,
    expected: list[tuple[str, str]],
) -> None:
    valid["config"]["command"] = []
    del valid["config"]["args"]

    assert issues_at(valid, "config.command", profile) == expected


@BOTH
def test_args_alone_is_enough(
    valid: dict[str, Any], issues_at: IssuesAt, profile: str
) -> None:
    del valid["config"]["command"]

    assert issues_at(valid, "config.command", profile) == []


@pytest.mark.parametrize(
    ("profile", "element", "expected"),
    [
        ("proxmox", "", [("command-element-empty", ERROR)]),
        ("seed", "", [("command-element-empty", ERROR)]),
        ("proxmox", "c" * 1024, []),
        ("seed", "c" * 1024, []),
        ("proxmox", "c" * 1025, [("command-element-length", WARNING)]),
        ("seed", "c" * 1025, [("command-element-length", ERROR)]),
    ],
)
def test_command_element(
    valid: dict[str, Any],
    issues_at: IssuesAt,
    profile: str,
    element: str,
    expected: list[tuple[str, str]],
) -> None:
    valid["config"]["command"] = ["nginx", element]

    assert issues_at(valid, "config.command[1]", profile) == expected


@pytest.mark.parametrize(
    ("profile", "element", "expected"),
    [
        ("proxmox", "", []),
        ("proxmox", "a" * 1024, []),
        ("seed", "a" * 1024, []),
        ("proxmox", "a" * 1025, [("args-element-length", WARNING)]),
        ("seed", "a" * 1025, [("args-element-length", ERROR)]),
    ],
)
def test_args_element(
    valid: dict[str, Any],
    issues_at: IssuesAt,
    profile: str,
    element: str,
    expected: list[tuple[str, str]],
) -> None:
    valid["config"]["args"] = [element]

    assert issues_at(valid, "config.args[0]", profile) == expected


@pytest.mark.parametrize(
    ("profile", "directory", "expected"),
    [
        ("proxmox", "", []),
        ("proxmox", "/", []),
        ("proxmox", "srv", [("path-not-absolute", ERROR)]),
        ("proxmox", "/srv/../etc", [("path-parent-segment", ERROR)]),
        ("seed", "/srv/../etc", [("path-parent-segment", ERROR)]),
        ("proxmox", "/srv/..hidden", []),
        ("seed", "/srv/..hidden", [("path-parent-segment", ERROR)]),
        ("proxmox", "/" + "d" * 4095, []),
        ("seed", "/" + "d" * 4095, []),
        ("proxmox", "/" + "d" * 4096, [("path-length", ERROR)]),
        ("seed", "/" + "d" * 4096, [("path-length", ERROR)]),
    ],
)
def test_working_dir(
    valid: dict[str, Any],
    issues_at: IssuesAt,
    profile: str,
    directory: str,
    expected: list[tuple[str, str]],
) -> None:
    valid["config"]["working_dir"] = directory

    assert issues_at(valid, "config.working_dir", profile) == expected


@pytest.mark.parametrize(
    ("profile", "key", "expected"),
    [
        ("proxmox", "", [("env-key-empty", ERROR)]),
        ("seed", "", [("env-key-empty", ERROR)]),
        ("proxmox", "A=B", [("env-key-character", ERROR)]),
        ("seed", "A\0B", [("env-key-character", ERROR)]),
        ("proxmox", "K" * 63, []),
        ("seed", "K" * 63, []),
        ("proxmox", "K" * 64, [("env-key-length", WARNING)]),
        ("seed", "K" * 64, [("env-key-length", ERROR)]),
        ("proxmox", "my.relaxed-name", []),
    ],
)
def test_env_key(
    valid: dict[str, Any],
    issues_at: IssuesAt,
    profile: str,
    key: str,
    expected: list[tuple[str, str]],
) -> None:
    valid["config"]["envs"] = [{"key": key, "value": "v"}]

    assert issues_at(valid, "config.envs[0].key", profile) == expected


@pytest.mark.parametrize(
    ("profile", "value", "expected"),
    [
        ("proxmox", "", []),
        ("proxmox", "a\0b", [("env-value-nul", ERROR)]),
        ("seed", "a\0b", [("env-value-nul", ERROR)]),
        ("proxmox", "v" * 4096, []),
        ("seed", "v" * 4096, []),
        ("proxmox", "v" * 4097, [("env-value-length", WARNING)]),
        ("seed", "v" * 4097, [("env-value-length", ERROR)]),
    ],
)
def test_env_value(
    valid: dict[str, Any],
    issues_at: IssuesAt,
    profile: str,
    value: str,
    expected: list[tuple[str, str]],
) -> None:
    valid["config"]["envs"] = [{"key": "K", "value": value}]

    assert issues_at(valid, "config.envs[0].value", profile) == expected


@BOTH
def test_env_key_duplicate(
    valid: dict[str, Any], issues_at: IssuesAt, profile: str
) -> None:
    valid["config"]["envs"] = [
        {"key": "A", "value": "1"},
        {"key": "B", "value": "2"},
        {"key": "A", "value": "3"},
    ]

    assert issues_at(valid, "config.envs[0].key", profile) == []
    assert issues_at(valid, "config.envs[2].key", profile) == [
        ("env-key-duplicate", ERROR)
    ]


def test_env_keys_differing_in_case_are_distinct(
    valid: dict[str, Any], issues_at: IssuesAt
) -> None:
    valid["config"]["envs"] = [{"key": "a", "value": "1"}, {"key": "A", "value": "2"}]

    assert issues_at(valid, "config.envs[1].key") == []


@pytest.mark.parametrize(
    ("profile", "container_path", "expected"),
    [
        ("proxmox", "", [("path-required", ERROR)]),
        ("proxmox", "data", [("path-not-absolute", ERROR)]),
        ("seed", "data", [("path-not-absolute", ERROR)]),
        ("proxmox", "/data/../etc", [("path-parent-segment", ERROR)]),
        ("proxmox", "/data..old", []),
        ("seed", "/data..old", [("path-parent-segment", ERROR)]),
    ],
)
def test_mount_container_path(
    valid: dict[str, Any],
    issues_at: IssuesAt,
    profile: str,
    container_path: str,
    expected: list[tuple[str, str]],
) -> None:
    valid["config"]["mounts"][0]["container_path"] = container_path

    assert issues_at(valid, "config.mounts[0].container_path", profile) == expected


@pytest.mark.parametrize(
    ("profile", "host_path", "expected"),
    [
        ("proxmox", "", [("path-required", ERROR)]),
        ("proxmox", "srv", [("path-not-absolute", ERROR)]),
        ("seed", "/srv/../root", [("path-parent-segment", ERROR)]),
        ("proxmox", "/srv/a..b", []),
        ("seed", "/srv/a..b", [("path-parent-segment", ERROR)]),
    ],
)
def test_mount_host_path(
    valid: dict[str, Any],
    issues_at: IssuesAt,
    profile: str,
    host_path: str,
    expected: list[tuple[str, str]],
) -> None:
    valid["config"]["mounts"][0]["host_path"] = host_path

    assert issues_at(valid, "config.mounts[0].host_path", profile) == expected


@BOTH
def test_image_volume_needs_empty_host_path(
    valid: dict[str, Any], issues_at: IssuesAt, profile: str
) -> None:
    mount = valid["config"]["mounts"][0]
    mount["image"] = {"image": "docker.io/library/busybox:1.36"}

    assert issues_at(valid, "config.mounts[0].host_path", profile) == [
        ("mount-image-host-path", ERROR)
    ]

    mount["host_path"] = ""

    assert check_request(valid, profile=profile).issues == []


@BOTH
@pytest.mark.parametrize(
    ("field", "value", "expected"),
    [
        ("container_path", "dev/fuse", [("path-not-absolute", ERROR)]),
        ("host_path", "", [("path-required", ERROR)]),
        ("permissions", "", []),
        ("permissions", "r", []),
        ("permissions", "mwr", []),
        ("permissions", "rwx", [("device-permissions", ERROR)]),
        ("permissions", "rr", [("device-permissions", ERROR)]),
    ],
)
def test_device(
    valid: dict[str, Any],
    issues_at: IssuesAt,
    profile: str,
    field: str,
    value: str,
    expected: list[tuple[str, str]],
) -> None:
    valid["config"]["devices"][0][field] = value

    assert issues_at(valid, f"config.devices[0].{field}", profile) == expected


@BOTH
def test_log_path_without_log_directory(
    valid: dict[str, Any], issues_at: IssuesAt, profile: str
) -> None:
    valid["sandbox_config"]["log_directory"] = ""

    assert issues_at(valid, "config.log_path", profile) == [
        ("log-path-without-directory", WARNING)
    ]


def test_image_template_placeholder_names_characters(valid: dict[str, Any]) -> None:
    valid["config"]["image"]["image"] = "${IMAGE}"

    (issue,) = check_request(valid).issues

    assert "it contains `$`, `{`, `}`" in issue.message
