"""Stage-1 request rules: every check that needs nothing but the request itself."""

from __future__ import annotations

from console.cri import codes
from console.cri.findings import Findings
from console.cri.issues import Issue
from console.cri.models import ContainerConfig, CreateContainerRequest, PodSandboxConfig
from console.cri.rules_container import check_container
from console.cri.rules_sandbox import check_sandbox
from console.cri.rules_security import check_security_context

RULE_PROFILES = ("proxmox", "seed")
"""`proxmox` (the default) keeps CRI's meaning of empty values and Proxmox's limits;
`seed` applies the original plan's stricter rules, turning some warnings into errors."""


def validate_request(
    request: CreateContainerRequest, profile: str = "proxmox"
) -> list[Issue]:
    """Apply the request rules of `profile` and return the issues, in rule order.

    A missing `config` or `sandbox_config` is checked as an empty one, so each
    required field inside it is reported by its own path.
    """
    if profile not in RULE_PROFILES:
        raise ValueError(
            f"unknown rule profile {profile!r}: use one of {RULE_PROFILES}"
        )
    findings = Findings(profile)
    if not request.pod_sandbox_id:
        findings.error(
            "pod_sandbox_id",
            codes.SANDBOX_ID_REQUIRED,
            "`pod_sandbox_id` is empty: set the vmid or the name of the sandbox "
            "container",
        )

    config = request.config or ContainerConfig()
    sandbox = request.sandbox_config or PodSandboxConfig()
    check_container(findings, config)
    if config.linux is not None and config.linux.security_context is not None:
        check_security_context(
            findings, "config.linux.security_context", config.linux.security_context
        )
    if config.log_path and not sandbox.log_directory:
        findings.warning(
            "config.log_path",
            codes.LOG_PATH_WITHOUT_DIRECTORY,
            "`config.log_path` is set but `sandbox_config.log_directory` is empty, "
            "so the runtime disables logging: set `log_directory` to an absolute "
            "path",
        )

    check_sandbox(findings, sandbox)
    if sandbox.linux is not None and sandbox.linux.security_context is not None:
        check_security_context(
            findings,
            "sandbox_config.linux.security_context",
            sandbox.linux.security_context,
        )
    return findings.issues
