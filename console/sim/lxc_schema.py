"""Parameter tables of the LXC, task and storage endpoints, after PVE's API schema."""

from __future__ import annotations

# Importing formats registers the format checks that these tables name.
from console.sim import formats as _formats  # noqa: F401
from console.sim.schema import Param

V91 = (9, 1)
V82 = (8, 2)

NODE = Param(optional=False, format="pve-node")
VMID = Param(type="integer", optional=False, minimum=100, maximum=999999999)

LOCKS = (
    "backup",
    "create",
    "destroyed",
    "disk",
    "fstrim",
    "migrate",
    "mounted",
    "rollback",
    "snapshot",
    "snapshot-delete",
)
OSTYPES = (
    "debian",
    "devuan",
    "ubuntu",
    "centos",
    "fedora",
    "opensuse",
    "archlinux",
    "alpine",
    "gentoo",
    "nixos",
    "unmanaged",
)

# Keys a container config may hold, shared by create and `PUT .../config`.
CONFIG_PARAMS: dict[str, Param] = {
    "arch": Param(enum=("amd64", "i386", "arm64", "armhf", "riscv32", "riscv64")),
    "cmode": Param(enum=("shell", "console", "tty")),
    "console": Param(type="boolean"),
    "cores": Param(type="integer", minimum=1, maximum=8192),
    "cpulimit": Param(type="number", minimum=0, maximum=8192),
    "cpuunits": Param(type="integer", minimum=0, maximum=500000),
    "debug": Param(type="boolean"),
    "description": Param(max_length=8192),
    "dev[n]": Param(format="pve-lxc-dev"),
    "entrypoint": Param(format="no-control", since=V91),
    "env": Param(format="no-control", since=V91),
    "features": Param(format="pve-lxc-features"),
    "hookscript": Param(format="pve-volume-id"),
    "hostname": Param(format="dns-name", max_length=255),
    "lock": Param(enum=LOCKS),
    "memory": Param(type="integer", minimum=16),
    "mp[n]": Param(format="pve-ct-mountpoint"),
    "nameserver": Param(format="ip-list"),
    "net[n]": Param(format="pve-lxc-network"),
    "onboot": Param(type="boolean"),
    "ostype": Param(enum=OSTYPES),
    "protection": Param(type="boolean"),
    "rootfs": Param(format="pve-ct-rootfs"),
    "searchdomain": Param(format="dns-name-list"),
    "startup": Param(format="pve-startup-order"),
    "swap": Param(type="integer", minimum=0),
    "tags": Param(format="pve-tag-list"),
    "template": Param(type="boolean"),
    "timezone": Param(),
    "tty": Param(type="integer", minimum=0, maximum=6),
    "unprivileged": Param(type="boolean"),
    "unused[n]": Param(format="pve-volume-id"),
}

CREATE_PARAMS: dict[str, Param] = {
    **CONFIG_PARAMS,
    "node": NODE,
    "vmid": VMID,
    "ostemplate": Param(optional=False, max_length=255),
    "password": Param(min_length=5),
    "ssh-public-keys": Param(),
    "storage": Param(format="pve-storage-id"),
    "pool": Param(format="pve-poolid"),
    "start": Param(type="boolean"),
    "force": Param(type="boolean"),
    "restore": Param(type="boolean"),
    "unique": Param(type="boolean"),
    "ignore-unpack-errors": Param(type="boolean"),
    "bwlimit": Param(type="number", minimum=0),
    "ha-managed": Param(type="boolean", since=V91),
}

UPDATE_PARAMS: dict[str, Param] = {
    **CONFIG_PARAMS,
    "node": NODE,
    "vmid": VMID,
    "delete": Param(pattern=r"[a-z][a-z0-9_\-]*(?:[,; ]+[a-z][a-z0-9_\-]*)*"),
    "digest": Param(max_length=40),
    "revert": Param(pattern=r"[a-z][a-z0-9_\-]*(?:[,; ]+[a-z][a-z0-9_\-]*)*"),
}

GUEST_PARAMS: dict[str, Param] = {"node": NODE, "vmid": VMID}

CONFIG_READ_PARAMS: dict[str, Param] = {
    **GUEST_PARAMS,
    "current": Param(type="boolean"),
    "snapshot": Param(max_length=40),
}

START_PARAMS: dict[str, Param] = {
    **GUEST_PARAMS,
    "skiplock": Param(type="boolean"),
    "debug": Param(type="boolean"),
}
STOP_PARAMS: dict[str, Param] = {
    **GUEST_PARAMS,
    "skiplock": Param(type="boolean"),
    "overrule-shutdown": Param(type="boolean", since=V82),
}
SHUTDOWN_PARAMS: dict[str, Param] = {
    **GUEST_PARAMS,
    "timeout": Param(type="integer", minimum=0),
    "forceStop": Param(type="boolean"),
}
REBOOT_PARAMS: dict[str, Param] = {**GUEST_PARAMS, "timeout": Param(type="integer")}
DESTROY_PARAMS: dict[str, Param] = {
    **GUEST_PARAMS,
    "force": Param(type="boolean"),
    "purge": Param(type="boolean"),
    "destroy-unreferenced-disks": Param(type="boolean"),
}

TASK_PARAMS: dict[str, Param] = {"node": NODE, "upid": Param(optional=False)}
TASK_LOG_PARAMS: dict[str, Param] = {
    **TASK_PARAMS,
    "start": Param(type="integer", minimum=0),
    "limit": Param(type="integer", minimum=0),
    "download": Param(type="boolean"),
}

NODE_TASKS_PARAMS: dict[str, Param] = {
    "node": NODE,
    "start": Param(type="integer", minimum=0),
    "limit": Param(type="integer", minimum=0),
    "userfilter": Param(),
    "typefilter": Param(),
    "vmid": Param(type="integer", minimum=100, maximum=999999999),
    "errors": Param(type="boolean"),
    "source": Param(enum=("archive", "active", "all")),
    "since": Param(type="integer"),
    "until": Param(type="integer"),
    "statusfilter": Param(format="pve-task-status-type-list"),
}

STORAGE_LIST_PARAMS: dict[str, Param] = {
    "node": NODE,
    "content": Param(),
    "enabled": Param(type="boolean"),
    "format": Param(type="boolean"),
    "storage": Param(format="pve-storage-id"),
    "target": Param(format="pve-node"),
}
STORAGE_CONTENT_PARAMS: dict[str, Param] = {
    "node": NODE,
    "storage": Param(optional=False, format="pve-storage-id"),
    "content": Param(),
    "vmid": Param(type="integer", minimum=100, maximum=999999999),
}
OCI_PULL_PARAMS: dict[str, Param] = {
    "node": NODE,
    "storage": Param(optional=False, format="pve-storage-id"),
    "reference": Param(
        optional=False,
        pattern=r"(?:[a-zA-Z0-9.\-]+(?::\d+)?/)?[a-z0-9._\-]+(?:/[a-z0-9._\-]+)*:[A-Za-z0-9_][A-Za-z0-9_.\-]{0,127}",
    ),
    "filename": Param(min_length=1, max_length=255),
}
