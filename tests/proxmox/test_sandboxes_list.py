"""The sandbox list of the demo cluster, read over HTTPS from the simulator."""

from __future__ import annotations

import threading
import time
from collections import Counter
from collections.abc import Iterator
from pathlib import Path

import pytest

from console.proxmox.connection import Connection, connect
from console.proxmox.sandbox import Sandbox, SandboxState
from console.proxmox.sandboxes import SandboxLister, SandboxSnapshot
from console.settings import Profile
from console.sim.clock import SimClock
from console.sim.demo import (
    DEMO_TOKEN_ID,
    DEMO_TOKEN_SECRET,
    READONLY_TOKEN_ID,
    READONLY_TOKEN_SECRET,
    demo_cluster,
)
from console.sim.server import SimServer

READY = SandboxState.READY
NOT_READY = SandboxState.NOT_READY


@pytest.fixture
def server() -> Iterator[SimServer]:
    # A slow clock keeps 108 without a DHCP lease (5 simulated seconds) on a busy
    # machine too.
    clock = SimClock(speed=0.2)
    with SimServer(demo_cluster(), "127.0.0.1", 0, "9.1", clock=clock) as sim:
        yield sim


def open_demo(server: SimServer, token: str = DEMO_TOKEN_ID) -> Connection:
    secret = READONLY_TOKEN_SECRET if token == READONLY_TOKEN_ID else DEMO_TOKEN_SECRET
    user, _, token_id = token.partition("!")
    profile = Profile(
        name="test",
        host=server.host,
        port=server.port,
        user=user,
        token_id=token_id,
        token_secret=secret,
        ca_file=Path(server.ca_file),
    )
    return connect(profile)


class RequestLog:
    """Counts the requests the simulator served since the last `take`, by route."""

    def __init__(self, server: SimServer) -> None:
        self.server = server
        self.seen: Counter[str] = Counter(server.requests_served)

    def take(self) -> Counter[str]:
        now = Counter(self.server.requests_served)
        served = now - self.seen
        self.seen = now
        return Counter(
            {route.rpartition("/")[2]: count for route, count in served.items()}
        )


def by_vmid(snapshot: SandboxSnapshot) -> dict[int, Sandbox]:
    return {sandbox.vmid: sandbox for sandbox in snapshot.sandboxes}


def test_states_come_from_one_call(server: SimServer) -> None:
    connection = open_demo(server)
    log = RequestLog(server)

    snapshot = SandboxLister(connection).list_states()
    sandboxes = by_vmid(snapshot)

    assert log.take() == Counter({"resources": 1, "nodes": 1})
    assert 105 not in sandboxes  # the template
    assert len(sandboxes) == 31
    assert not any(sandbox.addresses_known for sandbox in snapshot.sandboxes)
    assert sandboxes[101].state is READY
    assert sandboxes[101].name == "web-1"
    assert sandboxes[101].tags == ("pod", "web")


@pytest.mark.parametrize(
    ("vmid", "state", "status", "reason"),
    [
        (101, READY, "running", ""),
        (103, NOT_READY, "stopped", "stopped"),
        (104, NOT_READY, "running", "locked (backup)"),
        (106, NOT_READY, "stopped", "HA error, stopped"),
        (113, NOT_READY, "stopped", "stopped, locked (migrate)"),
        (301, NOT_READY, "unknown", "node offline"),
    ],
)
def test_state_and_reason(
    server: SimServer, vmid: int, state: SandboxState, status: str, reason: str
) -> None:
    sandbox = by_vmid(SandboxLister(open_demo(server)).list_states())[vmid]

    assert sandbox.state is state
    assert sandbox.status == status
    assert sandbox.reason == reason


def test_offline_node_marks_its_containers(server: SimServer) -> None:
    snapshot = SandboxLister(open_demo(server)).list_states()

    assert snapshot.node_errors == {"pve3": "node pve3 is offline"}
    edge = [sandbox for sandbox in snapshot.sandboxes if sandbox.node == "pve3"]
    assert [sandbox.vmid for sandbox in edge] == [301, 302, 303, 304]
    assert all(not sandbox.node_online for sandbox in edge)


