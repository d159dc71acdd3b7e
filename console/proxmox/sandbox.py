"""The pod sandbox record: one LXC container as the console shows it."""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum


class SandboxState(StrEnum):
    """CRI `PodSandboxState` names."""

    READY = "SANDBOX_READY"
    NOT_READY = "SANDBOX_NOTREADY"


@dataclass(frozen=True, slots=True)
class InterfaceAddresses:
    """Addresses of one network interface inside a container."""

    name: str
    hwaddr: str | None
    # Each entry is "ADDRESS/PREFIX", in the order Proxmox reported them.
    addresses: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class Sandbox:
    """One LXC container (not a template) of the cluster, seen as a pod sandbox.

    `state` is READY only when `status` is "running" and there is no `lock`;
    otherwise `reason` says why, in a few words an operator reads at a glance.
    `ip` is the primary address and `additional_ips` the others, loopback and
    link-local excluded (those stay in `interfaces`). `addresses_known` is False
    until the addresses of a running container have been read.
    """

    vmid: int
    name: str
    node: str
    state: SandboxState
    status: str
    lock: str | None = None
    reason: str = ""
    ip: str | None = None
    additional_ips: tuple[str, ...] = ()
    tags: tuple[str, ...] = ()
    uptime: int = 0
    hastate: str | None = None
    node_online: bool = True
    addresses_known: bool = False
    interfaces: tuple[InterfaceAddresses, ...] = field(default=())
    template: bool = False
    # Addresses in the config or the interfaces that are not valid IP addresses.
    address_errors: tuple[str, ...] = ()

    @property
    def is_ready(self) -> bool:
        return self.state is SandboxState.READY

    def to_json(self) -> dict[str, object]:
        """Return the object that `pod-console sandboxes --json` prints."""
        return {
            "vmid": self.vmid,
            "name": self.name,
            "node": self.node,
            "state": self.state.value,
            "status": self.status,
            "lock": self.lock,
            "reason": self.reason,
            "ip": self.ip,
            "additional_ips": list(self.additional_ips),
            "tags": list(self.tags),
        }
