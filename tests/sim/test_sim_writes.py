"""Creating, configuring, starting and destroying containers through proxmoxer."""

from __future__ import annotations

from typing import Any

import pytest
from proxmoxer import ProxmoxAPI
from proxmoxer.core import ResourceException
from proxmoxer.tools import Tasks

from console.sim.clock import SimClock
from console.sim.demo import DEMO_TOKEN_SECRET, DEMO_USER, demo_cluster
from console.sim.schema import NOT_IN_SCHEMA
from console.sim.server import SimServer

DEBIAN = "local:vztmpl/debian-12-standard_12.7-1_amd64.tar.zst"


def wait(api: ProxmoxAPI, upid: str) -> dict[str, Any]:
    status = Tasks.blocking_status(api, upid, timeout=10, polling_interval=0.01)
    assert status is not None, f"task {upid} did not finish"
    return dict(status)


def task_lines(api: ProxmoxAPI, upid: str) -> list[str]:
    node = Tasks.decode_upid(upid)["node"]
    log = api.nodes(node).tasks(upid).log.get(limit=0)
    return [entry["t"] for entry in log]


def create(api: ProxmoxAPI, **params: Any) -> str:
    defaults: dict[str, Any] = {"ostemplate": DEBIAN, "rootfs": "local-lvm:8"}
    return str(api.nodes("pve1").lxc.create(**(defaults | params)))


def test_create_task_succeeds(sim_server: SimServer, proxmox_api: ProxmoxAPI) -> None:
    sim_server.faults.task_seconds = 600
    upid = create(
        proxmox_api,
        vmid=130,
        hostname="new-1",
        net0="bridge=vmbr0,name=eth0,ip=dhcp",
        tags="Web,pod;web",
    )
    decoded = Tasks.decode_upid(upid)
    assert decoded["type"] == "vzcreate"
    assert decoded["id"] == "130"
    assert decoded["user"] == "root@pam"
    assert upid.endswith(":root@pam!console:")
    during = proxmox_api.nodes("pve1").lxc(130).config.get()
    assert during["lock"] == "create"
    listed = {e["vmid"]: e for e in proxmox_api.cluster.resources.get(type="vm")}
    assert listed[130]["lock"] == "create"

    sim_server.clock.advance(600)
    status = wait(proxmox_api, upid)
    assert status["exitstatus"] == "OK"
    config = proxmox_api.nodes("pve1").lxc(130).config.get()
    assert "lock" not in config
    assert config["hostname"] == "new-1"
    assert config["tags"] == "pod;web"
    assert config["rootfs"] == "local-lvm:vm-130-disk-0,size=8G"
    assert config["net0"].startswith("name=eth0,bridge=vmbr0,hwaddr=BC:24:11:")
    assert config["net0"].endswith(",ip=dhcp,type=veth")
    lines = task_lines(proxmox_api, upid)
    assert lines[-1] == "TASK OK"
    assert "extracting archive '/var/lib/vz/template/cache/" in "\n".join(lines)


def test_create_task_fails_half_way(
    sim_server: SimServer, proxmox_api: ProxmoxAPI
) -> None:
    sim_server.faults.fail_next_create("unsupported debian version '13.1'")
    upid = create(proxmox_api, vmid=131)
    status = wait(proxmox_api, upid)
    expected = "unable to create CT 131 - unsupported debian version '13.1'"
    assert status["exitstatus"] == expected
    lines = task_lines(proxmox_api, upid)
    assert lines[-2:] == ["", f"TASK ERROR: {expected}"]
    vmids = [e["vmid"] for e in proxmox_api.cluster.resources.get(type="vm")]
    assert 131 not in vmids


def test_create_missing_template_fails_task(proxmox_api: ProxmoxAPI) -> None:
    upid = create(proxmox_api, vmid=132, ostemplate="local:vztmpl/nope.tar.zst")
    status = wait(proxmox_api, upid)
    assert status["exitstatus"] == (
        "unable to create CT 132 - volume 'local:vztmpl/nope.tar.zst' does not exist"
    )


