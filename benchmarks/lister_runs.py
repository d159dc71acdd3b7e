"""Runs of pod-console's SandboxLister against the simulator child, with counts."""

from __future__ import annotations

import gc
import resource
import time
import tracemalloc
from collections import Counter
from dataclasses import dataclass

from benchmarks.sim_process import SimProcess
from console.proxmox.connection import Connection, connect
from console.proxmox.sandboxes import SandboxLister, SandboxSnapshot


@dataclass(frozen=True)
class ListerRun:
    """One refresh: states, then every address; requests as the server counted them."""

    states_seconds: float
    addresses_seconds: float
    requests: Counter[str]
    snapshot: SandboxSnapshot
    # CPU seconds (user and system) of this process and of the simulator's.
    client_cpu_seconds: float
    sim_cpu_seconds: float

    @property
    def request_total(self) -> int:
        return sum(self.requests.values())

    def incomplete(self) -> list[str]:
        """Describe what the refresh left unknown; empty when every address is known."""
        problems = []
        unknown = [s.vmid for s in self.snapshot.sandboxes if not s.addresses_known]
        if unknown:
            problems.append(f"{len(unknown)} sandboxes without addresses")
        without_ip = [
            s.vmid
            for s in self.snapshot.sandboxes
            if s.status == "running" and s.ip is None and s.uptime >= 10
        ]
        if without_ip:
            problems.append(f"{len(without_ip)} running sandboxes without an IP")
        if self.snapshot.node_errors:
            problems.append(f"node errors: {self.snapshot.node_errors}")
        return problems


@dataclass(frozen=True)
class MemoryFigures:
    """Peak memory of the process that keeps the list of every sandbox."""

    traced_peak_bytes: int
    max_rss_kib: int


def open_connection(sim: SimProcess, concurrency: int) -> Connection:
    return connect(sim.address.profile(), pool_size=concurrency)


def refresh(lister: SandboxLister, sim: SimProcess) -> ListerRun:
    """Read states and then addresses once, the way the sandboxes screen does."""
    sim.take_request_counts()
    sim_cpu, _ = sim.usage()
    client_cpu = process_cpu_seconds()
    started = time.perf_counter()
    states = lister.list_states()
    states_done = time.perf_counter()
    filled = lister.fill_addresses(states)
    finished = time.perf_counter()
    return ListerRun(
        states_seconds=states_done - started,
        addresses_seconds=finished - started,
        requests=sim.take_request_counts(),
        snapshot=filled,
        client_cpu_seconds=process_cpu_seconds() - client_cpu,
        sim_cpu_seconds=sim.usage()[0] - sim_cpu,
    )


def process_cpu_seconds() -> float:
    """Return the CPU seconds of every thread of this process so far."""
    usage = resource.getrusage(resource.RUSAGE_SELF)
    return usage.ru_utime + usage.ru_stime


@dataclass(frozen=True)
class ListerRuns:
    """The refreshes of one lister, in the order they ran."""

    # Empty caches: every config, then `interfaces` where needed.
    cold: ListerRun
    # After `changed` containers stopped or started.
    second: ListerRun
    changed: tuple[int, ...]
    # Every live address due again while the configs are still cached: the
    # requests of the least possible count, `interfaces` where only it can tell.
    addresses_due: ListerRun


def run_lister(sim: SimProcess, concurrency: int, changes: int) -> ListerRuns:
    """Refresh cold, change `changes` containers' states, refresh twice more."""
    connection = open_connection(sim, concurrency)
    try:
        lister = SandboxLister(connection, concurrency=concurrency)
        cold = refresh(lister, sim)
        changed = sim.change_states(changes)
        second = refresh(lister, sim)
        lister.interfaces_max_age = 0.0
        addresses_due = refresh(lister, sim)
    finally:
        connection.close()
    return ListerRuns(cold, second, changed, addresses_due)


def measure_memory(sim: SimProcess, concurrency: int) -> MemoryFigures:
    """Trace the allocations of one cold refresh that keeps its snapshot alive.

    tracemalloc slows Python down severalfold, so this is a run of its own.
    """
    gc.collect()
    connection = open_connection(sim, concurrency)
    tracemalloc.start()
    try:
        lister = SandboxLister(connection, concurrency=concurrency)
        run = refresh(lister, sim)
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
        connection.close()
    del run
    usage = resource.getrusage(resource.RUSAGE_SELF)
    return MemoryFigures(traced_peak_bytes=peak, max_rss_kib=usage.ru_maxrss)
