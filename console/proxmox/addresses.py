"""Container addresses: static ones from `netN` settings, live ones from interfaces."""

from __future__ import annotations

import ipaddress
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, replace

from console.proxmox.sandbox import InterfaceAddresses
from console.proxmox.wire import as_bool, as_text, parse_property_string

_NET_KEY = re.compile(r"net(\d+)")
# `ip=` and `ip6=` values that leave the address to DHCP, SLAAC or the container.
_DYNAMIC = frozenset({"dhcp", "auto", "manual"})


@dataclass(frozen=True, slots=True)
class NetDevice:
    """One `netN` entry of a container config; `ip`/`ip6` are the raw values."""

    key: str
    name: str
    bridge: str | None
    hwaddr: str | None
    ip: str | None
    ip6: str | None
    host_managed: bool


def net_devices(config: Mapping[str, object]) -> tuple[NetDevice, ...]:
    """Read every `netN` of a config, in the order of N."""
    devices = []
    for key, value in config.items():
        match = _NET_KEY.fullmatch(key)
        if not match:
            continue
        fields = parse_property_string(value)
        devices.append(
            (
                int(match[1]),
                NetDevice(
                    key=key,
                    name=fields.get("name", key),
                    bridge=fields.get("bridge"),
                    hwaddr=fields.get("hwaddr"),
                    ip=fields.get("ip"),
                    ip6=fields.get("ip6"),
                    host_managed=as_bool(fields.get("host-managed", "0")),
                ),
            )
        )
    return tuple(device for _, device in sorted(devices, key=lambda item: item[0]))


def needs_interfaces(devices: Sequence[NetDevice]) -> bool:
    """Tell whether only the live `interfaces` call can give this container's addresses.

    True when a device leaves its IPv4 unset or to DHCP/manual setup, sets IPv6 to
    SLAAC, DHCP or manual, or is host-managed (Proxmox VE 9.1 runs DHCP for OCI
    containers from the host). A device with a static `ip=` and no `ip6=` is known
    from the config alone.
    """
    for device in devices:
        if device.host_managed or device.ip is None or device.ip in _DYNAMIC:
            return True
        if device.ip6 in _DYNAMIC:
            return True
    return False


def static_interfaces(
    devices: Sequence[NetDevice],
) -> tuple[tuple[InterfaceAddresses, ...], tuple[str, ...]]:
    """Return the addresses the config sets, and a message for each invalid one."""
    interfaces = []
    problems = []
    for device in devices:
        addresses = []
        for key, value in (("ip", device.ip), ("ip6", device.ip6)):
            if value is None or value in _DYNAMIC:
                continue
            if _is_interface_address(value):
                addresses.append(value)
            else:
                problems.append(f"{device.key} {key}={value} is not ADDRESS/PREFIX")
        hwaddr = device.hwaddr.lower() if device.hwaddr else None
        interfaces.append(InterfaceAddresses(device.name, hwaddr, tuple(addresses)))
    return tuple(interfaces), tuple(problems)


def parse_interfaces(
    data: object,
) -> tuple[tuple[InterfaceAddresses, ...], tuple[str, ...]]:
    """Read what `/nodes/{node}/lxc/{vmid}/interfaces` returned.

    PVE 8.1 to 8.3 send `inet` and `inet6` (one address each). PVE 8.4 and later
    add `ip-addresses` with every address and `hardware-address`. A stopped
    container gives `null`.
    """
    if not isinstance(data, list):
        return (), ()
    interfaces = []
    problems = []
    for item in data:
        if not isinstance(item, Mapping):
            continue
        name = as_text(item.get("name")) or "?"
        hwaddr = as_text(item.get("hardware-address")) or as_text(item.get("hwaddr"))
        found: list[str] = []
        for entry in item.get("ip-addresses") or ():
            if isinstance(entry, Mapping):
                address = as_text(entry.get("ip-address"))
                prefix = as_text(entry.get("prefix"))
                if address:
                    found.append(f"{address}/{prefix}" if prefix else address)
        for key in ("inet", "inet6"):
            value = as_text(item.get(key))
            if value:
                found.append(value)
        addresses: list[str] = []
        for value in found:
            if not _is_interface_address(value):
                problems.append(f"{name}: {value!r} is not an IP address")
            elif _same_address(value) not in {_same_address(a) for a in addresses}:
                addresses.append(value)
        lower = hwaddr.lower() if hwaddr else None
        interfaces.append(InterfaceAddresses(name, lower, tuple(addresses)))
    return tuple(interfaces), tuple(problems)


def merge_static(
    live: Sequence[InterfaceAddresses], static: Sequence[InterfaceAddresses]
) -> tuple[InterfaceAddresses, ...]:
    """Add the config's static addresses to the live interface of the same name.

    Before PVE 8.4, `interfaces` reports one address per family (the last one, often
    the link-local IPv6), so a static `ip6=` would be lost without the config.
    """
    configured = {interface.name: interface.addresses for interface in static}
    merged = []
    for interface in live:
        known = {_same_address(value) for value in interface.addresses}
        extra = tuple(
            value
            for value in configured.get(interface.name, ())
            if _same_address(value) not in known
        )
        merged.append(replace(interface, addresses=interface.addresses + extra))
    return tuple(merged)


def choose_addresses(
    interfaces: Sequence[InterfaceAddresses], primary_name: str | None
) -> tuple[str | None, tuple[str, ...]]:
    """Pick the primary address and the others, without prefixes.

    The primary one is the first IPv4 address of the interface of `net0` (else of
    any interface), else the first IPv6 address. Loopback and link-local addresses
    are left out: they stay in the interfaces.
    """
    ordered = sorted(interfaces, key=lambda interface: interface.name != primary_name)
    usable: list[ipaddress.IPv4Address | ipaddress.IPv6Address] = []
    for interface in ordered:
        for value in interface.addresses:
            address = ipaddress.ip_interface(value).ip
            if address.is_loopback or address.is_link_local or address in usable:
                continue
            usable.append(address)
    if not usable:
        return None, ()
    version4 = [address for address in usable if address.version == 4]
    primary = version4[0] if version4 else usable[0]
    others = tuple(str(address) for address in usable if address != primary)
    return str(primary), others


def _is_interface_address(value: str) -> bool:
    try:
        ipaddress.ip_interface(value)
    except ValueError:
        return False
    return True


def _same_address(value: str) -> object:
    return ipaddress.ip_interface(value).ip
