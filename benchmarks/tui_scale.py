"""Time the sandboxes screen with thousands of rows, headless under Textual's Pilot.

Run as `python -m benchmarks.tui_scale` (it starts its own simulator), or let
`benchmarks.cluster_scale` run it in a process of its own against its simulator,
so that the peak RSS printed is the whole console's and nothing else.
"""

from __future__ import annotations

import argparse
import asyncio
import inspect
import json
import resource
import statistics
import sys
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import asdict, dataclass
from functools import partial
from pathlib import Path

from textual import events
from textual.message import Message

from benchmarks.compose_keystroke import time_keystrokes
from benchmarks.sim_process import ClusterShape, SimAddress, SimProcess
from console.proxmox.connection import Connection, connect
from console.settings import Settings
from console.tui.app import PodConsoleApp
from console.tui.screens.sandboxes import SandboxesScreen

# The operator types a name prefix; each key narrows the list further.
FILTER_KEYS = "ct-12"
REFRESHES = 3
COMPOSE_KEYS = 20
TERMINAL_SIZE = (120, 40)


@dataclass(frozen=True)
class TuiFigures:
    """Seconds and milliseconds measured on the UI thread, and the peak RSS.

    The lists hold one value per refresh or per keystroke.
    """

    first_rows_seconds: float
    all_addresses_seconds: float
    # Time the sandboxes screen spent in the handlers of one refresh's messages.
    # The CPU time of the UI thread leaves out waits for the GIL and for a core.
    refresh_handlers_ms: list[float]
    refresh_handlers_cpu_ms: list[float]
    longest_handler_ms: list[float]
    refresh_stall_ms: list[float]
    filter_key_ms: list[float]
    filter_key_cpu_ms: list[float]
    # From benchmarks.compose_keystroke: key to the field's message on screen.
    compose_key_ms: list[float]
    rows: int
    max_rss_kib: int


class HandlerClock:
    """Times the handling of the sandboxes screen's own messages on the UI thread.

    It wraps the screen's message dispatch, so it needs no knowledge of the
    messages' fields: every message class nested in `SandboxesScreen` counts.
    """

    def __init__(self, screen: SandboxesScreen) -> None:
        # (wall seconds, CPU seconds of the UI thread) per message handled.
        self.durations: list[tuple[float, float]] = []
        dispatch = screen._dispatch_message

        async def timed(message: Message) -> None:
            began, began_cpu = time.perf_counter(), time.thread_time()
            await dispatch(message)
            if type(message).__qualname__.startswith("SandboxesScreen."):
                self.durations.append(
                    (time.perf_counter() - began, time.thread_time() - began_cpu)
                )

        screen._dispatch_message = timed  # type: ignore[method-assign]

    def take(self) -> list[tuple[float, float]]:
        durations, self.durations = self.durations, []
        return durations


class StallMeter:
    """Measures the longest time the event loop could not run a 2 ms tick.

    While the UI thread works on a message, the tick waits; the longest wait is
    the longest time a key press would have gone unanswered.
    """

    TICK = 0.002

    def __init__(self) -> None:
        self.longest = 0.0
        self._task: asyncio.Task[None] | None = None

    async def _run(self) -> None:
        while True:
            before = time.perf_counter()
            await asyncio.sleep(self.TICK)
            late = time.perf_counter() - before - self.TICK
            self.longest = max(self.longest, late)

    def __enter__(self) -> StallMeter:
        self._task = asyncio.get_running_loop().create_task(self._run())
        return self

    def __exit__(self, *exc_info: object) -> None:
        if self._task is not None:
            self._task.cancel()


def _connector(address: SimAddress) -> object:
    @contextmanager
    def open_connection(profile: str | None, demo: bool) -> Iterator[Connection]:
        connection = connect(address.profile())
        try:
            yield connection
        finally:
            connection.close()

    return open_connection


async def _until(condition: object, timeout: float = 300.0) -> None:
    assert callable(condition)
    deadline = time.perf_counter() + timeout
    while not condition():
        if time.perf_counter() > deadline:
            raise TimeoutError(f"waited {timeout} s for the sandboxes screen")
        await asyncio.sleep(0.002)


def _paint(app: PodConsoleApp) -> None:
    """Lay out and paint the dirty widgets now, as the screen's update timer would.

    The timer runs at most 60 times a second; painting at once measures the work of
    a frame instead of the wait for the next one.
    """
    app.screen._on_timer_update()


def _milliseconds(seconds: float) -> float:
    return round(seconds * 1000, 2)


