"""Submitting from the compose screen to the simulator: review, task view, result."""

from __future__ import annotations

import dataclasses

from textual.widgets import Button, Input, Log, Select, Static

from console.history import read_history
from console.proxmox.connection import Connection
from console.sim.server import SimServer
from console.tui.compose import ComposeScreen
from console.tui.compose.drafts import DraftStore
from console.tui.compose.field_row import FieldRow
from console.tui.compose.review import ReviewScreen
from console.tui.compose.task import TaskScreen

from .compose_app import FIXED_REQUEST_ID, ComposeTestApp

TEMPLATE = "local:vztmpl/debian-12-standard_12.7-1_amd64.tar.zst"
FILLED = {
    "config.metadata.name": "api",
    "config.image.image": TEMPLATE,
    "config.command": "sleep\ninfinity",
    "config.envs": "MODE=prod",
    "sandbox_config.metadata.name": "web-pod",
    "sandbox_config.metadata.namespace": "default",
    "sandbox_config.metadata.uid": "uid-1",
}


def _app(connection: Connection) -> ComposeTestApp:
    return ComposeTestApp(
        lambda: ComposeScreen(
            connection,
            pod_sandbox_id="101",
            offer_draft=False,
            request_id=FIXED_REQUEST_ID,
        )
    )


def _row(screen: ComposeScreen, path: str) -> FieldRow:
    return next(row for row in screen.query(FieldRow) if row.form_field.path == path)


def _tagged_vmids(connection: Connection) -> list[int]:
    resources = connection.api.cluster.resources.get(type="vm")
    return [
        int(item["vmid"])
        for item in resources
        if FIXED_REQUEST_ID in str(item.get("tags", ""))
    ]


async def _fill_and_review(app: ComposeTestApp) -> ComposeScreen:
    pilot_app = app
    screen = pilot_app.compose_screen
    for path, text in FILLED.items():
        screen.set_field(path, text)
    return screen


async def test_submission_creates_the_container(sim_connection: Connection) -> None:
    app = _app(sim_connection)
    async with app.run_test(size=(100, 40)) as pilot:
        screen = await _fill_and_review(app)
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert screen.state.errors == 0, screen.state.issues

        await pilot.press("ctrl+r")
        await app.workers.wait_for_complete()
        await pilot.pause()
        review = app.screen
        assert isinstance(review, ReviewScreen)
        command = str(review.query_one("#review-command", Static).content)
        assert command.startswith("pct create ")
        assert "--hostname api" in command

        await pilot.press("ctrl+g")
        await pilot.pause()
        task = app.screen
        assert isinstance(task, TaskScreen)
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert task.result is not None
        assert task.result.ok, task.result.error
        assert task.query_one("#task-done", Button).display
        assert task.query_one(Log).line_count > 0

        await pilot.press("enter")
        await pilot.pause()
        assert not any(isinstance(item, ComposeScreen) for item in app.screen_stack)

    assert _tagged_vmids(sim_connection) == [task.result.vmid]
    history = read_history()
    assert [entry.request_id for entry in history.entries] == [FIXED_REQUEST_ID]


async def test_failed_submission_keeps_the_form(
    sim_server: SimServer, sim_connection: Connection
) -> None:
    app = _app(sim_connection)
    async with app.run_test(size=(100, 40)) as pilot:
        screen = await _fill_and_review(app)
        await app.workers.wait_for_complete()
        await pilot.press("ctrl+r")
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert isinstance(app.screen, ReviewScreen)

        sim_server.faults.fail_next_create("no space left on device")
        await pilot.press("ctrl+g")
        await pilot.pause()
        task = app.screen
        assert isinstance(task, TaskScreen)
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert task.result is not None
        assert not task.result.ok
        result_text = str(task.query_one("#task-result", Static).content)
        assert "no space left on device" in result_text
        assert task.query_one("#task-back", Button).display

        await pilot.press("enter")
        await pilot.pause()
        assert app.screen is screen
        for path, text in FILLED.items():
            assert _row(screen, path).text == text, path
    assert _tagged_vmids(sim_connection) == []


