"""Following a task: every log line once, the exit status, quiet-task backoff."""

from __future__ import annotations

import time
from collections.abc import Iterator

import pytest
from creation_cluster import running_cluster, token_connection

from console.proxmox.connection import Connection
from console.proxmox.tasks import MAX_POLL_INTERVAL, follow_task, upid_node
from console.sim.server import SimServer


@pytest.fixture
def server() -> Iterator[SimServer]:
    with running_cluster(speed=20) as running:
        yield running


@pytest.fixture
def connection(server: SimServer) -> Iterator[Connection]:
    connection = token_connection(server)
    yield connection
    connection.close()


def test_start_task_lines_and_status(connection: Connection) -> None:
    api = connection.api
    upid = api.nodes("pve1").lxc(202).status.start.post()
    lines: list[str] = []

    outcome = follow_task(api, str(upid), on_line=lines.append)

    assert outcome.ok
    assert outcome.exitstatus == "OK"
    assert outcome.node == "pve1"
    assert list(outcome.log) == lines
    assert lines[-1] == "TASK OK"


def test_failed_task_has_error_status(
    server: SimServer, connection: Connection
) -> None:
    api = connection.api
    server.faults.hold_config_lock(202)
    upid = api.nodes("pve1").lxc(202).status.start.post()

    outcome = follow_task(api, str(upid))

    assert not outcome.ok
    assert "lock" in outcome.exitstatus
    assert outcome.log[-1].startswith("TASK ERROR")


def test_quiet_task_polls_less_often(server: SimServer, connection: Connection) -> None:
    api = connection.api
    server.faults.task_seconds = 40
    upid = api.nodes("pve1").lxc(202).status.start.post()
    sleeps: list[float] = []

    def short_sleep(seconds: float) -> None:
        sleeps.append(seconds)
        time.sleep(0.02)

    outcome = follow_task(api, str(upid), sleep=short_sleep)

    assert outcome.ok
    assert sleeps[0] == 0.25
    assert max(sleeps) == MAX_POLL_INTERVAL
    assert sleeps[-1] == MAX_POLL_INTERVAL


@pytest.mark.parametrize("text", ["", "UPID:", "UPID:pve1:1:2:3:vzcreate:100"])
def test_upid_node_rejects_non_upid(text: str) -> None:
    with pytest.raises(ValueError):
        upid_node(text)


def test_upid_node_reads_node() -> None:
    upid = "UPID:pve2:002E096A:0E10F08E:6382D261:vzcreate:123:root@pam:"

    assert upid_node(upid) == "pve2"
