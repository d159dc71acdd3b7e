"""How PVE rewrites config values when it stores them: netN, tags, rootfs, features."""

from __future__ import annotations

import re

from console.sim.formats import parse_property
from console.sim.network import random_mac
from console.sim.propstring import print_property_string, print_volume_string


def normalise_net(text: str, seed: str) -> str:
    """Order the keys as PVE does (`name` first, then sorted) and fill in defaults.

    A missing `hwaddr` gets a MAC in the Proxmox OUI derived from `seed`, and a
    missing `type` becomes `veth`.
    """
    values: dict[str, str | int] = dict(parse_property("pve-lxc-network", text))
    values.setdefault("hwaddr", random_mac(seed))
    values["hwaddr"] = str(values["hwaddr"]).upper()
    values.setdefault("type", "veth")
    return print_property_string(values, first=("name",))


def normalise_tags(text: str) -> str:
    """Lower-case, de-duplicate and sort tags, joined by `;`."""
    tags = {tag.lower() for tag in re.split(r"[;, ]+", text.strip()) if tag}
    return ";".join(sorted(tags))


def normalise_features(text: str) -> str:
    return print_property_string(parse_property("pve-lxc-features", text))


def rootfs_request(text: str | None, storage: str) -> tuple[str, str | None, float]:
    """Split a create's `rootfs` into (storage, existing volume or None, size in GiB).

    `local-lvm:8` and a bare `8` allocate a new volume; `local-lvm:vm-101-disk-0`
    names an existing one.
    """
    if text is None:
        return storage, None, 4.0
    values = parse_property("pve-ct-rootfs", text)
    volume = values["volume"]
    if re.fullmatch(r"\d+(\.\d+)?", volume):
        return storage, None, float(volume)
    sid, _, name = volume.partition(":")
    if re.fullmatch(r"\d+(\.\d+)?", name):
        return sid, None, float(name)
    return sid, volume, 4.0


def print_rootfs(volume: str, size_gib: float, original: str | None) -> str:
    """Print the rootfs value stored after allocation, keeping the given options."""
    options: dict[str, str | int] = {}
    if original is not None:
        options.update(parse_property("pve-ct-rootfs", original))
    options.pop("volume", None)
    size = int(size_gib) if float(size_gib).is_integer() else size_gib
    options["size"] = f"{size}G"
    return print_volume_string(volume, options)
