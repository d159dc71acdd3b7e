"""The node task list, `GET /nodes/{node}/tasks`, through proxmoxer."""

from __future__ import annotations

from typing import Any

import pytest
import requests
from proxmoxer import ProxmoxAPI
from proxmoxer.core import ResourceException

from console.sim.demo import (
    AUDITOR_PASSWORD,
    AUDITOR_USER,
    DEMO_TOKEN_ID,
    DEMO_TOKEN_SECRET,
    demo_fixture,
)
from console.sim.fixture import FixtureError, cluster_from_dict
from console.sim.server import SimServer

FAILED_START = "startup for container '107' failed"


def password_api(server: SimServer, user: str, password: str) -> ProxmoxAPI:
    return ProxmoxAPI(
        f"{server.host}:{server.port}",
        user=user,
        password=password,
        verify_ssl=str(server.ca_file),
    )


def token_api(server: SimServer, tokenid: str, secret: str) -> ProxmoxAPI:
    user, name = tokenid.split("!")
    return ProxmoxAPI(
        f"{server.host}:{server.port}",
        user=user,
        token_name=name,
        token_value=secret,
        verify_ssl=str(server.ca_file),
    )


def kinds(entries: list[dict[str, Any]]) -> list[tuple[str, str]]:
    return [(entry["type"], entry["id"]) for entry in entries]


def test_demo_tasks_newest_first(proxmox_api: ProxmoxAPI) -> None:
    entries = proxmox_api.nodes("pve1").tasks.get()
    assert kinds(entries) == [
        ("vzstart", "107"),
        ("vzdump", "104"),
        ("vzcreate", "107"),
        ("vzcreate", "101"),
    ]
    endtimes = [entry["endtime"] for entry in entries]
    assert endtimes == sorted(endtimes, reverse=True)


def test_entry_fields_match_upid(proxmox_api: ProxmoxAPI) -> None:
    failed = proxmox_api.nodes("pve1").tasks.get(vmid=107, typefilter="vzstart")[0]
    assert set(failed) == {
        "upid",
        "node",
        "pid",
        "pstart",
        "starttime",
        "type",
        "id",
        "user",
        "endtime",
        "status",
    }
    fields = failed["upid"].split(":")
    assert fields[1] == failed["node"] == "pve1"
    assert int(fields[2], 16) == failed["pid"]
    assert int(fields[3], 16) == failed["pstart"]
    assert int(fields[4], 16) == failed["starttime"]
    assert failed["user"] == "root@pam"
    assert failed["status"] == FAILED_START
    assert failed["endtime"] - failed["starttime"] == 2


def test_failed_task_log_ends_in_error(proxmox_api: ProxmoxAPI) -> None:
    node = proxmox_api.nodes("pve1")
    failed = node.tasks.get(vmid=107, errors=1)
    assert kinds(failed) == [("vzstart", "107")]
    log = [line["t"] for line in node.tasks(failed[0]["upid"]).log.get(limit=0)]
    assert log[0] == "run_buffer: 571 Script exited with status 1"
    assert log[-2:] == ["", f"TASK ERROR: {FAILED_START}"]


def test_token_task_names_user_and_token(proxmox_api: ProxmoxAPI) -> None:
    backup = proxmox_api.nodes("pve1").tasks.get(typefilter="vzdump")[0]
    assert backup["upid"].endswith(":vzdump:104:root@pam!console:")
    assert backup["user"] == "root@pam"
    assert backup["tokenid"] == "console"
    assert backup["status"] == "OK"


def list_reply(server: SimServer, **params: Any) -> Any:
    """Return the whole reply of a list call as the demo token, `total` included."""
    response = requests.get(
        f"{server.url}/nodes/pve1/tasks",
        params=params,
        headers={"Authorization": f"PVEAPIToken={DEMO_TOKEN_ID}={DEMO_TOKEN_SECRET}"},
        verify=str(server.ca_file),
        timeout=5,
    )
    assert response.status_code == 200
    return response.json()


def test_start_limit_and_total(sim_server: SimServer) -> None:
    page = list_reply(sim_server, start=1, limit=2)
    assert kinds(page["data"]) == [("vzdump", "104"), ("vzcreate", "107")]
    assert page["total"] == 4
    nothing = list_reply(sim_server, limit=0)
    assert nothing["data"] == []
    assert nothing["total"] == 4
    filtered = list_reply(sim_server, vmid=107, limit=1)
    assert kinds(filtered["data"]) == [("vzstart", "107")]
    assert filtered["total"] == 2


