"""Worker tasks: UPIDs, a log that grows as simulated time passes, and exit status.

A task's effect on the cluster (a container created, started, removed) is applied
lazily: every request first calls `TaskRegistry.settle`, which finishes the tasks
whose time has come. So tasks need no threads, and `SimClock.advance` finishes them.
"""

from __future__ import annotations

import itertools
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from console.sim.auth import Identity
from console.sim.state import PastTask


@dataclass
class Task:
    """One worker task and its log, each line due `offset` seconds after the start."""

    upid: str
    node: str
    pid: int
    pstart: int
    starttime: int
    type: str
    id: str
    identity: Identity
    duration: float
    lines: list[tuple[float, str]]
    # "OK", "WARNINGS: <n>" or the error text that follows `TASK ERROR: `.
    exitstatus: str
    on_finish: Callable[[float], None] | None = None
    # Runs instead of `on_finish` when the task is stopped early.
    on_abort: Callable[[], None] | None = None
    finished: bool = False
    end_time: float | None = None
    started: float = 0.0

    def due_lines(self, now: float) -> list[str]:
        elapsed = now - self.started
        lines = [
            text for offset, text in self.lines if offset <= elapsed or self.finished
        ]
        if self.finished:
            if self.exitstatus == "OK":
                lines.append("TASK OK")
            elif self.exitstatus.startswith("WARNINGS: "):
                lines += ["", f"TASK {self.exitstatus}"]
            else:
                lines += ["", f"TASK ERROR: {self.exitstatus}"]
        return lines

    def owned_by(self, identity: Identity) -> bool:
        """Return whether `identity` may read this task without `Sys.Audit`.

        A user owns the tasks of its API tokens too, but a token owns only its own
        (pve-manager `PVE/API2/Tasks.pm`, `check_task_user`).
        """
        if self.identity.tokenid is not None:
            return identity.name in (self.identity.tokenid, self.identity.userid)
        return identity.name == self.identity.userid

    def status_type(self) -> str:
        """Classify the exit status as PVE's `statusfilter` does.

        A running task has no exit status yet, so it counts as unknown.
        """
        if not self.finished:
            return "unknown"
        if self.exitstatus == "OK":
            return "ok"
        if self.exitstatus.startswith("WARNINGS: "):
            return "warning"
        return "error"


@dataclass
class TaskRegistry:
    """Every task the simulator ran, by UPID."""

    tasks: dict[str, Task] = field(default_factory=dict)
    running: list[Task] = field(default_factory=list)
    _pids: itertools.count[int] = field(
        default_factory=lambda: itertools.count(0x2E0000)
    )

    def start(
        self,
        now: float,
        node: str,
        kind: str,
        object_id: str,
        identity: Identity,
        duration: float,
        lines: list[tuple[float, str]],
        exitstatus: str = "OK",
        on_finish: Callable[[float], None] | None = None,
    ) -> Task:
        """Start a task; `on_finish` runs once `duration` seconds have passed."""
        pid = next(self._pids)
        pstart = 0x0E10F08E + pid % 4096
        starttime = int(now)
        upid = (
            f"UPID:{node}:{pid:08X}:{pstart:08X}:{starttime:08X}:"
            f"{kind}:{object_id}:{identity.name}:"
        )
        task = Task(
            upid,
            node,
            pid,
            pstart,
            starttime,
            kind,
            object_id,
            identity,
            duration,
            lines,
            exitstatus,
            on_finish,
            started=now,
        )
        self.tasks[upid] = task
        self.running.append(task)
        return task

    def record(self, past: PastTask, now: float) -> Task:
        """Add a task that finished before the server started, for the task list."""
        userid, _, token_name = past.user.partition("!")
        tokenid = past.user if token_name else None
        started = now - past.started_ago
        task = self.start(
            started,
            past.node,
            past.type,
            past.id,
            Identity(userid, tokenid),
            past.duration,
            [(0.0, line) for line in past.lines],
            past.exitstatus,
        )
        self.finish(task, started + past.duration)
        return task

    def settle(self, now: float) -> None:
        """Finish every task whose duration has passed, in the order they started."""
        # A finishing task may start another (create with start=1), so iterate a copy.
        for task in list(self.running):
            if not task.finished and now - task.started >= task.duration:
                self.finish(task, now)

    def finish(self, task: Task, now: float) -> None:
        task.finished = True
        task.end_time = now
        self.running.remove(task)
        if task.on_finish is not None:
            task.on_finish(now)

    def abort(self, task: Task, now: float) -> None:
        """Stop a running task, as `DELETE .../tasks/{upid}` does."""
        task.finished = True
        task.end_time = now
        task.exitstatus = "interrupted by signal"
        self.running.remove(task)
        if task.on_abort is not None:
            task.on_abort()

    def status(self, task: Task) -> dict[str, Any]:
        """Build `GET .../tasks/{upid}/status` for `task`."""
        data: dict[str, Any] = {
            "upid": task.upid,
            "node": task.node,
            "pid": task.pid,
            "pstart": task.pstart,
            "starttime": task.starttime,
            "type": task.type,
            "id": task.id,
            "user": task.identity.userid,
            "status": "stopped" if task.finished else "running",
        }
        if task.identity.tokenid is not None:
            data["tokenid"] = task.identity.tokenid.split("!", 1)[1]
        if task.finished:
            data["exitstatus"] = task.exitstatus
        return data
