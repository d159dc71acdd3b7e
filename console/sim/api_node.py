"""Node-level extras: realms, the appliance index, OCI tags, stopping a task."""

from __future__ import annotations

from typing import Any

from console.sim import lxc_schema as schemas
from console.sim.api import Context, Reply, Route
from console.sim.api_power import task_seconds
from console.sim.api_tasks import find_task
from console.sim.errors import ApiError
from console.sim.schema import Param
from console.sim.state import Volume

APPLIANCE_SOURCE = "http://download.proxmox.com/images"
APPLIANCES = (
    ("debian-12-standard", "12.7-1", "debian-12", "Debian 12 Bookworm (standard)"),
    ("debian-13-standard", "13.1-2", "debian-13", "Debian 13 Trixie (standard)"),
    ("alpine-3.20-default", "20240908", "alpine-3.20", "Alpine Linux 3.20"),
    (
        "ubuntu-24.04-standard",
        "24.04-2",
        "ubuntu-24.04",
        "Ubuntu 24.04 Noble (standard)",
    ),
)
DOWNLOAD_SECONDS = 5.0
REPOSITORY_TAGS = ("latest", "1.27", "1.27.3", "stable", "alpine")


def get_domains(_context: Context) -> Reply:
    return Reply(
        [
            {
                "realm": "pam",
                "type": "pam",
                "comment": "Linux PAM standard authentication",
            },
            {
                "realm": "pve",
                "type": "pve",
                "comment": "Proxmox VE authentication server",
            },
        ]
    )


def _appliance(package: str, version: str, os: str, headline: str) -> dict[str, Any]:
    suffix = "tar.xz" if package.startswith("alpine") else "tar.zst"
    template = f"{package}_{version}_amd64.{suffix}"
    return {
        "package": package,
        "version": version,
        "type": "lxc",
        "os": os.split("-")[0],
        "section": "system",
        "maintainer": "Proxmox Support Team <support@proxmox.com>",
        "architecture": "amd64",
        "location": f"{APPLIANCE_SOURCE}/system/{template}",
        "sha512sum": "0" * 128,
        "infopage": "https://pve.proxmox.com/wiki/Linux_Container#pct_supported_distributions",
        "headline": headline,
        "description": "",
        "source": APPLIANCE_SOURCE,
        "template": template,
    }


def get_aplinfo(_context: Context) -> Reply:
    return Reply([_appliance(*entry) for entry in APPLIANCES])


def post_aplinfo(context: Context) -> Reply:
    """Download an appliance template into a `vztmpl` storage, as a task."""
    node, sid = str(context.params["node"]), str(context.params["storage"])
    template = str(context.params["template"])
    context.access.check(
        context.identity, "Datastore.AllocateTemplate", f"/storage/{sid}"
    )
    known = {_appliance(*entry)["template"] for entry in APPLIANCES}
    if template not in known:
        raise ApiError(400, "no such template")
    storage = context.cluster.storages.get((node, sid))
    if storage is None:
        raise ApiError(500, f"storage '{sid}' does not exist")
    if not storage.allows("vztmpl"):
        raise ApiError(500, f"storage '{sid}' does not support templates")
    volid = f"{sid}:vztmpl/{template}"
    lines = [
        (0.5, f"starting template download from: {APPLIANCE_SOURCE}/system/{template}"),
        (1.0, f"target file: /var/lib/vz/template/cache/{template}"),
        (3.0, "download of template finished"),
    ]

    def finish(now: float) -> None:
        storage.volumes[volid] = Volume(volid, "vztmpl", 130_000_000, int(now))

    task = context.tasks.start(
        context.now,
        node,
        "download",
        template,
        context.identity,
        task_seconds(context, DOWNLOAD_SECONDS),
        lines,
        "OK",
        finish,
    )
    return Reply(task.upid)


def get_oci_tags(context: Context) -> Reply:
    node = str(context.params["node"])
    context.access.check(context.identity, "Sys.AccessNetwork", f"/nodes/{node}")
    return Reply(list(REPOSITORY_TAGS))


def delete_task(context: Context) -> Reply:
    """Stop a running task; a stopped create takes its half-made container along."""
    task = find_task(context)
    if not task.owned_by(context.identity):
        context.access.check(context.identity, "Sys.Modify", f"/nodes/{task.node}")
    if not task.finished:
        context.tasks.abort(task, context.now)
    return Reply(None)


ROUTES = [
    Route("GET", "/access/domains", get_domains, public=True),
    Route(
        "GET",
        "/nodes/{node}/aplinfo",
        get_aplinfo,
        {"node": schemas.NODE},
    ),
    Route(
        "POST",
        "/nodes/{node}/aplinfo",
        post_aplinfo,
        {
            "node": schemas.NODE,
            "storage": Param(optional=False, format="pve-storage-id"),
            "template": Param(optional=False, max_length=255),
        },
    ),
    Route(
        "GET",
        "/nodes/{node}/query-oci-repo-tags",
        get_oci_tags,
        {"node": schemas.NODE, "reference": Param(optional=False)},
        since=schemas.V91,
    ),
    Route("DELETE", "/nodes/{node}/tasks/{upid}", delete_task, schemas.TASK_PARAMS),
]
