"""The value formats PVE checks: DNS names, addresses, tags and property strings."""

from __future__ import annotations

import ipaddress
import re
from collections.abc import Callable

from console.sim.propstring import PropertyStringError, parse_property_string
from console.sim.schema import FORMATS, MISSING, FormatError, Param, check_value

DNS_LABEL = r"[a-zA-Z0-9]([a-zA-Z0-9\-]*[a-zA-Z0-9])?"
DNS_NAME = rf"({DNS_LABEL}\.)*{DNS_LABEL}"
STORAGE_ID = r"[a-zA-Z][a-zA-Z0-9\-_.]*[a-zA-Z0-9]"
TAG = r"[a-z0-9_][a-z0-9_\-+.]*"
MAC = r"[a-fA-F0-9]{2}(:[a-fA-F0-9]{2}){5}"


def _dns_name(_name: str, value: str) -> None:
    if not re.fullmatch(DNS_NAME, value):
        raise FormatError("value does not look like a valid DNS name")


def _dns_name_list(name: str, value: str) -> None:
    for part in re.split(r"[;, ]+", value.strip()):
        _dns_name(name, part)


def _node(_name: str, value: str) -> None:
    if not re.fullmatch(DNS_LABEL, value):
        raise FormatError("value does not look like a valid node name")


def _storage_id(_name: str, value: str) -> None:
    if not re.fullmatch(STORAGE_ID, value):
        raise FormatError(f"storage ID '{value}' contains illegal characters")


def _volume_id(_name: str, value: str) -> None:
    if not re.fullmatch(rf"{STORAGE_ID}:.+", value):
        raise FormatError(f"unable to parse volume ID '{value}'")


def _pool_id(_name: str, value: str) -> None:
    if not re.fullmatch(r"[A-Za-z0-9_\-]+", value):
        raise FormatError(f"invalid pool ID '{value}'")


def _tag_list(_name: str, value: str) -> None:
    for tag in re.split(r"[;, ]+", value.strip()):
        if not re.fullmatch(TAG, tag, flags=re.IGNORECASE):
            raise FormatError(f"invalid tag '{tag}'")


def _ip_list(_name: str, value: str) -> None:
    for part in re.split(r"[;, ]+", value.strip()):
        try:
            ipaddress.ip_address(part)
        except ValueError:
            raise FormatError(
                f"value '{part}' does not look like a valid IP address"
            ) from None


def _ipv4(_name: str, value: str) -> None:
    try:
        ipaddress.IPv4Address(value)
    except ValueError:
        raise FormatError("value does not look like a valid IPv4 address") from None


def _ipv6(_name: str, value: str) -> None:
    try:
        ipaddress.IPv6Address(value)
    except ValueError:
        raise FormatError("value does not look like a valid IPv6 address") from None


def _ipv4_config(_name: str, value: str) -> None:
    if value in ("dhcp", "manual"):
        return
    if not _is_network(value, 4, 8, 32):
        raise FormatError("value does not look like a valid IPv4 network configuration")


def _ipv6_config(_name: str, value: str) -> None:
    if value in ("auto", "dhcp", "manual"):
        return
    if not _is_network(value, 6, 8, 128):
        raise FormatError("value does not look like a valid IPv6 network configuration")


def _is_network(value: str, family: int, low: int, high: int) -> bool:
    address, _, prefix = value.partition("/")
    if not prefix.isdigit() or not low <= int(prefix) <= high:
        return False
    try:
        return ipaddress.ip_address(address).version == family
    except ValueError:
        return False


def _mac(_name: str, value: str) -> None:
    if not re.fullmatch(MAC, value) or int(value[:2], 16) & 1:
        raise FormatError("value does not look like a valid unicast MAC address")


def _no_control(_name: str, value: str) -> None:
    # NUL separates the variables of `env`, so it is the one control byte allowed.
    if re.search(r"[\x01-\x08\x0a-\x1f\x7f]", value):
        raise FormatError("value contains control characters")


def _task_status_type_list(_name: str, value: str) -> None:
    for status in re.split(r"[;,\s\0]+", value.strip()):
        if not re.fullmatch(r"ok|error|warning|unknown", status, flags=re.IGNORECASE):
            raise FormatError(f"invalid status '{status}'")


