"""Helpers from the cluster for the compose screen, read in thread workers.

The ready sandboxes, the next free vmid and the images in the storages are read
once when the screen opens. The sandbox checks (stage 2) and the sandbox's DNS
settings are read each time the pod sandbox changes. Workers only post messages.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from rich.text import Text
from textual import on, work
from textual.message import Message
from textual.screen import Screen
from textual.suggester import SuggestFromList
from textual.widgets import Button, Input, Select, Static
from textual.worker import Worker, WorkerState

from console.cri.issues import Issue
from console.proxmox.templates import (
    ImageVolume,
    SandboxDns,
    list_image_volumes,
    next_vmid,
    read_sandbox_dns,
)
from console.tui.plain import plain_block, plain_line

if TYPE_CHECKING:
    from console.proxmox.connection import Connection
    from console.proxmox.sandbox import Sandbox

SANDBOX_CHECK_GROUP = "compose-sandbox-check"
CLUSTER_GROUP = "compose-cluster"


class ClusterHelpers(Screen[None]):
    """The part of the compose screen that reads from the cluster."""

    connection: Connection | None
    _sandbox_dns: SandboxDns | None = None
    _next_vmid: int | None = None

    @dataclass
    class ClusterRead(Message):
        """The ready sandboxes, the next vmid and the image volumes were read."""

        sandboxes: list[Sandbox]
        next_vmid: int | None
        images: list[ImageVolume]
        problems: list[str] = field(default_factory=list)

    @dataclass
    class SandboxChecked(Message):
        """The sandbox checks ran for `pod_sandbox_id` = `value`."""

        value: str
        summary: str
        issues: list[Issue]
        dns: SandboxDns | None

    def sandbox_issues_changed(self, issues: list[Issue]) -> None:
        raise NotImplementedError

    def set_field(self, path: str, text: str) -> None:
        raise NotImplementedError

    def start_cluster_helpers(self) -> None:
        if self.connection is None:
            self._show_facts("Not connected to a cluster: no sandboxes or images.")
            return
        self._show_facts("Reading the cluster…")
        self._read_cluster(self.connection)

    @work(thread=True, exclusive=True, group=CLUSTER_GROUP, exit_on_error=False)
    def _read_cluster(self, connection: Connection) -> None:
        from console.proxmox.sandboxes import SandboxLister

        problems: list[str] = []
        sandboxes: list[Sandbox] = []
        vmid: int | None = None
        images: list[ImageVolume] = []
        try:
            snapshot = SandboxLister(connection).list_states()
            sandboxes = [item for item in snapshot.sandboxes if item.is_ready]
        except Exception as error:  # noqa: BLE001 - shown to the operator
            problems.append(f"sandboxes: {connection.explain(error)}")
        try:
            vmid = next_vmid(connection.api)
        except Exception as error:  # noqa: BLE001
            problems.append(f"next vmid: {connection.explain(error)}")
        try:
            nodes = sorted({item.node for item in sandboxes}) or [
                node.name for node in connection.cluster_info().nodes if node.online
            ]
            images = list_image_volumes(connection.api, nodes)
        except Exception as error:  # noqa: BLE001
            problems.append(f"images: {connection.explain(error)}")
        self.post_message(self.ClusterRead(sandboxes, vmid, images, problems))

    @on(ClusterRead)
    def _cluster_read(self, message: ClusterRead) -> None:
        sandboxes = self.query_one("#ready-sandboxes", Select)
        sandboxes.set_options(
            (plain_line(f"{item.vmid} {item.name} ({item.node})"), str(item.vmid))
            for item in message.sandboxes
        )
        images = self.query_one("#image-choices", Select)
        images.set_options(
            (plain_line(volume.volid), volume.volid) for volume in message.images
        )
        self._suggest(
            "#field-pod_sandbox_id", [str(item.vmid) for item in message.sandboxes]
        )
        self._suggest(
            "#field-config--image--image", [item.volid for item in message.images]
        )
        self._next_vmid = message.next_vmid
        self._show_cluster_facts(message.problems)

    def _suggest(self, selector: str, values: list[str]) -> None:
        self.query_one(selector, Input).suggester = SuggestFromList(
            values, case_sensitive=False
        )

    def _show_cluster_facts(self, problems: list[str] | None = None) -> None:
        lines = []
        if self._next_vmid is not None:
            lines.append(f"Next free vmid: {self._next_vmid} (taken at submission)")
        dns = self._sandbox_dns
        if dns is not None:
            servers = " ".join(dns.servers) or "host settings"
            searches = " ".join(dns.searches) or "host settings"
            lines.append(
                f"Sandbox hostname {dns.hostname or '(none)'}, DNS servers "
                f"{servers}, search domains {searches}"
            )
        for problem in problems or []:
            lines.append(f"Could not read {problem}")
        self._show_facts("\n".join(lines))

    def _show_facts(self, text: str) -> None:
        self.query_one("#cluster-facts", Static).update(Text(plain_block(text)))

    def start_sandbox_check(self, value: str) -> None:
        status = self.query_one("#sandbox-check", Static)
        if self.connection is None or not value.strip():
            status.update("")
            self._sandbox_dns = None
            self.query_one("#use-sandbox-dns", Button).disabled = True
            self.sandbox_issues_changed([])
            return
        status.update(Text(f"Checking sandbox {plain_line(value)}…"))
        self._check_sandbox(self.connection, value)

    @work(thread=True, exclusive=True, group=SANDBOX_CHECK_GROUP, exit_on_error=False)
    def _check_sandbox(self, connection: Connection, value: str) -> None:
        from console.proxmox.checks import check_sandbox

        check = check_sandbox(connection, value)
        dns: SandboxDns | None = None
        summary = ""
        if check.sandbox is not None:
            sandbox = check.sandbox
            summary = (
                f"Sandbox {sandbox.vmid} {sandbox.name} on {sandbox.node}, "
                f"bridge {check.bridge or 'unknown'}: "
                + ("ready" if check.ok else "not usable")
            )
            try:
                dns = read_sandbox_dns(connection.api, sandbox.node, sandbox.vmid)
            except Exception:  # noqa: BLE001 - the DNS offer is optional
                dns = None
        self.post_message(self.SandboxChecked(value, summary, list(check.issues), dns))

    @on(SandboxChecked)
    def _sandbox_checked(self, message: SandboxChecked) -> None:
        self.query_one("#sandbox-check", Static).update(
            Text(plain_line(message.summary))
        )
        self._sandbox_dns = message.dns
        self.query_one("#use-sandbox-dns", Button).disabled = message.dns is None
        self._show_cluster_facts()
        self.sandbox_issues_changed(message.issues)

    def apply_sandbox_dns(self) -> None:
        dns = self._sandbox_dns
        if dns is None:
            return
        if dns.hostname:
            self.set_field("sandbox_config.hostname", dns.hostname)
        if dns.servers:
            self.set_field("sandbox_config.dns_config.servers", "\n".join(dns.servers))
        if dns.searches:
            self.set_field(
                "sandbox_config.dns_config.searches", "\n".join(dns.searches)
            )

    @on(Worker.StateChanged)
    def _worker_failed(self, event: Worker.StateChanged) -> None:
        if event.state is not WorkerState.ERROR:
            return
        error = event.worker.error
        message = str(error) if error is not None else "unknown error"
        if self.connection is not None and error is not None:
            message = self.connection.explain(error)
        if event.worker.group == SANDBOX_CHECK_GROUP:
            self.query_one("#sandbox-check", Static).update(
                Text(plain_line(f"The sandbox check failed: {message}"))
            )
            return
        self.notify(
            plain_line(f"{event.worker.name} failed: {message}"),
            severity="error",
            markup=False,
        )
