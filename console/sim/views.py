"""Entries of containers, nodes and storages as API responses show them."""

from __future__ import annotations

import hashlib
import json
from typing import Any

from console.sim.state import Cluster, Container, Node, Storage
from console.sim.version import SimVersion

# Pressure stall values of a running container (`pressurecpusome`, ...).
PRESSURE_KEYS = (
    "pressurecpusome",
    "pressurecpufull",
    "pressureiosome",
    "pressureiofull",
    "pressurememorysome",
    "pressurememoryfull",
)


def guest_cpus(container: Container, node: Node | None) -> int | float:
    if "cores" in container.config:
        return int(container.config["cores"])
    if "cpulimit" in container.config and float(container.config["cpulimit"]) > 0:
        return float(container.config["cpulimit"])
    return node.cpus if node is not None else 1


def vm_status(
    cluster: Cluster, container: Container, now: float, version: SimVersion
) -> dict[str, Any]:
    """Build one item of `GET /nodes/{n}/lxc`, as PVE's `vmstatus` does."""
    running = container.running
    status: dict[str, Any] = {
        "vmid": container.vmid if version.vmid_is_int else str(container.vmid),
        "type": "lxc",
        "status": "running" if running else "stopped",
        "name": container.name,
        "cpus": guest_cpus(container, cluster.nodes.get(container.node)),
        "cpu": container.cpu if running else 0,
        "mem": container.mem if running else 0,
        "swap": 0,
        "maxmem": container.maxmem(),
        "maxswap": container.maxswap(),
        "disk": container.disk if running else 0,
        "maxdisk": container.maxdisk(),
        "uptime": container.uptime(now),
        "netin": container.netin if running else 0,
        "netout": container.netout if running else 0,
        "diskread": container.diskread if running else 0,
        "diskwrite": container.diskwrite if running else 0,
    }
    if "tags" in container.config:
        status["tags"] = container.config["tags"]
    if container.lock is not None:
        status["lock"] = container.lock
    if container.is_template:
        status["template"] = 1
    if running:
        status["pid"] = container.pid
        for key in PRESSURE_KEYS:
            status[key] = 0.0
    return status


def resource_entry(
    cluster: Cluster, container: Container, now: float, version: SimVersion
) -> dict[str, Any]:
    """Build a guest's `GET /cluster/resources` entry, stale for an offline node."""
    node = cluster.nodes[container.node]
    entry: dict[str, Any] = {
        "id": f"lxc/{container.vmid}",
        "type": "lxc",
        "vmid": container.vmid,
        "node": container.node,
    }
    if cluster.is_stale(node, now):
        entry["status"] = "unknown"
    else:
        running = container.running
        if not node.online and container.stale_status is not None:
            running = container.stale_status == "running"
        entry.update(
            {
                "status": "running" if running else "stopped",
                "name": container.name,
                "template": 1 if container.is_template else 0,
                "uptime": container.uptime(now) if running else 0,
                "maxcpu": guest_cpus(container, node),
                "cpu": container.cpu if running else 0,
                "maxmem": container.maxmem(),
                "mem": container.mem if running else 0,
                "maxdisk": container.maxdisk(),
                "disk": container.disk if running else 0,
                "netin": container.netin if running else 0,
                "netout": container.netout if running else 0,
                "diskread": container.diskread if running else 0,
                "diskwrite": container.diskwrite if running else 0,
            }
        )
        if version.release >= (9, 0):
            entry["memhost"] = 0
    if "tags" in container.config:
        entry["tags"] = container.config["tags"]
    if container.lock is not None:
        entry["lock"] = container.lock
    if container.pool:
        entry["pool"] = container.pool
    if container.ha_state:
        entry["hastate"] = container.ha_state
    return entry


def encoded_resource_entry(
    cluster: Cluster, container: Container, now: float, version: SimVersion
) -> str:
    """Encode `resource_entry` as JSON, reusing the encoding of earlier calls.

    Only `uptime` changes between calls while the container and its node stay the
    same, so the rest is encoded once per container revision and `uptime` appended.
    """
    node = cluster.nodes[container.node]
    stale = cluster.is_stale(node, now)
    key = (container.revision, node.online, stale, version.full)
    if container.encoded is None or container.encoded[0] != key:
        entry = resource_entry(cluster, container, now, version)
        entry.pop("uptime", None)
        text = json.dumps(entry, ensure_ascii=False, separators=(",", ":"))
        container.encoded = (key, text[:-1])
    prefix = container.encoded[1]
    if stale:
        return prefix + "}"
    running = container.running
    if not node.online and container.stale_status is not None:
        running = container.stale_status == "running"
    uptime = container.uptime(now) if running else 0
    return f'{prefix},"uptime":{uptime}}}'


def node_entry(node: Node, with_stats: bool, version: SimVersion) -> dict[str, Any]:
    """Build a node's entry of `/nodes` and `/cluster/resources`."""
    entry: dict[str, Any] = {
        "id": f"node/{node.name}",
        "type": "node",
        "node": node.name,
        "status": "online" if node.online else "offline",
        "level": "",
    }
    if node.online and with_stats:
        entry.update(
            {
                "cpu": node.cpu,
                "maxcpu": node.cpus,
                "mem": node.memory_used,
                "maxmem": node.memory,
                "disk": node.disk,
                "maxdisk": node.maxdisk,
                "uptime": node.uptime,
                "cgroup-mode": 2,
            }
        )
        if version.release >= (9, 0):
            entry["host-arch"] = "x86_64"
    return entry


def storage_entry(storage: Storage, online: bool) -> dict[str, Any]:
    """Build a storage's `GET /cluster/resources` entry."""
    entry: dict[str, Any] = {
        "id": f"storage/{storage.node}/{storage.storage}",
        "type": "storage",
        "storage": storage.storage,
        "node": storage.node,
        "status": "available" if online else "unknown",
        "plugintype": storage.type,
        "content": ",".join(storage.content),
        "shared": int(storage.shared),
    }
    if online:
        entry["disk"] = storage.used
        entry["maxdisk"] = storage.total
    return entry


def storage_status(storage: Storage) -> dict[str, Any]:
    """Build an item of `GET /nodes/{n}/storage`."""
    return {
        "storage": storage.storage,
        "type": storage.type,
        "content": ",".join(storage.content),
        "enabled": int(storage.enabled),
        "active": 1,
        "shared": int(storage.shared),
        "total": storage.total,
        "used": storage.used,
        "avail": storage.total - storage.used,
        "used_fraction": storage.used / storage.total if storage.total else 0.0,
    }


def render_config(container: Container) -> str:
    """Write the container's config file, the text PVE's `digest` is taken of."""
    lines = []
    description = container.config.get("description")
    if description is not None:
        lines += [f"#{line}" for line in str(description).rstrip("\n").split("\n")]
    for key, value in container.config.items():
        if key != "description":
            lines.append(f"{key}: {value}")
    return "\n".join(lines) + "\n"


def config_digest(container: Container) -> str:
    return hashlib.sha1(render_config(container).encode()).hexdigest()


def config_view(container: Container, show_env: bool) -> dict[str, Any]:
    """Build `GET .../config`: the keys in the file, `digest`, description + newline."""
    data: dict[str, Any] = {}
    for key, value in container.config.items():
        if key == "env" and not show_env:
            continue
        data[key] = value
    if "description" in data:
        data["description"] = str(data["description"]).rstrip("\n") + "\n"
    data["digest"] = config_digest(container)
    return data