def test_create_vmid_in_use_is_500(proxmox_api: ProxmoxAPI) -> None:
    with pytest.raises(ResourceException) as caught:
        create(proxmox_api, vmid=201)
    assert caught.value.status_code == 500
    assert caught.value.content == "CT 201 already exists on node 'pve2'"


def test_create_storage_without_rootdir(proxmox_api: ProxmoxAPI) -> None:
    with pytest.raises(ResourceException) as caught:
        proxmox_api.nodes("pve1").lxc.create(vmid=133, ostemplate=DEBIAN)
    assert caught.value.status_code == 400
    assert caught.value.errors == {
        "storage": "storage 'local' does not support container directories"
    }


def test_create_unknown_pool_is_403(proxmox_api: ProxmoxAPI) -> None:
    with pytest.raises(ResourceException) as caught:
        create(proxmox_api, vmid=134, pool="nope")
    assert caught.value.status_code == 403
    assert (
        caught.value.content == "Permission check failed (pool 'nope' does not exist)"
    )


def test_create_bad_hostname_and_boolean(proxmox_api: ProxmoxAPI) -> None:
    with pytest.raises(ResourceException) as caught:
        create(proxmox_api, vmid=135, hostname="my_box", start=True)
    assert caught.value.status_code == 400
    assert caught.value.content == "Parameter verification failed."
    assert caught.value.errors == {
        "hostname": "invalid format - value does not look like a valid DNS name\n",
        "start": "type check ('boolean') failed - got 'True'",
    }


def test_create_parameter_errors_each_listed(proxmox_api: ProxmoxAPI) -> None:
    with pytest.raises(ResourceException) as caught:
        create(
            proxmox_api,
            vmid=99,
            memory=8,
            colour="blue",
            net0="name=eth0,bridge=vmbr0,ip=10.0.0.300/24",
            features="nesting=1,warp=1",
        )
    errors = caught.value.errors
    assert errors["vmid"] == "value must have a minimum value of 100"
    assert errors["memory"] == "value must have a minimum value of 16"
    assert errors["colour"] == NOT_IN_SCHEMA
    assert errors["net0"] == (
        "invalid format - format error\nnet0.ip: invalid format - value does not "
        "look like a valid IPv4 network configuration\n"
    )
    assert errors["features"] == (
        "invalid format - invalid key in comma-separated list property: warp\n"
    )


def test_missing_required_parameter(proxmox_api: ProxmoxAPI) -> None:
    with pytest.raises(ResourceException) as caught:
        proxmox_api.nodes("pve1").lxc.create(vmid=136)
    assert caught.value.errors == {
        "ostemplate": "property is missing and it is not optional"
    }


def test_91_options_refused_on_84() -> None:
    with SimServer(demo_cluster(), version="8.4", clock=SimClock(50)) as server:
        api = ProxmoxAPI(
            f"{server.host}:{server.port}",
            user=DEMO_USER,
            token_name="console",
            token_value=DEMO_TOKEN_SECRET,
            verify_ssl=str(server.ca_file),
        )
        with pytest.raises(ResourceException) as caught:
            create(api, vmid=137, entrypoint="/bin/sh", env="A=1")
    assert caught.value.errors == {"entrypoint": NOT_IN_SCHEMA, "env": NOT_IN_SCHEMA}


def test_oci_pull_normalises_name(proxmox_api: ProxmoxAPI) -> None:
    storage = proxmox_api.nodes("pve1").storage("local")
    upid = storage("oci-registry-pull").post(
        reference="docker.io/library/alpine:latest"
    )
    assert Tasks.decode_upid(upid)["type"] == "ociregistrypull"
    assert wait(proxmox_api, upid)["exitstatus"] == "OK"
    volids = [item["volid"] for item in storage.content.get(content="vztmpl")]
    assert "local:vztmpl/alpine_latest.tar" in volids
    with pytest.raises(ResourceException) as caught:
        storage("oci-registry-pull").post(reference="docker.io/library/alpine:latest")
    assert (
        caught.value.content == "refusing to override existing file 'alpine_latest.tar'"
    )


