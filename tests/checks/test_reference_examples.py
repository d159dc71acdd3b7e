"""The simulator's wire format against the examples recorded from real PVE servers."""

from __future__ import annotations

import pytest
import requests

from console.sim.demo import DEMO_TOKEN_ID, DEMO_TOKEN_SECRET
from console.sim.server import SimServer

TOKEN = {"Authorization": f"PVEAPIToken={DEMO_TOKEN_ID}={DEMO_TOKEN_SECRET}"}


@pytest.mark.parametrize(
    ("method", "path"),
    [("GET", "/version"), ("DELETE", "/nodes/pve1/lxc/103")],
)
def test_body_on_get_rejected(sim_server: SimServer, method: str, path: str) -> None:
    response = requests.request(
        method,
        sim_server.url + path,
        data="purge=1",
        headers={**TOKEN, "Content-Type": "application/x-www-form-urlencoded"},
        verify=str(sim_server.ca_file),
        timeout=5,
    )

    assert response.status_code == 501
    assert response.reason == f"Unexpected content for method '{method}'"
    still_there = requests.get(
        sim_server.url + "/nodes/pve1/lxc/103/status/current",
        headers=TOKEN,
        verify=str(sim_server.ca_file),
        timeout=5,
    )
    assert still_there.status_code == 200


def test_body_without_credentials_gets_401(sim_server: SimServer) -> None:
    response = requests.get(
        sim_server.url + "/version",
        data="x=1",
        verify=str(sim_server.ca_file),
        timeout=5,
    )

    assert response.status_code == 401
    assert response.reason == "No ticket"
