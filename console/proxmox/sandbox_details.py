"""One container in detail: config, interfaces, description and its recent tasks."""

from __future__ import annotations

import re
import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

from console.proxmox.addresses import net_devices, parse_interfaces, static_interfaces
from console.proxmox.errors import API_ERRORS
from console.proxmox.sandbox import InterfaceAddresses, Sandbox
from console.proxmox.wire import as_int, as_text

RECENT_TASKS = 10
FAILED_LOG_LINES = 500

# ESC-introduced sequences (CSI, OSC up to BEL/ST, two-character escapes) and every
# C0/C1 control character except tab and newline.
_ESCAPES = re.compile(r"\x1b\[[0-?]*[ -/]*[@-~]|\x1b\].*?(?:\x07|\x1b\\|$)|\x1b[ -~]?")
_CONTROLS = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")


def plain_text(value: object) -> str:
    """Return text from Proxmox with escape sequences and control characters removed."""
    text = as_text(value) or ""
    return _CONTROLS.sub("", _ESCAPES.sub("", text))


@dataclass(frozen=True, slots=True)
class TaskSummary:
    """One entry of a node's task list; `status` is empty while the task runs."""

    upid: str
    type: str
    user: str
    status: str
    starttime: int
    endtime: int | None

    def __str__(self) -> str:
        started = time.strftime("%Y-%m-%d %H:%M", time.localtime(self.starttime))
        return f"{started}  {self.type}  {self.user}  {self.status or 'running'}"

    @property
    def failed(self) -> bool:
        finished = self.endtime is not None and bool(self.status)
        return finished and self.status != "OK" and not self.status.startswith("WARN")


@dataclass(frozen=True)
class SandboxDetails:
    """Config, addresses, description and recent tasks of one container."""

    sandbox: Sandbox
    config: dict[str, Any]
    interfaces: tuple[InterfaceAddresses, ...]
    description: str
    tasks: tuple[TaskSummary, ...]
    failed_task: TaskSummary | None
    failed_task_log: tuple[str, ...]
    tasks_error: str | None = None


def read_details(
    api: Any, sandbox: Sandbox, explain: Callable[[BaseException], str]
) -> SandboxDetails:
    """Read the details of `sandbox` with proxmoxer (4 calls at most).

    A failure to read the config raises; a failure to read the tasks is kept in
    `tasks_error`, with `explain` turning it into a message.
    """
    node = api.nodes(sandbox.node)
    lxc = node.lxc(sandbox.vmid)
    config = dict(lxc.config.get() or {})
    interfaces, _ = static_interfaces(net_devices(config))
    if sandbox.status == "running":
        live, _ = parse_interfaces(lxc.interfaces.get())
        interfaces = live or interfaces
    tasks: tuple[TaskSummary, ...] = ()
    failed: TaskSummary | None = None
    log: tuple[str, ...] = ()
    tasks_error: str | None = None
    # Reading tasks needs Sys.Audit on the node for other users' tasks: without it,
    # the rest of the details is still worth showing.
    try:
        entries = node.tasks.get(vmid=sandbox.vmid, limit=RECENT_TASKS, source="all")
        tasks = tuple(
            _task_from(entry) for entry in entries or () if isinstance(entry, Mapping)
        )
        failed = next((task for task in tasks if task.failed), None)
        if failed is not None:
            lines = node.tasks(failed.upid).log.get(start=0, limit=FAILED_LOG_LINES)
            log = tuple(
                plain_text(line.get("t"))
                for line in lines or ()
                if isinstance(line, Mapping)
            )
    except API_ERRORS as error:
        tasks_error = explain(error)
    return SandboxDetails(
        sandbox=sandbox,
        config=config,
        interfaces=interfaces,
        description=plain_text(config.get("description")).rstrip("\n"),
        tasks=tasks,
        failed_task=failed,
        failed_task_log=log,
        tasks_error=tasks_error,
    )


def _task_from(entry: Mapping[str, Any]) -> TaskSummary:
    endtime = entry.get("endtime")
    return TaskSummary(
        upid=str(entry.get("upid", "")),
        type=plain_text(entry.get("type")),
        user=plain_text(entry.get("user")),
        status=plain_text(entry.get("status")) if endtime is not None else "",
        starttime=as_int(entry.get("starttime")),
        endtime=as_int(endtime) if endtime is not None else None,
    )
