"""`POST /nodes/{node}/storage/{storage}/oci-registry-pull` (PVE 9.1 and later)."""

from __future__ import annotations

import hashlib
import re

from console.sim.api import Context, Reply
from console.sim.api_power import task_seconds
from console.sim.errors import ApiError
from console.sim.oci_images import image_volume

PULL_SECONDS = 4.0


def oci_file_name(reference: str, filename: str | None) -> str:
    """Name the archive as PVE does: last path part, odd characters as `_`, `.tar`."""
    base = (filename or reference).rsplit("/", 1)[-1]
    name = re.sub(r"[^A-Za-z0-9_.\-]", "_", base)
    return name if name.endswith(".tar") else f"{name}.tar"


def post_pull(context: Context) -> Reply:
    node, sid = str(context.params["node"]), str(context.params["storage"])
    storage = context.cluster.storages.get((node, sid))
    context.access.check(
        context.identity, "Datastore.AllocateTemplate", f"/storage/{sid}"
    )
    context.access.check(context.identity, "Sys.AccessNetwork", f"/nodes/{node}")
    if storage is None:
        raise ApiError(500, f"storage '{sid}' does not exist")
    if not storage.allows("vztmpl"):
        raise ApiError(500, f"storage '{sid}' does not support vztmpl content")
    reference = str(context.params["reference"])
    filename = oci_file_name(reference, _optional(context.params.get("filename")))
    volid = f"{sid}:vztmpl/{filename}"
    if volid in storage.volumes:
        raise ApiError(500, f"refusing to override existing file '{filename}'")
    repository = reference.rsplit("/", 1)[-1].split(":", 1)[0]
    digest = hashlib.sha256(reference.encode()).hexdigest()
    lines = [
        (0.5, "Getting image source signatures"),
        (1.0, f"Copying blob sha256:{digest}"),
        (2.0, f"Copying config sha256:{digest[::-1]}"),
        (3.0, "Writing manifest to image destination"),
    ]

    def finish(now: float) -> None:
        size = 40_000_000 + int(digest[:6], 16)
        storage.volumes[volid] = image_volume(volid, repository, size, int(now))

    task = context.tasks.start(
        context.now,
        node,
        "ociregistrypull",
        sid,
        context.identity,
        task_seconds(context, PULL_SECONDS),
        lines,
        "OK",
        finish,
    )
    return Reply(task.upid)


def _optional(value: object) -> str | None:
    return None if value is None else str(value)
