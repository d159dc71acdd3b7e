"""Seeding the simulator from a JSON fixture file, and the generated scale cluster."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from proxmoxer import ProxmoxAPI

from console.sim.clock import SimClock
from console.sim.fixture import FixtureError, load_fixture
from console.sim.scale import parse_scale, scale_cluster
from console.sim.server import SimServer

FIXTURE = {
    "cluster": "lab",
    "nodes": [{"name": "lab1"}, {"name": "lab2", "online": False, "offline_for": 30}],
    "bridges": [{"name": "vmbr0", "ipv4": "192.0.2.0/24", "gateway": "192.0.2.1"}],
    "storages": [
        {"storage": "tank", "type": "zfspool", "content": "rootdir,images"},
        {
            "storage": "local",
            "type": "dir",
            "content": "vztmpl",
            "volumes": [{"file": "vztmpl/alpine-3.20-default_20240908_amd64.tar.xz"}],
        },
    ],
    "containers": [
        {
            "vmid": 500,
            "node": "lab1",
            "status": "running",
            "config": {
                "hostname": "db",
                "net0": "name=eth0,bridge=vmbr0,ip=192.0.2.5/24",
                "rootfs": "tank:subvol-500-disk-0,size=2G",
                "tags": "B,a",
            },
        },
        {"vmid": 501, "node": "lab2", "status": "running"},
    ],
    "access": {
        "users": [{"userid": "ops@pve", "password": "ops-password"}],
        "tokens": [{"tokenid": "ops@pve!ci", "secret": "s3cret", "privsep": False}],
        "acls": [{"identity": "ops@pve", "path": "/", "privileges": ["VM.Audit"]}],
    },
}


def test_fixture_file_seeds_state(tmp_path: Path) -> None:
    path = tmp_path / "cluster.json"
    path.write_text(json.dumps(FIXTURE), encoding="utf-8")
    with SimServer(load_fixture(path), clock=SimClock(50)) as server:
        api = ProxmoxAPI(
            f"{server.host}:{server.port}",
            user="ops@pve",
            token_name="ci",
            token_value="s3cret",
            verify_ssl=str(server.ca_file),
        )
        listed = {e["vmid"]: e for e in api.cluster.resources.get(type="vm")}
        config = api.nodes("lab1").lxc(500).config.get()
        interfaces = api.nodes("lab1").lxc(500).interfaces.get()
    assert listed[500]["name"] == "db"
    assert listed[500]["maxdisk"] == 2 * 1024**3
    # lab2 went offline 30 s before the start: its guests are still listed stale.
    assert listed[501]["status"] == "running"
    assert config["tags"] == "a;b"
    assert "hwaddr=BC:24:11:" in config["net0"]
    eth0 = next(item for item in interfaces if item["name"] == "eth0")
    assert eth0["inet"] == "192.0.2.5/24"


def test_fixture_invalid_json_message(tmp_path: Path) -> None:
    path = tmp_path / "broken.json"
    path.write_text('{"nodes": [', encoding="utf-8")
    with pytest.raises(FixtureError, match="is not valid JSON"):
        load_fixture(path)


def test_fixture_without_nodes(tmp_path: Path) -> None:
    path = tmp_path / "empty.json"
    path.write_text("{}", encoding="utf-8")
    with pytest.raises(FixtureError, match="'nodes'"):
        load_fixture(path)


def test_fixture_unknown_node(tmp_path: Path) -> None:
    data = {"nodes": [{"name": "a"}], "containers": [{"vmid": 100, "node": "b"}]}
    path = tmp_path / "orphan.json"
    path.write_text(json.dumps(data), encoding="utf-8")
    with pytest.raises(FixtureError, match="unknown node"):
        load_fixture(path)


def test_scale_cluster_counts() -> None:
    cluster = scale_cluster(nodes=4, containers=200, running=150, seed=3)
    assert len(cluster.nodes) == 4
    assert len(cluster.containers) == 200
    assert sum(c.running for c in cluster.containers.values()) == 150
    again = scale_cluster(nodes=4, containers=200, running=150, seed=3)
    assert again.containers[1005].config == cluster.containers[1005].config


def test_parse_scale() -> None:
    assert parse_scale("20x5000") == (20, 5000)
    with pytest.raises(ValueError, match="NODESxCONTAINERS"):
        parse_scale("20by5000")
