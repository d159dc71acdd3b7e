"""What proxmoxer hides: headers, reason phrases, bodies, compression."""

from __future__ import annotations

import threading
import time
from concurrent.futures import ThreadPoolExecutor

import requests

from console.sim.clock import SimClock
from console.sim.demo import DEMO_TOKEN_ID, DEMO_TOKEN_SECRET, demo_cluster
from console.sim.server import SimServer

TOKEN = {"Authorization": f"PVEAPIToken={DEMO_TOKEN_ID}={DEMO_TOKEN_SECRET}"}


def call(
    server: SimServer,
    method: str,
    path: str,
    params: dict[str, str] | None = None,
    data: dict[str, str] | None = None,
    json: dict[str, object] | None = None,
) -> requests.Response:
    return requests.request(
        method,
        server.url + path,
        params=params,
        data=data,
        json=json,
        headers=TOKEN,
        verify=str(server.ca_file),
        timeout=5,
    )


def test_success_headers(sim_server: SimServer) -> None:
    response = call(sim_server, "GET", "/version")
    assert response.status_code == 200
    assert response.headers["Content-Type"] == "application/json;charset=UTF-8"
    assert response.headers["Cache-Control"] == "max-age=0"
    assert response.headers["Pragma"] == "no-cache"
    assert response.headers["Expires"] == response.headers["Date"]
    assert response.headers["Server"] == "pve-api-daemon/3.0"
    assert response.headers["Connection"] == "Keep-Alive"
    assert set(response.json()) == {"data"}


def test_error_reason_is_message(sim_server: SimServer) -> None:
    response = call(sim_server, "POST", "/nodes/pve1/lxc/101/status/start")
    assert response.status_code == 500
    assert response.reason == "CT 101 already running"
    assert response.json() == {"data": None, "message": "CT 101 already running\n"}
    assert response.headers["Connection"] == "close"


def test_parameter_error_body(sim_server: SimServer) -> None:
    response = call(sim_server, "GET", "/cluster/resources", params={"type": "vms"})
    assert response.status_code == 400
    assert response.reason == "Parameter verification failed."
    assert response.json() == {
        "data": None,
        "errors": {
            "type": "value 'vms' does not have a value in the enumeration "
            "'vm, storage, node, sdn, pool'"
        },
        "message": "Parameter verification failed.\n",
    }


def test_unknown_path_is_501(sim_server: SimServer) -> None:
    response = call(sim_server, "GET", "/nodes/pve1/qemu/nope/x")
    assert response.status_code == 501
    assert response.reason == "Method 'GET /nodes/pve1/qemu/nope/x' not implemented"


def test_large_body_gzip(sim_server: SimServer) -> None:
    response = call(sim_server, "GET", "/cluster/resources")
    assert response.headers["Content-Encoding"] == "gzip"
    small = call(sim_server, "GET", "/version")
    assert "Content-Encoding" not in small.headers


def test_json_body_accepted(sim_server: SimServer) -> None:
    response = call(
        sim_server,
        "PUT",
        "/nodes/pve1/lxc/103/config",
        json={"tags": "b;a", "onboot": True},
    )
    assert response.status_code == 200
    config = call(sim_server, "GET", "/nodes/pve1/lxc/103/config").json()["data"]
    assert config["tags"] == "a;b"
    assert config["onboot"] == 1


def test_hostile_description_is_data(sim_server: SimServer) -> None:
    config = call(sim_server, "GET", "/nodes/pve1/lxc/120/config").json()["data"]
    assert "[bold]ops[/]" in config["description"]
    assert "\x1b[31m" in config["description"]


def test_81_errors_without_message() -> None:
    with SimServer(demo_cluster(), version="8.1", clock=SimClock(50)) as server:
        response = call(server, "POST", "/nodes/pve1/lxc/101/status/start")
        listed = call(server, "GET", "/nodes/pve1/lxc").json()["data"]
    assert response.json() == {"data": None}
    assert response.reason == "CT 101 already running"
    assert isinstance(listed[0]["vmid"], str)


def test_conflicting_path_parameter(sim_server: SimServer) -> None:
    response = call(
        sim_server, "POST", "/nodes/pve1/lxc/103/status/start", data={"vmid": "104"}
    )
    assert response.status_code == 400
    assert "vmid" in response.json()["errors"]


def test_many_keepalive_connections(sim_server: SimServer) -> None:
    def session_calls(index: int) -> list[int]:
        with requests.Session() as session:
            codes = []
            for _ in range(5):
                response = session.get(
                    f"{sim_server.url}/nodes/pve1/lxc/{101 + index % 3}/config",
                    headers=TOKEN,
                    verify=str(sim_server.ca_file),
                    timeout=10,
                )
                codes.append(response.status_code)
            return codes

    with ThreadPoolExecutor(max_workers=24) as pool:
        results = list(pool.map(session_calls, range(24)))
    assert all(codes == [200] * 5 for codes in results)


def test_ipv6_loopback() -> None:
    with SimServer(demo_cluster(), host="::1", clock=SimClock(50)) as server:
        response = call(server, "GET", "/version")
    assert server.url.startswith("https://[::1]:")
    assert response.status_code == 200


def test_invalid_json_body_is_400(sim_server: SimServer) -> None:
    response = requests.put(
        sim_server.url + "/nodes/pve1/lxc/103/config",
        data=b"{not json",
        headers=TOKEN | {"Content-Type": "application/json"},
        verify=str(sim_server.ca_file),
        timeout=5,
    )
    assert response.status_code == 400
    assert response.reason.startswith("invalid JSON body")


def handler_threads() -> int:
    return sum(
        "process_request_thread" in thread.name for thread in threading.enumerate()
    )


def test_stop_closes_keepalive_connections() -> None:
    server = SimServer(demo_cluster(), clock=SimClock(50)).start()
    session = requests.Session()
    first = session.get(
        server.url + "/version", headers=TOKEN, verify=str(server.ca_file), timeout=5
    )
    assert first.status_code == 200
    before = handler_threads()
    assert before >= 1
    server.stop()
    for _ in range(200):
        if handler_threads() < before:
            break
        time.sleep(0.01)
    assert handler_threads() < before
    session.close()
