"""Tickets, tokens, CSRF and privileges, through proxmoxer and raw requests."""

from __future__ import annotations

import pytest
import requests
from proxmoxer import ProxmoxAPI
from proxmoxer.core import AuthenticationError, ResourceException

from console.sim.auth import TICKET_LIFETIME_SECONDS
from console.sim.clock import SimClock
from console.sim.demo import (
    AUDITOR_PASSWORD,
    AUDITOR_USER,
    DEMO_PASSWORD,
    DEMO_TOKEN_ID,
    DEMO_TOKEN_SECRET,
    DEMO_USER,
    READONLY_TOKEN_ID,
    READONLY_TOKEN_SECRET,
    TFA_CODE,
    TFA_PASSWORD,
    TFA_USER,
    demo_cluster,
)
from console.sim.server import SimServer


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


def raw_get(server: SimServer, path: str, **headers: str) -> requests.Response:
    return requests.get(
        server.url + path, headers=headers, verify=str(server.ca_file), timeout=5
    )


def test_password_login_returns_ticket(sim_server: SimServer) -> None:
    api = password_api(sim_server, DEMO_USER, DEMO_PASSWORD)
    ticket, csrf = api.get_tokens()
    assert ticket.startswith("PVE:root@pam:")
    assert "::" in ticket
    assert len(csrf.split(":")[0]) == 8
    assert len(api.cluster.resources.get(type="vm")) == 32


def test_login_body_has_cap_and_clustername(sim_server: SimServer) -> None:
    response = requests.post(
        sim_server.url + "/access/ticket",
        data={"username": DEMO_USER, "password": DEMO_PASSWORD},
        verify=str(sim_server.ca_file),
        timeout=5,
    )
    data = response.json()["data"]
    assert set(data) == {
        "username",
        "ticket",
        "CSRFPreventionToken",
        "cap",
        "clustername",
    }
    assert data["cap"]["vms"]["VM.Allocate"] == 1
    assert data["clustername"] == "demo"


def test_wrong_password_is_401_with_body(sim_server: SimServer) -> None:
    response = requests.post(
        sim_server.url + "/access/ticket",
        data={"username": DEMO_USER, "password": "wrong"},
        verify=str(sim_server.ca_file),
        timeout=5,
    )
    assert response.status_code == 401
    assert response.reason == "authentication failure"
    assert response.json() == {"data": None, "message": "authentication failure\n"}
    with pytest.raises(AuthenticationError):
        password_api(sim_server, DEMO_USER, "wrong")


def test_ticket_renewal_outlives_old_ticket(sim_server: SimServer) -> None:
    first = password_api(sim_server, DEMO_USER, DEMO_PASSWORD)
    old_ticket, _csrf = first.get_tokens()
    sim_server.clock.advance(TICKET_LIFETIME_SECONDS / 2)
    renewed = password_api(sim_server, DEMO_USER, old_ticket)
    new_ticket, _csrf = renewed.get_tokens()
    assert new_ticket != old_ticket
    sim_server.clock.advance(TICKET_LIFETIME_SECONDS / 2 + 10)
    with pytest.raises(ResourceException) as caught:
        first.version.get()
    assert caught.value.status_code == 401
    assert renewed.version.get()["release"] == "9.1"


def test_expired_ticket_cannot_renew(sim_server: SimServer) -> None:
    api = password_api(sim_server, DEMO_USER, DEMO_PASSWORD)
    ticket, _csrf = api.get_tokens()
    sim_server.clock.advance(TICKET_LIFETIME_SECONDS + 1)
    with pytest.raises(AuthenticationError):
        password_api(sim_server, DEMO_USER, ticket)


def test_expired_ticket_401_has_empty_body(sim_server: SimServer) -> None:
    api = password_api(sim_server, DEMO_USER, DEMO_PASSWORD)
    ticket, _csrf = api.get_tokens()
    sim_server.faults.expire_tickets()
    response = raw_get(sim_server, "/version", Cookie=f"PVEAuthCookie={ticket}")
    assert response.status_code == 401
    assert response.reason == "permission denied - invalid PVE ticket"
    assert response.content == b""
    assert "Content-Type" not in response.headers


def test_no_credentials_is_401_no_ticket(sim_server: SimServer) -> None:
    response = raw_get(sim_server, "/nodes")
    assert response.status_code == 401
    assert response.reason == "No ticket"
    assert response.content == b""
    assert response.headers["Connection"] == "close"


def test_csrf_required_on_post(sim_server: SimServer) -> None:
    api = password_api(sim_server, DEMO_USER, DEMO_PASSWORD)
    ticket, csrf = api.get_tokens()
    url = sim_server.url + "/nodes/pve1/lxc/103/status/start"
    cookie = {"Cookie": f"PVEAuthCookie={ticket}"}
    refused = requests.post(url, headers=cookie, verify=str(sim_server.ca_file))
    assert refused.status_code == 401
    assert refused.reason == "Permission denied - invalid csrf token"
    accepted = requests.post(
        url,
        headers=cookie | {"CSRFPreventionToken": csrf},
        verify=str(sim_server.ca_file),
    )
    assert accepted.status_code == 200
    assert accepted.json()["data"].startswith("UPID:pve1:")


