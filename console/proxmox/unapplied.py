"""Find the request fields that Proxmox cannot apply, one warning per field."""

from __future__ import annotations

from pydantic import BaseModel

from console.cri.issues import Issue, Severity
from console.cri.models import CreateContainerRequest

CODE_NOT_APPLIED = "pve-not-applied"

# Field paths, with `[]` for any list index, that the plan turns into parameters or
# that lxc_params reports itself.
_APPLIED = frozenset(
    {
        "pod_sandbox_id",
        "config.metadata.name",
        "config.image.image",
        "config.command",
        "config.args",
        "config.envs",
        "config.mounts[].container_path",
        "config.mounts[].host_path",
        "config.mounts[].readonly",
        "config.mounts[].image",
        "config.devices",
        "config.labels",
        "config.annotations",
        "config.linux.resources.memory_limit_in_bytes",
        "config.linux.resources.memory_swap_limit_in_bytes",
        "config.linux.resources.cpu_quota",
        "config.linux.resources.cpu_period",
        "config.linux.security_context.privileged",
        "sandbox_config.metadata",
        "sandbox_config.dns_config.servers",
        "sandbox_config.dns_config.searches",
    }
)

# Messages whose fields are looked at one by one; any other message that is set gets
# one warning for the whole message.
_DESCEND = frozenset(
    {
        "",
        "config",
        "config.metadata",
        "config.image",
        "config.mounts[]",
        "config.linux",
        "config.linux.resources",
        "config.linux.security_context",
        "sandbox_config",
        "sandbox_config.dns_config",
    }
)

_SECURITY_PROFILES = (
    "Proxmox confines every container with its own AppArmor profile and seccomp "
    "filter, which a request cannot replace"
)
_REASONS = {
    "config.metadata.attempt": "Proxmox keeps no restart attempt counter",
    "config.working_dir": (
        "Proxmox sets no working directory for the init process; an OCI image's "
        "own WorkingDir still applies"
    ),
    "config.log_path": "Proxmox writes no container log file",
    "config.stdin": "Proxmox containers have consoles, not an attachable stdin",
    "config.stdin_once": "Proxmox containers have consoles, not an attachable stdin",
    "config.tty": "Proxmox containers always get consoles (`tty` sets how many)",
    "config.linux.security_context.seccomp": _SECURITY_PROFILES,
    "config.linux.security_context.apparmor": _SECURITY_PROFILES,
    "config.linux.security_context.seccomp_profile_path": _SECURITY_PROFILES,
    "config.linux.security_context.apparmor_profile": _SECURITY_PROFILES,
    "config.linux.security_context.run_as_user": (
        "the init process runs as root inside the container"
    ),
    "config.linux.resources.cpu_shares": (
        "the mapping covers memory, swap, cores and cpulimit only"
    ),
    "sandbox_config.hostname": (
        "the sandbox keeps its hostname; the new container's hostname comes from "
        "config.metadata.name"
    ),
    "sandbox_config.log_directory": "Proxmox writes no container log files",
    "sandbox_config.port_mappings": (
        "Proxmox publishes no ports; the container gets its own address by DHCP "
        "on the sandbox's bridge"
    ),
    "sandbox_config.dns_config.options": "Proxmox sets only nameservers and domains",
}
_DEFAULT_REASON = "Proxmox has no container setting for it"


def unapplied_fields(request: CreateContainerRequest) -> list[Issue]:
    """Return one warning for each set field that no LXC parameter carries."""
    issues: list[Issue] = []
    _sweep(request, "", "", issues)
    if request.config is not None and request.config.image is not None:
        image = request.config.image
        if image.user_specified_image and image.user_specified_image != image.image:
            issues.append(_warning("config.image.user_specified_image", ""))
    return issues


def _sweep(model: BaseModel, path: str, pattern: str, issues: list[Issue]) -> None:
    for name, info in type(model).model_fields.items():
        value = getattr(model, name)
        if value == info.get_default(call_default_factory=True):
            continue
        # An empty message asks for nothing beyond defaults that Proxmox has too
        # (`seccomp: {}` is the runtime's default profile).
        if isinstance(value, BaseModel) and value == type(value)():
            continue
        key = info.alias or name
        field_path = f"{path}.{key}" if path else key
        field_pattern = f"{pattern}.{key}" if pattern else key
        if (
            field_pattern in _APPLIED
            or field_path == "config.image.user_specified_image"
        ):
            continue
        if isinstance(value, BaseModel) and field_pattern in _DESCEND:
            _sweep(value, field_path, field_pattern, issues)
        elif isinstance(value, list) and f"{field_pattern}[]" in _DESCEND:
            for index, item in enumerate(value):
                _sweep(item, f"{field_path}[{index}]", f"{field_pattern}[]", issues)
        else:
            issues.append(_warning(field_path, field_pattern))


def _warning(path: str, pattern: str) -> Issue:
    reason = _REASONS.get(pattern or path, _DEFAULT_REASON)
    return Issue(path, CODE_NOT_APPLIED, Severity.WARNING, f"not applied: {reason}")
