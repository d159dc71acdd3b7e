"""Count the HTTP requests and time of each creation stage against the simulator.

Run as `python -m benchmarks.creation_calls`. The simulator serves the demo cluster
on 127.0.0.1 over HTTPS with its clock at 50x, so a create task's three simulated
seconds take about 60 ms; the times are those of the client and the loopback
server together. Requests are counted on the server side, by route.
"""

from __future__ import annotations

import platform
import statistics
import time
from collections import Counter
from pathlib import Path

from console.creation import prepare, submit
from console.cri import CreateContainerRequest
from console.proxmox.connection import Connection, connect
from console.settings import Profile
from console.sim.clock import SimClock
from console.sim.demo import DEMO_TOKEN_ID, DEMO_TOKEN_SECRET, DEMO_USER, demo_cluster
from console.sim.server import SimServer

PREPARE_RUNS = 20


def _request(name: str) -> CreateContainerRequest:
    return CreateContainerRequest.model_validate(
        {
            "pod_sandbox_id": "101",
            "config": {
                "metadata": {"name": name},
                "image": {"image": "nginx:latest"},
                "envs": [{"key": "MODE", "value": "bench"}],
            },
            "sandbox_config": {
                "metadata": {"name": "pod", "namespace": "default", "uid": "bench"}
            },
        }
    )


def _counted(server: SimServer) -> Counter[str]:
    return Counter(server.requests_served)


def _delta(server: SimServer, before: Counter[str]) -> Counter[str]:
    after = _counted(server)
    after.subtract(before)
    return +after


def main() -> None:
    server = SimServer(cluster=demo_cluster(), clock=SimClock(speed=50))
    server.start()
    try:
        connection = connect(
            Profile(
                name="bench",
                host=server.host,
                port=server.port,
                user=DEMO_USER,
                token_id=DEMO_TOKEN_ID.rpartition("!")[2],
                token_secret=DEMO_TOKEN_SECRET,
                ca_file=Path(server.ca_file),
            )
        )
        _measure(server, connection)
        connection.close()
    finally:
        server.stop()


def _measure(server: SimServer, connection: Connection) -> None:
    print(f"python {platform.python_version()}, {platform.machine()}, simulator 50x")

    times = []
    before = _counted(server)
    for _ in range(PREPARE_RUNS):
        started = time.perf_counter()
        prepared = prepare(connection, _request("bench"))
        times.append(time.perf_counter() - started)
    prepare_calls = _delta(server, before)
    assert prepared.ok, prepared.issues

    before = _counted(server)
    started = time.perf_counter()
    created = submit(connection, prepared, start=True)
    create_time = time.perf_counter() - started
    create_calls = _delta(server, before)
    assert created.ok, created.error

    before = _counted(server)
    started = time.perf_counter()
    found = submit(connection, prepare(connection, _request("bench")))
    repeat_time = time.perf_counter() - started
    repeat_calls = _delta(server, before)
    assert found.already_existed

    per_prepare = sum(prepare_calls.values()) / PREPARE_RUNS
    print()
    print(f"{'step':<28}{'requests':>10}{'time':>12}")
    print(
        f"{'prepare (stages 1-3)':<28}{per_prepare:>10.1f}"
        f"{statistics.median(times) * 1000:>10.1f}ms  (median of {PREPARE_RUNS})"
    )
    print(
        f"{'submit: create + env + start':<28}{sum(create_calls.values()):>10}"
        f"{create_time * 1000:>10.1f}ms"
    )
    print(
        f"{'prepare + submit, repeated':<28}{sum(repeat_calls.values()):>10}"
        f"{repeat_time * 1000:>10.1f}ms"
    )
    print()
    print("requests of one prepare, by route:")
    for route, count in sorted(prepare_calls.items()):
        print(f"  {count / PREPARE_RUNS:>5.1f}  {route}")
    print("requests of the first submit, by route:")
    for route, count in sorted(create_calls.items()):
        print(f"  {count:>5}  {route}")


if __name__ == "__main__":
    main()
