"""The built-in demo cluster, the same on every run so tests can rely on it.

Nodes `pve1` and `pve2` are online, `pve3` has been offline for an hour (its guests
are listed with `status: unknown`). Each node has `local` (dir: vztmpl, iso,
backup, so no container disks) with system templates and OCI images, and
`local-lvm` (lvmthin: rootdir, images). Bridges: `vmbr0` (10.10.0.0/24, gateway
10.10.0.1, IPv6 2001:db8:10::/64, DHCP from .150) and `vmbr1` (10.20.0.0/24, no
IPv6, DHCP from .100). Pools: `web`, `batch`.

| vmid | node | state | name: addresses and notes |
|---|---|---|---|
| 101 | pve1 | running | web-1: 10.10.0.101/24, 2001:db8:10::101/64; THE ready sandbox |
| 102 | pve1 | running | web-2: DHCP + SLAAC, up for hours, so interfaces has both |
| 103 | pve1 | stopped | batch-1: 10.10.0.103/24 |
| 104 | pve1 | running | db-1: 10.10.0.104/24, locked by `backup` |
| 105 | pve1 | stopped | debian-tpl: a template |
| 106 | pve1 | stopped | ha-broken: HA resource in state `error` |
| 107 | pve1 | stopped | broken-start: its start task fails |
| 108 | pve1 | running | fresh-1: DHCP, just started, no address for 5 s |
| 109 | pve1 | running | v6-only: 2001:db8:10::109/64, no IPv4 |
| 110 | pve1 | running | v6-slaac: `ip6=auto` only |
| 111 | pve1 | running | two-nics: eth0 10.10.0.111/24, eth1 DHCP on vmbr1 |
| 112 | pve1 | running | nginx-oci: made from an OCI image (entrypoint, env) |
| 113 | pve1 | stopped | migrating: 10.10.0.113/24, locked by `migrate` |
| 114 | pve1 | stopped | dhcp-stopped: DHCP, so no address while stopped |
| 115 | pve1 | running | privileged-1: 10.10.0.115/24, `unprivileged: 0` |
| 120 | pve1 | running | notes: 10.10.0.120/24, Textual markup + ANSI escape |
| 201-212 | pve2 | mixed | app-N: odd running, even stopped, 10.10.0.(vmid-160)/24 |
| 301-304 | pve3 | unknown | edge-N: node offline for an hour, 10.10.0.(vmid-240)/24 |

Tasks that ended before the server started, on pve1: 107's `vzstart` failed two
hours and ten minutes ago, 104 was backed up (`vzdump`) by the `root@pam!console`
token a day ago, and 101 and 107 were created three days ago.

Identities (defined in `demo_access`):

| identity | secret | rights |
|---|---|---|
| root@pam | DEMO_PASSWORD | everything |
| root@pam!console | DEMO_TOKEN_SECRET | everything (privsep=0), not root-only |
| auditor@pve | AUDITOR_PASSWORD | VM.Audit on /: no storages, no node stats |
| root@pam!readonly | READONLY_TOKEN_SECRET | privsep=1, VM.Audit on pool web |
| tfa@pve | TFA_PASSWORD, TOTP code TFA_CODE | VM.Audit on /, logs in with TFA |

"Not root-only" means a token never counts as `root@pam`, so bind mounts and
feature flags other than `nesting` are refused to it. Pool `web` contains 101 and 102.
"""

from __future__ import annotations

from typing import Any

from console.sim.demo_access import (
    AUDITOR_PASSWORD,
    AUDITOR_USER,
    DEMO_PASSWORD,
    DEMO_TOKEN_ID,
    DEMO_TOKEN_SECRET,
    DEMO_USER,
    READONLY_TOKEN_ID,
    READONLY_TOKEN_SECRET,
    TFA_CODE,
    TFA_PASSWORD,
    TFA_USER,
)
from console.sim.demo_tasks import demo_tasks
from console.sim.fixture import cluster_from_dict
from console.sim.state import Cluster

__all__ = [
    "AUDITOR_PASSWORD",
    "AUDITOR_USER",
    "DEMO_PASSWORD",
    "DEMO_TOKEN_ID",
    "DEMO_TOKEN_SECRET",
    "DEMO_USER",
    "READONLY_TOKEN_ID",
    "READONLY_TOKEN_SECRET",
    "TFA_CODE",
    "TFA_PASSWORD",
    "TFA_USER",
    "demo_cluster",
    "demo_fixture",
]