@pytest.mark.parametrize(
    ("vmid", "ip", "additional"),
    [
        (101, "10.10.0.101", ("2001:db8:10::101",)),  # static v4 and v6
        (103, "10.10.0.103", ()),  # stopped: the static address from the config
        (108, None, ()),  # DHCP not done yet: only a link-local address
        (109, "2001:db8:10::109", ()),  # IPv6 only
        (111, "10.10.0.111", ("10.20.0.100",)),  # static eth0, DHCP eth1
        (114, None, ()),  # DHCP and stopped
        (301, None, ()),  # node offline
    ],
)
def test_addresses(
    server: SimServer, vmid: int, ip: str | None, additional: tuple[str, ...]
) -> None:
    lister = SandboxLister(open_demo(server))

    sandbox = by_vmid(lister.fill_addresses(lister.list_states()))[vmid]

    assert sandbox.ip == ip
    assert sandbox.additional_ips == additional


def test_dhcp_and_slaac_addresses(server: SimServer) -> None:
    lister = SandboxLister(open_demo(server))

    sandboxes = by_vmid(lister.fill_addresses(lister.list_states()))

    web2 = sandboxes[102]
    assert web2.ip is not None and web2.ip.startswith("10.10.0.")
    assert len(web2.additional_ips) == 1
    assert web2.additional_ips[0].startswith("2001:db8:10:")
    slaac = sandboxes[110]
    assert slaac.ip is not None and slaac.ip.startswith("2001:db8:10:")


def test_loopback_and_link_local_stay_in_interfaces(server: SimServer) -> None:
    lister = SandboxLister(open_demo(server))

    web2 = by_vmid(lister.fill_addresses(lister.list_states()))[102]

    names = [interface.name for interface in web2.interfaces]
    assert "lo" in names
    all_addresses = [a for interface in web2.interfaces for a in interface.addresses]
    assert "127.0.0.1/8" in all_addresses
    assert any(address.startswith("fe80::") for address in all_addresses)
    listed = (web2.ip, *web2.additional_ips)
    assert not any(a and (a.startswith("fe80") or a == "127.0.0.1") for a in listed)


def test_addresses_arrive_one_by_one(server: SimServer) -> None:
    lister = SandboxLister(open_demo(server), concurrency=4)
    server.faults.latency_ms = 20
    arrived: list[Sandbox] = []
    threads: set[str] = set()

    def on_sandbox(sandbox: Sandbox) -> None:
        arrived.append(sandbox)
        threads.add(threading.current_thread().name)

    snapshot = lister.fill_addresses(lister.list_states(), on_sandbox)

    # Every container of the online nodes, each once, from at most 4 workers.
    assert sorted(sandbox.vmid for sandbox in arrived) == [
        sandbox.vmid for sandbox in snapshot.sandboxes if sandbox.node != "pve3"
    ]
    assert all(sandbox.addresses_known for sandbox in arrived)
    assert 1 < len(threads) <= 4


def test_pool_sized_for_concurrency(server: SimServer) -> None:
    connection = open_demo(server)

    SandboxLister(connection, concurrency=24)

    adapter = connection.api._store["session"].get_adapter("https://x")
    assert adapter._pool_maxsize == 24


def test_refresh_reuses_configs_and_addresses(server: SimServer) -> None:
    connection = open_demo(server)
    now = [1000.0]
    lister = SandboxLister(connection, clock=lambda: now[0])
    log = RequestLog(server)

    lister.fill_addresses(lister.list_states())
    first = log.take()
    lister.fill_addresses(lister.list_states())
    refresh = log.take()
    now[0] += lister.interfaces_max_age + 1
    lister.fill_addresses(lister.list_states())
    interfaces_due = log.take()
    now[0] += lister.config_max_age + 1
    lister.fill_addresses(lister.list_states())
    configs_due = log.take()

    # 27 containers on the online nodes; 6 leave an address to DHCP or SLAAC.
    assert first["config"] == 27
    assert first["interfaces"] == 6
    # Only 108, still without an address, is asked again.
    assert refresh["config"] == 0
    assert refresh["interfaces"] == 1
    assert interfaces_due["config"] == 0
    assert interfaces_due["interfaces"] == 6
    assert configs_due["config"] == 27


