"""The columns of the sandbox table: what each cell shows and how rows sort by it."""

from __future__ import annotations

import ipaddress
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from rich.cells import cell_len

from console.proxmox.sandbox import Sandbox
from console.tui.plain import plain_line

READY_SYMBOL = "✓"
NOT_READY_SYMBOL = "✗"
UNKNOWN_SYMBOL = "?"
# A running container whose addresses have not been read yet.
PENDING_ADDRESS = "…"


@dataclass(frozen=True)
class Column:
    """One column: its key (used for sorting and in the keymap), label and widths."""

    key: str
    label: str
    # The column in a sentence ("Sort by other IPs").
    title: str
    min_width: int
    max_width: int
    right_aligned: bool = False


COLUMNS: tuple[Column, ...] = (
    Column("vmid", "VMID", "vmid", 4, 10, right_aligned=True),
    Column("name", "NAME", "name", 4, 16),
    Column("node", "NODE", "node", 4, 10),
    Column("state", "STATE", "state", 11, 11),
    Column("reason", "REASON", "reason", 6, 20),
    Column("ip", "IP", "IP", 2, 24),
    Column("other_ips", "OTHER IPS", "other IPs", 9, 22),
    Column("tags", "TAGS", "tags", 4, 20),
    Column("uptime", "UPTIME", "uptime", 6, 8, right_aligned=True),
)
COLUMN_KEYS = tuple(column.key for column in COLUMNS)


def state_text(sandbox: Sandbox) -> str:
    """Return the state cell: a symbol first, so it reads without colour."""
    if not sandbox.node_online:
        return f"{UNKNOWN_SYMBOL} unknown"
    if sandbox.is_ready:
        return f"{READY_SYMBOL} ready"
    return f"{NOT_READY_SYMBOL} not ready"


def format_uptime(seconds: int) -> str:
    """Return an uptime in the two largest units: `3d 4h`, `5h 12m`, `42m`, `9s`."""
    if seconds <= 0:
        return ""
    days, rest = divmod(seconds, 86_400)
    hours, rest = divmod(rest, 3_600)
    minutes, secs = divmod(rest, 60)
    if days:
        return f"{days}d {hours}h"
    if hours:
        return f"{hours}h {minutes}m"
    if minutes:
        return f"{minutes}m"
    return f"{secs}s"


def strip_prefix(address: str) -> str:
    """Return an address without its `/PREFIX`, as an operator copies it."""
    return address.split("/", 1)[0]


def shorten_addresses(addresses: Sequence[str], width: int) -> str:
    """Join addresses into `width` cells, ending with `+N` for those left out.

    When not even the first fits, it is cut with `…`, so the cell never shows a
    bare count.
    """
    shown: list[str] = []
    for index, address in enumerate(addresses):
        left_out = len(addresses) - index - 1
        candidate = ", ".join([*shown, address])
        suffix = f" +{left_out}" if left_out else ""
        if len(candidate) + len(suffix) <= width:
            shown.append(address)
            continue
        if shown:
            return f"{', '.join(shown)} +{len(addresses) - len(shown)}"
        room = width - len(suffix) - 1
        if room < 1:
            return f"+{len(addresses)}"
        return f"{address[:room]}…{suffix}"
    return ", ".join(shown)


def _primary_ip(sandbox: Sandbox) -> str:
    if sandbox.ip:
        return strip_prefix(sandbox.ip)
    if (
        sandbox.status == "running"
        and sandbox.node_online
        and not sandbox.addresses_known
    ):
        return PENDING_ADDRESS
    return ""


@dataclass(frozen=True, slots=True)
class RowTexts:
    """The inert texts of one sandbox's cells, computed once per record.

    `cells` follows `COLUMNS`, with every other IP joined in full; `others` contains
    those addresses for `shorten_addresses` at paint time, when the width is known.
    """

    cells: tuple[str, ...]
    widths: tuple[int, ...]
    others: tuple[str, ...]
    search: str


def uptime_text(sandbox: Sandbox) -> str:
    return format_uptime(sandbox.uptime) if sandbox.status == "running" else ""


def row_texts(sandbox: Sandbox) -> RowTexts:
    """Compute the cell texts, their widths in cells, and the filter's text."""
    others = tuple(plain_line(strip_prefix(ip)) for ip in sandbox.additional_ips)
    tags = plain_line(" ".join(sandbox.tags))
    cells = (
        str(sandbox.vmid),
        plain_line(sandbox.name),
        plain_line(sandbox.node),
        state_text(sandbox),
        plain_line(sandbox.reason),
        plain_line(_primary_ip(sandbox)),
        ", ".join(others),
        tags,
        uptime_text(sandbox),
    )
    search = " ".join(
        (cells[0], cells[1], cells[2], plain_line(sandbox.ip or ""), *others, tags)
    ).casefold()
    return RowTexts(cells, tuple(cell_len(cell) for cell in cells), others, search)


def cell_text(sandbox: Sandbox, key: str, width: int) -> str:
    """Return one cell as inert plain text; `other_ips` is fitted to `width`."""
    texts = row_texts(sandbox)
    if key == "other_ips":
        return shorten_addresses(texts.others, width)
    return texts.cells[COLUMN_KEYS.index(key)]


def _address_key(address: str | None) -> tuple[int, int, str]:
    if not address:
        return (1, 0, "")
    try:
        parsed = ipaddress.ip_address(strip_prefix(address))
    except ValueError:
        return (0, 0, address)
    return (0, parsed.version, f"{int(parsed):040d}")


SortKey = Callable[[Sandbox], tuple[object, ...]]

SORT_KEYS: dict[str, SortKey] = {
    "vmid": lambda s: (s.vmid,),
    "name": lambda s: (s.name.casefold(), s.vmid),
    "node": lambda s: (s.node.casefold(), s.vmid),
    # Not ready first: ascending order is the triage order.
    "state": lambda s: (s.node_online, s.is_ready, s.reason.casefold(), s.vmid),
    "reason": lambda s: (s.reason.casefold(), s.vmid),
    "ip": lambda s: (*_address_key(s.ip), s.vmid),
    "other_ips": lambda s: (len(s.additional_ips), s.vmid),
    "tags": lambda s: (" ".join(s.tags).casefold(), s.vmid),
    "uptime": lambda s: (s.uptime, s.vmid),
}


def search_text(sandbox: Sandbox) -> str:
    """Return the text the filter matches against: vmid, name, node, IPs and tags."""
    return row_texts(sandbox).search
