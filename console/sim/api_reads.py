"""Read endpoints: version, nodes, cluster resources, guests and storage."""

from __future__ import annotations

import json
from typing import Any

from console.sim import lxc_schema as schemas
from console.sim.api import Context, Reply, Route
from console.sim.errors import ApiError
from console.sim.network import interfaces
from console.sim.schema import Param
from console.sim.views import (
    config_view,
    encoded_resource_entry,
    node_entry,
    storage_entry,
    storage_status,
    vm_status,
)

RESOURCE_TYPES = ("vm", "storage", "node", "sdn", "pool")


def get_version(context: Context) -> Reply:
    version = context.version
    return Reply(
        {
            "version": version.full,
            "release": version.release_text,
            "repoid": version.repoid,
        }
    )


def get_nodes(context: Context) -> Reply:
    access, identity = context.access, context.identity
    items = [
        node_entry(
            node,
            access.allowed(identity, "Sys.Audit", f"/nodes/{node.name}"),
            context.version,
        )
        | {"ssl_fingerprint": node.ssl_fingerprint}
        for node in context.cluster.nodes.values()
    ]
    return Reply(items)


def get_resources(context: Context) -> Reply:
    """Build `GET /cluster/resources`, silently leaving out what may not be seen."""
    kind = context.params.get("type")
    cluster, access, identity = context.cluster, context.access, context.identity
    guests: list[str] = []
    if kind in (None, "vm"):
        for container in cluster.containers.values():
            if access.allowed(identity, "VM.Audit", *context.vm_paths(container)):
                guests.append(
                    encoded_resource_entry(
                        cluster, container, context.now, context.version
                    )
                )

    items: list[dict[str, Any]] = []
    if kind in (None, "node"):
        for node in cluster.nodes.values():
            with_stats = access.allowed(identity, "Sys.Audit", f"/nodes/{node.name}")
            items.append(node_entry(node, with_stats, context.version))

    if kind in (None, "storage"):
        for storage in cluster.storages.values():
            path = f"/storage/{storage.storage}"
            if access.allowed(identity, "Datastore.Audit", path) or access.allowed(
                identity, "Datastore.AllocateSpace", path
            ):
                online = cluster.nodes[storage.node].online
                items.append(storage_entry(storage, online))

    if kind in (None, "pool"):
        for pool in cluster.pools:
            if access.allowed(identity, "Pool.Audit", f"/pool/{pool}"):
                items.append({"id": f"/pool/{pool}", "type": "pool", "pool": pool})

    if kind in (None, "sdn"):
        for node in cluster.nodes.values():
            status = "ok" if node.online else "unknown"
            items.append(
                {
                    "id": f"sdn/{node.name}/localnetwork",
                    "type": "sdn",
                    "sdn": "localnetwork",
                    "node": node.name,
                    "status": status,
                }
            )

    encoded = [json.dumps(item, separators=(",", ":")) for item in items]
    return Reply(None, encoded="[" + ",".join(guests + encoded) + "]")


def get_nextid(context: Context) -> Reply:
    used = context.cluster.containers
    requested = context.params.get("vmid")
    if requested is not None:
        if int(requested) in used:
            raise ApiError(
                400,
                "Parameter verification failed.",
                {"vmid": f"VM {requested} already exists"},
            )
        return Reply(str(requested))
    vmid = 100
    while vmid in used:
        vmid += 1
    return Reply(str(vmid))


def get_lxc_list(context: Context) -> Reply:
    node = str(context.params["node"])
    items = [
        vm_status(context.cluster, container, context.now, context.version)
        for container in context.cluster.containers.values()
        if container.node == node
        and context.access.allowed(
            context.identity, "VM.Audit", *context.vm_paths(container)
        )
    ]
    return Reply(items)


def get_lxc_index(context: Context) -> Reply:
    context.container()
    subdirs = (
        "config",
        "pending",
        "status",
        "vncproxy",
        "termproxy",
        "vncwebsocket",
        "spiceproxy",
        "remote_migrate",
        "migrate",
        "clone",
        "rrd",
        "rrddata",
        "firewall",
        "snapshot",
        "resize",
        "interfaces",
    )
    return Reply([{"subdir": name} for name in subdirs])


def get_status_current(context: Context) -> Reply:
    container = context.container()
    context.access.check(context.identity, "VM.Audit", *context.vm_paths(container))
    status = vm_status(context.cluster, container, context.now, context.version)
    if container.ha_state:
        status["ha"] = {"managed": 1, "state": container.ha_state}
    else:
        status["ha"] = {"managed": 0}
    return Reply(status)


