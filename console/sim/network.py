"""Container addresses the way a running container has them.

Static addresses come from `ip=`/`ip6=` in `netN`; DHCP and SLAAC addresses appear
only after the container has been running for `ADDRESS_DELAY_SECONDS`, and every
interface has its IPv6 link-local address from the moment it is up.
"""

from __future__ import annotations

import hashlib
import ipaddress
from typing import Any

from console.sim.formats import parse_property
from console.sim.state import Cluster, Container

ADDRESS_DELAY_SECONDS = 5.0

# Proxmox's own OUI, the default `mac_prefix` of a datacenter.
MAC_PREFIX = "BC:24:11"


def random_mac(seed: str) -> str:
    """Return a MAC in the Proxmox OUI, derived from `seed` so runs repeat."""
    digest = hashlib.sha256(seed.encode()).hexdigest().upper()
    return f"{MAC_PREFIX}:{digest[0:2]}:{digest[2:4]}:{digest[4:6]}"


def link_local(hwaddr: str) -> str:
    """Return the EUI-64 link-local address of `hwaddr`."""
    octets = [int(part, 16) for part in hwaddr.split(":")]
    octets[0] ^= 0x02
    eui = octets[:3] + [0xFF, 0xFE] + octets[3:]
    suffix = int.from_bytes(bytes(eui), "big")
    return str(ipaddress.IPv6Address((0xFE80 << 112) | suffix))


def slaac(prefix: ipaddress.IPv6Network, hwaddr: str) -> str:
    local = int(ipaddress.IPv6Address(link_local(hwaddr))) & ((1 << 64) - 1)
    return str(ipaddress.IPv6Address(int(prefix.network_address) | local))


def assign_leases(cluster: Cluster, now: float) -> None:
    """Lease addresses to the DHCP interfaces already up at `now`, in vmid order.

    Leasing up front makes each container's address the same on every run,
    whatever order clients read interfaces in. A container still booting, started
    or created later leases the next free address once its DHCP client is done.
    """
    for vmid in sorted(cluster.containers):
        container = cluster.containers[vmid]
        if container.uptime(now) < ADDRESS_DELAY_SECONDS:
            continue
        for index in container.net_indexes():
            net = parse_property(
                "pve-lxc-network", str(container.config[f"net{index}"])
            )
            bridge = cluster.bridges.get(net.get("bridge", ""))
            if net.get("ip") == "dhcp" and bridge is not None:
                hwaddr = net.get("hwaddr", random_mac(f"{vmid}/{index}")).lower()
                bridge.lease(hwaddr)


def interfaces(
    cluster: Cluster, container: Container, now: float, version: tuple[int, int]
) -> list[dict[str, Any]] | None:
    """Build `GET .../interfaces` for a container: None unless it runs."""
    if not container.running:
        return None
    settled = container.uptime(now) >= ADDRESS_DELAY_SECONDS
    items = [
        _item("lo", "00:00:00:00:00:00", [("127.0.0.1", 8)], [("::1", 128)], version)
    ]
    for index in container.net_indexes():
        net = parse_property("pve-lxc-network", str(container.config[f"net{index}"]))
        hwaddr = net.get("hwaddr", random_mac(f"{container.vmid}/{index}")).lower()
        bridge = cluster.bridges.get(net.get("bridge", ""))
        inet: list[tuple[str, int]] = []
        inet6: list[tuple[str, int]] = []
        ip = net.get("ip", "")
        if "/" in ip:
            address, prefix = ip.split("/")
            inet.append((address, int(prefix)))
        elif ip == "dhcp" and settled and bridge is not None:
            leased = bridge.lease(hwaddr)
            if leased:
                inet.append((leased, bridge.ipv4.prefixlen))
        ip6 = net.get("ip6", "")
        if "/" in ip6:
            address, prefix = ip6.split("/")
            inet6.append((address, int(prefix)))
        elif ip6 in ("auto", "dhcp") and settled and bridge and bridge.ipv6:
            inet6.append((slaac(bridge.ipv6, hwaddr), 64))
        # `ip` lists the link-local address after the global ones.
        inet6.append((link_local(hwaddr), 64))
        items.append(_item(net["name"], hwaddr, inet, inet6, version))
    return items


def _item(
    name: str,
    hwaddr: str,
    inet: list[tuple[str, int]],
    inet6: list[tuple[str, int]],
    version: tuple[int, int],
) -> dict[str, Any]:
    item: dict[str, Any] = {"name": name, "hwaddr": hwaddr}
    # Before PVE 8.4 only the last address of each family was reported.
    if inet:
        item["inet"] = f"{inet[-1][0]}/{inet[-1][1]}"
    if inet6:
        item["inet6"] = f"{inet6[-1][0]}/{inet6[-1][1]}"
    if version >= (8, 4):
        item["hardware-address"] = hwaddr
        item["ip-addresses"] = [
            {"ip-address": address, "ip-address-type": kind, "prefix": prefix}
            for kind, family in (("inet", inet), ("inet6", inet6))
            for address, prefix in family
        ]
    return item
