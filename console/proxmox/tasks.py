"""Follow a Proxmox task (UPID) to its end, passing on each new log line."""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from console.proxmox.errors import ProxmoxError
from console.proxmox.replies import api_object, api_rows

# Lines returned per log call; a task log longer than this is read in several calls.
LOG_PAGE = 500
# A quiet task is polled less and less often, down to once per MAX_POLL_INTERVAL
# seconds, which keeps a slow link free during a long template extraction.
MAX_POLL_INTERVAL = 2.0


class TaskTimedOut(Exception):
    """The task was still running when the caller's time limit passed."""

    def __init__(self, upid: str, seconds: float) -> None:
        super().__init__(f"task {upid} still running after {seconds:.0f} s")
        self.upid = upid


@dataclass(frozen=True, slots=True)
class TaskOutcome:
    """A finished task: `exitstatus` is "OK", "WARNINGS: n" or the error text."""

    upid: str
    node: str
    exitstatus: str
    log: tuple[str, ...]

    @property
    def ok(self) -> bool:
        return self.exitstatus == "OK" or self.exitstatus.startswith("WARNINGS")


def upid_node(upid: str) -> str:
    """Return the node that runs the task, the second field of the UPID.

    Raises ValueError for a string that is not a UPID.
    """
    parts = upid.split(":")
    if len(parts) < 9 or parts[0] != "UPID" or not parts[1]:
        raise ValueError(f"not a Proxmox task id (UPID): {upid!r}")
    return parts[1]


def follow_task(
    api: Any,
    upid: str,
    *,
    on_line: Callable[[str], None] = lambda line: None,
    poll_interval: float = 0.25,
    timeout: float | None = None,
    sleep: Callable[[float], None] = time.sleep,
) -> TaskOutcome:
    """Poll the task until it stops, calling `on_line` once per new log line.

    Raises TaskTimedOut when `timeout` seconds pass first, ProxmoxError for replies
    that cannot be read, and lets proxmoxer's and requests' exceptions through, so
    the caller can tell a lost connection from a failed task.
    """
    try:
        node = upid_node(upid)
    except ValueError as error:
        raise ProxmoxError(f"Proxmox sent an unreadable task id: {error}") from None
    task = api.nodes(node).tasks(upid)
    started = time.monotonic()
    lines: list[str] = []
    interval = poll_interval

    while True:
        status = api_object(task.status.get(), f"status of task {upid}")
        stopped = status.get("status") == "stopped"
        seen = len(lines)
        _read_new_lines(task, lines, on_line, final=stopped)
        if stopped:
            return TaskOutcome(
                upid=upid,
                node=node,
                exitstatus=str(status.get("exitstatus", "unexpected status")),
                log=tuple(lines),
            )
        if timeout is not None and time.monotonic() - started > timeout:
            raise TaskTimedOut(upid, timeout)
        sleep(interval)
        quiet = len(lines) == seen
        interval = min(interval * 1.5, MAX_POLL_INTERVAL) if quiet else poll_interval


def _read_new_lines(
    task: Any, lines: list[str], on_line: Callable[[str], None], *, final: bool
) -> None:
    while True:
        reply = task.log.get(start=len(lines), limit=LOG_PAGE)
        page = api_rows(reply, "task log")
        for entry in page:
            number = int(entry.get("n", 0))
            text = str(entry.get("t", ""))
            # An empty log reads as one "no content" line; a later real first line
            # would then be skipped, so the placeholder is not counted while running.
            if number == 1 and text == "no content" and not final:
                return
            if number <= len(lines):
                continue
            lines.append(text)
            on_line(text)
        if len(page) < LOG_PAGE:
            return
