"""Security-context rules: ids, a group without a user, seccomp and AppArmor."""

from __future__ import annotations

from typing import Any

import pytest

from console.cri import RULE_PROFILES

from .conftest import IssuesAt

ERROR = "error"
BOTH = pytest.mark.parametrize("profile", RULE_PROFILES)
CONTEXTS = pytest.mark.parametrize(
    "context_path",
    ["config.linux.security_context", "sandbox_config.linux.security_context"],
)
ID_MAX = 2**31 - 1


def context_of(data: dict[str, Any], context_path: str) -> dict[str, Any]:
    """Return the security context mapping at `context_path`, creating it if absent."""
    node = data
    for part in context_path.split("."):
        node = node.setdefault(part, {})
    return node


@BOTH
@CONTEXTS
@pytest.mark.parametrize("field", ["run_as_user", "run_as_group"])
@pytest.mark.parametrize(
    ("value", "expected"),
    [
        (0, []),
        (ID_MAX, []),
        (ID_MAX + 1, [("id-range", ERROR)]),
        (-1, [("id-range", ERROR)]),
    ],
)
def test_id_range(
    valid: dict[str, Any],
    issues_at: IssuesAt,
    profile: str,
    context_path: str,
    field: str,
    value: int,
    expected: list[tuple[str, str]],
) -> None:
    context = context_of(valid, context_path)
    context["run_as_user"] = {"value": 1}
    context[field] = {"value": value}

    assert issues_at(valid, f"{context_path}.{field}.value", profile) == expected


@BOTH
@CONTEXTS
@pytest.mark.parametrize(
    ("group", "expected"),
    [
        (0, []),
        (ID_MAX, []),
        (ID_MAX + 1, [("id-range", ERROR)]),
        (-5, [("id-range", ERROR)]),
    ],
)
def test_supplemental_group_range(
    valid: dict[str, Any],
    issues_at: IssuesAt,
    profile: str,
    context_path: str,
    group: int,
    expected: list[tuple[str, str]],
) -> None:
    context_of(valid, context_path)["supplemental_groups"] = [100, group]

    path = f"{context_path}.supplemental_groups[1]"
    assert issues_at(valid, path, profile) == expected


@BOTH
@CONTEXTS
def test_group_needs_user(
    valid: dict[str, Any], issues_at: IssuesAt, profile: str, context_path: str
) -> None:
    context = context_of(valid, context_path)
    context.pop("run_as_user", None)
    context["run_as_group"] = {"value": 0}

    assert issues_at(valid, f"{context_path}.run_as_group", profile) == [
        ("group-without-user", ERROR)
    ]


@BOTH
def test_group_with_username_is_fine(
    valid: dict[str, Any], issues_at: IssuesAt, profile: str
) -> None:
    context = valid["config"]["linux"]["security_context"]
    del context["run_as_user"]
    context["run_as_username"] = "www-data"

    path = "config.linux.security_context.run_as_group"
    assert issues_at(valid, path, profile) == []


@BOTH
@CONTEXTS
@pytest.mark.parametrize(
    ("profile_data", "expected"),
    [
        ({}, []),
        ({"profile_type": 1}, []),
        ({"profile_type": 2, "localhost_ref": "/var/lib/seccomp/web.json"}, []),
        ({"profile_type": 2}, [("security-profile", ERROR)]),
        (
            {"profile_type": 2, "localhost_ref": "web.json"},
            [("security-profile", ERROR)],
        ),
        (
            {"profile_type": 0, "localhost_ref": "/x.json"},
            [("security-profile", ERROR)],
        ),
    ],
)
def test_seccomp_profile(
    valid: dict[str, Any],
    issues_at: IssuesAt,
    profile: str,
    context_path: str,
    profile_data: dict[str, object],
    expected: list[tuple[str, str]],
) -> None:
    context_of(valid, context_path)["seccomp"] = profile_data

    path = f"{context_path}.seccomp.localhost_ref"
    assert issues_at(valid, path, profile) == expected


@BOTH
@pytest.mark.parametrize(
    ("profile_data", "expected"),
    [
        ({"profile_type": 2, "localhost_ref": "k8s-web"}, []),
        ({"profile_type": 2}, [("security-profile", ERROR)]),
        (
            {"profile_type": 1, "localhost_ref": "k8s-web"},
            [("security-profile", ERROR)],
        ),
    ],
)
def test_apparmor_profile(
    valid: dict[str, Any],
    issues_at: IssuesAt,
    profile: str,
    profile_data: dict[str, object],
    expected: list[tuple[str, str]],
) -> None:
    valid["config"]["linux"]["security_context"]["apparmor"] = profile_data

    path = "config.linux.security_context.apparmor.localhost_ref"
    assert issues_at(valid, path, profile) == expected


@BOTH
@pytest.mark.parametrize(
    ("field", "value", "expected"),
    [
        ("seccomp_profile_path", "runtime/default", []),
        ("seccomp_profile_path", "unconfined", []),
        ("seccomp_profile_path", "localhost//etc/seccomp/web.json", []),
        ("seccomp_profile_path", "/etc/seccomp/web.json", []),
        ("seccomp_profile_path", "localhost/web.json", [("security-profile", ERROR)]),
        ("seccomp_profile_path", "docker/default", [("security-profile", ERROR)]),
        ("apparmor_profile", "localhost/k8s-web", []),
        ("apparmor_profile", "localhost/", [("security-profile", ERROR)]),
        ("apparmor_profile", "k8s-web", [("security-profile", ERROR)]),
        ("apparmor_profile", "runtime/default", []),
    ],
)
def test_deprecated_profile_strings(
    valid: dict[str, Any],
    issues_at: IssuesAt,
    profile: str,
    field: str,
    value: str,
    expected: list[tuple[str, str]],
) -> None:
    valid["config"]["linux"]["security_context"][field] = value

    path = f"config.linux.security_context.{field}"
    assert issues_at(valid, path, profile) == expected
