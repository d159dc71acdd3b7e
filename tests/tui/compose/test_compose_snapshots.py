"""Snapshots of the compose screen, its review and its task view, at two sizes.

Inputs stop blinking and submissions carry a fixed request id, so every run
draws the same screen. Update the SVGs with
`pytest tests/tui/compose/test_compose_snapshots.py --snapshot-update` and look
at each one.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import Any

import pytest
from textual.pilot import Pilot
from textual.widgets import Input, TextArea

from console.proxmox.connection import Connection
from console.tui.compose import ComposeScreen

from .compose_app import FIXED_REQUEST_ID, ComposeTestApp

SnapCompare = Callable[..., bool]

SIZES = [
    pytest.param((80, 24), id="80x24"),
    pytest.param((140, 40), id="140x40"),
]

TEMPLATE = "local:vztmpl/debian-12-standard_12.7-1_amd64.tar.zst"

VALID_REQUEST: dict[str, Any] = {
    "pod_sandbox_id": "101",
    "config": {
        "metadata": {"name": "api"},
        "image": {"image": TEMPLATE},
        "command": ["sleep", "infinity"],
        "envs": [{"key": "MODE", "value": "prod"}],
        "labels": {"app": "api"},
    },
    "sandbox_config": {
        "metadata": {"name": "web-pod", "namespace": "default", "uid": "uid-1"},
        "hostname": "web-1",
    },
}

BROKEN_REQUEST: dict[str, Any] = {
    "config": {
        "metadata": {"name": "api_server", "attempt": "first"},
        "image": {"image": "host:5000/app"},
        "working_dir": "srv/../app",
        "envs": [
            {"key": "MODE", "value": "prod"},
            {"key": "", "value": "orphan"},
            {"key": "MODE", "value": "dev"},
        ],
        "logDirectory": "/var/log/pods",
    },
    "sandbox_config": {"metadata": {"name": "web-pod"}, "hostname": "web_1"},
}


def _app(
    connection: Connection | None = None, data: dict[str, Any] | None = None
) -> ComposeTestApp:
    return ComposeTestApp(
        lambda: ComposeScreen(
            connection, data=data, offer_draft=False, request_id=FIXED_REQUEST_ID
        )
    )


async def _settle(pilot: Pilot[Any]) -> None:
    await pilot.app.workers.wait_for_complete()
    await pilot.pause()
    for widget in pilot.app.screen.query("Input, TextArea"):
        if isinstance(widget, Input | TextArea):
            widget.cursor_blink = False
    await pilot.pause()


def after(*keys: str) -> Callable[[Pilot[Any]], Awaitable[None]]:
    """Return a run_before hook: settle, press `keys` one by one, settle again."""

    async def run_before(pilot: Pilot[Any]) -> None:
        await _settle(pilot)
        for key in keys:
            await pilot.press(key)
            await _settle(pilot)

    return run_before


@pytest.mark.parametrize("size", SIZES)
def test_empty_form(snap_compare: SnapCompare, size: tuple[int, int]) -> None:
    assert snap_compare(_app(), terminal_size=size, run_before=after())


@pytest.mark.parametrize("size", SIZES)
def test_form_full_of_errors(snap_compare: SnapCompare, size: tuple[int, int]) -> None:
    app = _app(data=BROKEN_REQUEST)
    assert snap_compare(app, terminal_size=size, run_before=after("f4"))


@pytest.mark.parametrize("size", SIZES)
def test_issues_panel(snap_compare: SnapCompare, size: tuple[int, int]) -> None:
    app = _app(data=BROKEN_REQUEST)
    assert snap_compare(app, terminal_size=size, run_before=after("f8"))


@pytest.mark.parametrize("size", SIZES)
def test_raw_view(snap_compare: SnapCompare, size: tuple[int, int]) -> None:
    app = _app(data=BROKEN_REQUEST)
    assert snap_compare(app, terminal_size=size, run_before=after("f2"))


@pytest.mark.parametrize("size", SIZES)
def test_review_screen(
    snap_compare: SnapCompare, sim_connection: Connection, size: tuple[int, int]
) -> None:
    app = _app(sim_connection, VALID_REQUEST)
    assert snap_compare(app, terminal_size=size, run_before=after("ctrl+r"))


@pytest.mark.parametrize("size", SIZES)
def test_task_view(
    snap_compare: SnapCompare, sim_connection: Connection, size: tuple[int, int]
) -> None:
    app = _app(sim_connection, VALID_REQUEST)
    assert snap_compare(app, terminal_size=size, run_before=after("ctrl+r", "ctrl+g"))
