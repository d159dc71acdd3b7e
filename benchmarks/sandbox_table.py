"""Time the sandbox table against Textual's DataTable at thousands of rows.

Run as `python -m benchmarks.sandbox_table [--rows N]`. Both tables sit alone in a
headless app at 120x40. Each figure is the median of several runs, from the change
until the screen is painted:

- a filter keystroke (the DataTable is cleared and refilled, as it has no way to
  hide rows);
- a refresh that changes every uptime (the DataTable updates each changed cell in
  place; the sandbox table swaps in rows that its refresh worker built, and that
  building is timed on its own);
- a sort by name.

Timings include the machine's other load, so read them side by side.
"""

from __future__ import annotations

import argparse
import asyncio
import statistics
import time
from collections.abc import Callable, Sequence

from textual.app import App, ComposeResult
from textual.pilot import Pilot
from textual.widgets import DataTable

from console.proxmox.sandbox import Sandbox, SandboxState
from console.tui.app import PodConsoleApp
from console.tui.themes import CONSOLE_VARIABLES
from console.tui.widgets.sandbox_columns import COLUMNS, row_texts
from console.tui.widgets.sandbox_rows import RowBuilder
from console.tui.widgets.sandbox_table import SandboxTable

FILTER_KEYS = ("c", "ct", "ct-", "ct-1", "ct-12")
RUNS = 5


def make_sandboxes(count: int, uptime_offset: int = 0) -> list[Sandbox]:
    sandboxes = []
    for index in range(count):
        running = index % 5 != 0
        sandboxes.append(
            Sandbox(
                vmid=1000 + index,
                name=f"ct-{index}",
                node=f"pve{index % 20}",
                state=SandboxState.READY if running else SandboxState.NOT_READY,
                status="running" if running else "stopped",
                reason="" if running else "stopped",
                ip=f"10.{index // 65536}.{index // 256 % 256}.{index % 256}"
                if running
                else None,
                additional_ips=(f"fd00::{index:x}",) if index % 2 else (),
                tags=("pod", "web"),
                uptime=3600 + index + uptime_offset if running else 0,
                addresses_known=running,
            )
        )
    return sandboxes


class TableApp(App[None]):
    """Hosts one table with the console's stylesheet and theme variables."""

    CSS_PATH = PodConsoleApp.CSS_PATH

    def __init__(self, table: SandboxTable | DataTable[str]) -> None:
        super().__init__()
        self.table = table

    def get_theme_variable_defaults(self) -> dict[str, str]:
        return {**super().get_theme_variable_defaults(), **CONSOLE_VARIABLES}

    def compose(self) -> ComposeResult:
        yield self.table


async def _painted(pilot: Pilot[None], change: Callable[[], None]) -> float:
    """Apply `change` and return the seconds until the screen is painted.

    Painting is forced at once, as the screen's update timer would do on its next
    tick, so the figure is the work of the frame, not the wait for it.
    """
    began = time.perf_counter()
    change()
    await pilot._wait_for_screen()
    pilot.app.screen._on_timer_update()
    return time.perf_counter() - began


def _cells(sandbox: Sandbox) -> list[str]:
    return list(row_texts(sandbox).cells)


async def time_sandbox_table(sandboxes: Sequence[Sandbox]) -> dict[str, list[float]]:
    table = SandboxTable()
    app = TableApp(table)
    builder = RowBuilder()
    figures: dict[str, list[float]] = {
        "filter": [],
        "build": [],
        "refresh": [],
        "sort": [],
    }
    async with app.run_test(size=(120, 40)) as pilot:
        table.set_rows(builder.rows_for_states(sandboxes))
        await pilot.pause()
        for run in range(RUNS):
            for text in (*FILTER_KEYS, ""):
                seconds = await _painted(
                    pilot, lambda text=text: setattr(table, "filter_text", text)
                )
                if text:
                    figures["filter"].append(seconds)
            newer = make_sandboxes(len(sandboxes), uptime_offset=run + 1)
            # The refresh worker builds the rows in its thread; the UI thread only
            # swaps them in, so the two are timed apart.
            began = time.perf_counter()
            rows = builder.rows_for_states(newer)
            figures["build"].append(time.perf_counter() - began)
            figures["refresh"].append(
                await _painted(pilot, lambda rows=rows: table.set_rows(rows))
            )
            figures["sort"].append(await _painted(pilot, lambda: table.sort_by("name")))
    return figures


async def time_data_table(sandboxes: Sequence[Sandbox]) -> dict[str, list[float]]:
    table: DataTable[str] = DataTable()
    app = TableApp(table)
    figures: dict[str, list[float]] = {"filter": [], "refresh": [], "sort": []}
    rows = {sandbox.vmid: _cells(sandbox) for sandbox in sandboxes}

    def fill(needle: str) -> None:
        table.clear()
        for vmid, cells in rows.items():
            if needle in " ".join(cells).casefold():
                table.add_row(*cells, key=str(vmid))

    def update(newer: list[Sandbox]) -> None:
        for sandbox in newer:
            cells = _cells(sandbox)
            key = str(sandbox.vmid)
            if cells != rows[sandbox.vmid] and key in table.rows:
                for column, old, new in zip(
                    COLUMNS, rows[sandbox.vmid], cells, strict=True
                ):
                    if old != new:
                        table.update_cell(key, column.key, new)
            rows[sandbox.vmid] = cells

    async with app.run_test(size=(120, 40)) as pilot:
        for column in COLUMNS:
            table.add_column(column.label, key=column.key)
        fill("")
        await pilot.pause()
        for run in range(RUNS):
            for text in (*FILTER_KEYS, ""):
                seconds = await _painted(pilot, lambda text=text: fill(text))
                if text:
                    figures["filter"].append(seconds)
            newer = make_sandboxes(len(sandboxes), uptime_offset=run + 1)
            figures["refresh"].append(
                await _painted(pilot, lambda newer=newer: update(newer))
            )
            figures["sort"].append(await _painted(pilot, lambda: table.sort("name")))
    return figures


def _median_ms(values: list[float]) -> float:
    return statistics.median(values) * 1000


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m benchmarks.sandbox_table", description=__doc__.splitlines()[0]
    )
    parser.add_argument("--rows", type=int, default=5000, help="sandboxes to list")
    args = parser.parse_args(argv)
    sandboxes = make_sandboxes(args.rows)
    ours = asyncio.run(time_sandbox_table(sandboxes))
    theirs = asyncio.run(time_data_table(sandboxes))
    print(f"{args.rows} rows, median of {RUNS} runs, change to painted screen")
    print(f"{'':<26}{'SandboxTable':>14}{'DataTable':>12}{'ratio':>8}")
    for name, label in (
        ("filter", "filter keystroke"),
        ("refresh", "refresh (UI thread)"),
        ("sort", "sort"),
    ):
        mine, other = _median_ms(ours[name]), _median_ms(theirs[name])
        print(f"{label:<26}{mine:>11.1f} ms{other:>9.1f} ms{other / mine:>7.1f}x")
    build = _median_ms(ours["build"])
    print(f"{'refresh rows (worker)':<26}{build:>11.1f} ms")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
