"""The speed goals of the sandbox list, and each one's measured value."""

from __future__ import annotations

from dataclasses import dataclass

from benchmarks.lister_runs import ListerRun
from benchmarks.tui_scale import TuiFigures

STATES_GOAL_SECONDS = 0.5
ADDRESS_GOAL_FACTOR = 1.5
SPEEDUP_GOAL = 20.0
# "A handful" of requests beyond the one for the states.
SECOND_REFRESH_EXTRA_REQUESTS = 5
UI_STALL_GOAL_MS = 100.0
FILTER_KEY_GOAL_MS = 50.0
CONSOLE_MEMORY_GOAL_MB = 250.0


@dataclass(frozen=True)
class GoalInputs:
    """The figures of one latency that the goals are checked against."""

    latency_ms: float
    concurrency: int
    containers: int
    needing_interfaces: int
    cold: ListerRun
    second: ListerRun
    addresses_due: ListerRun
    ratio: float
    tui: TuiFigures | None


@dataclass(frozen=True)
class Goal:
    """One goal: its requirement, the measured value, and whether that meets it."""

    text: str
    measured: str
    met: bool
    # How far off, for a missed goal: "3.1x the limit".
    miss: str = ""


def _upper(text: str, value: float, limit: float, unit: str) -> Goal:
    met = value <= limit
    miss = "" if met else f"{value / limit:.1f}x the limit"
    measured = f"{value:.2f} {unit}" if unit else f"{value:g}"
    return Goal(text, measured, met, miss)


def evaluate(inputs: GoalInputs) -> list[Goal]:
    """Check every goal; TUI goals only when the TUI part ran."""
    latency = inputs.latency_ms / 1000
    address_limit = (
        ADDRESS_GOAL_FACTOR
        * inputs.needing_interfaces
        / inputs.concurrency
        * max(latency, 0.001)
    )
    goals = [
        _upper(
            f"states of all {inputs.containers} known in under {STATES_GOAL_SECONDS} s",
            inputs.cold.states_seconds,
            STATES_GOAL_SECONDS,
            "s",
        ),
        _upper(
            f"every address within {ADDRESS_GOAL_FACTOR} x "
            f"({inputs.needing_interfaces} / {inputs.concurrency}) x "
            f"{inputs.latency_ms:g} ms = {address_limit:.2f} s (cold)",
            inputs.cold.addresses_seconds,
            address_limit,
            "s",
        ),
        _upper(
            f"the same with the configs cached, every address due "
            f"({address_limit:.2f} s)",
            inputs.addresses_due.addresses_seconds,
            address_limit,
            "s",
        ),
        Goal(
            f"at least {SPEEDUP_GOAL:g}x faster than the straightforward client",
            f"{inputs.ratio:.1f}x",
            inputs.ratio >= SPEEDUP_GOAL,
            ""
            if inputs.ratio >= SPEEDUP_GOAL
            else f"{SPEEDUP_GOAL / inputs.ratio:.1f}x short",
        ),
        _upper(
            "second refresh (5 changed): requests beyond the one for states "
            f"<= {SECOND_REFRESH_EXTRA_REQUESTS}",
            inputs.second.request_total - 1,
            SECOND_REFRESH_EXTRA_REQUESTS,
            "",
        ),
    ]
    tui = inputs.tui
    if tui is not None:
        goals += [
            _upper(
                f"TUI applies a refresh of {tui.rows} rows without a handler over "
                f"{UI_STALL_GOAL_MS:g} ms (UI thread, max)",
                max(tui.longest_handler_ms),
                UI_STALL_GOAL_MS,
                "ms",
            ),
            _upper(
                "  the same, CPU time of the UI thread for all handlers (max)",
                max(tui.refresh_handlers_cpu_ms),
                UI_STALL_GOAL_MS,
                "ms",
            ),
            _upper(
                f"TUI: no stall over {UI_STALL_GOAL_MS:g} ms during a refresh "
                "(GIL waits included, max)",
                max(tui.refresh_stall_ms),
                UI_STALL_GOAL_MS,
                "ms",
            ),
            _upper(
                f"TUI filter keystroke under {FILTER_KEY_GOAL_MS:g} ms (max)",
                max(tui.filter_key_ms),
                FILTER_KEY_GOAL_MS,
                "ms",
            ),
            _upper(
                "  the same, CPU time of the UI thread only (max)",
                max(tui.filter_key_cpu_ms),
                FILTER_KEY_GOAL_MS,
                "ms",
            ),
            _upper(
                f"whole console under {CONSOLE_MEMORY_GOAL_MB:g} MB with "
                f"{tui.rows} sandboxes (peak RSS)",
                tui.max_rss_kib * 1024 / 1e6,
                CONSOLE_MEMORY_GOAL_MB,
                "MB",
            ),
        ]
    return goals


def print_goals(inputs: GoalInputs) -> None:
    print(f"Goals at {inputs.latency_ms:g} ms")
    for goal in evaluate(inputs):
        verdict = "met" if goal.met else f"MISSED ({goal.miss})"
        print(f"  {goal.text:<72} {goal.measured:>12}  {verdict}")
