"""Rows of the sandbox table, built from sandbox records off the UI thread."""

from __future__ import annotations

import threading
from collections.abc import Iterable
from dataclasses import dataclass, replace

from console.proxmox.sandbox import Sandbox
from console.tui.widgets.sandbox_columns import (
    COLUMN_KEYS,
    RowTexts,
    row_texts,
    uptime_text,
)

_UPTIME_INDEX = COLUMN_KEYS.index("uptime")


@dataclass(frozen=True, slots=True)
class SandboxRow:
    """One sandbox and the texts of its cells, ready to paint and to filter."""

    sandbox: Sandbox
    texts: RowTexts


def _shown_fields(sandbox: Sandbox) -> tuple[object, ...]:
    """Return what the filter and every cell but the uptime are made from."""
    return (
        sandbox.name,
        sandbox.node,
        sandbox.node_online,
        sandbox.state,
        sandbox.status,
        sandbox.reason,
        sandbox.ip,
        sandbox.additional_ips,
        sandbox.tags,
        # Whether the IP cell shows the pending mark; `addresses_known` alone
        # changes nothing on screen while the last known addresses are shown.
        not sandbox.ip
        and sandbox.status == "running"
        and sandbox.node_online
        and not sandbox.addresses_known,
    )


def build_row(sandbox: Sandbox, previous: SandboxRow | None) -> SandboxRow:
    """Build a row, reusing the texts of an unchanged one.

    A refresh replaces every record, but on a large cluster few of them change
    what the table shows, and cleaning and measuring every cell of 5,000 rows
    takes longer than a frame. The uptime changes on every refresh, so it alone
    is formatted again.
    """
    if previous is None or _shown_fields(previous.sandbox) != _shown_fields(sandbox):
        return SandboxRow(sandbox, row_texts(sandbox))
    texts = previous.texts
    if previous.sandbox.uptime != sandbox.uptime:
        uptime = uptime_text(sandbox)
        index = _UPTIME_INDEX
        texts = RowTexts(
            cells=(*texts.cells[:index], uptime, *texts.cells[index + 1 :]),
            widths=(*texts.widths[:index], len(uptime), *texts.widths[index + 1 :]),
            others=texts.others,
            search=texts.search,
        )
    return SandboxRow(sandbox, texts)


def keep_known_addresses(sandbox: Sandbox, previous: Sandbox | None) -> Sandbox:
    """Keep the last known addresses of a running container until new ones arrive.

    Without this every refresh would blank the IP columns for the second or so the
    addresses take to read.
    """
    if (
        previous is None
        or sandbox.addresses_known
        or sandbox.status != "running"
        or previous.status != "running"
        or previous.ip is None
    ):
        return sandbox
    return replace(
        sandbox,
        ip=previous.ip,
        additional_ips=previous.additional_ips,
        interfaces=previous.interfaces,
    )


class RowBuilder:
    """Turns the records of each refresh into rows, remembering the last ones.

    The refresh worker calls it from its own thread, and `fill_addresses` from
    its pool threads, so the UI thread only swaps rows in. The lock guards the
    remembered rows against those concurrent calls.
    """

    def __init__(self) -> None:
        self._rows: dict[int, SandboxRow] = {}
        self._lock = threading.Lock()

    def rows_for_states(self, sandboxes: Iterable[Sandbox]) -> dict[int, SandboxRow]:
        """Build every row of a refresh from the states just read."""
        with self._lock:
            previous = self._rows
        rows: dict[int, SandboxRow] = {}
        for sandbox in sandboxes:
            old = previous.get(sandbox.vmid)
            kept = keep_known_addresses(sandbox, old.sandbox if old else None)
            rows[sandbox.vmid] = build_row(kept, old)
        with self._lock:
            self._rows = dict(rows)
        return rows

    def row_for_addresses(self, sandbox: Sandbox) -> SandboxRow:
        """Build the row of a sandbox whose addresses were just read."""
        with self._lock:
            previous = self._rows.get(sandbox.vmid)
        row = build_row(sandbox, previous)
        with self._lock:
            self._rows[sandbox.vmid] = row
        return row
