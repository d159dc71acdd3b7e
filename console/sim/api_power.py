"""Start, stop, shut down, reboot and destroy a container, each as a worker task."""

from __future__ import annotations

from console.sim import lxc_schema as schemas
from console.sim.api import Context, Reply, Route
from console.sim.errors import ApiError
from console.sim.state import Container
from console.sim.tasks import Task

POWER_SECONDS = 1.0


def lock_timeout(vmid: int) -> str:
    return f"can't lock file '/run/lock/lxc/pve-config-{vmid}.lock' - got timeout"


def task_seconds(context: Context, default: float) -> float:
    override = context.faults.task_seconds
    return default if override is None else override


def start_task(context: Context, container: Container) -> Task:
    """Start `container` in a `vzstart` task (`hastart` for an HA resource)."""
    vmid = container.vmid
    lines: list[tuple[float, str]] = []
    exitstatus = "OK"
    if container.is_template:
        exitstatus = "you can't start a CT if it's a template"
    elif container.lock is not None:
        exitstatus = f"CT is locked ({container.lock})"
    elif vmid in context.faults.held_locks:
        exitstatus = lock_timeout(vmid)
    elif container.start_error is not None and container.ha_state is None:
        exitstatus = container.start_error
        lines = [
            (0.2, "run_buffer: 571 Script exited with status 1"),
            (
                0.3,
                f"lxc_init: 845 Failed to run lxc.hook.pre-start "
                f'for container "{vmid}"',
            ),
            (0.4, f'__lxc_start: 2034 Failed to initialize container "{vmid}"'),
        ]

    def finish(now: float) -> None:
        if exitstatus != "OK" or container.vmid not in context.cluster.containers:
            return
        if container.ha_state is not None:
            # An HA resource in the error state ignores requests until it is reset.
            if container.ha_state == "error":
                return
            container.ha_state = "started"
        if container.start_error is None:
            container.running = True
            container.started_at = now

    kind = "hastart" if container.ha_state is not None else "vzstart"
    return context.tasks.start(
        context.now,
        container.node,
        kind,
        str(vmid),
        context.identity,
        task_seconds(context, POWER_SECONDS),
        lines,
        exitstatus,
        finish,
    )


def _powered(context: Context, privilege: str = "VM.PowerMgmt") -> Container:
    container = context.container()
    context.access.check(context.identity, privilege, *context.vm_paths(container))
    return container


def post_start(context: Context) -> Reply:
    container = _powered(context)
    if container.running:
        raise ApiError(500, f"CT {container.vmid} already running")
    return Reply(start_task(context, container).upid)


def _stop_task(context: Context, container: Container, kind: str) -> Reply:
    if not container.running:
        raise ApiError(500, f"CT {container.vmid} not running")
    exitstatus = "OK"
    if container.vmid in context.faults.held_locks:
        exitstatus = lock_timeout(container.vmid)

    def finish(_now: float) -> None:
        if exitstatus != "OK":
            return
        container.running = False
        container.started_at = None
        if container.ha_state is not None and container.ha_state != "error":
            container.ha_state = "stopped"

    if container.ha_state is not None:
        kind = "hastop"
    task = context.tasks.start(
        context.now,
        container.node,
        kind,
        str(container.vmid),
        context.identity,
        task_seconds(context, POWER_SECONDS),
        [],
        exitstatus,
        finish,
    )
    return Reply(task.upid)


def post_stop(context: Context) -> Reply:
    return _stop_task(context, _powered(context), "vzstop")


def post_shutdown(context: Context) -> Reply:
    return _stop_task(context, _powered(context), "vzshutdown")


def post_reboot(context: Context) -> Reply:
    container = _powered(context)
    if not container.running:
        raise ApiError(500, f"CT {container.vmid} not running")

    def finish(now: float) -> None:
        container.started_at = now

    task = context.tasks.start(
        context.now,
        container.node,
        "vzreboot",
        str(container.vmid),
        context.identity,
        task_seconds(context, POWER_SECONDS * 2),
        [],
        "OK",
        finish,
    )
    return Reply(task.upid)


def delete_container(context: Context) -> Reply:
    """Destroy a container in a `vzdestroy` task, after PVE's synchronous checks."""
    container = context.container()
    vmid = container.vmid
    context.access.check(context.identity, "VM.Allocate", *context.vm_paths(container))
    if container.lock is not None:
        raise ApiError(500, f"CT is locked ({container.lock})")
    if container.config.get("protection") == 1:
        raise ApiError(500, f"can't remove CT {vmid} - protection mode enabled")
    if container.running and context.params.get("force") != 1:
        raise ApiError(500, f"unable to destroy CT {vmid} - container is running")
    purge = context.params.get("purge") == 1
    if container.ha_state is not None and not purge:
        raise ApiError(
            500,
            f"unable to remove CT {vmid} - used in HA resources and purge "
            "parameter not set.",
        )
    exitstatus = lock_timeout(vmid) if vmid in context.faults.held_locks else "OK"
    cluster = context.cluster
    lines = [(0.5, f'  Logical volume "vm-{vmid}-disk-0" successfully removed.')]

    def finish(_now: float) -> None:
        if exitstatus != "OK":
            return
        cluster.containers.pop(vmid, None)
        for storage in cluster.node_storages(container.node):
            for volid in [v for v, vol in storage.volumes.items() if vol.vmid == vmid]:
                del storage.volumes[volid]

    task = context.tasks.start(
        context.now,
        container.node,
        "vzdestroy",
        str(vmid),
        context.identity,
        task_seconds(context, POWER_SECONDS),
        lines if exitstatus == "OK" else [],
        exitstatus,
        finish,
    )
    return Reply(task.upid)


ROUTES = [
    Route(
        "POST",
        "/nodes/{node}/lxc/{vmid}/status/start",
        post_start,
        schemas.START_PARAMS,
    ),
    Route(
        "POST", "/nodes/{node}/lxc/{vmid}/status/stop", post_stop, schemas.STOP_PARAMS
    ),
    Route(
        "POST",
        "/nodes/{node}/lxc/{vmid}/status/shutdown",
        post_shutdown,
        schemas.SHUTDOWN_PARAMS,
    ),
    Route(
        "POST",
        "/nodes/{node}/lxc/{vmid}/status/reboot",
        post_reboot,
        schemas.REBOOT_PARAMS,
    ),
    Route(
        "DELETE", "/nodes/{node}/lxc/{vmid}", delete_container, schemas.DESTROY_PARAMS
    ),
]
