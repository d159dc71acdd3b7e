"""Translate a CRI request into `POST /nodes/{node}/lxc` parameters, field by field.

Everything here is pure: the caller has already read the sandbox, the Proxmox VE
release, the storages and the connection's identity, and passes them in.
"""

from __future__ import annotations

import json
import math
import re
import shlex
import uuid
from dataclasses import dataclass, field

from console.cri.issues import Issue, Severity
from console.cri.models import (
    ContainerConfig,
    CreateContainerRequest,
    PodSandboxConfig,
)

MIB = 1024 * 1024
# Proxmox refuses `memory` below 16 MiB and `cores` above 8192.
MIN_MEMORY_MIB = 16
MAX_CORES = 8192
# The CFS period the kernel uses when a quota comes without one.
DEFAULT_CPU_PERIOD = 100_000
DESCRIPTION_LIMIT = 8192
ROOT_IDENTITY = "root@pam"

# A DNS label, as Proxmox's `dns-name` format accepts each label of a hostname.
_DNS_LABEL = re.compile(r"^[A-Za-z0-9]([A-Za-z0-9-]*[A-Za-z0-9])?$")
# Proxmox tags: `[a-z0-9_][a-z0-9_\-+.]*` after lower-casing.
_TAG_OUTSIDE_ALPHABET = re.compile(r"[^a-z0-9_\-+.]")
# `entrypoint` and `env` refuse control characters other than tab.
_CONTROL = re.compile(r"[\x00-\x08\x0a-\x1f\x7f]")

CODE_HOSTNAME = "pve-hostname"
CODE_NEEDS_9_1 = "pve-needs-9-1"
CODE_CONTROL_CHARACTER = "pve-control-character"
CODE_ROOT_ONLY = "pve-root-only"
CODE_BIND_MOUNT = "pve-bind-mount"
CODE_NOT_APPLIED = "pve-not-applied"
CODE_TAG_FOLDED = "pve-tag-folded"
CODE_MEMORY = "pve-memory"
CODE_DESCRIPTION = "pve-description-length"


@dataclass
class LxcParameters:
    """Parameters being built, with the request field each one came from."""

    params: dict[str, str | int] = field(default_factory=dict)
    fields: dict[str, str] = field(default_factory=dict)
    issues: list[Issue] = field(default_factory=list)

    def set(self, param: str, value: str | int, path: str) -> None:
        self.params[param] = value
        self.fields[param] = path

    def error(self, path: str, code: str, message: str) -> None:
        self.issues.append(Issue(path, code, Severity.ERROR, message))

    def warn(self, path: str, code: str, message: str) -> None:
        self.issues.append(Issue(path, code, Severity.WARNING, message))


@dataclass(frozen=True, slots=True)
class Target:
    """The node, network and identity a container is created with.

    `identity` is the user or token id the API authenticates (`root@pam`,
    `ops@pve!ci`), or None when it is unknown, as with the local `pvesh` backend,
    which runs as root.
    """

    node: str
    sandbox_vmid: int
    bridge: str
    supports_9_1: bool
    release: str
    identity: str | None


def fold_tag(text: str) -> str:
    """Return `text` as a Proxmox tag: lower case, other characters as `_`."""
    tag = _TAG_OUTSIDE_ALPHABET.sub("_", text.lower())
    if not tag or tag[0] in "-+.":
        tag = "_" + tag
    return tag


def request_tag(request_id: str) -> str:
    """Return the tag that marks every container created for `request_id`."""
    return fold_tag(f"req-{request_id}")


def map_sandbox(out: LxcParameters, target: Target) -> None:
    out.set("net0", f"name=eth0,bridge={target.bridge},ip=dhcp", "pod_sandbox_id")


def map_hostname(out: LxcParameters, config: ContainerConfig) -> None:
    name = config.metadata.name if config.metadata is not None else ""
    path = "config.metadata.name"
    if not name:
        return
    if len(name) > 63 or not _DNS_LABEL.match(name):
        out.error(
            path,
            CODE_HOSTNAME,
            f"{name!r} cannot be the container's hostname: Proxmox accepts a DNS "
            "label of letters, digits and inner `-`, at most 63 characters "
            f"(for example {_suggest_label(name)!r})",
        )
        return
    out.set("hostname", name, path)


