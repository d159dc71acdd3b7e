"""Realms, the appliance index, OCI tags, and listing and stopping tasks."""

from __future__ import annotations

import pytest
import requests
from proxmoxer import ProxmoxAPI
from proxmoxer.core import ResourceException
from proxmoxer.tools import Tasks

from console.sim.server import SimServer

DEBIAN = "local:vztmpl/debian-12-standard_12.7-1_amd64.tar.zst"


def test_domains_need_no_login(sim_server: SimServer) -> None:
    response = requests.get(
        sim_server.url + "/access/domains", verify=str(sim_server.ca_file), timeout=5
    )
    assert response.status_code == 200
    realms = [entry["realm"] for entry in response.json()["data"]]
    assert realms == ["pam", "pve"]


def test_aplinfo_download(proxmox_api: ProxmoxAPI) -> None:
    index = proxmox_api.nodes("pve1").aplinfo.get()
    template = next(
        e["template"] for e in index if e["package"] == "debian-13-standard"
    )
    upid = proxmox_api.nodes("pve1").aplinfo.post(storage="local", template=template)
    status = Tasks.blocking_status(proxmox_api, upid, polling_interval=0.01)
    assert status["exitstatus"] == "OK"
    content = proxmox_api.nodes("pve1").storage("local").content.get(content="vztmpl")
    assert f"local:vztmpl/{template}" in [item["volid"] for item in content]


def test_aplinfo_unknown_template(proxmox_api: ProxmoxAPI) -> None:
    with pytest.raises(ResourceException) as caught:
        proxmox_api.nodes("pve1").aplinfo.post(storage="local", template="nope.tar")
    assert caught.value.status_code == 400
    assert caught.value.content == "no such template"


def test_oci_repository_tags(proxmox_api: ProxmoxAPI) -> None:
    tags = proxmox_api.nodes("pve1")("query-oci-repo-tags").get(
        reference="docker.io/library/nginx"
    )
    assert "latest" in tags


def test_task_list_filters(sim_server: SimServer, proxmox_api: ProxmoxAPI) -> None:
    sim_server.faults.task_seconds = 600
    upid = proxmox_api.nodes("pve1").lxc(103).status.start.post()
    active = proxmox_api.nodes("pve1").tasks.get(source="active")
    assert [task["upid"] for task in active] == [upid]
    assert active[0]["status"] == "RUNNING"
    sim_server.clock.advance(600)
    finished = proxmox_api.nodes("pve1").tasks.get(vmid=103)
    assert finished[0]["status"] == "OK"
    assert proxmox_api.nodes("pve2").tasks.get() == []


def test_stopping_create_removes_container(
    sim_server: SimServer, proxmox_api: ProxmoxAPI
) -> None:
    sim_server.faults.task_seconds = 600
    upid = proxmox_api.nodes("pve1").lxc.create(
        vmid=160, ostemplate=DEBIAN, rootfs="local-lvm:4"
    )
    proxmox_api.nodes("pve1").tasks(upid).delete()
    status = proxmox_api.nodes("pve1").tasks(upid).status.get()
    assert status["status"] == "stopped"
    assert status["exitstatus"] == "interrupted by signal"
    vmids = [e["vmid"] for e in proxmox_api.cluster.resources.get(type="vm")]
    assert 160 not in vmids


def test_cluster_status_quorate(sim_server: SimServer, proxmox_api: ProxmoxAPI) -> None:
    status = proxmox_api.cluster.status.get()
    cluster = status[0]
    assert cluster["type"] == "cluster"
    assert cluster["quorate"] == 1
    online = {item["name"]: item["online"] for item in status[1:]}
    assert online == {"pve1": 1, "pve2": 1, "pve3": 0}
    sim_server.faults.set_node_offline("pve2")
    assert proxmox_api.cluster.status.get()[0]["quorate"] == 0


def test_pools_listed(proxmox_api: ProxmoxAPI) -> None:
    pools = [pool["poolid"] for pool in proxmox_api.pools.get()]
    assert pools == ["web", "batch"]
