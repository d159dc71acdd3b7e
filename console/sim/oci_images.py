"""OCI images as volumes: the entrypoint and environment a pulled image carries."""

from __future__ import annotations

from typing import Any

from console.sim.state import Volume

DEFAULT_PATH = "PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin"

# Entrypoint plus Cmd of well-known images, joined as PVE stores `entrypoint`.
KNOWN_ENTRYPOINTS = {
    "nginx": "/docker-entrypoint.sh nginx -g 'daemon off;'",
    "redis": "docker-entrypoint.sh redis-server",
    "alpine": "/bin/sh",
    "busybox": "sh",
    "postgres": "docker-entrypoint.sh postgres",
}
KNOWN_ENV = {
    "nginx": ("NGINX_VERSION=1.27.3", "NJS_VERSION=0.8.8"),
    "redis": ("REDIS_VERSION=7.2.7",),
    "postgres": ("PG_MAJOR=17", "PGDATA=/var/lib/postgresql/data"),
}


def image_volume(volid: str, repository: str, size: int, ctime: int) -> Volume:
    """Build the volume of an OCI image of `repository` (`nginx`, `redis`, ...)."""
    entrypoint = KNOWN_ENTRYPOINTS.get(repository, "/bin/sh")
    env = (DEFAULT_PATH, *KNOWN_ENV.get(repository, ()))
    return Volume(volid, "vztmpl", size, ctime, oci_entrypoint=entrypoint, oci_env=env)


def image_from_fixture(
    volid: str, size: int, ctime: int, oci: dict[str, Any]
) -> Volume:
    """Build an OCI image volume from a fixture's `oci` object."""
    repository = volid.rsplit("/", 1)[-1].split("_", 1)[0]
    volume = image_volume(volid, repository, size, ctime)
    if "entrypoint" in oci:
        volume.oci_entrypoint = str(oci["entrypoint"])
    if "env" in oci:
        volume.oci_env = tuple(str(item) for item in oci["env"])
    return volume
