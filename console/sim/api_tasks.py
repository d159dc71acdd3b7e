"""Task endpoints: status and log of a worker task."""

from __future__ import annotations

import re

from console.sim import lxc_schema as schemas
from console.sim.api import Context, Reply, Route
from console.sim.errors import ParameterError
from console.sim.tasks import Task

UPID_PATTERN = re.compile(
    r"UPID:([a-zA-Z0-9]([a-zA-Z0-9\-]*[a-zA-Z0-9])?):([0-9A-Fa-f]{8}):([0-9A-Fa-f]{8,9}):"
    r"([0-9A-Fa-f]{8}):([^:\s]+):([^:\s]*):([^:\s]+):$"
)


def find_task(context: Context) -> Task:
    """Find the task of the call's `upid`, with PVE's errors and access check."""
    upid = str(context.params["upid"])
    if UPID_PATTERN.fullmatch(upid) is None:
        raise ParameterError({"upid": "unable to parse worker upid"})
    task = context.tasks.tasks.get(upid)
    if task is None or task.node != context.params["node"]:
        raise ParameterError({"upid": "no such task"})
    if task.identity.userid != context.identity.userid:
        context.access.check(context.identity, "Sys.Audit", f"/nodes/{task.node}")
    return task


def get_task_status(context: Context) -> Reply:
    return Reply(context.tasks.status(find_task(context)))


def get_task_log(context: Context) -> Reply:
    """Build `GET .../log`: lines numbered from 1, `limit` 0 meaning all of them."""
    task = find_task(context)
    lines = task.due_lines(context.now) or ["no content"]
    start = int(context.params.get("start", 0))
    limit = int(context.params.get("limit", 50))
    chosen = lines[start:] if limit == 0 else lines[start : start + limit]
    data = [{"n": start + index + 1, "t": text} for index, text in enumerate(chosen)]
    return Reply(data, total=len(lines))


def get_task_index(context: Context) -> Reply:
    find_task(context)
    return Reply([{"name": "log"}, {"name": "status"}])


ROUTES = [
    Route("GET", "/nodes/{node}/tasks/{upid}", get_task_index, schemas.TASK_PARAMS),
    Route(
        "GET", "/nodes/{node}/tasks/{upid}/status", get_task_status, schemas.TASK_PARAMS
    ),
    Route(
        "GET", "/nodes/{node}/tasks/{upid}/log", get_task_log, schemas.TASK_LOG_PARAMS
    ),
]
