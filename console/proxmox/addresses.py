"""Container addresses: static ones from `netN` settings, live ones from interfaces."""

from __future__ import annotations

import functools
import ipaddress
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, replace
from typing import Any

from console.proxmox.sandbox import InterfaceAddresses
from console.proxmox.wire import as_bool, as_text, parse_property_string

IPAddress = ipaddress.IPv4Address | ipaddress.IPv6Address

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
            if address_of(value) is not None:
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
    problems: list[str] = []
    for item in data:
        if isinstance(item, Mapping):
            interfaces.append(_interface_from(item, problems))
    return tuple(interfaces), tuple(problems)


def _interface_from(item: Mapping[str, Any], problems: list[str]) -> InterfaceAddresses:
    name = as_text(item.get("name")) or "?"
    hwaddr = as_text(item.get("hardware-address")) or as_text(item.get("hwaddr"))
    found: list[str] = []
    for entry in item.get("ip-addresses") or ():
        if isinstance(entry, Mapping):
            text = as_text(entry.get("ip-address"))
            prefix = as_text(entry.get("prefix"))
            if text:
                found.append(f"{text}/{prefix}" if prefix else text)
    for key in ("inet", "inet6"):
        value = as_text(item.get(key))
        if value:
            found.append(value)

    addresses: list[str] = []
    seen: set[IPAddress] = set()
    for value in found:
        address = address_of(value)
        if address is None:
            problems.append(f"{name}: {value!r} is not an IP address")
        elif address not in seen:
            seen.add(address)
            addresses.append(value)
    lower = hwaddr.lower() if hwaddr else None
    return InterfaceAddresses(name, lower, tuple(addresses))


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
        known = {address_of(value) for value in interface.addresses}
        extra = tuple(
            value
            for value in configured.get(interface.name, ())
            if address_of(value) not in known
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
    usable: list[IPAddress] = []
    for interface in ordered:
        for value in interface.addresses:
            address = address_of(value)
            if address is None or address.is_loopback or address.is_link_local:
                continue
            if address not in usable:
                usable.append(address)
    if not usable:
        return None, ()
    version4 = [address for address in usable if address.version == 4]
    primary = version4[0] if version4 else usable[0]
    others = tuple(str(address) for address in usable if address != primary)
    return str(primary), others


# A refresh parses the same few thousand strings again; ipaddress is the main cost.
@functools.lru_cache(maxsize=65536)
def address_of(value: str) -> IPAddress | None:
    """Return the address of `ADDRESS` or `ADDRESS/PREFIX`, None when invalid."""
    try:
        return ipaddress.ip_interface(value).ip
    except ValueError:
        return None
