"""Property strings (`name=eth0,bridge=vmbr0,...`): parsing and printing.

The simulator has its own parser on purpose: the client side builds these strings
with its own code, and a shared parser would hide a mistake made in both.
"""

from __future__ import annotations

from collections.abc import Mapping


class PropertyStringError(ValueError):
    """A property string that does not split into `key=value` parts."""


def parse_property_string(
    text: str, keys: frozenset[str] | set[str], default_key: str | None = None
) -> dict[str, str]:
    """Split `text` into its keys, taking a bare value for `default_key`.

    Raises PropertyStringError with PVE's wording for a part without a key, an
    unknown key or a key given twice.
    """
    values: dict[str, str] = {}
    for part in text.split(","):
        if part == "":
            continue
        if "=" in part:
            key, value = part.split("=", 1)
        elif default_key is not None and default_key not in values:
            key, value = default_key, part
        else:
            raise PropertyStringError("missing key in comma-separated list property")
        if key not in keys:
            raise PropertyStringError(
                f"invalid key in comma-separated list property: {key}"
            )
        if key in values:
            raise PropertyStringError(
                f"duplicate key in comma-separated list property: {key}"
            )
        values[key] = value
    return values


def print_property_string(
    values: Mapping[str, str | int], first: tuple[str, ...] = ()
) -> str:
    """Join `values` the way PVE writes them: the `first` keys, then the rest sorted.

    Volume strings print their default key bare: see `print_volume_string`.
    """
    parts: list[str] = []
    for key in first:
        if key in values:
            parts.append(f"{key}={values[key]}")
    for key in sorted(values):
        if key not in first:
            parts.append(f"{key}={values[key]}")
    return ",".join(parts)


def print_volume_string(volume: str, values: Mapping[str, str | int]) -> str:
    """Print a mount point or rootfs string: the volume bare, then sorted keys."""
    rest = {key: value for key, value in values.items() if key != "volume"}
    tail = print_property_string(rest)
    return f"{volume},{tail}" if tail else volume
