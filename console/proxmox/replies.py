"""Check the shape of Proxmox replies before reading them.

proxmoxer returns a 2xx body that is not JSON as `{"errors": <bytes>}`, and a
misbehaving node may send JSON of the wrong type. Both become a ProxmoxError here,
which callers already treat as a failed call, instead of an AttributeError later.
"""

from __future__ import annotations

from typing import Any

from console.proxmox.errors import ProxmoxError


def api_rows(value: object, what: str) -> list[dict[str, Any]]:
    """Return a list reply as its objects, or raise ProxmoxError if it is not one."""
    if value is None:
        return []
    if not isinstance(value, list) or not all(isinstance(row, dict) for row in value):
        raise ProxmoxError(f"Proxmox sent an unreadable {what} (not a list of objects)")
    return value


def api_object(value: object, what: str) -> dict[str, Any]:
    """Return an object reply, or raise ProxmoxError if it is not a JSON object."""
    if value is None:
        return {}
    if not isinstance(value, dict) or isinstance(value.get("errors"), bytes):
        raise ProxmoxError(f"Proxmox sent an unreadable {what} (not a JSON object)")
    return value


def api_vmid(value: object) -> int:
    """Return the vmid `/cluster/nextid` sent (a string), or raise ProxmoxError."""
    text = str(value).strip()
    if isinstance(value, bool) or not text.isdigit():
        raise ProxmoxError(f"Proxmox sent an unreadable next vmid: {text[:40]!r}")
    return int(text)
