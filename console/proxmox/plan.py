"""Stage 3: the LXC create parameters of a checked request, before submission."""

from __future__ import annotations

import re
import shlex
from dataclasses import dataclass, field, replace
from typing import TYPE_CHECKING

from console.cri.issues import Issue, Severity
from console.cri.models import CreateContainerRequest
from console.proxmox import lxc_params
from console.proxmox.images import choose_image, is_template_volume, storages_with
from console.proxmox.lxc_params import LxcParameters, Target
from console.proxmox.replies import api_rows, api_vmid
from console.proxmox.unapplied import unapplied_fields

if TYPE_CHECKING:
    from console.proxmox.checks import SandboxCheck
    from console.proxmox.connection import Connection

CODE_NO_ROOTDIR = "pve-no-rootdir-storage"
FIRST_RELEASE_WITH_OCI = (9, 1)

# Characters that shlex.quote would pass through into a terminal unescaped.
_NEEDS_ANSI_C_QUOTING = re.compile(r"[\x00-\x1f\x7f]")


@dataclass(frozen=True)
class Plan:
    """The parameters of `POST /nodes/{node}/lxc`, and the steps before and after it.

    `param_fields` maps each parameter to the request field it came from, so that
    Proxmox's per-parameter errors can be shown on the right field. `oci_pull` is
    the reference to pull into `oci_storage` first, and `env_after_create` the `env`
    to set again once an OCI image's creation has replaced it.
    """

    node: str
    vmid: int
    params: dict[str, str | int]
    issues: list[Issue]
    oci_pull: str | None
    env_after_create: str | None
    request_id: str
    oci_storage: str | None = None
    param_fields: dict[str, str] = field(default_factory=dict)

    @property
    def ok(self) -> bool:
        return not any(issue.is_error for issue in self.issues)

    def with_vmid(self, vmid: int) -> Plan:
        """Return the same plan for another vmid (after "already exists")."""
        return replace(self, vmid=vmid, params={**self.params, "vmid": vmid})

    def pct_command(self) -> str:
        """Return the equivalent `pct create` command line, to run on the node."""
        words = [
            "pct",
            "create",
            str(self.vmid),
            # A plan with an image error has no `ostemplate`; show the gap.
            _quote(str(self.params.get("ostemplate", "<no template>"))),
        ]
        for name, value in self.params.items():
            if name in ("vmid", "ostemplate"):
                continue
            words.append(f"--{name} {_quote(str(value))}")
        return " ".join(words)


def build_plan(
    connection: Connection,
    request: CreateContainerRequest,
    check: SandboxCheck,
    *,
    request_id: str,
) -> Plan:
    """Read what the plan needs from the cluster and build it.

    Raises ValueError when `check` found no usable sandbox, and lets proxmoxer's and
    requests' exceptions through.
    """
    sandbox = check.sandbox
    if sandbox is None or check.bridge is None:
        raise ValueError("cannot plan a container without a checked sandbox")
    config = request.config
    if config is None or config.image is None:
        raise ValueError("cannot plan a request without config.image")
    api = connection.api
    node = sandbox.node
    release = connection.release()
    target = Target(
        node=node,
        sandbox_vmid=sandbox.vmid,
        bridge=check.bridge,
        supports_9_1=release >= FIRST_RELEASE_WITH_OCI,
        release=f"{release[0]}.{release[1]}",
        identity=connection_identity(connection),
    )

    storages = api_rows(api.nodes(node).storage.get(), f"storage list of {node}")
    vmid = api_vmid(api.cluster.nextid.get())
    out = LxcParameters()
    out.set("vmid", vmid, "pod_sandbox_id")

    image = choose_image(
        api,
        node,
        config.image.image,
        storages,
        supports_9_1=target.supports_9_1,
        release=target.release,
    )
    out.issues.extend(image.issues)
    if image.ostemplate is not None:
        out.set("ostemplate", image.ostemplate, "config.image.image")
    _choose_rootdir(out, storages, node)

    lxc_params.map_sandbox(out, target)
    lxc_params.map_hostname(out, config)
    lxc_params.map_entrypoint(out, config, target)
    lxc_params.map_env(out, config, target)
    lxc_params.map_mounts(out, config, target)
    lxc_params.map_devices(out, config, target)
    lxc_params.map_tags(out, config, target, request_id)
    lxc_params.map_description(out, request, request_id)
    lxc_params.map_resources(out, config)
    lxc_params.map_privileged(out, config)
    lxc_params.map_dns(out, request.sandbox_config)
    out.issues.extend(unapplied_fields(request))

    is_oci = not is_template_volume(config.image.image)
    env = out.params.get("env")
    return Plan(
        node=node,
        vmid=vmid,
        params=out.params,
        issues=[*check.issues, *out.issues],
        oci_pull=image.pull_reference,
        env_after_create=str(env) if is_oci and env is not None else None,
        request_id=request_id,
        oci_storage=image.pull_storage,
        param_fields=out.fields,
    )


def connection_identity(connection: Connection) -> str | None:
    """Return the user or token id the API authenticates, or None for pvesh (root)."""
    profile = connection.profile
    if profile.backend != "https" or profile.user is None:
        return None
    if profile.uses_token:
        return f"{profile.user}!{profile.token_id}"
    return profile.user


def _choose_rootdir(
    out: LxcParameters, storages: list[dict[str, object]], node: str
) -> None:
    candidates = storages_with(storages, "rootdir")
    if not candidates:
        out.issues.append(
            Issue(
                "pod_sandbox_id",
                CODE_NO_ROOTDIR,
                Severity.ERROR,
                f"node {node} has no active storage for container disks (content "
                "rootdir): add `rootdir` to a storage's content in Datacenter > "
                "Storage",
            )
        )
        return
    by_space = sorted(
        candidates,
        key=lambda name: -_available(storages, name),
    )
    out.set("storage", by_space[0], "pod_sandbox_id")


def _available(storages: list[dict[str, object]], name: str) -> int:
    for storage in storages:
        if storage.get("storage") == name:
            try:
                return int(str(storage.get("avail", 0)))
            except ValueError:
                return 0
    return 0


def _quote(value: str) -> str:
    if not _NEEDS_ANSI_C_QUOTING.search(value):
        return shlex.quote(value)
    # Bash's $'...' keeps multi-line descriptions on one line. NOTE: bash cuts a
    # string at NUL, so a NUL-separated env shows here but cannot be pasted as is.
    escaped = (
        value.replace("\\", "\\\\")
        .replace("'", "\\'")
        .replace("\0", "\\0")
        .replace("\n", "\\n")
        .replace("\t", "\\t")
    )
    escaped = _NEEDS_ANSI_C_QUOTING.sub(lambda m: f"\\x{ord(m.group()):02x}", escaped)
    return f"$'{escaped}'"
