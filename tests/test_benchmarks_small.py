"""The cluster-scale benchmark at a small scale: it runs, and its request counts hold.

No timing is asserted: the figures are for `python -m benchmarks.cluster_scale`.
"""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from benchmarks.lister_runs import measure_memory, run_lister
from benchmarks.sim_process import ClusterShape, SimProcess
from benchmarks.straightforward_client import read_cluster, straightforward_api
from benchmarks.tui_scale import measure_tui

SHAPE = ClusterShape(nodes=3, containers=300, running=240)
CONCURRENCY = 8
SAMPLE = 20


@pytest.fixture(scope="module")
def sim() -> Iterator[SimProcess]:
    with SimProcess(SHAPE) as process:
        yield process


def _count(requests: dict[str, int], suffix: str) -> int:
    return sum(n for route, n in requests.items() if route.endswith(suffix))


def test_cluster_facts(sim: SimProcess) -> None:
    assert sim.facts.containers == SHAPE.containers
    assert sim.facts.running == SHAPE.running
    # About half of the running containers are on DHCP.
    assert 0.3 * SHAPE.running < sim.facts.needing_interfaces < 0.7 * SHAPE.running


def test_lister_cold_then_five_changes(sim: SimProcess) -> None:
    runs = run_lister(sim, CONCURRENCY, 5)
    cold, second, changed = runs.cold, runs.second, runs.changed

    assert cold.incomplete() == []
    assert len(cold.snapshot.sandboxes) == SHAPE.containers
    # One call for every state, one for the node list, then on a cold cache one
    # config per container (the only source of static addresses and of whether
    # `interfaces` is needed) and one `interfaces` per running DHCP container.
    assert _count(cold.requests, "/cluster/resources") == 1
    assert _count(cold.requests, "/nodes") == 1
    assert _count(cold.requests, "/config") == SHAPE.containers
    assert _count(cold.requests, "/interfaces") == sim.facts.needing_interfaces
    assert cold.request_total == 2 + SHAPE.containers + sim.facts.needing_interfaces

    assert len(changed) == 5
    assert second.incomplete() == []
    before = {s.vmid: s.status for s in cold.snapshot.sandboxes}
    after = {s.vmid: s.status for s in second.snapshot.sandboxes}
    assert all(before[vmid] != after[vmid] for vmid in changed)
    # Configs are cached; at most the started containers need `interfaces`.
    assert _count(second.requests, "/config") == 0
    assert _count(second.requests, "/interfaces") <= 5
    assert second.request_total <= 1 + 1 + 5

    # With every live address due and the configs cached, only running DHCP
    # containers are asked: those of the cold refresh, give or take the five.
    due = runs.addresses_due
    assert due.incomplete() == []
    assert _count(due.requests, "/config") == 0
    interfaces = _count(due.requests, "/interfaces")
    assert sim.facts.needing_interfaces - 3 <= interfaces
    assert interfaces <= sim.facts.needing_interfaces + 2
    assert due.request_total == 2 + interfaces


def test_straightforward_client_counts(sim: SimProcess) -> None:
    sim.take_request_counts()

    run = read_cluster(straightforward_api(sim.address), SAMPLE)
    counted = sim.take_request_counts()

    assert run.listed == SHAPE.containers
    assert len(run.read) == SAMPLE
    assert run.requests_sent == sum(counted.values())
    assert run.requests_sent == 1 + SHAPE.nodes + 3 * SAMPLE
    assert run.extrapolated_requests() == 1 + SHAPE.nodes + 3 * SHAPE.containers
    states, addresses = run.extrapolate()
    assert run.listing_seconds < states < addresses
    for reading in run.read:
        running = reading.status["status"] == "running"
        assert isinstance(reading.interfaces, list) == running, reading.vmid


def test_memory_run_traces_list(sim: SimProcess) -> None:
    memory = measure_memory(sim, CONCURRENCY)

    # The traced run keeps a record of every sandbox, far more than 100 bytes each.
    assert memory.traced_peak_bytes > 100 * SHAPE.containers
    assert memory.max_rss_kib > 0


async def test_tui_shows_every_row(sim: SimProcess) -> None:
    figures = await measure_tui(sim.address, SHAPE.containers)

    assert figures.rows == SHAPE.containers
    assert figures.first_rows_seconds <= figures.all_addresses_seconds
    # Every refresh ran the screen's handlers: states, addresses, completion.
    assert len(figures.refresh_handlers_ms) == len(figures.refresh_stall_ms)
    assert all(total > 0 for total in figures.refresh_handlers_ms)
    assert len(figures.compose_key_ms) > 0
    assert len(figures.filter_key_ms) == len("ct-12")
