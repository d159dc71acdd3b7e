"""The sandboxes screen: the live list an operator opens during an incident."""

from __future__ import annotations

import gc
from dataclasses import replace
from typing import TYPE_CHECKING, ClassVar

from textual import events, on, work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.message import Message
from textual.screen import Screen
from textual.timer import Timer
from textual.widgets import Footer, Input
from textual.worker import Worker, get_current_worker

from console.proxmox.sandboxes import SandboxLister, SandboxSnapshot
from console.tui.screens.address_batches import AddressBatcher
from console.tui.widgets.cluster_header import ClusterHeader
from console.tui.widgets.filter_input import FilterInput
from console.tui.widgets.sandbox_columns import COLUMNS, strip_prefix
from console.tui.widgets.sandbox_rows import RowBuilder, SandboxRow
from console.tui.widgets.sandbox_table import SandboxTable
from console.tui.widgets.status_line import ListStatus, StatusLine

if TYPE_CHECKING:
    from console.tui.app import PodConsoleApp

_SORT_BINDINGS: list[BindingType] = [
    Binding(
        str(number),
        f"sort('{column.key}')",
        f"Sort by {column.title}",
        show=False,
        id=f"sandboxes.sort-{column.key.replace('_', '-')}",
        tooltip=f"Sort by the {column.label} column; again to reverse the order",
    )
    for number, column in enumerate(COLUMNS, start=1)
]