READY_VMID = 101
HOSTILE_DESCRIPTION = (
    "Notes for [bold]ops[/] [link=https://example.invalid]click[/link]\n"
    "\x1b[31mred alert\x1b[0m and a bell \x07"
)

TEMPLATES = [
    {
        "file": "vztmpl/debian-12-standard_12.7-1_amd64.tar.zst",
        "size": 126877696,
        "ctime": 1725000000,
    },
    {
        "file": "vztmpl/alpine-3.20-default_20240908_amd64.tar.xz",
        "size": 3268476,
        "ctime": 1725800000,
    },
    {
        "file": "vztmpl/ubuntu-24.04-standard_24.04-2_amd64.tar.zst",
        "size": 141245000,
        "ctime": 1727000000,
    },
    {
        "file": "vztmpl/nginx_latest.tar",
        "size": 72351744,
        "ctime": 1764000000,
        "oci": {},
    },
    {"file": "vztmpl/redis_7.2.tar", "size": 41523200, "ctime": 1764000500, "oci": {}},
    {
        "file": "iso/debian-12.7.0-amd64-netinst.iso",
        "size": 661651456,
        "ctime": 1725000000,
    },
]


def _net(address: str | None, bridge: str = "vmbr0", ip6: str | None = None) -> str:
    parts = ["name=eth0", f"bridge={bridge}", "firewall=1"]
    if address == "dhcp":
        parts.append("ip=dhcp")
    elif address is not None:
        parts += [f"ip={address}/24", f"gw={address.rsplit('.', 1)[0]}.1"]
    if ip6 is not None:
        parts.append(f"ip6={ip6}")
    return ",".join(parts)


def _container(
    vmid: int,
    node: str,
    name: str,
    status: str,
    net0: str | None,
    **extra: Any,
) -> dict[str, Any]:
    config: dict[str, Any] = {
        "arch": "amd64",
        "cores": 1 + vmid % 4,
        "hostname": name,
        "memory": 512 * (1 + vmid % 3),
        "swap": 512,
        "ostype": "debian",
        "rootfs": f"local-lvm:vm-{vmid}-disk-0,size={4 + vmid % 3 * 4}G",
        "unprivileged": 1,
    }
    if net0 is not None:
        config["net0"] = net0
    config.update(extra.pop("config", {}))
    entry: dict[str, Any] = {
        "vmid": vmid,
        "node": node,
        "status": status,
        "uptime": extra.pop("uptime", 86400 + vmid * 613),
        "config": config,
    }
    entry.update(extra)
    return entry


