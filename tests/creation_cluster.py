"""A small simulated cluster with one sandbox for each stage-2 case, and connections.

Imported by the check, plan, creation and create-command tests. The sandboxes are
201 `app` ready on pve1, 202 stopped, 203 locked by a backup, 204 a template,
205 and 206 both named `twin`, 207 on the offline node pve2, 208 without a network,
209 with a static address that does not parse.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from console.proxmox.connection import Connection, connect
from console.settings import Profile, config_file
from console.sim.clock import SimClock
from console.sim.demo_access import (
    DEMO_PASSWORD,
    DEMO_TOKEN_ID,
    DEMO_TOKEN_SECRET,
    DEMO_USER,
)
from console.sim.fixture import cluster_from_dict
from console.sim.server import SimServer

ROOTFS = "local-lvm:vm-{vmid}-disk-0,size=8G"


def _container(
    vmid: int, name: str, node: str = "pve1", **extra: Any
) -> dict[str, Any]:
    config = {
        "hostname": name,
        "net0": f"name=eth0,bridge=vmbr0,ip=10.10.0.{vmid - 100}/24,gw=10.10.0.1",
        "rootfs": ROOTFS.format(vmid=vmid),
    }
    config.update(extra.pop("config", {}))
    return {"vmid": vmid, "node": node, "status": "running", "config": config, **extra}


def cluster_data() -> dict[str, Any]:
    return {
        "nodes": [{"name": "pve1"}, {"name": "pve2", "online": False}],
        "bridges": [{"name": "vmbr0", "ipv4": "10.10.0.0/24", "gateway": "10.10.0.1"}],
        "storages": [
            {
                "storage": "local",
                "type": "dir",
                "content": "vztmpl,iso,backup",
                "volumes": [
                    {"file": "vztmpl/debian-12-standard_12.7-1_amd64.tar.zst"},
                    {
                        "file": "vztmpl/nginx_latest.tar",
                        "oci": {
                            "entrypoint": "/docker-entrypoint.sh nginx",
                            "env": ["PATH=/usr/bin:/bin", "NGINX_VERSION=1.27"],
                        },
                    },
                ],
            },
            {"storage": "local-lvm", "type": "lvmthin", "content": "rootdir,images"},
        ],
        "containers": [
            _container(201, "app"),
            _container(202, "stopped-one", status="stopped"),
            _container(203, "in-backup", config={"lock": "backup"}),
            _container(204, "golden", status="stopped", config={"template": 1}),
            _container(205, "twin"),
            _container(206, "twin"),
            _container(207, "far-away", node="pve2"),
            _container(208, "no-net", config={"net0": None}),
            _container(209, "bad-address"),
        ],
    }


def _without_none(data: dict[str, Any]) -> dict[str, Any]:
    for container in data["containers"]:
        container["config"] = {
            key: value
            for key, value in container["config"].items()
            if value is not None
        }
    return data


@contextmanager
def running_cluster(version: str = "9.1", speed: float = 50.0) -> Iterator[SimServer]:
    """Start the simulator on 127.0.0.1 with the cluster above; stop it after.

    `speed` runs the simulated clock faster, so a three-second create task takes
    a few tens of milliseconds.
    """
    cluster = cluster_from_dict(_without_none(cluster_data()))
    # The fixture loader normalises netN, so the broken address goes in afterwards.
    bad = cluster.containers[209]
    bad.config["net0"] = "name=eth0,bridge=vmbr0,ip=10.10.0.300/24,type=veth"
    server = SimServer(cluster=cluster, version=version, clock=SimClock(speed=speed))
    server.start()
    try:
        yield server
    finally:
        server.stop()


def token_connection(server: SimServer) -> Connection:
    """Connect with the demo API token `root@pam!console`."""
    return connect(
        Profile(
            name="token",
            host=server.host,
            port=server.port,
            user=DEMO_USER,
            token_id=DEMO_TOKEN_ID.rpartition("!")[2],
            token_secret=DEMO_TOKEN_SECRET,
            ca_file=Path(server.ca_file),
        )
    )


def root_connection(server: SimServer) -> Connection:
    """Connect as root@pam with a password, the only identity allowed bind mounts."""
    return connect(
        Profile(
            name="root",
            host=server.host,
            port=server.port,
            user=DEMO_USER,
            password=DEMO_PASSWORD,
            ca_file=Path(server.ca_file),
        )
    )


def write_token_profile(server: SimServer, *, read_only: bool = False) -> None:
    """Write a config.toml whose default profile reaches `server` with the demo token.

    The token secret comes from the SIM_TOKEN_SECRET variable, which the caller sets.
    """
    path = config_file()
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(
        f"""\
default_profile = "sim"

[profiles.sim]
host = "{server.host}"
port = {server.port}
user = "root@pam"
token_id = "console"
token_secret_env = "SIM_TOKEN_SECRET"
ca_file = "{server.ca_file}"
read_only = {"true" if read_only else "false"}
"""
    )