async def measure_tui(address: SimAddress, expected: int) -> TuiFigures:
    """Start the console against the simulator at `address` and time it."""
    filled = asyncio.Event()

    def hook(message: Message) -> None:
        if isinstance(message, SandboxesScreen.AddressesFilled):
            filled.set()

    with tempfile.TemporaryDirectory(prefix="tui-scale-") as folder:
        app = PodConsoleApp(
            _connector(address),  # type: ignore[arg-type]
            settings=Settings(refresh_interval=0),
            ui_state_path=Path(folder) / "ui-state.json",
        )
        started = time.perf_counter()
        async with app.run_test(size=TERMINAL_SIZE, message_hook=hook) as pilot:
            screen = app.sandboxes_screen
            await _until(lambda: screen.table.total_count >= expected)
            await pilot._wait_for_screen()
            _paint(app)
            first_rows = time.perf_counter() - started
            await filled.wait()
            all_addresses = time.perf_counter() - started
            await pilot.pause()

            clock = HandlerClock(screen)
            stalls, handlers, handlers_cpu, longest = [], [], [], []
            for _ in range(REFRESHES):
                filled.clear()
                with StallMeter() as meter:
                    screen.action_refresh()
                    await filled.wait()
                    await pilot._wait_for_screen()
                    _paint(app)
                durations = clock.take()
                stalls.append(_milliseconds(meter.longest))
                handlers.append(_milliseconds(sum(wall for wall, _ in durations)))
                handlers_cpu.append(_milliseconds(sum(cpu for _, cpu in durations)))
                longest.append(_milliseconds(max(durations, default=(0.0, 0.0))[0]))

            filter_keys, filter_keys_cpu = await _type_filter(app, pilot)
            rows = screen.table.total_count
    compose_keys = await _compose_keystrokes()
    usage = resource.getrusage(resource.RUSAGE_SELF)
    return TuiFigures(
        first_rows_seconds=round(first_rows, 3),
        all_addresses_seconds=round(all_addresses, 3),
        refresh_handlers_ms=handlers,
        refresh_handlers_cpu_ms=handlers_cpu,
        longest_handler_ms=longest,
        refresh_stall_ms=stalls,
        filter_key_ms=filter_keys,
        filter_key_cpu_ms=filter_keys_cpu,
        compose_key_ms=[_milliseconds(seconds) for seconds in compose_keys],
        rows=rows,
        max_rss_kib=usage.ru_maxrss,
    )


async def _type_filter(
    app: PodConsoleApp, pilot: object
) -> tuple[list[float], list[float]]:
    """Open the filter and time each key from its arrival to the painted table.

    Return the wall times and the CPU times of the UI thread, in milliseconds.
    """
    from textual.pilot import Pilot

    assert isinstance(pilot, Pilot)
    screen = app.sandboxes_screen
    await pilot.press("slash")
    await pilot.pause()
    timings = []
    cpu_timings = []
    typed = ""
    for key in FILTER_KEYS:
        typed += key
        name = "minus" if key == "-" else key
        began, began_cpu = time.perf_counter(), time.thread_time()
        app.post_message(events.Key(name, key))
        await _until(partial(_filtered_by, screen, typed), timeout=10)
        await pilot._wait_for_screen()
        _paint(app)
        timings.append(_milliseconds(time.perf_counter() - began))
        cpu_timings.append(_milliseconds(time.thread_time() - began_cpu))
    return timings, cpu_timings


async def _compose_keystrokes() -> list[float]:
    """Time keys that make a compose field invalid and valid again, at 80x24.

    A failure there is reported and leaves the figure empty, so that the
    sandboxes figures still come out.
    """
    options = {}
    if "toggle" in inspect.signature(time_keystrokes).parameters:
        options["toggle"] = True
    try:
        return await time_keystrokes(COMPOSE_KEYS, (80, 24), **options)
    except Exception as error:  # noqa: BLE001 - any failure of the other benchmark
        print(f"compose keystroke benchmark failed: {error!r}", file=sys.stderr)
        return []


def _filtered_by(screen: SandboxesScreen, text: str) -> bool:
    return screen.table.filter_text == text


def summarise(values: list[float]) -> str:
    """Median and maximum of a few timings, in milliseconds."""
    if not values:
        return "n/a"
    return f"{statistics.median(values):.1f} ms (max {max(values):.1f})"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m benchmarks.tui_scale", description=__doc__.splitlines()[0]
    )
    parser.add_argument("--scale", default="20x5000", help="NODESxCONTAINERS")
    parser.add_argument(
        "--latency", type=float, default=20.0, help="added ms per request"
    )
    parser.add_argument("--port", type=int, help="use a running simulator")
    parser.add_argument("--ca-file", help="its CA file (with --port)")
    parser.add_argument("--expected", type=int, help="rows to wait for (with --port)")
    parser.add_argument("--json", action="store_true", help="print JSON only")
    args = parser.parse_args(argv)

    if args.port is not None:
        address = SimAddress("127.0.0.1", args.port, args.ca_file)
        figures = asyncio.run(measure_tui(address, args.expected))
    else:
        nodes, _, containers = args.scale.partition("x")
        shape = ClusterShape(int(nodes), int(containers), int(containers) * 4 // 5)
        with SimProcess(shape) as sim:
            sim.set_latency(args.latency)
            figures = asyncio.run(measure_tui(sim.address, sim.facts.containers))
    if args.json:
        print(json.dumps(asdict(figures)))
        return 0
    print(f"rows: {figures.rows}")
    print(f"start to first rows on screen: {figures.first_rows_seconds:.2f} s")
    print(f"start to every address on screen: {figures.all_addresses_seconds:.2f} s")
    print(f"refresh handlers (UI thread): {summarise(figures.refresh_handlers_ms)}")
    print(f"  UI thread CPU: {summarise(figures.refresh_handlers_cpu_ms)}")
    print(f"longest refresh handler: {summarise(figures.longest_handler_ms)}")
    print(f"longest UI stall in a refresh: {summarise(figures.refresh_stall_ms)}")
    print(f"filter keystroke: {summarise(figures.filter_key_ms)}")
    print(f"  UI thread CPU: {summarise(figures.filter_key_cpu_ms)}")
    print(f"compose keystroke to message: {summarise(figures.compose_key_ms)}")
    print(f"peak RSS: {figures.max_rss_kib / 1024:.0f} MiB")
    return 0


if __name__ == "__main__":
    sys.exit(main())
