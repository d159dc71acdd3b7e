"""`POST /nodes/{node}/lxc`: the synchronous checks, then the `vzcreate` task."""

from __future__ import annotations

import base64
import hashlib
import re
import uuid
from dataclasses import replace

from console.sim.api import Context, Reply
from console.sim.api_power import lock_timeout, start_task, task_seconds
from console.sim.errors import ApiError, ParameterError
from console.sim.formats import parse_property
from console.sim.normalise import (
    normalise_features,
    normalise_net,
    normalise_tags,
    print_rootfs,
    rootfs_request,
)
from console.sim.schema import Value
from console.sim.state import GIB, Container, Storage, Volume

CREATE_SECONDS = 3.0

# Values of a create request that are not config keys.
REQUEST_ONLY = {
    "node",
    "vmid",
    "ostemplate",
    "password",
    "ssh-public-keys",
    "storage",
    "pool",
    "start",
    "force",
    "restore",
    "unique",
    "ignore-unpack-errors",
    "bwlimit",
    "ha-managed",
}

OSTYPE_BY_PREFIX = (
    ("debian", "debian"),
    ("ubuntu", "ubuntu"),
    ("alpine", "alpine"),
    ("fedora", "fedora"),
    ("centos", "centos"),
    ("rockylinux", "centos"),
    ("almalinux", "centos"),
    ("archlinux", "archlinux"),
    ("devuan", "devuan"),
    ("opensuse", "opensuse"),
    ("gentoo", "gentoo"),
)


def check_root_only(context: Context, key: str, value: str) -> None:
    """Reject what only `root@pam` (never a token) may configure."""
    if context.identity.name == "root@pam":
        return
    if re.fullmatch(r"mp\d+", key):
        volume = parse_property("pve-ct-mountpoint", value)["volume"]
        if volume.startswith("/"):
            kind = "device" if volume.startswith("/dev/") else "bind"
            raise ApiError(
                403,
                "Permission check failed "
                f"(mount point type {kind} is only allowed for root@pam)",
            )
    if re.fullmatch(r"dev\d+", key):
        raise ApiError(403, "Permission check failed (only root can set 'dev' config)")
    if key == "features":
        flags = parse_property("pve-lxc-features", value)
        if any(flag != "nesting" for flag in flags):
            raise ApiError(
                403,
                "Permission check failed (changing feature flags (except nesting) "
                "is only allowed for root@pam)",
            )


def check_networks(params: dict[str, Value]) -> None:
    """Reject SLAAC on a host-managed interface, which PVE 9.1 cannot configure."""
    errors = {}
    for key, value in params.items():
        if re.fullmatch(r"net\d+", key):
            net = parse_property("pve-lxc-network", str(value))
            if net.get("host-managed") == "1" and net.get("ip6") == "auto":
                errors[key] = (
                    "SLAAC is not supported for host-managed network configuration."
                )
    if errors:
        raise ParameterError(errors)


def _rootfs_storage(context: Context) -> tuple[Storage, str, str | None, float]:
    node = str(context.params["node"])
    given_storage = context.params.get("storage")
    sid, volume, size = rootfs_request(
        _text(context.params.get("rootfs")), str(given_storage or "local")
    )
    storage = context.cluster.storages.get((node, sid))
    if storage is None:
        raise ApiError(500, f"storage '{sid}' does not exist")
    if not storage.allows("rootdir"):
        key = "rootfs" if "rootfs" in context.params else "storage"
        raise ParameterError(
            {key: f"storage '{sid}' does not support container directories"}
        )
    context.access.check(context.identity, "Datastore.AllocateSpace", f"/storage/{sid}")
    return storage, sid, volume, size


def _text(value: Value | None) -> str | None:
    return None if value is None else str(value)


def _template(context: Context) -> tuple[str, Volume | None]:
    node = str(context.params["node"])
    ostemplate = str(context.params["ostemplate"])
    sid, colon, _path = ostemplate.partition(":")
    if not colon:
        raise ApiError(500, f"unable to parse volume ID '{ostemplate}'")
    storage = context.cluster.storages.get((node, sid))
    if storage is None:
        raise ApiError(500, f"storage '{sid}' does not exist")
    return ostemplate, storage.volumes.get(ostemplate)


