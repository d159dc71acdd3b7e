"""Keys typed fast across the form land in the field that Tab moved to."""

from __future__ import annotations

from contextlib import nullcontext

import pytest
from textual import events
from textual.pilot import Pilot

from console.proxmox.connection import Connection
from console.settings import Settings
from console.tui.app import PodConsoleApp
from console.tui.compose import ComposeScreen

from ..conftest import settle

NAME = "sandbox_config.metadata.name"
UID = "sandbox_config.metadata.uid"
NAMESPACE = "sandbox_config.metadata.namespace"
KEYS = ("w", "e", "b", "tab", "tab", "d", "e", "f")


def _app(connection: Connection) -> PodConsoleApp:
    return PodConsoleApp(
        lambda profile, demo: nullcontext(connection),
        settings=Settings(refresh_interval=0),
    )


async def _sandbox_config_of_101(pilot: Pilot[object]) -> ComposeScreen:
    """Compose on sandbox 101 from the list and go to the sandbox config tab."""
    app = pilot.app
    assert isinstance(app, PodConsoleApp)
    await settle(pilot)
    assert app.sandboxes_screen.table.move_cursor_to(101)
    await pilot.press("c")
    await settle(pilot)
    compose = app.screen
    assert isinstance(compose, ComposeScreen)
    await pilot.press("f4", "f4", "f4", "f4")
    await settle(pilot)
    assert compose.focused is compose.query_one("#field-sandbox_config--metadata--name")
    # The empty name shows an error, which the first key typed removes.
    assert compose.state.placement.by_field.get(NAME)
    return compose


def _fields(compose: ComposeScreen) -> dict[str, object]:
    document = compose.state.document
    return {
        path: document.get(tuple(path.split("."))) for path in (NAME, UID, NAMESPACE)
    }


async def test_keys_read_in_one_burst_follow_tab(sim_connection: Connection) -> None:
    app = _app(sim_connection)
    async with app.run_test(size=(80, 24)) as pilot:
        compose = await _sandbox_config_of_101(pilot)
        # As the terminal driver does with keys read at once: all are queued
        # before the app handles the first.
        for key in KEYS:
            app.post_message(events.Key(key, "\t" if key == "tab" else key))
        await settle(pilot)

        fields = _fields(compose)
        assert fields[NAME] == "web"
        assert fields[UID] is None
        assert fields[NAMESPACE] == "def"


@pytest.mark.parametrize("pause", [None, 0.05, 0.15])
async def test_keys_typed_one_by_one_follow_tab(
    sim_connection: Connection, pause: float | None
) -> None:
    app = _app(sim_connection)
    async with app.run_test(size=(80, 24)) as pilot:
        compose = await _sandbox_config_of_101(pilot)
        for key in KEYS:
            await pilot.press(key)
            await pilot.pause(pause)
        await settle(pilot)

        fields = _fields(compose)
        assert fields[NAME] == "web"
        assert fields[UID] is None
        assert fields[NAMESPACE] == "def"


async def test_tab_leaves_the_image_choice_list(sim_connection: Connection) -> None:
    app = _app(sim_connection)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        assert app.sandboxes_screen.table.move_cursor_to(101)
        await pilot.press("c")
        await settle(pilot)
        compose = app.screen
        assert isinstance(compose, ComposeScreen)
        image = compose.query_one("#field-config--image--image")
        choices = compose.query_one("#image-choices")
        image.focus()
        await settle(pilot)

        await pilot.press("tab")
        await settle(pilot)
        assert compose.focused is choices
        await pilot.press("enter", "escape")
        await settle(pilot)
        assert compose.focused is choices
        await pilot.press("shift+tab")
        await settle(pilot)
        assert compose.focused is image
        await pilot.press("tab", "tab")
        await settle(pilot)
        assert compose.focused is not choices
        assert compose.focused is not image


async def test_keys_after_tab_from_choice_list(sim_connection: Connection) -> None:
    app = _app(sim_connection)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        assert app.sandboxes_screen.table.move_cursor_to(101)
        await pilot.press("c")
        await settle(pilot)
        compose = app.screen
        assert isinstance(compose, ComposeScreen)
        compose.query_one("#image-choices").focus()
        await settle(pilot)

        # Read in one burst, as the terminal driver does.
        for key in ("tab", "s", "h"):
            app.post_message(events.Key(key, "\t" if key == "tab" else key))
        await settle(pilot)

        assert compose.state.document.get(("config", "command")) == ["sh"]