def get_config(context: Context) -> Reply:
    container = context.container()
    paths = context.vm_paths(container)
    context.access.check(context.identity, "VM.Audit", *paths)
    show_env = context.access.allowed(context.identity, "VM.Config.Options", *paths)
    return Reply(config_view(container, show_env))


def get_interfaces(context: Context) -> Reply:
    """Build `GET .../interfaces`; a stopped or unknown container gives `null`."""
    vmid = int(context.params["vmid"])
    container = context.cluster.containers.get(vmid)
    paths = context.vm_paths(container) if container else (f"/vms/{vmid}",)
    context.access.check(context.identity, "VM.Audit", *paths)
    if container is None or container.node != context.params["node"]:
        return Reply(None)
    return Reply(
        interfaces(context.cluster, container, context.now, context.version.release)
    )


def get_storage_list(context: Context) -> Reply:
    node = str(context.params["node"])
    content = context.params.get("content")
    requested = context.params.get("storage")
    items = []
    for storage in context.cluster.node_storages(node):
        path = f"/storage/{storage.storage}"
        visible = context.access.allowed(
            context.identity, "Datastore.Audit", path
        ) or context.access.allowed(context.identity, "Datastore.AllocateSpace", path)
        if not visible:
            continue
        if content is not None and not all(
            storage.allows(kind) for kind in str(content).split(",")
        ):
            continue
        if requested is not None and storage.storage != requested:
            continue
        if context.params.get("enabled") == 1 and not storage.enabled:
            continue
        items.append(storage_status(storage))
    return Reply(items)


def get_storage_content(context: Context) -> Reply:
    node, sid = str(context.params["node"]), str(context.params["storage"])
    storage = context.cluster.storages.get((node, sid))
    if storage is None:
        raise ApiError(500, f"storage '{sid}' does not exist")
    path = f"/storage/{sid}"
    if not (
        context.access.allowed(context.identity, "Datastore.Audit", path)
        or context.access.allowed(context.identity, "Datastore.AllocateSpace", path)
    ):
        raise ApiError(
            403,
            f"Permission check failed ({path}, "
            "Datastore.Audit|Datastore.AllocateSpace)",
        )
    content = context.params.get("content")
    vmid = context.params.get("vmid")
    items = []
    for volume in storage.volumes.values():
        if content is not None and volume.content != content:
            continue
        if vmid is not None and volume.vmid != vmid:
            continue
        item: dict[str, Any] = {
            "volid": volume.volid,
            "content": volume.content,
            "format": volume.format,
            "size": volume.size,
            "ctime": volume.ctime,
        }
        if volume.vmid is not None:
            item["vmid"] = volume.vmid
        items.append(item)
    return Reply(items)


RESOURCES_PARAMS = {"type": Param(enum=RESOURCE_TYPES)}
NEXTID_PARAMS = {"vmid": Param(type="integer", minimum=100, maximum=999999999)}

ROUTES = [
    Route("GET", "/version", get_version),
    Route("GET", "/nodes", get_nodes),
    Route("GET", "/cluster/resources", get_resources, RESOURCES_PARAMS),
    Route("GET", "/cluster/nextid", get_nextid, NEXTID_PARAMS),
    Route("GET", "/nodes/{node}/lxc", get_lxc_list, {"node": schemas.NODE}),
    Route("GET", "/nodes/{node}/lxc/{vmid}", get_lxc_index, schemas.GUEST_PARAMS),
    Route(
        "GET",
        "/nodes/{node}/lxc/{vmid}/status/current",
        get_status_current,
        schemas.GUEST_PARAMS,
    ),
    Route(
        "GET", "/nodes/{node}/lxc/{vmid}/config", get_config, schemas.CONFIG_READ_PARAMS
    ),
    Route(
        "GET",
        "/nodes/{node}/lxc/{vmid}/interfaces",
        get_interfaces,
        schemas.GUEST_PARAMS,
    ),
    Route(
        "GET", "/nodes/{node}/storage", get_storage_list, schemas.STORAGE_LIST_PARAMS
    ),
    Route(
        "GET",
        "/nodes/{node}/storage/{storage}/content",
        get_storage_content,
        schemas.STORAGE_CONTENT_PARAMS,
    ),
]