def _pve1() -> list[dict[str, Any]]:
    return [
        _container(
            101,
            "pve1",
            "web-1",
            "running",
            _net("10.10.0.101", ip6="2001:db8:10::101/64") + ",gw6=2001:db8:10::1",
            pool="web",
            config={
                "tags": "pod;web",
                "description": "Ready sandbox for the web pod.",
                "features": "nesting=1",
            },
        ),
        _container(
            102,
            "pve1",
            "web-2",
            "running",
            _net("dhcp", ip6="auto"),
            pool="web",
            config={"tags": "pod;web;dhcp"},
            uptime=5 * 3600,
        ),
        _container(
            103,
            "pve1",
            "batch-1",
            "stopped",
            _net("10.10.0.103"),
            config={"tags": "batch"},
        ),
        _container(
            104,
            "pve1",
            "db-1",
            "running",
            _net("10.10.0.104"),
            config={"lock": "backup", "tags": "db;prod"},
        ),
        _container(
            105,
            "pve1",
            "debian-tpl",
            "stopped",
            _net("dhcp"),
            config={"template": 1, "description": "Golden image, do not start."},
        ),
        _container(
            106,
            "pve1",
            "ha-broken",
            "stopped",
            _net("10.10.0.106"),
            ha_state="error",
            config={"tags": "ha"},
        ),
        _container(
            107,
            "pve1",
            "broken-start",
            "stopped",
            _net("10.10.0.107"),
            start_error="startup for container '107' failed",
        ),
        _container(
            108,
            "pve1",
            "fresh-1",
            "running",
            _net("dhcp"),
            uptime=0,
            config={"tags": "pod"},
        ),
        _container(
            109,
            "pve1",
            "v6-only",
            "running",
            _net(None, ip6="2001:db8:10::109/64") + ",gw6=2001:db8:10::1",
        ),
        _container(110, "pve1", "v6-slaac", "running", _net(None, ip6="auto")),
        _container(
            111,
            "pve1",
            "two-nics",
            "running",
            _net("10.10.0.111"),
            config={"net1": "name=eth1,bridge=vmbr1,ip=dhcp"},
        ),
        _container(
            112,
            "pve1",
            "nginx-oci",
            "running",
            _net("dhcp") + ",host-managed=1",
            config={
                "ostype": "unmanaged",
                "entrypoint": "/docker-entrypoint.sh nginx -g 'daemon off;'",
                "cmode": "console",
                "env": "PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:"
                "/sbin:/bin"
                "\0NGINX_VERSION=1.27.3",
                "tags": "oci;pod",
            },
        ),
        _container(
            113,
            "pve1",
            "migrating",
            "stopped",
            _net("10.10.0.113"),
            config={"lock": "migrate"},
        ),
        _container(114, "pve1", "dhcp-stopped", "stopped", _net("dhcp")),
        _container(
            115,
            "pve1",
            "privileged-1",
            "running",
            _net("10.10.0.115"),
            config={"unprivileged": 0, "features": "nesting=1,keyctl=1"},
        ),
        _container(
            120,
            "pve1",
            "notes",
            "running",
            _net("10.10.0.120"),
            config={"description": HOSTILE_DESCRIPTION, "tags": "notes"},
        ),
    ]


def _pve2() -> list[dict[str, Any]]:
    # Static addresses stay below vmbr0's DHCP pool (from .150) and clear of pve3's
    # .61-.64, so no leased address duplicates one of them.
    entries = []
    for vmid in range(201, 213):
        status = "running" if vmid % 2 else "stopped"
        entries.append(
            _container(
                vmid,
                "pve2",
                f"app-{vmid - 200}",
                status,
                _net(f"10.10.0.{vmid - 160}"),
                pool="batch" if vmid % 3 == 0 else None,
                config={"tags": "app;" + ("prod" if vmid % 4 else "staging")},
            )
        )
    return entries


def _pve3() -> list[dict[str, Any]]:
    return [
        _container(
            vmid,
            "pve3",
            f"edge-{vmid - 300}",
            "running",
            _net(f"10.10.0.{vmid - 240}"),
            config={"tags": "edge"},
        )
        for vmid in range(301, 305)
    ]


def demo_fixture() -> dict[str, Any]:
    """Return the demo cluster in the fixture format of `console.sim.fixture`."""
    return {
        "cluster": "demo",
        "nodes": [
            {"name": "pve1", "cpus": 16, "memory_gib": 64},
            {"name": "pve2", "cpus": 8, "memory_gib": 32},
            {
                "name": "pve3",
                "cpus": 8,
                "memory_gib": 32,
                "online": False,
                "offline_for": 3600,
            },
        ],
        "bridges": [
            {
                "name": "vmbr0",
                "ipv4": "10.10.0.0/24",
                "gateway": "10.10.0.1",
                "ipv6": "2001:db8:10::/64",
                "dhcp_first": 150,
            },
            {
                "name": "vmbr1",
                "ipv4": "10.20.0.0/24",
                "gateway": "10.20.0.1",
                "dhcp_first": 100,
            },
        ],
        "pools": {"web": "web pods", "batch": "batch jobs"},
        "storages": [
            {
                "storage": "local",
                "type": "dir",
                "content": "vztmpl,iso,backup",
                "total_gib": 94,
                "used_gib": 21,
                "volumes": TEMPLATES,
            },
            {
                "storage": "local-lvm",
                "type": "lvmthin",
                "content": "rootdir,images",
                "total_gib": 832,
                "used_gib": 117,
            },
        ],
        "containers": _pve1() + _pve2() + _pve3(),
        "tasks": demo_tasks(),
    }


def demo_cluster() -> Cluster:
    """Build a fresh demo cluster (see the module docstring)."""
    return cluster_from_dict(demo_fixture(), source="demo cluster")
