"""Time from a keystroke in the compose form to its updated messages on screen.

Run as `python -m benchmarks.compose_keystroke`. A request with 100 environment
variables, 50 mounts and 50 labels is loaded into the headless app. Each key is
timed from reaching the app until the first frame drawn after the working
directory's message changed. In one case the keys make the error appear and go;
in the other they edit a path that stays invalid, so only the message text
changes. The validation alone (`ComposeState.validate`) is timed for comparison.
The figures depend on the machine and on what else runs on it.
"""

from __future__ import annotations

import argparse
import asyncio
import statistics
import time
from typing import Any

from textual import events
from textual.app import App
from textual.widgets import Static

from console.tui.compose import ComposeScreen
from console.tui.compose.field_row import FieldRow
from console.tui.compose.fields import FIELDS_BY_PATH
from console.tui.compose.state import ComposeState


def large_request() -> dict[str, Any]:
    """Return a valid request with 100 envs, 50 mounts and 50 labels."""
    return {
        "pod_sandbox_id": "101",
        "config": {
            "metadata": {"name": "bench"},
            "image": {"image": "docker.io/library/nginx:1.27"},
            "command": ["nginx", "-g", "daemon off;"],
            "working_dir": "/srv",
            "envs": [{"key": f"VAR_{i}", "value": f"value {i}"} for i in range(100)],
            "mounts": [
                {"host_path": f"/srv/host/{i}", "container_path": f"/data/{i}"}
                for i in range(50)
            ],
            "labels": {f"example.com/label-{i}": f"v{i}" for i in range(50)},
        },
        "sandbox_config": {
            "metadata": {"name": "bench", "namespace": "default", "uid": "u-1"},
            "log_directory": "/var/log/pods/bench",
        },
    }


class BenchApp(App[None]):
    def on_mount(self) -> None:
        self.push_screen(ComposeScreen(None, data=large_request(), offer_draft=False))


def percentile(samples: list[float], fraction: float) -> float:
    ordered = sorted(samples)
    return ordered[min(len(ordered) - 1, round(fraction * (len(ordered) - 1)))]


async def _send(app: App[None], key: str, character: str | None) -> None:
    """Send a key the way the terminal driver does, without the pilot's idle waits."""
    event = events.Key(key, character)
    event.set_sender(app)
    assert app._driver is not None
    app._driver.send_message(event)


async def time_keystrokes(
    count: int, size: tuple[int, int], *, toggle: bool
) -> list[float]:
    """Return, per keystroke, the seconds until a frame shows the field's new message.

    The clock starts when the key reaches the app, as a terminal key would, and
    stops at the first frame written after the message widget was updated. With
    `toggle`, keys alternately make the working directory relative (its error
    appears) and absolute again (it disappears); without, each key extends a
    relative path, so the error stays and only its text changes.
    """
    app = BenchApp()
    samples: list[float] = []
    frames: list[float] = []
    updates: list[float] = []
    async with app.run_test(size=size) as pilot:
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, ComposeScreen)
        row = next(
            row
            for row in screen.query(FieldRow)
            if row.form_field.path == "config.working_dir"
        )
        errors = row.query_one(".field-errors", Static)
        screen._activate("pane-container")
        row.editor.focus()
        await pilot.pause()
        await pilot.press("home")
        if not toggle:
            await pilot.press("delete", "end")
            await pilot.pause()

        display = app._display
        update = errors.update

        def record_frame(*args: Any) -> None:
            frames.append(time.perf_counter())
            display(*args)

        def record_update(*args: Any, **options: Any) -> None:
            updates.append(time.perf_counter())
            update(*args, **options)

        app._display = record_frame  # type: ignore[method-assign]
        errors.update = record_update  # type: ignore[method-assign]
        for index in range(count):
            frames.clear()
            updates.clear()
            start = time.perf_counter()
            if not toggle:
                await _send(app, "x", "x")
            elif index % 2 == 0:
                await _send(app, "delete", None)
            else:
                await _send(app, "slash", "/")
            while not (updates and any(frame > updates[-1] for frame in frames)):
                if time.perf_counter() - start > 5:
                    raise TimeoutError(f"no frame showed keystroke {index}")
                await asyncio.sleep(0.0005)
            shown = next(frame for frame in frames if frame > updates[-1])
            samples.append(shown - start)
            assert bool(errors.display) is (not toggle or index % 2 == 0), index
            await pilot.pause()
            if toggle and index % 2 == 1:
                await pilot.press("home")
    return samples


def time_validation(count: int) -> list[float]:
    state = ComposeState()
    state.load(large_request())
    working_dir = FIELDS_BY_PATH["config.working_dir"]
    samples = []
    for index in range(count):
        start = time.perf_counter()
        state.edit(working_dir, "srv" if index % 2 == 0 else "/srv")
        state.validate()
        samples.append(time.perf_counter() - start)
    return samples


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--keys", type=int, default=60, help="keystrokes to time")
    options = parser.parse_args()

    validation = time_validation(options.keys)
    print(f"request: 100 envs, 50 mounts, 50 labels; {options.keys} keystrokes")
    print(f"{'measure':<40} {'median ms':>10} {'p95 ms':>10}")
    print(
        f"{'validate + place issues':<40} "
        f"{statistics.median(validation) * 1000:>10.2f} "
        f"{percentile(validation, 0.95) * 1000:>10.2f}"
    )
    for size in ((80, 24), (160, 48)):
        for toggle, case in ((True, "error shown/gone"), (False, "error text edited")):
            samples = asyncio.run(time_keystrokes(options.keys, size, toggle=toggle))
            label = f"keystroke, {case}, {size[0]}x{size[1]}"
            print(
                f"{label:<40} {statistics.median(samples) * 1000:>10.2f} "
                f"{percentile(samples, 0.95) * 1000:>10.2f}"
            )


if __name__ == "__main__":
    main()
