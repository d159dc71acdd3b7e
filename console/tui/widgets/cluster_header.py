"""The header line: which cluster this is, and whether it is safe to act on."""

from __future__ import annotations

from dataclasses import dataclass

from textual.app import ComposeResult
from textual.containers import Horizontal
from textual.widgets import Label

from console.tui.plain import plain_line


@dataclass(frozen=True)
class ClusterView:
    """The header's facts about the connected cluster."""

    profile: str
    read_only: bool = False
    insecure: bool = False
    # None until connected.
    version: str | None = None
    nodes_online: int = 0
    nodes_total: int = 0

    def describe(self) -> str:
        if self.version is None:
            return f"{self.profile} · connecting…"
        nodes = f"{self.nodes_online}/{self.nodes_total} nodes online"
        return f"{self.profile} · PVE {self.version} · {nodes}"


class ClusterHeader(Horizontal):
    """One line: app name, profile, Proxmox version, nodes, and warning badges."""

    def compose(self) -> ComposeResult:
        yield Label("pod-console", id="app-name")
        yield Label("", id="cluster-summary", markup=False)
        yield Label("READ-ONLY", id="read-only-badge")
        yield Label("TLS NOT VERIFIED", id="insecure-badge")

    def on_mount(self) -> None:
        self.watch(self.app, "cluster", self._cluster_changed, init=True)

    def _cluster_changed(self, cluster: ClusterView | None) -> None:
        summary = plain_line(cluster.describe()) if cluster else "not connected"
        self.query_one("#cluster-summary", Label).update(summary)
        self.query_one("#read-only-badge").display = bool(cluster and cluster.read_only)
        self.query_one("#insecure-badge").display = bool(cluster and cluster.insecure)
