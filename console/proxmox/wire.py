"""Read API values that Proxmox VE sends as strings in some versions, numbers in others.

`vmid`, `template`, `uptime`, `pid` and the disk sizes have flipped between the two
across releases (PVE 7.3 to 8.0 sent `"vmid": "506"`, `"template": ""`), so every
field the console reads goes through one of these.
"""

from __future__ import annotations

import re


def as_int(value: object, default: int = 0) -> int:
    """Read an integer from a number or a decimal string; anything else is `default`."""
    if isinstance(value, bool):
        return int(value)
    if isinstance(value, int):
        return value
    if isinstance(value, float):
        return int(value)
    if isinstance(value, str) and value.strip().lstrip("-").isdigit():
        return int(value.strip())
    return default


def as_bool(value: object) -> bool:
    """Read PVE's 0/1 booleans, which also arrive as "0", "1", "" or true/false."""
    if isinstance(value, str):
        return value.strip().lower() in ("1", "true", "yes", "on")
    return bool(value)


def as_text(value: object) -> str | None:
    """Read an optional string; None and "" both mean not set."""
    if value is None:
        return None
    text = str(value)
    return text if text else None


def split_tags(value: object) -> tuple[str, ...]:
    """Split a PVE tag list, stored `;`-joined but accepted with `,` or spaces too."""
    text = as_text(value) or ""
    return tuple(tag for tag in re.split(r"[;,\s]+", text) if tag)


def parse_property_string(value: object) -> dict[str, str]:
    """Parse `key=value,key=value`; a part without `=` is kept under the key ""."""
    fields: dict[str, str] = {}
    for part in (as_text(value) or "").split(","):
        key, equals, item = part.partition("=")
        if equals:
            fields[key.strip()] = item.strip()
        elif part.strip():
            fields[""] = part.strip()
    return fields
