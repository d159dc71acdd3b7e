"""Task endpoints: a node's task list, and the status and log of one task."""

from __future__ import annotations

import re
from typing import Any

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
    if not task.owned_by(context.identity):
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


def _status_types(params: dict[str, Any]) -> set[str]:
    """Return the status types a list call wants; `errors` overrides `statusfilter`."""
    if params.get("errors"):
        return {"warning", "error", "unknown"}
    chosen = params.get("statusfilter")
    if chosen is None:
        return {"ok", "warning", "error", "unknown"}
    return {part.lower() for part in re.split(r"[;,\s\0]+", str(chosen)) if part}


def _selected(task: Task, context: Context, auditor: bool) -> bool:
    params = context.params
    userfilter = params.get("userfilter")
    if userfilter and str(userfilter).lower() not in task.identity.userid.lower():
        return False
    if not (auditor or task.owned_by(context.identity)):
        return False
    if params.get("typefilter") and task.type != params["typefilter"]:
        return False
    if "vmid" in params and task.id != str(params["vmid"]):
        return False
    if "since" in params and task.starttime < int(params["since"]):
        return False
    if "until" in params and task.starttime > int(params["until"]):
        return False
    return task.status_type() in _status_types(params)


def _list_entry(task: Task) -> dict[str, Any]:
    entry: dict[str, Any] = {
        "upid": task.upid,
        "node": task.node,
        "pid": task.pid,
        "pstart": task.pstart,
        "starttime": task.starttime,
        "type": task.type,
        "id": task.id,
        "user": task.identity.userid,
    }
    if task.identity.tokenid is not None:
        entry["tokenid"] = task.identity.tokenid.split("!", 1)[1]
    if task.finished and task.end_time is not None:
        entry["endtime"] = int(task.end_time)
        entry["status"] = task.exitstatus
    else:
        entry["status"] = "RUNNING"
    return entry


def get_node_tasks(context: Context) -> Reply:
    """Build `GET /nodes/{node}/tasks`: running tasks first, then the newest ended.

    Tasks the caller may not read are left out silently, and `total` counts every
    selected task, those skipped by `start` and cut by `limit` included.
    """
    node = str(context.params["node"])
    source = str(context.params.get("source", "archive"))
    start = int(context.params.get("start", 0))
    limit = int(context.params.get("limit", 50))
    auditor = context.access.allowed(context.identity, "Sys.Audit", f"/nodes/{node}")
    on_node = [task for task in context.tasks.tasks.values() if task.node == node]
    active = [task for task in on_node if not task.finished]
    archive = [task for task in on_node if task.finished]
    active.sort(key=lambda task: task.started, reverse=True)
    archive.sort(key=lambda task: task.end_time or 0.0, reverse=True)
    candidates: list[Task] = []
    if source in ("active", "all"):
        candidates += active
    if source != "active":
        candidates += archive
    selected = [task for task in candidates if _selected(task, context, auditor)]
    chosen = selected[start : start + limit]
    return Reply([_list_entry(task) for task in chosen], total=len(selected))


def get_task_index(context: Context) -> Reply:
    find_task(context)
    return Reply([{"name": "log"}, {"name": "status"}])


ROUTES = [
    Route("GET", "/nodes/{node}/tasks", get_node_tasks, schemas.NODE_TASKS_PARAMS),
    Route("GET", "/nodes/{node}/tasks/{upid}", get_task_index, schemas.TASK_PARAMS),
    Route(
        "GET", "/nodes/{node}/tasks/{upid}/status", get_task_status, schemas.TASK_PARAMS
    ),
    Route(
        "GET", "/nodes/{node}/tasks/{upid}/log", get_task_log, schemas.TASK_LOG_PARAMS
    ),
]
