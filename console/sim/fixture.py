"""Building a cluster from a JSON fixture file.

The file is one JSON object; every key is optional except `nodes`:

```
{
  "cluster": "demo",                          name sent as `clustername`
  "nodes": [
    {"name": "pve1", "online": true, "cpus": 16, "memory_gib": 64,
     "offline_for": 3600}                     seconds a node has been offline
  ],
  "bridges": [
    {"name": "vmbr0", "ipv4": "10.10.0.0/24", "gateway": "10.10.0.1",
     "ipv6": "2001:db8:10::/64", "dhcp_first": 150}
  ],                                          DHCP hands out ipv4 from .dhcp_first
  "pools": {"web": "comment"},
  "storages": [
    {"storage": "local", "type": "dir", "content": "vztmpl,iso,backup",
     "total_gib": 100, "used_gib": 30, "shared": false,
     "nodes": ["pve1"],                       default: every node
     "volumes": [
       {"file": "vztmpl/debian-12-standard_12.7-1_amd64.tar.zst",
        "size": 126877696, "ctime": 1709424000},
       {"file": "vztmpl/nginx_latest.tar", "size": 67000000,
        "oci": {"entrypoint": "/docker-entrypoint.sh nginx", "env": ["A=1"]}}
     ]}
  ],
  "containers": [
    {"vmid": 101, "node": "pve1", "status": "running", "uptime": 86400,
     "pool": "web", "ha_state": "started", "start_error": null,
     "stats": {"cpu": 0.02, "mem": 123, "disk": 456, "netin": 1, "netout": 2,
               "diskread": 3, "diskwrite": 4},
     "config": {"hostname": "web-1", "memory": 1024,
                "net0": "name=eth0,bridge=vmbr0,ip=10.10.0.101/24",
                "rootfs": "local-lvm:vm-101-disk-0,size=8G", "tags": "web,pod"}}
  ],
  "tasks": [                                  finished before the server starts
    {"node": "pve1", "type": "vzstart", "id": "107", "user": "root@pam",
     "started_ago": 600, "duration": 2,       seconds
     "lines": ["run_buffer: 571 Script exited with status 1"],
     "exitstatus": "startup for container '107' failed"}
  ],                                          exitstatus: "OK" (default),
                                              "WARNINGS: <n>" or the error text
  "access": {                                 default: the demo identities
    "users": [{"userid": "root@pam", "password": "secret"}],
    "tokens": [{"tokenid": "root@pam!ci", "secret": "uuid", "privsep": false}],
    "acls": [{"identity": "auditor@pve", "path": "/", "privileges": ["VM.Audit"]}]
  }
}
```

`config` contains the keys of a container config file as the API returns them.
`netN` and `tags` are normalised as PVE stores them (a missing `hwaddr` is derived
from the vmid), and each `rootfs`/`mpN` volume is added to its storage. `uptime`
is counted back from when the server starts. Without `stats`, a running container
uses a share of its memory and disk.
"""

from __future__ import annotations

import ipaddress
import json
import re
from pathlib import Path
from typing import Any

from console.sim.demo_access import install_demo_access
from console.sim.normalise import normalise_net, normalise_tags
from console.sim.oci_images import image_from_fixture
from console.sim.state import (
    GIB,
    MIB,
    Bridge,
    Cluster,
    Container,
    Node,
    PastTask,
    Storage,
    Volume,
)


class FixtureError(ValueError):
    """A fixture file that cannot be read or does not describe a cluster."""


def load_fixture(path: Path) -> Cluster:
    """Read a fixture file into a cluster."""
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError) as error:
        raise FixtureError(f"cannot read fixture {path}: {error}") from error
    except json.JSONDecodeError as error:
        raise FixtureError(
            f"fixture {path} is not valid JSON: {error.msg} at line {error.lineno}, "
            f"column {error.colno}"
        ) from error
    return cluster_from_dict(data, source=str(path))


def cluster_from_dict(data: Any, source: str = "fixture") -> Cluster:
    """Build a cluster from fixture data (see the module docstring)."""
    if not isinstance(data, dict) or not data.get("nodes"):
        raise FixtureError(
            f"{source}: expected an object with a non-empty 'nodes' list"
        )
    try:
        return _build(data)
    except (KeyError, TypeError, ValueError) as error:
        raise FixtureError(f"{source}: invalid entry: {error!r}") from error


