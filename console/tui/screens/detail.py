"""The detail screen of one sandbox: everything needed to tell why it is not ready."""

from __future__ import annotations

from typing import TYPE_CHECKING, ClassVar

from rich.text import Text
from textual import work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import VerticalScroll
from textual.message import Message
from textual.screen import Screen
from textual.widgets import Footer, Static
from textual.worker import Worker

from console.proxmox.sandbox import Sandbox
from console.proxmox.sandbox_details import SandboxDetails
from console.proxmox.sandboxes import SandboxLister
from console.tui.plain import plain_block, plain_line
from console.tui.widgets.cluster_header import ClusterHeader
from console.tui.widgets.detail_sections import (
    addresses_section,
    config_section,
    heading,
    state_section,
    tasks_section,
)
from console.tui.widgets.sandbox_columns import strip_prefix

if TYPE_CHECKING:
    from console.tui.app import PodConsoleApp


class SandboxDetailScreen(Screen[None]):
    """State, addresses, config, description and recent tasks of one sandbox."""

    TITLE = "Sandbox detail"

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape,q,backspace", "app.pop_screen", "Back", id="detail.back",
                tooltip="Go back to the sandbox list"),
        Binding("r", "reload", "Reload", id="detail.reload",
                tooltip="Read the details of this sandbox again"),
        Binding("c", "compose", "Compose", id="detail.compose",
                tooltip="Compose a container request in this sandbox (when ready)"),
        Binding("y", "copy_vmid", "Copy vmid", id="detail.copy-vmid",
                tooltip="Copy the vmid to the clipboard (OSC 52)"),
        Binding("i", "copy_ip", "Copy IP", id="detail.copy-ip",
                tooltip="Copy the primary IP to the clipboard (OSC 52)"),
    ]  # fmt: skip

    class DetailsLoaded(Message):
        """The details of the sandbox were read."""

        def __init__(self, details: SandboxDetails) -> None:
            super().__init__()
            self.details = details

    def __init__(self, lister: SandboxLister, sandbox: Sandbox) -> None:
        super().__init__()
        self._lister = lister
        self.sandbox = sandbox

    @property
    def console(self) -> PodConsoleApp:
        from console.tui.app import PodConsoleApp

        assert isinstance(self.app, PodConsoleApp)
        return self.app

    def compose(self) -> ComposeResult:
        sandbox = self.sandbox
        yield ClusterHeader()
        title = Text()
        title.append(f"{sandbox.vmid} {plain_line(sandbox.name)}", style="bold")
        title.append(f" on {plain_line(sandbox.node)}")
        yield Static(title, id="detail-title")
        with VerticalScroll(id="detail-body"):
            yield Static(state_section(sandbox), id="detail-state")
            yield Static(addresses_section(sandbox.interfaces), id="detail-addresses")
            yield Static(Text("Reading the details…"), id="detail-loading")
            # Tasks first: the log of a failed start is what a triage needs most.
            yield Static(id="detail-tasks")
            yield Static(id="detail-description")
            yield Static(id="detail-config")
        yield Footer(compact=True)

    def on_mount(self) -> None:
        self.query_one("#detail-body").focus()
        self.action_reload()

    def action_reload(self) -> None:
        self.load_details(self.sandbox.vmid)

    @work(
        thread=True,
        exclusive=True,
        group="details",
        exit_on_error=False,
        description="Read the sandbox details",
    )
    def load_details(self, vmid: int) -> None:
        self.post_message(self.DetailsLoaded(self._lister.details(vmid)))

    def on_sandbox_detail_screen_details_loaded(self, message: DetailsLoaded) -> None:
        details = message.details
        self.sandbox = details.sandbox
        self.query_one("#detail-loading", Static).display = False
        self.query_one("#detail-state", Static).update(state_section(details.sandbox))
        if details.interfaces:
            self.query_one("#detail-addresses", Static).update(
                addresses_section(details.interfaces)
            )
        description = heading("Description")
        description.append(plain_block(details.description).strip() or "(none)")
        self.query_one("#detail-description", Static).update(description)
        self.query_one("#detail-config", Static).update(config_section(details.config))
        self.query_one("#detail-tasks", Static).update(
            tasks_section(details, self.console.clock().tzinfo)
        )

    def on_worker_state_changed(self, event: Worker.StateChanged) -> None:
        self.console.route_worker_state(event)

    def show_worker_error(self, description: str, error: BaseException) -> None:
        """Show why the details could not be read where they would have been."""
        loading = self.query_one("#detail-loading", Static)
        loading.display = True
        loading.update(
            Text(f"{description} failed: {self.console.explain(error)}", style="bold")
        )

    def action_compose(self) -> None:
        if not self.sandbox.is_ready:
            self.notify(
                f"Sandbox {self.sandbox.vmid} is not ready "
                f"({self.sandbox.reason or 'unknown'}).",
                severity="warning",
                markup=False,
            )
            return
        self.console.action_compose(self.sandbox.vmid)

    def action_copy_vmid(self) -> None:
        self.console.copy_with_notice(str(self.sandbox.vmid), "vmid")

    def action_copy_ip(self) -> None:
        if not self.sandbox.ip:
            self.notify(f"Sandbox {self.sandbox.vmid} has no known IP.", markup=False)
            return
        self.console.copy_with_notice(strip_prefix(self.sandbox.ip), "IP")
