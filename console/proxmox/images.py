"""Choose the `ostemplate` for an image: a template volume, or an OCI archive.

Proxmox VE 9.1 creates containers from OCI images saved as `.tar` archives in a
storage for container templates (`vztmpl`). Its `oci-registry-pull` call
saves them there under a name derived from the reference.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

from console.cri.issues import Issue, Severity
from console.proxmox.replies import api_rows

# `STORAGE:vztmpl/FILE`: what `pveam` and the GUI show for container templates.
_TEMPLATE_VOLUME = re.compile(r"^[A-Za-z][A-Za-z0-9\-_.]*:vztmpl/[^\s/][^\s]*$")
# oci-registry-pull keeps these characters of the file name and writes `_` for others.
_ARCHIVE_NAME_OUTSIDE = re.compile(r"[^A-Za-z0-9_.\-]")
# oci-registry-pull insists on `[registry[:port]/]repo[/path]:tag`, digests excluded.
_PULLABLE = re.compile(r"^[^@\s]+:[A-Za-z0-9_][A-Za-z0-9_.\-]{0,127}$")

DOCKER_HUB = "docker.io"
IMAGE_PATH = "config.image.image"
CODE_TEMPLATE_MISSING = "pve-template-missing"
CODE_OCI_UNAVAILABLE = "pve-oci-unavailable"
CODE_NEEDS_9_1 = "pve-needs-9-1"


@dataclass(frozen=True, slots=True)
class ImageChoice:
    """The `ostemplate` to send, and the pull that must come first, if any."""

    ostemplate: str | None
    pull_reference: str | None = None
    pull_storage: str | None = None
    issues: list[Issue] = field(default_factory=list)


def is_template_volume(image: str) -> bool:
    return _TEMPLATE_VOLUME.match(image) is not None


def qualified_reference(reference: str) -> str:
    """Return `reference` with Docker Hub's registry and `library/` spelled out.

    A short name like `nginx:1.27` is what runtimes resolve on Docker Hub; skopeo
    on a Proxmox node would otherwise need its own registries.conf for it.
    """
    first, slash, rest = reference.partition("/")
    if not slash:
        return f"{DOCKER_HUB}/library/{reference}"
    if "." in first or ":" in first or first == "localhost":
        return reference
    return f"{DOCKER_HUB}/{reference}"


def oci_archive_name(reference: str) -> str:
    """Return the file name oci-registry-pull gives `reference` (`nginx_latest.tar`)."""
    last = reference.rsplit("/", 1)[-1]
    return _ARCHIVE_NAME_OUTSIDE.sub("_", last) + ".tar"


def storages_with(storages: list[dict[str, Any]], content: str) -> list[str]:
    """Return the ids of enabled, active storages whose content includes `content`."""
    found = []
    for storage in storages:
        kinds = str(storage.get("content", "")).split(",")
        enabled = int(storage.get("enabled", 1) or 0) == 1
        active = int(storage.get("active", 1) or 0) == 1
        if content in kinds and enabled and active:
            found.append(str(storage["storage"]))
    return found


def choose_image(
    api: Any,
    node: str,
    image: str,
    storages: list[dict[str, Any]],
    *,
    supports_9_1: bool,
    release: str,
) -> ImageChoice:
    """Find `image` on `node`, or plan its pull; errors go on `config.image.image`."""
    template_storages = storages_with(storages, "vztmpl")
    if is_template_volume(image):
        storage = image.split(":", 1)[0]
        if storage in template_storages and image in _volumes(api, node, storage):
            return ImageChoice(ostemplate=image)
        return ImageChoice(None, issues=[_template_missing(image, node, storage)])

    if not supports_9_1:
        return ImageChoice(
            None,
            issues=[
                _error(
                    CODE_NEEDS_9_1,
                    f"OCI images need Proxmox VE 9.1 or later; this cluster runs "
                    f"{release}. Use a template volume such as "
                    "local:vztmpl/debian-12-standard_12.7-1_amd64.tar.zst",
                )
            ],
        )

    name = oci_archive_name(image)
    for storage in template_storages:
        volume = f"{storage}:vztmpl/{name}"
        if volume in _volumes(api, node, storage):
            return ImageChoice(ostemplate=volume)

    if not _PULLABLE.match(image):
        return ImageChoice(
            None,
            issues=[
                _error(
                    CODE_OCI_UNAVAILABLE,
                    f"{name} is not in a template storage on {node}, and Proxmox "
                    "pulls only references with a tag, not a digest: give a tag, "
                    f"or pull the image onto {node} first",
                )
            ],
        )
    if not template_storages:
        return ImageChoice(
            None,
            issues=[
                _error(
                    CODE_OCI_UNAVAILABLE,
                    f"node {node} has no storage for container templates (content "
                    "vztmpl) to pull the image into",
                )
            ],
        )
    storage = template_storages[0]
    return ImageChoice(
        ostemplate=f"{storage}:vztmpl/{name}",
        pull_reference=qualified_reference(image),
        pull_storage=storage,
    )


def _volumes(api: Any, node: str, storage: str) -> set[str]:
    content = api.nodes(node).storage(storage).content.get(content="vztmpl")
    rows = api_rows(content, f"content list of storage {storage} on {node}")
    return {str(row.get("volid")) for row in rows}


def _template_missing(image: str, node: str, storage: str) -> Issue:
    return _error(
        CODE_TEMPLATE_MISSING,
        f"template {image} is not on node {node} (storage {storage!r} has no such "
        "volume, or holds no templates there): download it with "
        f"`pveam download {storage} <template>` or pick one `pveam list {storage}` "
        "shows",
    )


def _error(code: str, message: str) -> Issue:
    return Issue(IMAGE_PATH, code, Severity.ERROR, message)