def post_create(context: Context) -> Reply:
    """Create a container: checks now, then a task that ends with the lock removed."""
    params = context.params
    cluster = context.cluster
    vmid = int(params["vmid"])
    node = str(params["node"])
    pool = _text(params.get("pool"))
    if pool is not None and pool not in cluster.pools:
        raise ApiError(403, f"Permission check failed (pool '{pool}' does not exist)")
    paths = (f"/vms/{vmid}",) + ((f"/pool/{pool}",) if pool else ())
    context.access.check(context.identity, "VM.Allocate", *paths)
    existing = cluster.containers.get(vmid)
    if existing is not None:
        raise ApiError(500, f"CT {vmid} already exists on node '{existing.node}'")
    if vmid in context.faults.held_locks:
        raise ApiError(500, f"unable to create CT {vmid} - {lock_timeout(vmid)}")
    if params.get("unprivileged") == 0:
        context.access.check(context.identity, "Sys.Modify", "/")
    for key, value in params.items():
        check_root_only(context, key, str(value))
    check_networks(params)
    if params.get("ha-managed") == 1:
        context.access.check(context.identity, "Sys.Console", "/")
    ostemplate, template = _template(context)
    storage, sid, volume, size = _rootfs_storage(context)

    config = _initial_config(context, template, ostemplate)
    disk = volume or f"{sid}:vm-{vmid}-disk-0"
    config["rootfs"] = print_rootfs(disk, size, _text(params.get("rootfs")))
    config["lock"] = "create"
    container = Container(vmid, node, dict(sorted(config.items())), pool=pool)
    cluster.add_container(container)

    reason = context.faults.take_create_failure()
    if template is None and reason is None:
        reason = f"volume '{ostemplate}' does not exist"
    duration = task_seconds(context, CREATE_SECONDS)
    lines = create_log(container, storage, template, ostemplate, duration, reason)
    exitstatus = "OK" if reason is None else f"unable to create CT {vmid} - {reason}"

    def finish(now: float) -> None:
        if reason is not None:
            cluster.containers.pop(vmid, None)
            return
        # The start task that `start=1` spawns begins when the create ends.
        _complete(replace(context, now=now), container, storage, template, disk, size)

    # A failing create stops half-way, when the archive turns out to be unusable.
    task = context.tasks.start(
        context.now,
        node,
        "vzcreate",
        str(vmid),
        context.identity,
        duration if reason is None else duration / 2,
        lines,
        exitstatus,
        finish,
    )

    def abort() -> None:
        cluster.containers.pop(vmid, None)

    task.on_abort = abort
    return Reply(task.upid)


def _initial_config(
    context: Context, template: Volume | None, ostemplate: str
) -> dict[str, Value]:
    params = context.params
    vmid = int(params["vmid"])
    config: dict[str, Value] = {
        "arch": "amd64",
        "hostname": f"CT{vmid}",
        "memory": 512,
        "swap": 512,
        "unprivileged": 1,
    }
    filename = ostemplate.rsplit("/", 1)[-1]
    for prefix, ostype in OSTYPE_BY_PREFIX:
        if filename.startswith(prefix) and not _is_oci(template):
            config["ostype"] = ostype
    for key, value in params.items():
        if key in REQUEST_ONLY or key == "rootfs":
            continue
        if re.fullmatch(r"net\d+", key):
            config[key] = normalise_net(str(value), f"{vmid}/{key}")
        elif key == "tags":
            config[key] = normalise_tags(str(value))
        elif key == "features":
            config[key] = normalise_features(str(value))
        else:
            config[key] = value
    return config


def _is_oci(template: Volume | None) -> bool:
    return template is not None and template.oci_entrypoint is not None


