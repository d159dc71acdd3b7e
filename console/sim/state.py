"""The simulated cluster: nodes, bridges, storages, volumes, pools and containers."""

from __future__ import annotations

import hashlib
import ipaddress
import re
import threading
from dataclasses import dataclass, field

from console.sim.auth import AccessControl
from console.sim.schema import Value

# pmxcfs drops RRD statistics older than five minutes, after which a guest of a dead
# node is listed with `status: unknown` and without name or resources.
STALE_AFTER_SECONDS = 300.0

GIB = 1024**3
MIB = 1024**2


@dataclass
class Node:
    """A cluster node; guests of an offline node can only be reached by listing."""

    name: str
    online: bool = True
    offline_since: float | None = None
    cpus: int = 16
    memory: int = 64 * GIB
    memory_used: int = 12 * GIB
    disk: int = 40 * GIB
    maxdisk: int = 100 * GIB
    cpu: float = 0.05
    uptime: int = 1_204_771
    ssl_fingerprint: str = ""


@dataclass
class Bridge:
    """A Linux bridge with the networks the DHCP and SLAAC of its LAN hand out."""

    name: str
    ipv4: ipaddress.IPv4Network
    gateway: str
    ipv6: ipaddress.IPv6Network | None
    dhcp_first: int = 150
    leases: dict[str, str] = field(default_factory=dict)

    def lease(self, hwaddr: str) -> str:
        """Return the DHCP address for `hwaddr`, handing out the next free one.

        Returns "" once the pool is exhausted, like a DHCP server that stays silent.
        """
        if hwaddr not in self.leases:
            offset = self.dhcp_first + len(self.leases)
            if offset >= self.ipv4.num_addresses - 1:
                return ""
            self.leases[hwaddr] = str(self.ipv4.network_address + offset)
        return self.leases[hwaddr]


@dataclass
class Volume:
    """A file on a storage: a template, an ISO, a backup or a container disk."""

    volid: str
    content: str
    size: int
    ctime: int
    vmid: int | None = None
    # Entrypoint and environment of an OCI image, applied when a container is made.
    oci_entrypoint: str | None = None
    oci_env: tuple[str, ...] = ()

    @property
    def format(self) -> str:
        """The format PVE reports, from the file name's extension."""
        name = self.volid.split("/")[-1]
        for suffix, kind in TEMPLATE_FORMATS:
            if name.endswith(suffix):
                return kind
        if self.content in ("rootdir", "images"):
            return "raw"
        return name.rsplit(".", 1)[-1]


TEMPLATE_FORMATS = (
    (".tar.zst", "tzst"),
    (".tar.gz", "tgz"),
    (".tar.xz", "txz"),
    (".tar.bz2", "tbz2"),
    (".tar", "tar"),
)


@dataclass
class Storage:
    """One storage as seen from one node (a shared storage appears on each)."""

    storage: str
    node: str
    type: str
    content: tuple[str, ...]
    total: int
    used: int
    shared: bool = False
    enabled: bool = True
    volumes: dict[str, Volume] = field(default_factory=dict)

    def allows(self, content: str) -> bool:
        return content in self.content