def _build(data: dict[str, Any]) -> Cluster:
    cluster = Cluster(str(data.get("cluster", "demo")))
    for entry in data["nodes"]:
        node = Node(
            entry["name"],
            online=bool(entry.get("online", True)),
            cpus=int(entry.get("cpus", 16)),
            memory=int(entry.get("memory_gib", 64) * GIB),
        )
        if not node.online:
            node.offline_since = -float(entry.get("offline_for", 3600))
        cluster.add_node(node)
    for entry in data.get("bridges", []):
        ipv6 = entry.get("ipv6")
        cluster.bridges[entry["name"]] = Bridge(
            entry["name"],
            ipaddress.IPv4Network(entry["ipv4"]),
            entry.get("gateway", ""),
            ipaddress.IPv6Network(ipv6) if ipv6 else None,
            int(entry.get("dhcp_first", 150)),
        )
    cluster.pools.update(data.get("pools", {}))
    for entry in data.get("storages", []):
        _add_storage(cluster, entry)
    for entry in data.get("containers", []):
        _add_container(cluster, entry)
    for entry in data.get("tasks", []):
        _add_past_task(cluster, entry)
    access = data.get("access")
    if access is None:
        install_demo_access(cluster.access)
    else:
        for user in access.get("users", []):
            cluster.access.add_user(user["userid"], user["password"])
        for token in access.get("tokens", []):
            cluster.access.add_token(
                token["tokenid"], token["secret"], bool(token.get("privsep", True))
            )
        for acl in access.get("acls", []):
            cluster.access.grant(acl["identity"], acl["path"], acl["privileges"])
    return cluster


def _add_storage(cluster: Cluster, entry: dict[str, Any]) -> None:
    for node in entry.get("nodes", list(cluster.nodes)):
        storage = Storage(
            entry["storage"],
            node,
            entry["type"],
            tuple(str(entry["content"]).split(",")),
            int(entry.get("total_gib", 100) * GIB),
            int(entry.get("used_gib", 10) * GIB),
            shared=bool(entry.get("shared", False)),
        )
        for volume in entry.get("volumes", []):
            volid = f"{storage.storage}:{volume['file']}"
            content = volume["file"].split("/", 1)[0]
            size, ctime = (
                int(volume.get("size", 100 * MIB)),
                int(volume.get("ctime", 0)),
            )
            if "oci" in volume:
                storage.volumes[volid] = image_from_fixture(
                    volid, size, ctime, volume["oci"]
                )
            else:
                storage.volumes[volid] = Volume(volid, content, size, ctime)
        cluster.add_storage(storage)


def _add_container(cluster: Cluster, entry: dict[str, Any]) -> None:
    vmid = int(entry["vmid"])
    if entry["node"] not in cluster.nodes:
        raise ValueError(f"container {vmid} is on unknown node {entry['node']!r}")
    config: dict[str, Any] = dict(entry.get("config", {}))
    for key in list(config):
        if re.fullmatch(r"net\d+", key):
            config[key] = normalise_net(str(config[key]), f"{vmid}/{key}")
        elif key == "tags":
            config[key] = normalise_tags(str(config[key]))
    running = entry.get("status", "stopped") == "running"
    container = Container(
        vmid,
        entry["node"],
        dict(sorted(config.items())),
        running=running,
        started_at=-float(entry.get("uptime", 3600)) if running else None,
        pool=entry.get("pool"),
        ha_state=entry.get("ha_state"),
        start_error=entry.get("start_error"),
    )
    stats = entry.get("stats", {})
    container.cpu = float(stats.get("cpu", 0.02 + (vmid % 7) / 100))
    container.mem = int(stats.get("mem", container.maxmem() * 0.3))
    container.disk = int(stats.get("disk", container.maxdisk() * 0.25))
    for counter in ("netin", "netout", "diskread", "diskwrite"):
        setattr(container, counter, int(stats.get(counter, vmid * 104_729)))
    if not running:
        container.stale_status = "stopped"
    else:
        container.stale_status = "running"
    cluster.add_container(container)
    _add_disks(cluster, container)


def _add_past_task(cluster: Cluster, entry: dict[str, Any]) -> None:
    if entry["node"] not in cluster.nodes:
        raise ValueError(f"task {entry['type']!r} is on unknown node {entry['node']!r}")
    cluster.past_tasks.append(
        PastTask(
            entry["node"],
            str(entry["type"]),
            str(entry.get("id", "")),
            str(entry.get("user", "root@pam")),
            float(entry["started_ago"]),
            float(entry.get("duration", 1)),
            tuple(str(line) for line in entry.get("lines", [])),
            str(entry.get("exitstatus", "OK")),
        )
    )


def _add_disks(cluster: Cluster, container: Container) -> None:
    for key, value in container.config.items():
        if key != "rootfs" and not re.fullmatch(r"mp\d+", key):
            continue
        volume = str(value).split(",", 1)[0]
        sid, colon, _name = volume.partition(":")
        storage = cluster.storages.get((container.node, sid))
        if colon and storage is not None:
            size = container.maxdisk() if key == "rootfs" else 8 * GIB
            storage.volumes[volume] = Volume(
                volume, "rootdir", size, 0, vmid=container.vmid
            )
