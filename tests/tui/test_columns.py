"""Cell texts of the sandbox table and the batching of address arrivals."""

from __future__ import annotations

import pytest

from console.proxmox.sandbox import Sandbox, SandboxState
from console.tui.screens.address_batches import AddressBatcher
from console.tui.widgets.sandbox_columns import (
    SORT_KEYS,
    cell_text,
    format_uptime,
    search_text,
    shorten_addresses,
)
from console.tui.widgets.sandbox_rows import RowBuilder


def sandbox(vmid: int, **changes: object) -> Sandbox:
    values: dict[str, object] = {
        "vmid": vmid,
        "name": f"ct-{vmid}",
        "node": "pve1",
        "state": SandboxState.READY,
        "status": "running",
    }
    values.update(changes)
    return Sandbox(**values)  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("seconds", "expected"),
    [(0, ""), (9, "9s"), (125, "2m"), (3_720, "1h 2m"), (90_000, "1d 1h")],
)
def test_format_uptime(seconds: int, expected: str) -> None:
    assert format_uptime(seconds) == expected


def test_shorten_addresses_counts_left_out() -> None:
    addresses = ["10.0.0.1", "10.0.0.2", "10.0.0.3"]
    assert shorten_addresses(addresses, 40) == "10.0.0.1, 10.0.0.2, 10.0.0.3"
    assert shorten_addresses(addresses, 14) == "10.0.0.1 +2"
    assert shorten_addresses(addresses, 7) == "10.… +2"
    assert shorten_addresses(["2001:db8::1234"], 10) == "2001:db8:…"
    assert shorten_addresses(addresses, 3) == "+3"
    assert shorten_addresses([], 10) == ""


def test_state_cell_has_symbol() -> None:
    assert cell_text(sandbox(1), "state", 11) == "✓ ready"
    not_ready = sandbox(2, state=SandboxState.NOT_READY, status="stopped")
    assert cell_text(not_ready, "state", 11) == "✗ not ready"
    offline = sandbox(3, state=SandboxState.NOT_READY, node_online=False)
    assert cell_text(offline, "state", 11) == "? unknown"


def test_ip_cell_pending_then_known() -> None:
    assert cell_text(sandbox(1), "ip", 15) == "…"
    assert cell_text(sandbox(1, ip="10.1.2.3/24", addresses_known=True), "ip", 15) == (
        "10.1.2.3"
    )
    assert cell_text(sandbox(1, node_online=False), "ip", 15) == ""


def test_name_cell_is_inert() -> None:
    assert cell_text(sandbox(1, name="a\x1b[2Jb\nc"), "name", 20) == "ab c"


def test_search_text_covers_filter_fields() -> None:
    text = search_text(
        sandbox(
            42,
            name="Web",
            ip="10.9.8.7/24",
            additional_ips=("fd00::1/64",),
            tags=("x",),
        )
    )
    for needle in ("42", "web", "pve1", "10.9.8.7", "fd00::1", "x"):
        assert needle in text


def test_state_sort_puts_not_ready_first() -> None:
    rows = [
        sandbox(1),
        sandbox(2, state=SandboxState.NOT_READY, status="stopped", reason="stopped"),
        sandbox(3, state=SandboxState.NOT_READY, node_online=False),
    ]
    ordered = sorted(rows, key=SORT_KEYS["state"])
    assert [row.vmid for row in ordered] == [3, 2, 1]


def test_ip_sort_is_numeric() -> None:
    rows = [
        sandbox(1, ip="10.0.0.10/24"),
        sandbox(2, ip="10.0.0.9/24"),
        sandbox(3),
    ]
    ordered = sorted(rows, key=SORT_KEYS["ip"])
    assert [row.vmid for row in ordered] == [2, 1, 3]


def test_batcher_sends_batches_and_rest() -> None:
    now = [0.0]
    sent: list[tuple[int, ...]] = []
    batcher = AddressBatcher(
        lambda batch: sent.append(tuple(s.vmid for s in batch)),
        interval=0.1,
        clock=lambda: now[0],
    )
    batcher.add(sandbox(1))
    batcher.add(sandbox(2))
    now[0] = 0.2
    batcher.add(sandbox(3))
    batcher.add(sandbox(4))
    batcher.flush()
    batcher.flush()
    assert sent == [(1, 2, 3), (4,)]


def test_row_builder_keeps_known_addresses() -> None:
    builder = RowBuilder()
    builder.rows_for_states([sandbox(1), sandbox(2, status="stopped")])
    builder.row_for_addresses(sandbox(1, ip="10.0.0.1", addresses_known=True))
    rows = builder.rows_for_states([sandbox(1, uptime=60), sandbox(2)])
    assert rows[1].sandbox.ip == "10.0.0.1"
    assert rows[1].texts.cells[5] == "10.0.0.1"
    # The uptime is formatted again even though the rest of the row is reused.
    assert rows[1].texts.cells[8] == "1m"
    assert rows[2].sandbox.ip is None


def test_row_builder_drops_addresses_when_stopped() -> None:
    builder = RowBuilder()
    builder.rows_for_states([sandbox(1)])
    builder.row_for_addresses(sandbox(1, ip="10.0.0.1", addresses_known=True))
    rows = builder.rows_for_states([sandbox(1, status="stopped")])
    assert rows[1].sandbox.ip is None
    assert rows[1].texts.cells[5] == ""