@dataclass
class Container:
    """An LXC container: its config file, its run state and its statistics."""

    vmid: int
    node: str
    config: dict[str, Value]
    running: bool = False
    started_at: float | None = None
    pool: str | None = None
    ha_state: str | None = None
    # The text the start task fails with, for a container that never starts.
    start_error: str | None = None
    cpu: float = 0.0
    mem: int = 0
    disk: int = 0
    netin: int = 0
    netout: int = 0
    diskread: int = 0
    diskwrite: int = 0
    stale_status: str | None = None
    # Bumped by every attribute assignment, so views can cache what they encoded.
    # Handlers replace `config` instead of changing it in place for this reason.
    revision: int = field(default=0, compare=False)
    encoded: tuple[object, str] | None = field(default=None, repr=False, compare=False)

    def __setattr__(self, name: str, value: object) -> None:
        object.__setattr__(self, name, value)
        if name not in ("revision", "encoded"):
            object.__setattr__(self, "revision", self.__dict__.get("revision", 0) + 1)

    @property
    def name(self) -> str:
        return str(self.config.get("hostname", f"CT{self.vmid}"))

    @property
    def is_template(self) -> bool:
        return self.config.get("template") == 1

    @property
    def lock(self) -> str | None:
        lock = self.config.get("lock")
        return None if lock is None else str(lock)

    @property
    def pid(self) -> int:
        return 1000 + self.vmid * 7 % 900_000 if self.running else 0

    def uptime(self, now: float) -> int:
        if not self.running or self.started_at is None:
            return 0
        return max(0, int(now - self.started_at))

    def maxmem(self) -> int:
        return int(self.config.get("memory", 512)) * MIB

    def maxswap(self) -> int:
        return int(self.config.get("swap", 512)) * MIB

    def maxdisk(self) -> int:
        rootfs = str(self.config.get("rootfs", ""))
        cached = _MAXDISK_CACHE.get(rootfs)
        if cached is None:
            cached = _MAXDISK_CACHE[rootfs] = _rootfs_size(rootfs)
        return cached

    def net_indexes(self) -> list[int]:
        indexes = [int(key[3:]) for key in self.config if re.fullmatch(r"net\d+", key)]
        return sorted(indexes)


@dataclass(frozen=True)
class PastTask:
    """A task that finished before the server started, listed in its node's tasks."""

    node: str
    type: str
    id: str
    # A user (`root@pam`) or an API token (`root@pam!console`).
    user: str
    # Seconds between the task's start and the server's start.
    started_ago: float
    duration: float
    lines: tuple[str, ...]
    # "OK", "WARNINGS: <n>" or the error text that follows `TASK ERROR: `.
    exitstatus: str = "OK"


# Every listing needs the disk size of every container: parse each rootfs once.
_MAXDISK_CACHE: dict[str, int] = {}


def _rootfs_size(rootfs: str) -> int:
    match = re.search(r"(?:^|,)size=(\d+(?:\.\d+)?)([KMGT]?)", rootfs)
    if match is None:
        return 4 * GIB
    return parse_size(match.group(1), match.group(2))


def parse_size(number: str, unit: str) -> int:
    """Convert a PVE disk size (`8`, `512M`, `1.5T`) to bytes; no unit means GiB."""
    factor = {"": GIB, "K": 1024, "M": MIB, "G": GIB, "T": 1024 * GIB}[unit]
    return int(float(number) * factor)


class Cluster:
    """All simulated state. Request handlers read and change it only under `lock`."""

    def __init__(self, name: str = "demo") -> None:
        self.name = name
        self.lock = threading.RLock()
        self.nodes: dict[str, Node] = {}
        self.bridges: dict[str, Bridge] = {}
        self.storages: dict[tuple[str, str], Storage] = {}
        self.pools: dict[str, str] = {}
        self.containers: dict[int, Container] = {}
        self.access = AccessControl()
        self.past_tasks: list[PastTask] = []
        self.anchored = False

    def add_node(self, node: Node) -> None:
        if not node.ssl_fingerprint:
            digest = hashlib.sha256(node.name.encode()).hexdigest().upper()
            node.ssl_fingerprint = ":".join(digest[i : i + 2] for i in range(0, 64, 2))
        self.nodes[node.name] = node

    def add_storage(self, storage: Storage) -> None:
        self.storages[(storage.node, storage.storage)] = storage

    def add_container(self, container: Container) -> None:
        self.containers[container.vmid] = container

    def node_storages(self, node: str) -> list[Storage]:
        return [s for (n, _sid), s in self.storages.items() if n == node]

    def anchor(self, now: float) -> None:
        """Turn the relative times of a freshly built cluster into clock times.

        Builders store uptimes and "offline for N seconds" as negative offsets, so
        the same cluster can be served under any clock.
        """
        if self.anchored:
            return
        self.anchored = True
        for node in self.nodes.values():
            if node.offline_since is not None:
                node.offline_since += now
        for container in self.containers.values():
            if container.started_at is not None:
                container.started_at += now

    def is_stale(self, node: Node, now: float) -> bool:
        """Return whether the statistics of `node`'s guests have expired."""
        if node.online:
            return False
        since = node.offline_since if node.offline_since is not None else now
        return now - since >= STALE_AFTER_SECONDS
