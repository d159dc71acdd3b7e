"""Time pod-console's sandbox list against the straightforward client, at scale.

Run as `python -m benchmarks.cluster_scale`. The simulator runs in a child process
with a generated cluster: 20 nodes, 5,000 containers, 4,000 running, half of all
containers on DHCP. For each added latency the benchmark times `SandboxLister` on a
cold refresh, after five containers changed state and with every address due. Then
it times the straightforward client on an even sample of the containers and
extrapolates linearly.
The TUI part runs in a process of its own (`benchmarks.tui_scale`), so its peak RSS
is that of the whole console. Requests are counted by the simulator.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import subprocess
import sys
import time
from dataclasses import dataclass

from benchmarks.goals import GoalInputs, print_goals
from benchmarks.lister_runs import (
    ListerRun,
    ListerRuns,
    MemoryFigures,
    measure_memory,
    run_lister,
)
from benchmarks.sim_process import ClusterShape, SimProcess
from benchmarks.straightforward_client import (
    BaselineRun,
    read_cluster,
    straightforward_api,
)
from benchmarks.tui_scale import TuiFigures, summarise

CHANGED_CONTAINERS = 5


@dataclass(frozen=True)
class LatencyResult:
    """Every figure measured at one added latency."""

    latency_ms: float
    lister: ListerRuns
    baseline: BaselineRun
    baseline_requests_counted: int
    tui: TuiFigures | None


def run_latency(
    sim: SimProcess, latency_ms: float, args: argparse.Namespace
) -> LatencyResult:
    sim.set_latency(latency_ms)
    runs = run_lister(sim, args.concurrency, CHANGED_CONTAINERS)
    for run in (runs.cold, runs.second, runs.addresses_due):
        for problem in run.incomplete():
            print(f"  warning: incomplete list at {latency_ms:g} ms: {problem}")

    api = straightforward_api(sim.address)
    sim.take_request_counts()
    baseline = read_cluster(api, args.sample)
    counted = sum(sim.take_request_counts().values())

    tui = None
    if not args.no_tui:
        tui = run_tui(sim, args)
    return LatencyResult(latency_ms, runs, baseline, counted, tui)


def run_tui(sim: SimProcess, args: argparse.Namespace) -> TuiFigures:
    """Run `benchmarks.tui_scale` in a fresh process against the same simulator."""
    command = [
        sys.executable,
        "-m",
        "benchmarks.tui_scale",
        "--port",
        str(sim.address.port),
        "--ca-file",
        sim.address.ca_file,
        "--expected",
        str(sim.facts.containers),
        "--json",
    ]
    finished = subprocess.run(
        command, capture_output=True, text=True, timeout=900, check=False
    )
    if finished.returncode != 0:
        raise RuntimeError(
            f"the TUI benchmark failed ({finished.returncode}): {finished.stderr}"
        )
    values = json.loads(finished.stdout.strip().splitlines()[-1])
    return TuiFigures(**values)


def least_requests(sim: SimProcess) -> int:
    """Return one request for the states plus one per running DHCP container."""
    return 1 + sim.facts.needing_interfaces


def _seconds(value: float) -> str:
    return f"{value:.2f} s"


def _row(label: str, values: list[str]) -> None:
    print(f"  {label:<44}" + "".join(f"{value:>22}" for value in values))


def print_table(
    sim: SimProcess, results: list[LatencyResult], memory: MemoryFigures | None
) -> None:
    shape, facts = sim.shape, sim.facts
    sample = results[0].baseline
    print()
    print(
        f"Cluster: {shape.label}, {facts.running} running, "
        f"{facts.needing_interfaces} of them need `interfaces` (DHCP)"
    )
    _row("added latency per request", [f"{r.latency_ms:g} ms" for r in results])
    print("pod-console SandboxLister")
    _row(
        "states of every sandbox known",
        [_seconds(r.lister.cold.states_seconds) for r in results],
    )
    _row(
        "every address known",
        [_seconds(r.lister.cold.addresses_seconds) for r in results],
    )
    _row(
        "HTTP requests (least any client could make)",
        [f"{r.lister.cold.request_total} ({least_requests(sim)})" for r in results],
    )
    _row(
        "CPU seconds: this process / simulator",
        [
            f"{r.lister.cold.client_cpu_seconds:.1f} / "
            f"{r.lister.cold.sim_cpu_seconds:.1f}"
            for r in results
        ],
    )
    _row(
        "  of which config / interfaces",
        [
            f"{_count(r.lister.cold, 'config')} / {_count(r.lister.cold, 'interfaces')}"
            for r in results
        ],
    )
    _row(
        f"second refresh, {CHANGED_CONTAINERS} changed: time",
        [_seconds(r.lister.second.addresses_seconds) for r in results],
    )
    _row(
        "second refresh: HTTP requests",
        [f"{r.lister.second.request_total} (least 1)" for r in results],
    )
    _row(
        "every address due, configs cached: time",
        [_seconds(r.lister.addresses_due.addresses_seconds) for r in results],
    )
    _row(
        "  HTTP requests (least any client could make)",
        [
            f"{r.lister.addresses_due.request_total} ({least_requests(sim)})"
            for r in results
        ],
    )
    _row(
        "  CPU seconds: this process / simulator",
        [
            f"{r.lister.addresses_due.client_cpu_seconds:.1f} / "
            f"{r.lister.addresses_due.sim_cpu_seconds:.1f}"
            for r in results
        ],
    )
    print(
        f"Straightforward client (sample of {len(sample.read)} of {sample.listed} "
        "containers, extrapolated linearly)"
    )
    _row(
        "states of every sandbox known (estimate)",
        [_seconds(r.baseline.extrapolate()[0]) for r in results],
    )
    _row(
        "every address known (estimate)",
        [_seconds(r.baseline.extrapolate()[1]) for r in results],
    )
    _row(
        "HTTP requests (sample counted by server)",
        [
            f"{r.baseline.extrapolated_requests()} ({r.baseline_requests_counted})"
            for r in results
        ],
    )
    _row(
        "straightforward / SandboxLister, addresses",
        [f"{_ratio(r):.1f}x" for r in results],
    )
    if memory is not None:
        print("Memory of the process holding the list (simulator not counted)")
        _row("tracemalloc peak of one cold refresh", [_mib(memory.traced_peak_bytes)])
        _row("peak RSS of the benchmark process", [_mib(memory.max_rss_kib * 1024)])
    if any(r.tui for r in results):
        print("TUI, headless under Pilot (a process of its own)")
        tuis = [r.tui for r in results]
        _row("start to first rows on screen", [_tui(t, "first") for t in tuis])
        _row("start to every address on screen", [_tui(t, "all") for t in tuis])
        _row(
            "refresh: all handlers (UI thread)",
            [_tui(t, "handlers") for t in tuis],
        )
        _row(
            "  CPU time of the UI thread",
            [_tui(t, "handlers-cpu") for t in tuis],
        )
        _row(
            "refresh: longest handler (UI thread)",
            [_tui(t, "longest") for t in tuis],
        )
        _row("longest UI stall during a refresh", [_tui(t, "stall") for t in tuis])
        _row("filter keystroke to painted table", [_tui(t, "filter") for t in tuis])
        _row("  CPU time of the UI thread", [_tui(t, "filter-cpu") for t in tuis])
        _row(
            "compose: keystroke to message on screen",
            [_tui(t, "compose") for t in tuis],
        )
        _row("peak RSS of the whole console", [_tui(t, "rss") for t in tuis])


def _count(run: ListerRun, suffix: str) -> int:
    return sum(n for route, n in run.requests.items() if route.endswith(suffix))


def _ratio(result: LatencyResult) -> float:
    return result.baseline.extrapolate()[1] / result.lister.cold.addresses_seconds


def _mib(value: float) -> str:
    return f"{value / 2**20:.0f} MiB"


def _tui(figures: TuiFigures | None, kind: str) -> str:
    if figures is None:
        return "not run"
    if kind == "first":
        return _seconds(figures.first_rows_seconds)
    if kind == "all":
        return _seconds(figures.all_addresses_seconds)
    if kind == "handlers":
        return summarise(figures.refresh_handlers_ms)
    if kind == "longest":
        return summarise(figures.longest_handler_ms)
    if kind == "handlers-cpu":
        return summarise(figures.refresh_handlers_cpu_ms)
    if kind == "filter-cpu":
        return summarise(figures.filter_key_cpu_ms)
    if kind == "stall":
        return summarise(figures.refresh_stall_ms)
    if kind == "filter":
        return summarise(figures.filter_key_ms)
    if kind == "compose":
        return summarise(figures.compose_key_ms)
    return f"{figures.max_rss_kib / 1024:.0f} MiB"


def describe_machine() -> str:
    load = ", ".join(f"{value:.1f}" for value in os.getloadavg())
    return (
        f"{platform.system()} {platform.machine()}, {os.cpu_count()} CPUs, "
        f"Python {platform.python_version()}, load average {load}"
    )


def parse_arguments(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(
        prog="python -m benchmarks.cluster_scale",
        description=__doc__.splitlines()[0] if __doc__ else None,
    )
    parser.add_argument("--nodes", type=int, default=20, help="nodes (default 20)")
    parser.add_argument(
        "--containers", type=int, default=5000, help="containers (default 5000)"
    )
    parser.add_argument(
        "--running", type=int, help="running containers (default 80 %%)"
    )
    parser.add_argument(
        "--latency",
        type=float,
        action="append",
        help="added milliseconds per request; repeat for several (default 0 and 20)",
    )
    parser.add_argument(
        "--sample",
        type=int,
        default=500,
        help="containers the straightforward client reads (default 500)",
    )
    parser.add_argument(
        "--concurrency", type=int, default=16, help="SandboxLister concurrency"
    )
    parser.add_argument("--no-tui", action="store_true", help="skip the TUI part")
    parser.add_argument(
        "--no-memory", action="store_true", help="skip the tracemalloc run"
    )
    args = parser.parse_args(argv)
    if args.running is None:
        args.running = args.containers * 4 // 5
    args.latency = args.latency or [0.0, 20.0]
    return args


def main(argv: list[str] | None = None) -> int:
    args = parse_arguments(argv)
    shape = ClusterShape(args.nodes, args.containers, args.running)
    print(f"Machine: {describe_machine()}")
    print(
        f"Command: python -m benchmarks.cluster_scale {' '.join(sys.argv[1:])}".rstrip()
    )
    started = time.perf_counter()
    with SimProcess(shape) as sim:
        results = []
        for latency in args.latency:
            print(f"... measuring at {latency:g} ms", flush=True)
            results.append(run_latency(sim, latency, args))
        memory = None
        if not args.no_memory:
            sim.set_latency(0)
            memory = measure_memory(sim, args.concurrency)
        print_table(sim, results, memory)
        goal_result = next((r for r in results if r.latency_ms == 20), results[-1])
        print_goals(
            GoalInputs(
                latency_ms=goal_result.latency_ms,
                concurrency=args.concurrency,
                containers=sim.facts.containers,
                needing_interfaces=sim.facts.needing_interfaces,
                cold=goal_result.lister.cold,
                second=goal_result.lister.second,
                addresses_due=goal_result.lister.addresses_due,
                ratio=_ratio(goal_result),
                tui=goal_result.tui,
            )
        )
    print(
        f"Took {time.perf_counter() - started:.0f} s; machine now: {describe_machine()}"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
