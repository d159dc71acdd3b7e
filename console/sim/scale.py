"""Large generated clusters for benchmarks: many nodes, thousands of containers."""

from __future__ import annotations

import ipaddress
import random

from console.sim.demo_access import install_demo_access
from console.sim.network import random_mac
from console.sim.schema import Value
from console.sim.state import GIB, Bridge, Cluster, Container, Node, Storage, Volume

TAGS = ("pod", "web", "batch", "db", "prod", "staging", "edge", "cache")
TEMPLATE = "local:vztmpl/debian-12-standard_12.7-1_amd64.tar.zst"


def parse_scale(text: str) -> tuple[int, int]:
    """Parse `NODESxCONTAINERS` (`20x5000`) as given to `pod-console sim --scale`."""
    nodes, separator, containers = text.lower().partition("x")
    if not separator or not nodes.isdigit() or not containers.isdigit():
        raise ValueError(
            f"invalid scale {text!r}: expected NODESxCONTAINERS, for example 20x5000"
        )
    if int(nodes) < 1 or int(containers) < 0:
        raise ValueError(f"invalid scale {text!r}: at least one node is needed")
    if int(containers) > 60000:
        raise ValueError(
            f"invalid scale {text!r}: at most 60000 containers fit the address plan"
        )
    return int(nodes), int(containers)


def scale_cluster(
    nodes: int = 20,
    containers: int = 5000,
    running: int | None = None,
    dhcp_share: float = 0.5,
    seed: int = 1,
) -> Cluster:
    """Generate a cluster of `nodes` nodes and `containers` containers.

    `running` containers (default 80 %) are running; `dhcp_share` of them get their
    IPv4 address by DHCP, the rest a static one in 10.64.0.0/16. The same seed gives
    the same cluster. Nodes are `pve1`..`pveN`, vmids start at 1000.
    """
    generator = random.Random(seed)
    running = int(containers * 0.8) if running is None else min(running, containers)
    cluster = Cluster(f"scale-{nodes}x{containers}")
    cluster.bridges["vmbr0"] = Bridge(
        "vmbr0",
        ipaddress.IPv4Network("10.64.0.0/16"),
        "10.64.0.1",
        ipaddress.IPv6Network("2001:db8:64::/64"),
        dhcp_first=32768,
    )
    names = [f"pve{index}" for index in range(1, nodes + 1)]
    for name in names:
        cluster.add_node(Node(name, cpus=64, memory=512 * GIB, memory_used=200 * GIB))
        local = Storage(
            "local", name, "dir", ("vztmpl", "iso", "backup"), 100 * GIB, 30 * GIB
        )
        local.volumes[TEMPLATE] = Volume(TEMPLATE, "vztmpl", 126877696, 1725000000)
        cluster.add_storage(local)
        cluster.add_storage(
            Storage(
                "local-lvm",
                name,
                "lvmthin",
                ("rootdir", "images"),
                4096 * GIB,
                900 * GIB,
            )
        )
    running_vmids = set(generator.sample(range(containers), running))
    for index in range(containers):
        vmid = 1000 + index
        node = names[index % nodes]
        hwaddr = random_mac(f"scale/{seed}/{vmid}")
        if generator.random() < dhcp_share:
            ip = "ip=dhcp"
        else:
            ip = f"gw=10.64.0.1,ip=10.64.{1 + index // 250}.{1 + index % 250}/16"
        tags = ";".join(sorted(set(generator.sample(TAGS, generator.randint(1, 3)))))
        config: dict[str, Value] = {
            "arch": "amd64",
            "cores": generator.choice((1, 2, 4)),
            "hostname": f"ct-{vmid}",
            "memory": generator.choice((512, 1024, 2048)),
            "net0": f"name=eth0,bridge=vmbr0,{ip},hwaddr={hwaddr},type=veth",
            "ostype": "debian",
            "rootfs": f"local-lvm:vm-{vmid}-disk-0,size=8G",
            "swap": 512,
            "tags": tags,
            "unprivileged": 1,
        }
        is_running = index in running_vmids
        container = Container(
            vmid,
            node,
            config,
            running=is_running,
            started_at=-float(generator.randint(600, 2_000_000))
            if is_running
            else None,
            cpu=generator.random() / 10,
            mem=generator.randint(50, 400) * 2**20,
            disk=generator.randint(1, 6) * GIB,
            netin=generator.randint(0, 10**9),
            netout=generator.randint(0, 10**9),
            diskread=generator.randint(0, 10**9),
            diskwrite=generator.randint(0, 10**9),
            stale_status="running" if is_running else "stopped",
        )
        cluster.add_container(container)
    install_demo_access(cluster.access)
    return cluster