def test_node_that_stops_answering(server: SimServer) -> None:
    lister = SandboxLister(open_demo(server))
    snapshot = lister.list_states()
    server.faults.offline_delay_s = 0.1
    server.faults.set_node_offline("pve2")

    filled = lister.fill_addresses(snapshot)
    sandboxes = by_vmid(filled)

    assert "pve2" in filled.node_errors
    assert "did not answer" in filled.node_errors["pve2"]
    assert not sandboxes[201].addresses_known
    assert sandboxes[101].ip == "10.10.0.101"


def test_garbage_from_a_node_is_reported(server: SimServer) -> None:
    lister = SandboxLister(open_demo(server))
    server.faults.node_garbage("pve2", "wrong-type")

    sandboxes = by_vmid(lister.fill_addresses(lister.list_states()))

    assert sandboxes[201].address_errors
    assert "unreadable" in sandboxes[201].address_errors[0]
    assert sandboxes[101].ip == "10.10.0.101"


def test_filtered_token_sees_its_pool_only(server: SimServer) -> None:
    lister = SandboxLister(open_demo(server, READONLY_TOKEN_ID))

    snapshot = lister.fill_addresses(lister.list_states())

    assert [sandbox.vmid for sandbox in snapshot.sandboxes] == [101, 102]
    assert snapshot.sandboxes[0].ip == "10.10.0.101"
    assert snapshot.sandboxes[1].addresses_known


def test_find_by_vmid_and_name(server: SimServer) -> None:
    lister = SandboxLister(open_demo(server))

    by_id = lister.find("101")
    by_name = lister.find("web-1")
    template = lister.find("105")

    assert by_id is not None and by_id.ip == "10.10.0.101"
    assert by_name is not None and by_name.vmid == 101
    assert template is not None and template.template
    assert lister.find("no-such-sandbox") is None
    assert lister.find("999") is None


def test_interfaces_before_pve_8_4() -> None:
    # PVE 8.1 to 8.3 report one address per family: the static IPv6 of 109 is
    # hidden behind its link-local one, so it comes from the config.
    with SimServer(demo_cluster(), host="127.0.0.1", port=0, version="8.1") as old:
        lister = SandboxLister(open_demo(old))

        sandboxes = by_vmid(lister.fill_addresses(lister.list_states()))

    # Leases go out in the order the containers ask, so only the pool is known.
    web2 = sandboxes[102].ip
    assert web2 is not None and web2.startswith("10.10.0.1")
    assert sandboxes[102].additional_ips == ()
    assert sandboxes[109].ip == "2001:db8:10::109"
    assert sandboxes[111].additional_ips == ("10.20.0.100",)


def wait_for_task(connection: Connection, node: str, upid: str) -> None:
    for _ in range(200):
        status = connection.api.nodes(node).tasks(upid).status.get()
        if status["status"] == "stopped":
            return
        time.sleep(0.05)
    raise AssertionError(f"task {upid} still running")


def test_restart_makes_addresses_due(server: SimServer) -> None:
    connection = open_demo(server)
    lister = SandboxLister(connection)
    log = RequestLog(server)
    server.faults.task_seconds = 0.0
    lister.fill_addresses(lister.list_states())
    log.take()

    web2 = connection.api.nodes("pve1").lxc(102).status
    wait_for_task(connection, "pve1", web2.stop.post())
    wait_for_task(connection, "pve1", web2.start.post())
    lister.fill_addresses(lister.list_states())

    # 108 (still without a lease) and 102, which restarted, are asked again.
    assert log.take()["interfaces"] == 2