def test_status_filters(proxmox_api: ProxmoxAPI) -> None:
    tasks = proxmox_api.nodes("pve1").tasks
    assert kinds(tasks.get(errors=1)) == [("vzstart", "107")]
    assert len(tasks.get(statusfilter="ok")) == 3
    assert kinds(tasks.get(statusfilter="error,warning")) == [("vzstart", "107")]
    # `errors` wins over `statusfilter`, as in PVE.
    assert kinds(tasks.get(statusfilter="ok", errors=1)) == [("vzstart", "107")]


def test_type_user_and_time_filters(proxmox_api: ProxmoxAPI) -> None:
    tasks = proxmox_api.nodes("pve1").tasks
    everything = tasks.get()
    assert kinds(tasks.get(typefilter="vzcreate")) == [
        ("vzcreate", "107"),
        ("vzcreate", "101"),
    ]
    assert tasks.get(typefilter="vzcreat") == []
    # `userfilter` matches part of the user, ignoring case, never the token name.
    assert len(tasks.get(userfilter="ROOT@")) == 4
    assert tasks.get(userfilter="console") == []
    backup_start = everything[1]["starttime"]
    assert kinds(tasks.get(since=backup_start)) == [
        ("vzstart", "107"),
        ("vzdump", "104"),
    ]
    assert kinds(tasks.get(until=backup_start - 1)) == [
        ("vzcreate", "107"),
        ("vzcreate", "101"),
    ]
    assert proxmox_api.nodes("pve2").tasks.get() == []


def test_source_active_and_all(sim_server: SimServer, proxmox_api: ProxmoxAPI) -> None:
    sim_server.faults.task_seconds = 600
    upid = proxmox_api.nodes("pve1").lxc(103).status.start.post()
    tasks = proxmox_api.nodes("pve1").tasks
    assert upid not in [entry["upid"] for entry in tasks.get()]
    active = tasks.get(source="active")
    assert [entry["upid"] for entry in active] == [upid]
    assert active[0]["status"] == "RUNNING"
    assert "endtime" not in active[0]
    every = tasks.get(source="all")
    assert every[0]["upid"] == upid
    assert len(every) == 5
    # A running task has no exit status yet, so `errors` keeps it.
    assert [entry["upid"] for entry in tasks.get(source="all", errors=1)] == [
        upid,
        every[1]["upid"],
    ]
    sim_server.clock.advance(600)
    assert tasks.get()[0]["upid"] == upid
    assert tasks.get(source="active") == []


def test_auditor_sees_own_tasks_only(sim_server: SimServer) -> None:
    access = sim_server.cluster.access
    access.grant(AUDITOR_USER, "/vms/103", ["VM.PowerMgmt"])
    access.grant(AUDITOR_USER, "/vms/114", ["VM.PowerMgmt"])
    access.add_token(f"{AUDITOR_USER}!ops", "ops-secret", privsep=False)
    user = password_api(sim_server, AUDITOR_USER, AUDITOR_PASSWORD)
    token = token_api(sim_server, f"{AUDITOR_USER}!ops", "ops-secret")
    # VM.Audit on every guest is not Sys.Audit on the node: root's tasks are left
    # out without an error.
    assert user.nodes("pve1").tasks.get(source="all") == []
    by_user = user.nodes("pve1").lxc(103).status.start.post()
    by_token = token.nodes("pve1").lxc(114).status.start.post()
    sim_server.clock.advance(60)
    seen_by_user = [entry["upid"] for entry in user.nodes("pve1").tasks.get()]
    assert sorted(seen_by_user) == sorted([by_user, by_token])
    seen_by_token = [entry["upid"] for entry in token.nodes("pve1").tasks.get()]
    assert seen_by_token == [by_token]
    with pytest.raises(ResourceException) as caught:
        token.nodes("pve1").tasks(by_user).status.get()
    assert caught.value.status_code == 403


def test_list_parameter_errors(proxmox_api: ProxmoxAPI) -> None:
    tasks = proxmox_api.nodes("pve1").tasks
    with pytest.raises(ResourceException) as caught:
        tasks.get(statusfilter="ok,bogus", source="archived", limit=-1)
    assert caught.value.status_code == 400
    assert caught.value.errors is not None
    assert caught.value.errors["statusfilter"] == (
        "invalid format - invalid status 'bogus'\n"
    )
    assert "enumeration" in caught.value.errors["source"]
    assert "limit" in caught.value.errors


def test_offline_node_tasks_595(proxmox_api: ProxmoxAPI) -> None:
    with pytest.raises(ResourceException) as caught:
        proxmox_api.nodes("pve3").tasks.get()
    assert caught.value.status_code == 595


def test_fixture_task_on_unknown_node() -> None:
    fixture = demo_fixture()
    fixture["tasks"] = [{"node": "pve9", "type": "vzstart", "started_ago": 60}]
    with pytest.raises(FixtureError, match="unknown node 'pve9'"):
        cluster_from_dict(fixture)