class SandboxesScreen(Screen[None]):
    """Every sandbox of the cluster, refreshed on an interval and on demand."""

    TITLE = "Sandboxes"

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("slash", "filter", "Filter", id="sandboxes.filter",
                tooltip="Filter by vmid, name, node, IP or tag as you type"),
        Binding("escape", "clear_filter", "Clear filter", show=False,
                id="sandboxes.clear-filter",
                tooltip="Clear the filter and go back to the table"),
        Binding("t", "toggle_triage", "Triage", id="sandboxes.triage",
                tooltip="Show only sandboxes that are not ready, or all again"),
        Binding("r,ctrl+r", "refresh", "Refresh", id="sandboxes.refresh",
                tooltip="Read the sandbox list from the cluster now"),
        Binding("p", "toggle_pause", "Pause", id="sandboxes.pause",
                tooltip="Pause or resume the automatic refresh"),
        Binding("c", "compose", "Compose", id="sandboxes.compose",
                tooltip="Compose a container request in the ready sandbox"),
        Binding("y", "copy_vmid", "Copy vmid", show=False, id="sandboxes.copy-vmid",
                tooltip="Copy the vmid of the sandbox to the clipboard (OSC 52)"),
        Binding("i", "copy_ip", "Copy IP", show=False, id="sandboxes.copy-ip",
                tooltip="Copy the primary IP of the sandbox to the clipboard (OSC 52)"),
        *_SORT_BINDINGS,
    ]  # fmt: skip

    class SandboxesRefreshed(Message):
        """The states of every sandbox were read; addresses may still follow."""

        def __init__(
            self, snapshot: SandboxSnapshot, rows: dict[int, SandboxRow]
        ) -> None:
            super().__init__()
            self.snapshot = snapshot
            self.rows = rows

    class AddressesArrived(Message):
        """The addresses of these sandboxes were read."""

        def __init__(self, rows: tuple[SandboxRow, ...]) -> None:
            super().__init__()
            self.rows = rows

    class AddressesFilled(Message):
        """Every address of a refresh was read: the refresh is complete."""

        def __init__(self, snapshot: SandboxSnapshot) -> None:
            super().__init__()
            self.snapshot = snapshot

    def __init__(self) -> None:
        super().__init__()
        self._lister: SandboxLister | None = None
        # Used only by the refresh worker's threads.
        self._rows = RowBuilder()
        self._timer: Timer | None = None
        self._status = ListStatus()
        self._heap_frozen = False
        self._reveal_vmid: int | None = None

    @property
    def console(self) -> PodConsoleApp:
        from console.tui.app import PodConsoleApp

        assert isinstance(self.app, PodConsoleApp)
        return self.app

    @property
    def table(self) -> SandboxTable:
        return self.query_one(SandboxTable)

    def compose(self) -> ComposeResult:
        yield ClusterHeader()
        yield SandboxTable(id="sandboxes")
        yield FilterInput(placeholder="filter: vmid, name, node, IP, tag", id="filter")
        yield StatusLine(id="status")
        yield Footer(compact=True)

    def on_mount(self) -> None:
        state = self.console.ui_state
        table = self.table
        if state.sort_column in {column.key for column in COLUMNS}:
            table.set_reactive(SandboxTable.sort_column, state.sort_column)
            table.set_reactive(SandboxTable.sort_reverse, state.sort_reverse)
        self.query_one("#filter").display = False
        self._status = replace(
            self._status,
            interval=self.console.refresh_interval,
            message="Connecting…",
            sort_label=self._sort_label(),
        )
        self._show_status()
        table.focus()

    # --- refreshing -----------------------------------------------------------

    def start(self, lister: SandboxLister) -> None:
        """Begin listing with `lister`: a refresh now, then one every interval."""
        self._lister = lister
        self._rows = RowBuilder()
        self.table.set_rows({})
        self._status = replace(self._status, message="", node_errors={})
        if self._timer is not None:
            self._timer.stop()
        interval = self.console.refresh_interval
        if interval > 0:
            self._timer = self.set_interval(interval, self._refresh_on_timer)
        self.action_refresh()

    def _refresh_on_timer(self) -> None:
        if not self._status.paused and not self._status.refreshing:
            self.action_refresh()

    def action_refresh(self) -> None:
        if self._lister is None:
            self.notify("Not connected yet.", severity="warning", markup=False)
            return
        self._status = replace(self._status, refreshing=True)
        self._show_status()
        self.refresh_sandboxes(self._lister)

    @work(
        thread=True,
        exclusive=True,
        group="refresh",
        exit_on_error=False,
        description="Refresh the sandbox list",
    )
    def refresh_sandboxes(self, lister: SandboxLister) -> None:
        # The rows are built here, in the worker thread, so that the UI thread
        # only swaps them in: at thousands of sandboxes building them takes longer
        # than a frame.
        worker = get_current_worker()
        # A profile switch replaces the builder; this refresh keeps its own.
        builder = self._rows
        snapshot = lister.list_states()
        if worker.is_cancelled:
            return
        rows = builder.rows_for_states(snapshot.sandboxes)
        self.post_message(self.SandboxesRefreshed(snapshot, rows))

        def send(batch: tuple[SandboxRow, ...]) -> None:
            # A newer refresh replaced this one: its rows must not be overwritten
            # with what this thread read earlier.
            if not worker.is_cancelled:
                self.post_message(self.AddressesArrived(batch))

        batcher = AddressBatcher(send)
        filled = lister.fill_addresses(
            snapshot,
            lambda sandbox: batcher.add(builder.row_for_addresses(sandbox)),
        )
        batcher.flush()
        if not worker.is_cancelled:
            self.post_message(self.AddressesFilled(filled))

    def on_sandboxes_screen_sandboxes_refreshed(
        self, message: SandboxesRefreshed
    ) -> None:
        self.table.set_rows(message.rows)
        self._reveal_if_listed()
        self._status = replace(
            self._status,
            last_refresh=self.console.clock(),
            node_errors=dict(message.snapshot.node_errors),
            message="",
        )
        self._show_status()
        self.console.note_unreachable_nodes(message.snapshot.node_errors.keys())

    def on_sandboxes_screen_addresses_arrived(self, message: AddressesArrived) -> None:
        self.table.update_rows(message.rows)

    def on_sandboxes_screen_addresses_filled(self, message: AddressesFilled) -> None:
        # Every filled row came in a batch; only the nodes that stopped responding
        # while addresses were read are new here.
        self._status = replace(
            self._status,
            refreshing=False,
            node_errors=dict(message.snapshot.node_errors),
        )
        self.console.note_unreachable_nodes(message.snapshot.node_errors.keys())
        self._show_status()
        if not self._heap_frozen:
            # A full garbage collection walks every tracked object: with 5,000
            # sandboxes it stalled the UI for 100 to 400 ms during refreshes
            # (benchmarks/tui_scale.py). What lives after the first complete
            # refresh is mostly long-lived, so the collector skips it from now on;
            # reference counting still frees it.
            gc.freeze()
            self._heap_frozen = True

    def on_unmount(self) -> None:
        # Frozen objects that became cyclic garbage are collectable again.
        if self._heap_frozen:
            gc.unfreeze()
            self._heap_frozen = False

    def on_worker_state_changed(self, event: Worker.StateChanged) -> None:
        self.console.route_worker_state(event)

    def show_worker_error(self, description: str, error: BaseException) -> None:
        """Show a failed refresh in the status line; the next one may succeed."""
        self._status = replace(
            self._status,
            refreshing=False,
            message=f"Refresh failed: {self.console.explain(error)}",
        )
        self._show_status()

    # --- view -----------------------------------------------------------------

    @on(SandboxTable.ViewChanged)
    def _view_changed(self) -> None:
        self._show_status()

    def _show_status(self) -> None:
        table = self.table
        self._status = replace(
            self._status,
            shown=table.shown_count,
            total=table.total_count,
            filter_text=table.filter_text,
            not_ready_only=table.not_ready_only,
            sort_label=self._sort_label(),
        )
        self.query_one(StatusLine).show(self._status)

    def _sort_label(self) -> str:
        table = self.table
        label = next(c.label for c in COLUMNS if c.key == table.sort_column)
        return f"sort {label}{'▼' if table.sort_reverse else '▲'}"

    def action_filter(self) -> None:
        field = self.query_one("#filter", Input)
        field.display = True
        # Focus at once rather than after a refresh (what focus() does), so keys
        # typed right after `/` over a slow link land in the filter.
        self.set_focus(field)

    def action_clear_filter(self) -> None:
        field = self.query_one("#filter", Input)
        field.value = ""
        field.display = False
        self.set_focus(self.table)

    def on_key(self, event: events.Key) -> None:
        # The app hands each key to the focused widget as it arrives but resolves
        # bindings only once the key has bubbled up to the app. Over a slow link
        # `/web⏎t` comes in one burst, and every key of it reaches this screen
        # before the app has run the `/` binding. So the filter key and the keys
        # of the open filter are handled here, as they pass, in order.
        field = self.query_one("#filter", FilterInput)
        if self.focused is field:
            if event.key == "enter":
                self._leave_filter()
            elif event.key == "escape":
                self.action_clear_filter()
            elif event.is_printable and event.character:
                # Typed after `/` but queued at the table before the focus moved.
                field.insert_text_at_cursor(event.character)
            else:
                return
            event.stop()
            event.prevent_default()
            return
        active = self.active_bindings.get(event.key)
        if active is not None and active.binding.action == "filter":
            self.action_filter()
            event.stop()
            event.prevent_default()

    @on(Input.Changed, "#filter")
    def _filter_changed(self, event: Input.Changed) -> None:
        self.table.filter_text = event.value

    def _leave_filter(self) -> None:
        """Go back to the table, keeping the filter (hidden when empty)."""
        field = self.query_one("#filter", Input)
        if not field.value:
            field.display = False
        self.set_focus(self.table)

    def action_toggle_triage(self) -> None:
        self.table.not_ready_only = not self.table.not_ready_only

    def action_toggle_pause(self) -> None:
        self._status = replace(self._status, paused=not self._status.paused)
        self._show_status()

    def action_sort(self, column: str) -> None:
        table = self.table
        table.sort_by(column)
        self.console.remember_sort(table.sort_column, table.sort_reverse)

    # --- the sandbox under the cursor -----------------------------------------

    def reveal_when_listed(self, vmid: int) -> None:
        """Put the cursor on `vmid` now, or after the first refresh that lists it."""
        self._reveal_vmid = vmid
        self._reveal_if_listed()

    def _reveal_if_listed(self) -> None:
        vmid = self._reveal_vmid
        table = self.table
        if vmid is None or table.get_sandbox(vmid) is None:
            return
        self._reveal_vmid = None
        if table.move_cursor_to(vmid):
            return
        # The operator asked for this container, so a view that hides it gives way.
        self.action_clear_filter()
        table.filter_text = ""
        table.not_ready_only = False
        table.move_cursor_to(vmid)
        self.notify(
            f"Cleared the filter to show the new container {vmid}.", markup=False
        )

    @on(SandboxTable.SandboxSelected)
    def _open_details(self, event: SandboxTable.SandboxSelected) -> None:
        from console.tui.screens.detail import SandboxDetailScreen

        if self._lister is not None:
            self.app.push_screen(SandboxDetailScreen(self._lister, event.sandbox))

    def action_compose(self) -> None:
        sandbox = self.table.cursor_sandbox
        if sandbox is None:
            return
        if not sandbox.is_ready:
            self.notify(
                f"Sandbox {sandbox.vmid} is not ready ({sandbox.reason or 'unknown'}); "
                "choose a ready one to compose a container in it.",
                severity="warning",
                markup=False,
            )
            return
        self.console.action_compose(sandbox.vmid)

    def action_copy_vmid(self) -> None:
        sandbox = self.table.cursor_sandbox
        if sandbox is not None:
            self.console.copy_with_notice(str(sandbox.vmid), "vmid")

    def action_copy_ip(self) -> None:
        sandbox = self.table.cursor_sandbox
        if sandbox is None:
            return
        if not sandbox.ip:
            self.notify(
                f"Sandbox {sandbox.vmid} has no known IP.",
                severity="warning",
                markup=False,
            )
            return
        self.console.copy_with_notice(strip_prefix(sandbox.ip), "IP")
