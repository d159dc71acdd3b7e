"""Stage-1 request rules: every check that needs nothing but the request itself."""

from __future__ import annotations

from console.cri import codes
from console.cri.findings import Findings
from console.cri.issues import Issue
from console.cri.models import ContainerConfig, CreateContainerRequest, PodSandboxConfig

RULE_PROFILES = ("proxmox", "seed")


def validate_request(
    request: CreateContainerRequest, profile: str = "proxmox"
) -> list[Issue]:
    """Apply the request rules of `profile` and return the issues, in rule order."""
    if profile not in RULE_PROFILES:
        raise ValueError(
            f"unknown rule profile {profile!r}: use one of {RULE_PROFILES}"
        )
    findings = Findings(profile)
    if not request.pod_sandbox_id:
        findings.error(
            "pod_sandbox_id",
            codes.SANDBOX_ID_REQUIRED,
            "`pod_sandbox_id` is empty: set the vmid or name of the sandbox container",
        )
    config = request.config or ContainerConfig()
    sandbox = request.sandbox_config or PodSandboxConfig()
    metadata = config.metadata
    if metadata is None or not metadata.name:
        findings.error(
            "config.metadata.name",
            codes.CONTAINER_NAME_REQUIRED,
            "`config.metadata.name` is empty: name the container",
        )
    image = config.image
    if image is None or not image.image:
        findings.error(
            "config.image.image",
            codes.IMAGE_REQUIRED,
            "`config.image.image` is empty: set an image reference with a tag",
        )
    del sandbox
    return findings.issues