def map_entrypoint(out: LxcParameters, config: ContainerConfig, target: Target) -> None:
    words = [*config.command, *config.args]
    if not words:
        return
    path = "config.command" if config.command else "config.args"
    if not target.supports_9_1:
        out.error(
            path,
            CODE_NEEDS_9_1,
            f"command and args need Proxmox VE 9.1 or later (the `entrypoint` "
            f"option); this cluster runs {target.release}. Remove them to use the "
            "template's init",
        )
        return
    entrypoint = shlex.join(words)
    if _CONTROL.search(entrypoint):
        out.error(
            path,
            CODE_CONTROL_CHARACTER,
            "command and args must not contain control characters other than tab: "
            "Proxmox refuses them in `entrypoint`",
        )
        return
    out.set("entrypoint", entrypoint, path)


def env_string(config: ContainerConfig) -> str:
    """Return the envs as Proxmox's `env`: `NAME=value` pairs separated by NUL."""
    return "\0".join(f"{env.key}={env.value}" for env in config.envs)


def map_env(out: LxcParameters, config: ContainerConfig, target: Target) -> None:
    if not config.envs:
        return
    if not target.supports_9_1:
        out.error(
            "config.envs",
            CODE_NEEDS_9_1,
            "environment variables need Proxmox VE 9.1 or later (the `env` "
            f"option); this cluster runs {target.release}",
        )
        return
    clean = True
    for index, env in enumerate(config.envs):
        for part, text in (("key", env.key), ("value", env.value)):
            if _CONTROL.search(text):
                clean = False
                out.error(
                    f"config.envs[{index}].{part}",
                    CODE_CONTROL_CHARACTER,
                    f"the env {part} contains a control character; Proxmox accepts "
                    "tab but no other control character in `env`",
                )
    if clean:
        out.set("env", env_string(config), "config.envs")


def map_mounts(out: LxcParameters, config: ContainerConfig, target: Target) -> None:
    index = 0
    for position, mount in enumerate(config.mounts):
        path = f"config.mounts[{position}]"
        if mount.image is not None:
            out.warn(
                f"{path}.image",
                CODE_NOT_APPLIED,
                "image-volume mounts are not applied: Proxmox can only bind-mount "
                "a host path, so this mount is left out",
            )
            continue
        if not _root_may_proceed(out, path, "bind mounts", target):
            continue
        value = f"{mount.host_path},mp={mount.container_path}"
        if mount.readonly:
            value += ",ro=1"
        out.set(f"mp{index}", value, path)
        out.warn(
            path,
            CODE_BIND_MOUNT,
            f"bind mount of {mount.host_path}: the path must exist on node "
            f"{target.node}, and only root@pam may create bind mounts",
        )
        index += 1


def map_devices(out: LxcParameters, config: ContainerConfig, target: Target) -> None:
    for index, device in enumerate(config.devices):
        path = f"config.devices[{index}]"
        if not _root_may_proceed(out, path, "device passthrough", target):
            continue
        value = device.host_path
        if device.permissions and "w" not in device.permissions:
            value += ",deny-write=1"
        out.set(f"dev{index}", value, path)
        if device.container_path and device.container_path != device.host_path:
            out.warn(
                f"{path}.container_path",
                CODE_NOT_APPLIED,
                f"Proxmox passes a device through at its host path, so it appears "
                f"at {device.host_path}, not at {device.container_path}",
            )


def _root_may_proceed(out: LxcParameters, path: str, what: str, target: Target) -> bool:
    if target.identity is None or target.identity == ROOT_IDENTITY:
        return True
    if "!" in target.identity:
        reason = f"the connection uses the API token {target.identity}"
    else:
        reason = f"the connection's user is {target.identity}"
    out.error(
        path,
        CODE_ROOT_ONLY,
        f"Proxmox allows {what} only for root@pam, and {reason}; connect as "
        "root@pam with a password, or remove this entry",
    )
    return False


def map_tags(
    out: LxcParameters, config: ContainerConfig, target: Target, request_id: str
) -> None:
    tags = [f"pod-{target.sandbox_vmid}", request_tag(request_id)]
    for key, value in sorted(config.labels.items()):
        text = f"{key}={value}" if value else key
        tag = fold_tag(text)
        tags.append(tag)
        # Only the `=` between key and value is expected to change.
        if tag != text.replace("=", "_", 1):
            out.warn(
                f"config.labels[{json.dumps(key)}]",
                CODE_TAG_FOLDED,
                f"the label becomes the tag {tag!r}: Proxmox tags are lower case "
                "and use only letters, digits and `_ - + .`",
            )
    out.set("tags", ";".join(dict.fromkeys(tags)), "config.labels")