def test_oci_pull_needs_a_tag(proxmox_api: ProxmoxAPI) -> None:
    storage = proxmox_api.nodes("pve1").storage("local")
    with pytest.raises(ResourceException) as caught:
        storage("oci-registry-pull").post(reference="docker.io/library/alpine")
    assert caught.value.errors == {
        "reference": "value does not match the regex pattern"
    }


def test_oci_create_replaces_env(proxmox_api: ProxmoxAPI) -> None:
    upid = create(
        proxmox_api,
        vmid=138,
        ostemplate="local:vztmpl/nginx_latest.tar",
        net0="name=eth0,bridge=vmbr0,ip=dhcp",
        env="MODE=demo\0LEVEL=3",
    )
    assert wait(proxmox_api, upid)["exitstatus"] == "OK"
    assert "Detected OCI archive" in task_lines(proxmox_api, upid)
    guest = proxmox_api.nodes("pve1").lxc(138)
    config = guest.config.get()
    assert "MODE=demo" not in config["env"]
    assert config["env"].split("\0")[0].startswith("PATH=")
    assert config["entrypoint"].startswith("/docker-entrypoint.sh")
    assert "host-managed=1" in config["net0"]
    guest.config.put(env="MODE=demo\0LEVEL=3")
    assert guest.config.get()["env"] == "MODE=demo\0LEVEL=3"


def test_config_put_normalises_tags(proxmox_api: ProxmoxAPI) -> None:
    guest = proxmox_api.nodes("pve1").lxc(103)
    digest = guest.config.get()["digest"]
    guest.config.put(tags="Zeta,alpha;beta alpha", digest=digest)
    config = guest.config.get()
    assert config["tags"] == "alpha;beta;zeta"
    assert config["digest"] != digest
    with pytest.raises(ResourceException) as caught:
        guest.config.put(description="stale", digest=digest)
    assert caught.value.status_code == 500


def test_config_put_on_backup_lock_is_500(proxmox_api: ProxmoxAPI) -> None:
    with pytest.raises(ResourceException) as caught:
        proxmox_api.nodes("pve1").lxc(104).config.put(description="x")
    assert caught.value.content == "CT is locked (backup)"


def test_start_and_stop(proxmox_api: ProxmoxAPI) -> None:
    guest = proxmox_api.nodes("pve1").lxc(103)
    assert wait(proxmox_api, guest.status.start.post())["exitstatus"] == "OK"
    assert guest.status.current.get()["status"] == "running"
    with pytest.raises(ResourceException) as caught:
        guest.status.start.post()
    assert caught.value.content == "CT 103 already running"
    assert wait(proxmox_api, guest.status.shutdown.post())["exitstatus"] == "OK"
    assert guest.status.current.get()["status"] == "stopped"
    with pytest.raises(ResourceException) as caught:
        guest.status.stop.post()
    assert caught.value.content == "CT 103 not running"


def test_start_failure_in_task(proxmox_api: ProxmoxAPI) -> None:
    upid = proxmox_api.nodes("pve1").lxc(107).status.start.post()
    assert wait(proxmox_api, upid)["exitstatus"] == "startup for container '107' failed"
    assert (
        proxmox_api.nodes("pve1").lxc(107).status.current.get()["status"] == "stopped"
    )


def test_start_template_fails(proxmox_api: ProxmoxAPI) -> None:
    upid = proxmox_api.nodes("pve1").lxc(105).status.start.post()
    assert (
        wait(proxmox_api, upid)["exitstatus"]
        == "you can't start a CT if it's a template"
    )


