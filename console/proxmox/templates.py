"""Cluster facts the compose form offers: images, the next vmid, a sandbox's DNS.

Each function makes blocking proxmoxer calls, so the TUI runs them in a worker.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from console.proxmox.images import storages_with


@dataclass(frozen=True, slots=True)
class ImageVolume:
    """A container template or OCI archive found in a `vztmpl` storage of a node."""

    node: str
    volid: str

    @property
    def is_oci_archive(self) -> bool:
        """True for a `.tar` saved by `oci-registry-pull`, False for an OS template."""
        return self.volid.endswith(".tar")


@dataclass(frozen=True, slots=True)
class SandboxDns:
    """The hostname and DNS settings of a sandbox container, from its LXC config."""

    hostname: str
    servers: tuple[str, ...]
    searches: tuple[str, ...]


def list_image_volumes(api: Any, nodes: list[str]) -> list[ImageVolume]:
    """Return the template volumes of every `vztmpl` storage on `nodes`, sorted.

    A storage shared by several nodes is listed once, under the first node.
    """
    found: dict[str, ImageVolume] = {}
    for node in nodes:
        storages = api.nodes(node).storage.get() or []
        for storage in storages_with(storages, "vztmpl"):
            content = api.nodes(node).storage(storage).content.get(content="vztmpl")
            for item in content or []:
                volid = str(item.get("volid", ""))
                if volid and volid not in found:
                    found[volid] = ImageVolume(node, volid)
    return sorted(found.values(), key=lambda volume: volume.volid)


def next_vmid(api: Any) -> int:
    """Return the vmid `/cluster/nextid` proposes; another client may take it first."""
    return int(api.cluster.nextid.get())


def read_sandbox_dns(api: Any, node: str, vmid: int) -> SandboxDns:
    """Read the hostname, `nameserver` and `searchdomain` of a sandbox container."""
    config = api.nodes(node).lxc(vmid).config.get() or {}
    return SandboxDns(
        hostname=str(config.get("hostname", "")),
        servers=tuple(str(config.get("nameserver", "")).split()),
        searches=tuple(str(config.get("searchdomain", "")).split()),
    )