def test_token_needs_no_csrf(proxmox_api: ProxmoxAPI) -> None:
    upid = proxmox_api.nodes("pve1").lxc(103).status.start.post()
    assert upid.endswith(":vzstart:103:root@pam!console:")


def test_bad_token_secret_is_401(sim_server: SimServer) -> None:
    header = f"PVEAPIToken={DEMO_TOKEN_ID}=00000000-0000-0000-0000-000000000000"
    response = raw_get(sim_server, "/version", Authorization=header)
    assert response.status_code == 401
    assert response.reason == "invalid token value!"
    assert response.content == b""


def test_revoked_token_is_401(sim_server: SimServer) -> None:
    api = token_api(sim_server, DEMO_TOKEN_ID, DEMO_TOKEN_SECRET)
    sim_server.faults.revoke_token(DEMO_TOKEN_ID)
    with pytest.raises(ResourceException) as caught:
        api.version.get()
    assert caught.value.status_code == 401


def test_auth_detail_hidden_from_915() -> None:
    with SimServer(demo_cluster(), version="9.1.5", clock=SimClock(50)) as server:
        header = f"PVEAPIToken={DEMO_TOKEN_ID}=wrong"
        response = raw_get(server, "/version", Authorization=header)
    assert response.status_code == 401
    assert response.reason == "Authentication failed!"


def test_auditor_sees_guests_only(sim_server: SimServer) -> None:
    api = password_api(sim_server, AUDITOR_USER, AUDITOR_PASSWORD)
    resources = api.cluster.resources.get()
    kinds = {entry["type"] for entry in resources}
    assert "storage" not in kinds
    assert len([e for e in resources if e["type"] == "lxc"]) == 32
    node = next(e for e in resources if e["id"] == "node/pve1")
    assert "cpu" not in node


def test_auditor_cannot_start(sim_server: SimServer) -> None:
    api = password_api(sim_server, AUDITOR_USER, AUDITOR_PASSWORD)
    with pytest.raises(ResourceException) as caught:
        api.nodes("pve1").lxc(103).status.start.post()
    assert caught.value.status_code == 403
    assert caught.value.content == "Permission check failed (/vms/103, VM.PowerMgmt)"


def test_privsep_token_listing_filtered(sim_server: SimServer) -> None:
    api = token_api(sim_server, READONLY_TOKEN_ID, READONLY_TOKEN_SECRET)
    guests = api.cluster.resources.get(type="vm")
    assert sorted(entry["vmid"] for entry in guests) == [101, 102]
    listed = api.nodes("pve1").lxc.get()
    assert sorted(item["vmid"] for item in listed) == [101, 102]
    with pytest.raises(ResourceException) as caught:
        api.nodes("pve1").lxc(103).config.get()
    assert caught.value.status_code == 403


def test_token_is_not_root_for_bind_mounts(proxmox_api: ProxmoxAPI) -> None:
    with pytest.raises(ResourceException) as caught:
        proxmox_api.nodes("pve1").lxc.create(
            vmid=140,
            ostemplate="local:vztmpl/debian-12-standard_12.7-1_amd64.tar.zst",
            rootfs="local-lvm:4",
            mp0="/srv/data,mp=/data",
        )
    assert caught.value.status_code == 403
    assert "only allowed for root@pam" in caught.value.content


def test_login_works_after_expiry(sim_server: SimServer) -> None:
    old = password_api(sim_server, DEMO_USER, DEMO_PASSWORD)
    sim_server.faults.expire_tickets()
    with pytest.raises(ResourceException):
        old.version.get()
    fresh = password_api(sim_server, DEMO_USER, DEMO_PASSWORD)
    assert fresh.version.get()["release"] == "9.1"


def test_tfa_login_two_steps(sim_server: SimServer) -> None:
    api = ProxmoxAPI(
        f"{sim_server.host}:{sim_server.port}",
        user=TFA_USER,
        password=TFA_PASSWORD,
        otp=TFA_CODE,
        verify_ssl=str(sim_server.ca_file),
    )
    ticket, _csrf = api.get_tokens()
    assert ticket.startswith("PVE:tfa@pve:")
    assert len(api.cluster.resources.get(type="vm")) == 32


def test_tfa_half_ticket_is_not_a_login(sim_server: SimServer) -> None:
    first = requests.post(
        sim_server.url + "/access/ticket",
        data={"username": TFA_USER, "password": TFA_PASSWORD},
        verify=str(sim_server.ca_file),
        timeout=5,
    ).json()["data"]
    assert first["NeedTFA"] == 1
    assert first["ticket"].startswith('PVE:!tfa!{"totp"%3Atrue}:')
    assert "cap" not in first
    refused = raw_get(sim_server, "/version", Cookie=f"PVEAuthCookie={first['ticket']}")
    assert refused.status_code == 401
    wrong = requests.post(
        sim_server.url + "/access/ticket",
        data={
            "username": TFA_USER,
            "tfa-challenge": first["ticket"],
            "password": "totp:000000",
        },
        verify=str(sim_server.ca_file),
        timeout=5,
    )
    assert wrong.status_code == 401
