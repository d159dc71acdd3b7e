"""A small app that shows the compose screen on its own, for tests and benchmarks."""

from __future__ import annotations

from collections.abc import Callable

from textual.app import App

from console.tui.compose import ComposeScreen

# Submissions in tests carry this id, so snapshots and history entries repeat.
FIXED_REQUEST_ID = "0123456789abcdef"


class ComposeTestApp(App[None]):
    """Pushes one compose screen built by `make_screen` and nothing else."""

    def __init__(self, make_screen: Callable[[], ComposeScreen]) -> None:
        super().__init__()
        self.make_screen = make_screen
        self.results: list[object] = []

    def on_mount(self) -> None:
        self.push_screen(self.make_screen(), self.results.append)

    @property
    def compose_screen(self) -> ComposeScreen:
        for screen in reversed(self.screen_stack):
            if isinstance(screen, ComposeScreen):
                return screen
        raise LookupError("no compose screen on the stack")
