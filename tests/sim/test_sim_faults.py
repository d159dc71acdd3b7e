"""Fault injection: offline nodes, latency, errors, locks, slow tasks, garbage."""

from __future__ import annotations

import time

import pytest
import requests
from proxmoxer import ProxmoxAPI
from proxmoxer.core import ResourceException
from proxmoxer.tools import Tasks

from console.sim.clock import SimClock
from console.sim.demo import DEMO_PASSWORD, DEMO_USER, demo_cluster
from console.sim.server import SimServer
from console.sim.state import STALE_AFTER_SECONDS

DEBIAN = "local:vztmpl/debian-12-standard_12.7-1_amd64.tar.zst"


def password_api(server: SimServer, user: str, password: str) -> ProxmoxAPI:
    return ProxmoxAPI(
        f"{server.host}:{server.port}",
        user=user,
        password=password,
        verify_ssl=str(server.ca_file),
    )


def test_offline_node_call_is_595(
    sim_server: SimServer, proxmox_api: ProxmoxAPI
) -> None:
    sim_server.faults.offline_delay_s = 10.0
    started = time.monotonic()
    with pytest.raises(ResourceException) as caught:
        proxmox_api.nodes("pve3").lxc.get()
    elapsed = time.monotonic() - started
    assert caught.value.status_code == 595
    assert caught.value.content == "Connection refused"
    # Ten simulated seconds at the fixture's clock speed of 50.
    assert elapsed >= 10.0 / sim_server.clock.speed


def test_node_going_offline_goes_stale(
    sim_server: SimServer, proxmox_api: ProxmoxAPI
) -> None:
    sim_server.faults.set_node_offline("pve2")
    listed = {e["vmid"]: e for e in proxmox_api.cluster.resources.get(type="vm")}
    assert listed[201]["status"] == "running"
    assert listed[201]["name"] == "app-1"
    nodes = {e["node"]: e for e in proxmox_api.nodes.get()}
    assert nodes["pve2"]["status"] == "offline"

    sim_server.clock.advance(STALE_AFTER_SECONDS)
    listed = {e["vmid"]: e for e in proxmox_api.cluster.resources.get(type="vm")}
    assert listed[201]["status"] == "unknown"
    assert "name" not in listed[201]

    sim_server.faults.set_node_offline("pve2", offline=False)
    listed = {e["vmid"]: e for e in proxmox_api.cluster.resources.get(type="vm")}
    assert listed[201]["status"] == "running"


def test_latency_is_added(sim_server: SimServer, proxmox_api: ProxmoxAPI) -> None:
    proxmox_api.version.get()
    sim_server.faults.latency_ms = 100
    started = time.monotonic()
    proxmox_api.version.get()
    assert time.monotonic() - started >= 0.1


def test_error_rate_gives_500(sim_server: SimServer, proxmox_api: ProxmoxAPI) -> None:
    sim_server.faults.error_rate = 1.0
    with pytest.raises(ResourceException) as caught:
        proxmox_api.version.get()
    assert caught.value.status_code == 500
    sim_server.faults.error_rate = 0.0
    assert proxmox_api.version.get()["release"] == "9.1"


def test_refused_connections(sim_server: SimServer) -> None:
    sim_server.faults.refuse_connections = True
    with pytest.raises(requests.exceptions.ConnectionError):
        requests.get(
            sim_server.url + "/version", verify=str(sim_server.ca_file), timeout=5
        )


def test_held_config_lock(sim_server: SimServer, proxmox_api: ProxmoxAPI) -> None:
    sim_server.faults.hold_config_lock(103)
    lock_error = "can't lock file '/run/lock/lxc/pve-config-103.lock' - got timeout"
    guest = proxmox_api.nodes("pve1").lxc(103)
    with pytest.raises(ResourceException) as caught:
        guest.config.put(description="x")
    assert caught.value.content == lock_error
    upid = guest.status.start.post()
    status = Tasks.blocking_status(proxmox_api, upid, polling_interval=0.01)
    assert status["exitstatus"] == lock_error
    sim_server.faults.hold_config_lock(150)
    with pytest.raises(ResourceException) as caught:
        proxmox_api.nodes("pve1").lxc.create(
            vmid=150, ostemplate=DEBIAN, rootfs="local-lvm:4"
        )
    assert caught.value.content == (
        "unable to create CT 150 - can't lock file "
        "'/run/lock/lxc/pve-config-150.lock' - got timeout"
    )


def test_slow_task_finishes_on_advance(
    sim_server: SimServer, proxmox_api: ProxmoxAPI
) -> None:
    sim_server.faults.task_seconds = 600
    upid = proxmox_api.nodes("pve1").lxc(103).status.start.post()
    tasks = proxmox_api.nodes("pve1").tasks(upid)
    assert tasks.status.get()["status"] == "running"
    sim_server.clock.advance(600)
    status = tasks.status.get()
    assert status["status"] == "stopped"
    assert status["exitstatus"] == "OK"


def test_node_garbage_truncated(sim_server: SimServer, proxmox_api: ProxmoxAPI) -> None:
    sim_server.faults.node_garbage("pve1", "truncated")
    answer = proxmox_api.nodes("pve1").lxc.get()
    assert isinstance(answer, dict)
    assert set(answer) == {"errors"}
    assert proxmox_api.nodes("pve2").lxc.get()[0]["type"] == "lxc"


def test_node_garbage_wrong_type(
    sim_server: SimServer, proxmox_api: ProxmoxAPI
) -> None:
    sim_server.faults.node_garbage("pve1", "wrong-type")
    assert isinstance(proxmox_api.nodes("pve1").lxc.get(), dict)
    assert isinstance(proxmox_api.nodes("pve1").lxc(101).config.get(), list)
    sim_server.faults.node_garbage("pve1", None)
    assert isinstance(proxmox_api.nodes("pve1").lxc.get(), list)


def test_node_garbage_kind_checked(sim_server: SimServer) -> None:
    with pytest.raises(ValueError, match="truncated"):
        sim_server.faults.node_garbage("pve1", "noise")


def test_node_latency_added(sim_server: SimServer, proxmox_api: ProxmoxAPI) -> None:
    sim_server.faults.node_latency_ms["pve2"] = 150
    started = time.monotonic()
    proxmox_api.nodes("pve2").lxc.get()
    assert time.monotonic() - started >= 0.15


def test_expiry_spares_tickets_issued_after() -> None:
    # A clock that barely moves, so every ticket below carries the same second.
    clock = SimClock(speed=1e-9, start=1_800_000_000.0)
    with SimServer(cluster=demo_cluster(), clock=clock) as server:
        before = password_api(server, DEMO_USER, DEMO_PASSWORD)
        server.faults.expire_tickets()
        same_second = password_api(server, DEMO_USER, DEMO_PASSWORD)
        clock.advance(1)
        next_second = password_api(server, DEMO_USER, DEMO_PASSWORD)
        with pytest.raises(ResourceException) as caught:
            before.version.get()
        assert caught.value.status_code == 401
        assert same_second.version.get()["release"] == "9.1"
        assert next_second.version.get()["release"] == "9.1"
        assert same_second.nodes("pve1").lxc(101).config.put(tags="web") is None