NET_KEYS: dict[str, Param] = {
    "name": Param(optional=False, pattern=r"[-_.\w\d]+"),
    "bridge": Param(pattern=r"[-_.\w\d]+"),
    "hwaddr": Param(format="mac-addr"),
    "ip": Param(format="pve-ipv4-config"),
    "gw": Param(format="ipv4"),
    "ip6": Param(format="pve-ipv6-config"),
    "gw6": Param(format="ipv6"),
    "firewall": Param(type="boolean"),
    "tag": Param(type="integer", minimum=1, maximum=4094),
    "trunks": Param(pattern=r"\d+(?:-\d+)?(?:;\d+(?:-\d+)?)*"),
    "rate": Param(type="number", minimum=0),
    "mtu": Param(type="integer", minimum=64, maximum=65535),
    "link_down": Param(type="boolean"),
    "host-managed": Param(type="boolean"),
    "type": Param(enum=("veth",)),
}

_VOLUME_KEYS: dict[str, Param] = {
    "volume": Param(optional=False),
    "size": Param(pattern=r"\d+(\.\d+)?[KMGT]?"),
    "acl": Param(type="boolean"),
    "mountoptions": Param(
        pattern=r"(noatime|lazytime|nodev|nosuid|noexec|discard)(;(noatime|lazytime|nodev|nosuid|noexec|discard))*"
    ),
    "quota": Param(type="boolean"),
    "replicate": Param(type="boolean"),
    "ro": Param(type="boolean"),
    "shared": Param(type="boolean"),
}

ROOTFS_KEYS = dict(_VOLUME_KEYS)
MOUNTPOINT_KEYS = {
    **_VOLUME_KEYS,
    "mp": Param(optional=False),
    "backup": Param(type="boolean"),
}
FEATURE_KEYS: dict[str, Param] = {
    "nesting": Param(type="boolean"),
    "keyctl": Param(type="boolean"),
    "fuse": Param(type="boolean"),
    "mknod": Param(type="boolean"),
    "force_rw_sys": Param(type="boolean"),
    "mount": Param(pattern=r"[a-z0-9]+(;[a-z0-9]+)*"),
}
STARTUP_KEYS: dict[str, Param] = {
    "order": Param(type="integer", minimum=0),
    "up": Param(type="integer", minimum=0),
    "down": Param(type="integer", minimum=0),
}
DEVICE_KEYS: dict[str, Param] = {
    "path": Param(optional=False, pattern=r"/dev/.+"),
    "mode": Param(pattern=r"0?[0-7]{3}"),
    "uid": Param(type="integer", minimum=0),
    "gid": Param(type="integer", minimum=0),
    "deny-write": Param(type="boolean"),
}

# Property-string formats: the keys and the key a bare value stands for.
PROPERTY_FORMATS: dict[str, tuple[dict[str, Param], str | None]] = {
    "pve-lxc-network": (NET_KEYS, None),
    "pve-ct-rootfs": (ROOTFS_KEYS, "volume"),
    "pve-ct-mountpoint": (MOUNTPOINT_KEYS, "volume"),
    "pve-lxc-features": (FEATURE_KEYS, None),
    "pve-startup-order": (STARTUP_KEYS, "order"),
    "pve-lxc-dev": (DEVICE_KEYS, "path"),
}


def parse_property(format_name: str, text: str) -> dict[str, str]:
    """Parse `text` in the property-string format `format_name` without checks."""
    keys, default_key = PROPERTY_FORMATS[format_name]
    return parse_property_string(text, frozenset(keys), default_key)


def _property_check(format_name: str) -> Callable[[str, str], None]:
    keys, default_key = PROPERTY_FORMATS[format_name]

    def check(name: str, text: str) -> None:
        try:
            values = parse_property_string(text, frozenset(keys), default_key)
        except PropertyStringError as error:
            raise FormatError(str(error)) from None
        lines: list[str] = []
        for key, param in keys.items():
            if key not in values:
                if not param.optional:
                    lines.append(f"{name}.{key}: {MISSING}\n")
                continue
            _value, problem = check_value(f"{name}.{key}", param, values[key])
            if problem is not None:
                lines.append(f"{name}.{key}: {problem.rstrip()}\n")
        if lines:
            raise FormatError("format error\n" + "".join(lines))

    return check


FORMATS.update(
    {
        "dns-name": _dns_name,
        "dns-name-list": _dns_name_list,
        "pve-node": _node,
        "pve-storage-id": _storage_id,
        "pve-volume-id": _volume_id,
        "pve-poolid": _pool_id,
        "pve-tag-list": _tag_list,
        "ip-list": _ip_list,
        "ipv4": _ipv4,
        "ipv6": _ipv6,
        "pve-ipv4-config": _ipv4_config,
        "pve-ipv6-config": _ipv6_config,
        "mac-addr": _mac,
        "no-control": _no_control,
        "pve-task-status-type-list": _task_status_type_list,
    }
)
for _format in PROPERTY_FORMATS:
    FORMATS[_format] = _property_check(_format)