def _uid(request_id: str) -> str:
    """Generate the pod uid a request left empty, as crictl does.

    crictl picks a random UUID; deriving it from the request id keeps it the same
    when the same request is submitted again.
    """
    return str(uuid.uuid5(uuid.NAMESPACE_URL, f"pod-console:request:{request_id}"))


def map_description(
    out: LxcParameters, request: CreateContainerRequest, request_id: str
) -> None:
    lines = [
        "Created by pod-console.",
        f"pod sandbox: {request.pod_sandbox_id}",
        f"request id: {request_id}",
    ]
    sandbox = request.sandbox_config
    if sandbox is not None and sandbox.metadata is not None:
        pod = sandbox.metadata
        lines.append(
            f"pod: {pod.namespace}/{pod.name} uid {pod.uid or _uid(request_id)}"
        )
    config = request.config
    annotations = config.annotations if config is not None else {}
    for key, value in sorted(annotations.items()):
        lines.append(f"annotation {key}: {value}")

    description = "\n".join(lines)
    if len(description) > DESCRIPTION_LIMIT:
        out.warn(
            "config.annotations",
            CODE_DESCRIPTION,
            f"the description would be {len(description)} characters and Proxmox "
            f"keeps at most {DESCRIPTION_LIMIT}; the annotations are cut short",
        )
        description = description[:DESCRIPTION_LIMIT]
    out.set("description", description, "config.annotations")


def map_resources(out: LxcParameters, config: ContainerConfig) -> None:
    linux = config.linux
    resources = linux.resources if linux is not None else None
    if resources is None:
        return
    base = "config.linux.resources"

    memory_mib = 0
    if resources.memory_limit_in_bytes > 0:
        memory_mib = math.ceil(resources.memory_limit_in_bytes / MIB)
        if memory_mib < MIN_MEMORY_MIB:
            out.error(
                f"{base}.memory_limit_in_bytes",
                CODE_MEMORY,
                f"Proxmox needs at least {MIN_MEMORY_MIB} MiB of memory "
                f"({MIN_MEMORY_MIB * MIB} bytes); the request gives "
                f"{resources.memory_limit_in_bytes} bytes",
            )
        else:
            out.set("memory", memory_mib, f"{base}.memory_limit_in_bytes")

    swap_limit = resources.memory_swap_limit_in_bytes
    swap_path = f"{base}.memory_swap_limit_in_bytes"
    if swap_limit > 0 and memory_mib >= MIN_MEMORY_MIB:
        # CRI's limit counts memory plus swap, Proxmox's `swap` only the swap.
        swap_mib = max(0, math.ceil(swap_limit / MIB) - memory_mib)
        out.set("swap", swap_mib, swap_path)
    elif swap_limit != 0:
        out.warn(
            swap_path,
            CODE_NOT_APPLIED,
            "not applied: Proxmox's swap is a size in MiB, derived from this limit "
            "minus memory_limit_in_bytes, so it needs a positive limit and a memory "
            "limit",
        )

    if resources.cpu_quota > 0:
        period = resources.cpu_period or DEFAULT_CPU_PERIOD
        limit = resources.cpu_quota / period
        cores = min(MAX_CORES, max(1, math.ceil(limit)))
        out.set("cores", cores, f"{base}.cpu_quota")
        out.set("cpulimit", f"{min(limit, MAX_CORES):.2f}", f"{base}.cpu_quota")
    elif resources.cpu_period > 0:
        out.warn(
            f"{base}.cpu_period",
            CODE_NOT_APPLIED,
            "not applied: a CPU period limits nothing without cpu_quota",
        )


def map_privileged(out: LxcParameters, config: ContainerConfig) -> None:
    linux = config.linux
    context = linux.security_context if linux is not None else None
    privileged = context is not None and context.privileged
    out.set(
        "unprivileged",
        0 if privileged else 1,
        "config.linux.security_context.privileged",
    )


def map_dns(out: LxcParameters, sandbox: PodSandboxConfig | None) -> None:
    dns = sandbox.dns_config if sandbox is not None else None
    if dns is None:
        return
    if dns.servers:
        out.set(
            "nameserver", " ".join(dns.servers), "sandbox_config.dns_config.servers"
        )
    if dns.searches:
        out.set(
            "searchdomain",
            " ".join(dns.searches),
            "sandbox_config.dns_config.searches",
        )


def _suggest_label(name: str) -> str:
    label = re.sub(r"[^A-Za-z0-9-]+", "-", name).strip("-")[:63].strip("-")
    return label or "app"
