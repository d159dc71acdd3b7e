"""The simulator in a child process, so its CPU and memory are not the client's."""

from __future__ import annotations

import multiprocessing
from collections import Counter
from dataclasses import dataclass
from multiprocessing.connection import Connection as Pipe
from pathlib import Path
from types import TracebackType
from typing import Any

from console.settings import Profile
from console.sim.demo_access import DEMO_TOKEN_ID, DEMO_TOKEN_SECRET, DEMO_USER

# Generous: at 20 ms a straightforward client waits on nothing longer than one call,
# but the first `/cluster/resources` of 5,000 containers takes a while to build.
CLIENT_TIMEOUT = 60.0


@dataclass(frozen=True)
class ClusterShape:
    """The generated cluster: nodes, containers, running ones, share with DHCP."""

    nodes: int = 20
    containers: int = 5000
    running: int = 4000
    dhcp_share: float = 0.5

    @property
    def label(self) -> str:
        return f"{self.nodes} nodes x {self.containers} containers"


@dataclass(frozen=True)
class SimAddress:
    """The address of the child's simulator and the CA file that verifies it."""

    host: str
    port: int
    ca_file: str

    def profile(self) -> Profile:
        """Return a token profile for the demo identity `root@pam!console`."""
        return Profile(
            name="benchmark",
            host=self.host,
            port=self.port,
            user=DEMO_USER,
            token_id=DEMO_TOKEN_ID.rpartition("!")[2],
            token_secret=DEMO_TOKEN_SECRET,
            ca_file=Path(self.ca_file),
            timeout=CLIENT_TIMEOUT,
        )


@dataclass(frozen=True)
class ClusterFacts:
    """Counts of the child's cluster that the least request count depends on."""

    containers: int
    running: int
    # Running containers whose config leaves the address to DHCP or SLAAC.
    needing_interfaces: int


class SimProcess:
    """Runs `SimServer` with a generated cluster in a child process.

    The parent sends commands over a pipe: set the latency, read and reset the
    request counter, change the state of a few containers, stop.
    """

    def __init__(self, shape: ClusterShape) -> None:
        self.shape = shape
        context = multiprocessing.get_context("spawn")
        self._pipe, child_end = context.Pipe()
        self._process = context.Process(
            target=_serve, args=(child_end, shape), name="pve-sim", daemon=True
        )
        self.address = SimAddress("127.0.0.1", 0, "")
        self.facts = ClusterFacts(0, 0, 0)

    def start(self) -> SimProcess:
        self._process.start()
        self.address, self.facts = self._receive()
        return self

    def set_latency(self, milliseconds: float) -> None:
        self._ask("latency", milliseconds)

    def take_request_counts(self) -> Counter[str]:
        """Return the requests served since the last call, by route."""
        counts: Counter[str] = self._ask("counts")
        return counts

    def change_states(self, count: int) -> tuple[int, ...]:
        """Stop some running containers and start some stopped ones; return vmids."""
        vmids: tuple[int, ...] = self._ask("change", count)
        return vmids

    def usage(self) -> tuple[float, int]:
        """Return the child's CPU seconds (user and system) and peak RSS in KiB."""
        cpu, rss = self._ask("usage")
        return float(cpu), int(rss)

    def stop(self) -> None:
        if self._process.is_alive():
            self._pipe.send(("stop", None))
            self._process.join(timeout=10)
        if self._process.is_alive():
            self._process.terminate()
            self._process.join(timeout=5)

    def __enter__(self) -> SimProcess:
        return self.start()

    def __exit__(
        self,
        kind: type[BaseException] | None,
        error: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        self.stop()

    def _ask(self, command: str, argument: object = None) -> Any:
        self._pipe.send((command, argument))
        return self._receive()

    def _receive(self) -> Any:
        if not self._pipe.poll(120):
            raise RuntimeError("the simulator process did not respond within 120 s")
        kind, value = self._pipe.recv()
        if kind == "error":
            raise RuntimeError(f"the simulator process failed: {value}")
        return value


def _serve(pipe: Pipe, shape: ClusterShape) -> None:
    """Run in the child: build the cluster, serve it, run the parent's commands."""
    import resource

    from console.sim.scale import scale_cluster
    from console.sim.server import SimServer

    try:
        cluster = scale_cluster(
            shape.nodes, shape.containers, shape.running, shape.dhcp_share
        )
        server = SimServer(cluster, host="127.0.0.1", port=0).start()
    except Exception as error:  # noqa: BLE001 - reported to the parent
        pipe.send(("error", repr(error)))
        return
    address = SimAddress(server.host, server.port, str(server.ca_file))
    pipe.send(("ok", (address, _facts(server))))
    try:
        while True:
            command, argument = pipe.recv()
            if command == "stop":
                break
            if command == "latency":
                server.faults.latency_ms = float(argument)
                pipe.send(("ok", None))
            elif command == "counts":
                with server._count_lock:
                    counts = Counter(server.requests_served)
                    server.requests_served.clear()
                pipe.send(("ok", counts))
            elif command == "change":
                pipe.send(("ok", _change_states(server, int(argument))))
            elif command == "usage":
                usage = resource.getrusage(resource.RUSAGE_SELF)
                cpu = usage.ru_utime + usage.ru_stime
                pipe.send(("ok", (cpu, usage.ru_maxrss)))
            else:
                pipe.send(("error", f"unknown command {command!r}"))
    finally:
        server.stop()


def _facts(server: Any) -> ClusterFacts:
    from console.sim.formats import parse_property

    cluster = server.cluster
    running = needing = 0
    with cluster.lock:
        for container in cluster.containers.values():
            if not container.running:
                continue
            running += 1
            for index in container.net_indexes():
                net = parse_property(
                    "pve-lxc-network", str(container.config[f"net{index}"])
                )
                if "/" not in net.get("ip", "") or net.get("ip6") in ("auto", "dhcp"):
                    needing += 1
                    break
    return ClusterFacts(len(cluster.containers), running, needing)


def _change_states(server: Any, count: int) -> tuple[int, ...]:
    """Stop `count - count // 2` running containers and start `count // 2` others.

    The change is made in the state directly, as pvestatd would report it, without
    tasks: the benchmark measures the next refresh, not the power actions.
    """
    cluster = server.cluster
    now = server.clock.now()
    changed: list[int] = []
    with cluster.lock:
        ordered = sorted(cluster.containers.values(), key=lambda c: c.vmid)
        running = [c for c in ordered if c.running and not c.is_template]
        stopped = [c for c in ordered if not c.running and not c.is_template]
        for container in running[: count - count // 2]:
            container.running = False
            container.started_at = None
            container.stale_status = "stopped"
            changed.append(container.vmid)
        for container in stopped[: count // 2]:
            container.running = True
            container.started_at = now
            container.stale_status = "running"
            changed.append(container.vmid)
    return tuple(changed)
