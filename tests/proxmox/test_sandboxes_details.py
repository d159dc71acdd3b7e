"""The details of one sandbox: config, interfaces, description, recent tasks."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from console.proxmox.connection import connect
from console.proxmox.errors import ProxmoxError
from console.proxmox.sandbox_details import TaskSummary, plain_text
from console.proxmox.sandboxes import SandboxLister
from console.settings import Profile
from console.sim.demo import DEMO_TOKEN_ID, DEMO_TOKEN_SECRET, DEMO_USER, demo_cluster
from console.sim.server import SimServer


@pytest.fixture
def lister() -> Iterator[SandboxLister]:
    with SimServer(demo_cluster(), host="127.0.0.1", port=0, version="9.1") as server:
        profile = Profile(
            name="test",
            host=server.host,
            port=server.port,
            user=DEMO_USER,
            token_id=DEMO_TOKEN_ID.rpartition("!")[2],
            token_secret=DEMO_TOKEN_SECRET,
            ca_file=Path(server.ca_file),
        )
        yield SandboxLister(connect(profile))


def test_details_of_running_sandbox(lister: SandboxLister) -> None:
    details = lister.details(102)

    assert details.sandbox.vmid == 102
    assert details.config["hostname"] == "web-2"
    assert [interface.name for interface in details.interfaces] == ["lo", "eth0"]


def test_details_of_stopped_sandbox_use_config(lister: SandboxLister) -> None:
    details = lister.details(103)

    assert [interface.addresses for interface in details.interfaces] == [
        ("10.10.0.103/24",)
    ]


def test_description_is_plain_text(lister: SandboxLister) -> None:
    details = lister.details(120)

    assert details.description
    assert "\x1b" not in details.description
    assert not details.description.endswith("\n")


def test_unknown_vmid(lister: SandboxLister) -> None:
    with pytest.raises(ProxmoxError, match="no container with vmid 999"):
        lister.details(999)


def test_task_failed_or_not() -> None:
    def task(status: str, endtime: int | None) -> TaskSummary:
        return TaskSummary("UPID:x", "vzstart", "root@pam", status, 100, endtime)

    assert task("unable to start", 120).failed
    assert not task("OK", 120).failed
    assert not task("WARNINGS: 2", 120).failed
    assert not task("", None).failed
    assert str(task("", None)).endswith("vzstart  root@pam  running")


def test_plain_text_removes_escapes() -> None:
    assert plain_text("a\x1b[31mred\x1b[0m\x07b\nc\td") == "aredb\nc\td"
    assert plain_text("title\x1b]0;owned\x07end") == "titleend"
    assert plain_text(None) == ""