async def test_rejected_parameter_shows_under_its_field(
    sim_connection: Connection,
) -> None:
    app = _app(sim_connection)
    async with app.run_test(size=(100, 40)) as pilot:
        screen = await _fill_and_review(app)
        await app.workers.wait_for_complete()
        await pilot.press("ctrl+r")
        await app.workers.wait_for_complete()
        await pilot.pause()
        prepared = screen._prepared
        assert prepared is not None and prepared.plan is not None
        # A hostname the plan would have caught, sent as if a rule were missing.
        params = {**prepared.plan.params, "hostname": "bad_name"}
        broken = dataclasses.replace(prepared.plan, params=params)
        screen._prepared = dataclasses.replace(prepared, plan=broken)

        await pilot.press("ctrl+g")
        await pilot.pause()
        await app.workers.wait_for_complete()
        await pilot.pause()
        await pilot.press("enter")
        await pilot.pause()
        assert app.screen is screen
        placed = screen.state.placement.by_field["config.metadata.name"]
        assert [item.issue.code for item in placed] == ["pve-parameter-rejected"]
        errors = _row(screen, "config.metadata.name").query_one(".field-errors", Static)
        assert errors.display


async def test_read_only_profile_cannot_submit(
    read_only_connection: Connection,
) -> None:
    app = _app(read_only_connection)
    async with app.run_test() as pilot:
        screen = await _fill_and_review(app)
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert screen.state.errors == 0
        status = str(screen.query_one("#compose-status", Static).content)
        assert "read-only" in status
        await pilot.press("ctrl+r")
        await pilot.pause()
        assert app.screen is screen
    assert _tagged_vmids(read_only_connection) == []


async def test_sandbox_check_shows_under_the_field(sim_connection: Connection) -> None:
    app = _app(sim_connection)
    async with app.run_test() as pilot:
        screen = app.compose_screen
        # The check starts on a timer after the last edit, then runs in a worker.
        await pilot.pause(0.6)
        await app.workers.wait_for_complete()
        await pilot.pause()
        check = str(screen.query_one("#sandbox-check", Static).content)
        assert "101 web-1 on pve1" in check
        assert "ready" in check

        screen.set_field("pod_sandbox_id", "999")
        await pilot.pause(0.6)
        await app.workers.wait_for_complete()
        await pilot.pause()
        placed = screen.state.placement.by_field["pod_sandbox_id"]
        assert [item.issue.code for item in placed] == ["sandbox-not-found"]
        errors = _row(screen, "pod_sandbox_id").query_one(".field-errors", Static)
        assert errors.display


async def test_cluster_images_are_offered(sim_connection: Connection) -> None:
    app = _app(sim_connection)
    async with app.run_test() as pilot:
        screen = app.compose_screen
        await app.workers.wait_for_complete()
        await pilot.pause()
        image = _row(screen, "config.image.image").editor
        assert isinstance(image, Input)
        assert image.suggester is not None
        suggestion = await image.suggester.get_suggestion("local:vztmpl/deb")
        assert suggestion == TEMPLATE
        screen.query_one("#image-choices", Select).value = TEMPLATE
        await pilot.pause()
        assert screen.state.document.get(("config", "image", "image")) == TEMPLATE


async def test_success_discards_the_draft(sim_connection: Connection) -> None:
    app = _app(sim_connection)
    async with app.run_test(size=(100, 40)) as pilot:
        await _fill_and_review(app)
        await app.workers.wait_for_complete()
        await pilot.pause()
        await pilot.press("ctrl+r")
        await app.workers.wait_for_complete()
        await pilot.pause()
        await pilot.press("ctrl+g")
        await pilot.pause()
        await app.workers.wait_for_complete()
        await pilot.pause()
        await pilot.press("enter")
        await pilot.pause()
    assert DraftStore().load() is None


async def test_sandbox_hostname_is_offered(sim_connection: Connection) -> None:
    app = _app(sim_connection)
    async with app.run_test() as pilot:
        screen = app.compose_screen
        await app.workers.wait_for_complete()
        await pilot.pause(0.6)
        await app.workers.wait_for_complete()
        await pilot.pause()
        button = screen.query_one("#use-sandbox-dns", Button)
        assert not button.disabled
        await pilot.click("#use-sandbox-dns")
        await pilot.pause()
        assert _row(screen, "sandbox_config.hostname").text == "web-1"
        assert screen.state.document.get(("sandbox_config", "hostname")) == "web-1"
