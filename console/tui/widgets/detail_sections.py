"""The sections of the sandbox detail screen, built as inert `Text`."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import datetime, tzinfo

from rich.text import Text

from console.proxmox.sandbox import InterfaceAddresses, Sandbox
from console.proxmox.sandbox_details import SandboxDetails
from console.tui.plain import plain_block, plain_line
from console.tui.widgets.sandbox_columns import format_uptime, state_text


def heading(title: str) -> Text:
    """Return a section heading line; only the heading is bold, not what follows."""
    text = Text()
    text.append(title, style="bold")
    text.append("\n")
    return text


def state_section(sandbox: Sandbox) -> Text:
    text = heading("State")
    state_style = "bold"
    text.append(state_text(sandbox), style=state_style)
    if sandbox.reason:
        text.append(f": {plain_line(sandbox.reason)}")
    text.append(f"\nstatus {plain_line(sandbox.status)}")
    if sandbox.lock:
        text.append(f" · lock {plain_line(sandbox.lock)}")
    if sandbox.hastate:
        text.append(f" · HA {plain_line(sandbox.hastate)}")
    if sandbox.status == "running" and sandbox.uptime:
        text.append(f" · up {format_uptime(sandbox.uptime)}")
    if not sandbox.node_online:
        text.append(f"\nnode {plain_line(sandbox.node)} is offline; this is its last")
        text.append(" known state")
    text.append("\ntags ")
    text.append(plain_line(" ".join(sandbox.tags)) or "(none)")
    return text


def addresses_section(interfaces: Sequence[InterfaceAddresses]) -> Text:
    text = heading("Addresses")
    if not interfaces:
        text.append("(none known)")
        return text
    lines = []
    for interface in interfaces:
        line = Text()
        line.append(plain_line(interface.name).ljust(8), style="bold")
        if interface.hwaddr:
            line.append(f" {plain_line(interface.hwaddr)}")
        line.append(" ")
        line.append(", ".join(plain_line(a) for a in interface.addresses) or "-")
        lines.append(line)
    text.append(Text("\n").join(lines))
    return text


def config_section(config: Mapping[str, object]) -> Text:
    text = heading("Config")
    if not config:
        text.append("(empty)")
        return text
    width = min(16, max(len(key) for key in config))
    lines = [
        Text(f"{plain_line(key).ljust(width)} {plain_line(value)}")
        for key, value in sorted(config.items())
        # The description has its own section, with its line breaks kept, and
        # the digest only identifies a config version.
        if key not in ("description", "digest")
    ]
    text.append(Text("\n").join(lines))
    return text


def tasks_section(details: SandboxDetails, timezone: tzinfo | None = None) -> Text:
    """Return the recent tasks, and the log of the last failed one."""
    text = heading("Recent tasks")
    if details.tasks_error:
        text.append(f"cannot be read: {plain_line(details.tasks_error)}")
        return text
    if not details.tasks:
        text.append("(none)")
    lines = []
    for task in details.tasks:
        started = datetime.fromtimestamp(task.starttime, timezone)
        line = Text(f"{started:%Y-%m-%d %H:%M:%S}  ")
        line.append(plain_line(task.type).ljust(10))
        line.append(f" {plain_line(task.user)} ")
        status = plain_line(task.status) if task.status else "running"
        line.append(status, style="bold reverse" if task.failed else "")
        lines.append(line)
    text.append(Text("\n").join(lines))
    failed = details.failed_task
    if failed is not None:
        text.append("\n\n")
        text.append(heading(f"Log of the last failed task ({plain_line(failed.type)})"))
        text.append(plain_block("\n".join(details.failed_task_log)) or "(empty)")
    return text
