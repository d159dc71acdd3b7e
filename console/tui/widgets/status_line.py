"""The status line under the sandbox table: counts, view, last refresh, node errors."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime

from rich.text import Text
from textual.widgets import Static

from console.tui.plain import plain_line


@dataclass(frozen=True)
class ListStatus:
    """Everything the status line shows; the screen builds a new one on each change."""

    shown: int = 0
    total: int = 0
    filter_text: str = ""
    not_ready_only: bool = False
    sort_label: str = ""
    last_refresh: datetime | None = None
    refreshing: bool = False
    paused: bool = False
    interval: float = 0.0
    message: str = ""
    node_errors: dict[str, str] = field(default_factory=dict)


class StatusLine(Static):
    """One line with the counts, the view, the last refresh time and node errors."""

    def show(self, status: ListStatus) -> None:
        """Render `status`; Proxmox text in it (node errors) stays plain text."""
        text = Text()
        if status.message:
            text.append(plain_line(status.message), style="bold")
            text.append("  ")
        text.append(f"{status.shown}/{status.total}")
        if status.not_ready_only:
            text.append(" not ready only", style="bold")
        if status.filter_text:
            text.append(" /")
            text.append(plain_line(status.filter_text), style="bold")
        text.append(f" · {status.sort_label}")
        if status.refreshing:
            text.append(" · refreshing…")
        elif status.last_refresh is not None:
            text.append(f" · at {status.last_refresh:%H:%M:%S}")
        if status.paused:
            text.append(" · PAUSED", style="reverse")
        elif status.interval:
            text.append(f" · every {status.interval:g}s")
        # Each error names its node already ("node pve3 is offline").
        for _node, error in sorted(status.node_errors.items()):
            text.append(" · ")
            text.append(plain_line(error), style="bold")
        self.update(text)