def _complete(
    context: Context,
    container: Container,
    storage: Storage,
    template: Volume | None,
    disk: str,
    size: float,
) -> None:
    config = container.config
    config.pop("lock", None)
    storage.volumes[disk] = Volume(
        disk, "rootdir", int(size * GIB), int(context.now), vmid=container.vmid
    )
    if _is_oci(template):
        assert template is not None and template.oci_entrypoint is not None
        # NOTE: whether PVE keeps an `entrypoint` given with an OCI image is not
        # verified against pve-container; the simulator keeps the request's.
        if template.oci_entrypoint != "/sbin/init" and "entrypoint" not in config:
            config["entrypoint"] = template.oci_entrypoint
            config["cmode"] = "console"
        for key in [key for key in config if re.fullmatch(r"net\d+", key)]:
            net = parse_property("pve-lxc-network", str(config[key]))
            if "host-managed" not in net:
                config[key] = normalise_net(f"{config[key]},host-managed=1", "")
        # OCI creation replaces `env` with the image's, losing what the request set.
        if template.oci_env:
            config["env"] = "\0".join(template.oci_env)
        else:
            config.pop("env", None)
    container.config = dict(sorted(config.items()))
    # What a freshly extracted, idle container uses once it runs.
    container.cpu = 0.01
    container.mem = 48 * 2**20
    container.disk = template.size * 4 if template is not None else GIB // 2
    if context.params.get("ha-managed") == 1:
        container.ha_state = "stopped"
    if context.params.get("start") == 1:
        start_task(context, container)


def create_log(
    container: Container,
    storage: Storage,
    template: Volume | None,
    ostemplate: str,
    duration: float,
    failure: str | None,
) -> list[tuple[float, str]]:
    """Write the log of a create task, as LVM, mkfs and `pct create` print it."""
    vmid = container.vmid
    lines: list[str] = []
    if storage.type in ("lvmthin", "lvm"):
        lines += [
            f'  Logical volume "vm-{vmid}-disk-0" created.',
            "Creating filesystem with 1048576 4k blocks and 262144 inodes",
            f"Filesystem UUID: {uuid.uuid5(uuid.NAMESPACE_OID, str(vmid))}",
            "Superblock backups stored on blocks: ",
            "\t32768, 98304, 163840, 229376, 294912, 819200, 884736",
        ]
    else:
        lines.append(
            f"Formatting '/var/lib/vz/images/{vmid}/vm-{vmid}-disk-0.raw', fmt=raw "
            "size=4294967296 preallocation=off"
        )
    filename = ostemplate.rsplit("/", 1)[-1]
    lines.append(f"extracting archive '/var/lib/vz/template/cache/{filename}'")
    if failure is not None:
        if storage.type in ("lvmthin", "lvm"):
            lines.append(f'  Logical volume "vm-{vmid}-disk-0" successfully removed.')
        return _spread(lines, duration / 2)
    size = template.size if template else 0
    if _is_oci(template):
        lines = lines[:-1] + [
            "Detected OCI archive",
            f"unpacking OCI image '/var/lib/vz/template/cache/{filename}'",
            f"Total bytes read: {size} ({size // 2**20}MiB, 211MiB/s)",
        ]
    else:
        hostname = container.name
        lines += [
            f"Total bytes read: {size * 4} ({size * 4 // 2**20}MiB, 194MiB/s)",
            "Detected container architecture: amd64",
        ]
        for kind in ("rsa", "ecdsa", "ed25519"):
            seed = hashlib.sha256(f"{vmid}/{kind}".encode()).digest()
            fingerprint = base64.b64encode(seed).decode().rstrip("=")
            lines += [
                f"Creating SSH host key 'ssh_host_{kind}_key' - "
                "this may take some time ...",
                f"done: SHA256:{fingerprint} root@{hostname}",
            ]
    return _spread(lines, duration)


def _spread(lines: list[str], duration: float) -> list[tuple[float, str]]:
    step = duration / (len(lines) + 1)
    return [(step * (index + 1), line) for index, line in enumerate(lines)]