def test_delete_running_needs_force(proxmox_api: ProxmoxAPI) -> None:
    guest = proxmox_api.nodes("pve2").lxc(201)
    with pytest.raises(ResourceException) as caught:
        guest.delete()
    assert caught.value.content == "unable to destroy CT 201 - container is running"
    assert wait(proxmox_api, guest.delete(force=1, purge=1))["exitstatus"] == "OK"
    vmids = [e["vmid"] for e in proxmox_api.cluster.resources.get(type="vm")]
    assert 201 not in vmids


def test_task_log_paging(proxmox_api: ProxmoxAPI) -> None:
    upid = create(proxmox_api, vmid=139)
    wait(proxmox_api, upid)
    tasks = proxmox_api.nodes("pve1").tasks(upid)
    everything = tasks.log.get(limit=0)
    page = tasks.log.get(start=2, limit=3)
    assert [entry["n"] for entry in page] == [3, 4, 5]
    assert page == everything[2:5]


def test_task_log_total(sim_server: SimServer, proxmox_api: ProxmoxAPI) -> None:
    import requests

    upid = create(proxmox_api, vmid=141)
    wait(proxmox_api, upid)
    response = requests.get(
        f"{sim_server.url}/nodes/pve1/tasks/{upid}/log",
        params={"limit": 2},
        headers={"Authorization": f"PVEAPIToken=root@pam!console={DEMO_TOKEN_SECRET}"},
        verify=str(sim_server.ca_file),
        timeout=5,
    )
    body = response.json()
    assert len(body["data"]) == 2
    assert body["total"] == len(task_lines(proxmox_api, upid))


def test_unknown_task_is_400(proxmox_api: ProxmoxAPI) -> None:
    tasks = proxmox_api.nodes("pve1").tasks
    with pytest.raises(ResourceException) as caught:
        tasks("UPID:pve1:00000001:00000002:00000003:vzstart:1:root@pam:").status.get()
    assert caught.value.errors == {"upid": "no such task"}
    with pytest.raises(ResourceException) as caught:
        tasks("not-a-upid").status.get()
    assert caught.value.errors == {"upid": "unable to parse worker upid"}


def test_slaac_rejected_when_host_managed(proxmox_api: ProxmoxAPI) -> None:
    with pytest.raises(ResourceException) as caught:
        create(
            proxmox_api,
            vmid=142,
            net0="name=eth0,bridge=vmbr0,ip=dhcp,ip6=auto,host-managed=1",
        )
    assert caught.value.errors == {
        "net0": "SLAAC is not supported for host-managed network configuration."
    }


def test_config_delete_keys(proxmox_api: ProxmoxAPI) -> None:
    guest = proxmox_api.nodes("pve1").lxc(103)
    guest.config.put(delete="tags")
    assert "tags" not in guest.config.get()
    with pytest.raises(ResourceException) as caught:
        guest.config.put(delete="rootfs,bogus")
    assert caught.value.errors == {
        "rootfs": "unable to delete required option 'rootfs'",
        "bogus": "unknown option 'bogus'",
    }


def test_create_with_start_runs_vzstart(
    sim_server: SimServer, proxmox_api: ProxmoxAPI
) -> None:
    sim_server.faults.task_seconds = 600
    upid = create(proxmox_api, vmid=143, start=1)
    sim_server.clock.advance(600)
    wait(proxmox_api, upid)
    starts = proxmox_api.nodes("pve1").tasks.get(
        vmid=143, typefilter="vzstart", source="all"
    )
    assert len(starts) == 1
    created = Tasks.decode_upid(upid)["starttime"]
    started = Tasks.decode_upid(starts[0]["upid"])["starttime"]
    assert started >= created + 600
    sim_server.clock.advance(600)
    status = proxmox_api.nodes("pve1").lxc(143).status.current.get()
    assert status["status"] == "running"
