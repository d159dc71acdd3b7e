"""Rules on security contexts: user and group ids, seccomp and AppArmor profiles."""

from __future__ import annotations

from console.cri import codes
from console.cri.enums import ProfileType
from console.cri.findings import Findings
from console.cri.models import (
    Int64Value,
    LinuxContainerSecurityContext,
    LinuxSandboxSecurityContext,
    SecurityProfile,
)
from console.cri.shapes import quote

ID_MAX = 2**31 - 1
_PROFILE_FORMS = (
    "`runtime/default`, `unconfined`, `localhost/<profile>` or an absolute path"
)


def check_security_context(
    findings: Findings,
    prefix: str,
    context: LinuxContainerSecurityContext | LinuxSandboxSecurityContext,
) -> None:
    """Apply the security rules to a container's or sandbox's security context."""
    _check_id(findings, f"{prefix}.run_as_user", context.run_as_user)
    _check_id(findings, f"{prefix}.run_as_group", context.run_as_group)
    for index, group in enumerate(context.supplemental_groups):
        _check_id_value(findings, f"{prefix}.supplemental_groups[{index}]", group)

    username = getattr(context, "run_as_username", "")
    if (
        context.run_as_group is not None
        and context.run_as_user is None
        and not username
    ):
        user_fields = "`run_as_user`"
        if isinstance(context, LinuxContainerSecurityContext):
            user_fields = "`run_as_user` or `run_as_username`"
        findings.error(
            f"{prefix}.run_as_group",
            codes.GROUP_WITHOUT_USER,
            f"`{prefix}.run_as_group` is set without a user: set {user_fields} too, "
            f"or remove `run_as_group`",
        )

    _check_profile(findings, f"{prefix}.seccomp", context.seccomp, seccomp=True)
    _check_profile(findings, f"{prefix}.apparmor", context.apparmor, seccomp=False)
    _check_profile_string(
        findings, f"{prefix}.seccomp_profile_path", context.seccomp_profile_path, True
    )
    if isinstance(context, LinuxContainerSecurityContext):
        _check_profile_string(
            findings, f"{prefix}.apparmor_profile", context.apparmor_profile, False
        )


def _check_id(findings: Findings, path: str, wrapper: Int64Value | None) -> None:
    if wrapper is not None:
        _check_id_value(findings, f"{path}.value", wrapper.value)


def _check_id_value(findings: Findings, path: str, value: int) -> None:
    if not 0 <= value <= ID_MAX:
        findings.error(
            path,
            codes.ID_RANGE,
            f"`{path}` is {value}: user and group ids go from 0 to {ID_MAX}",
        )


def _check_profile(
    findings: Findings, path: str, profile: SecurityProfile | None, *, seccomp: bool
) -> None:
    if profile is None:
        return
    reference = profile.localhost_ref
    ref_path = f"{path}.localhost_ref"
    if profile.profile_type is not ProfileType.Localhost:
        if reference:
            findings.error(
                ref_path,
                codes.SECURITY_PROFILE,
                f"`{ref_path}` is set but `{path}.profile_type` is "
                f"{profile.profile_type.name}: set `profile_type` to Localhost (2) "
                f"or remove `localhost_ref`",
            )
        return
    if not reference:
        findings.error(
            ref_path,
            codes.SECURITY_PROFILE,
            f"`{ref_path}` is empty but `profile_type` is Localhost: name the "
            + ("profile file by its absolute path" if seccomp else "AppArmor profile"),
        )
    elif seccomp and not reference.startswith("/"):
        findings.error(
            ref_path,
            codes.SECURITY_PROFILE,
            f"`{ref_path}` is {quote(reference)}: a seccomp profile is named by the "
            f"absolute path of its file, such as `/var/lib/kubelet/seccomp/x.json`",
        )


def _check_profile_string(
    findings: Findings, path: str, value: str, seccomp: bool
) -> None:
    if not value or value in ("runtime/default", "unconfined") or value.startswith("/"):
        return
    if value.startswith("localhost/"):
        name = value.removeprefix("localhost/")
        if seccomp and not name.startswith("/"):
            findings.error(
                path,
                codes.SECURITY_PROFILE,
                f"`{path}` is {quote(value)}: after `localhost/` a seccomp profile "
                f"is an absolute path, as in `localhost//var/lib/seccomp/x.json`",
            )
        elif not name:
            findings.error(
                path,
                codes.SECURITY_PROFILE,
                f"`{path}` is {quote(value)}: name the profile after `localhost/`",
            )
        return
    findings.error(
        path,
        codes.SECURITY_PROFILE,
        f"`{path}` is {quote(value)}, which names no profile: use {_PROFILE_FORMS}",
    )
