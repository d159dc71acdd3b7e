"""The sandboxes screen on the demo cluster: filter, triage, sort, refresh, nodes."""

from __future__ import annotations

from rich.text import Text
from textual.widgets import Static

from console.proxmox.connection import Connection
from console.sim.server import SimServer
from console.tui.screens.detail import SandboxDetailScreen
from console.tui.screens.sandboxes import SandboxesScreen
from console.tui.ui_state import load_ui_state
from console.tui.widgets.sandbox_table import SandboxTable
from console.tui.widgets.status_line import StatusLine
from tests.tui.conftest import AppFactory, settle

# Every container of the demo cluster but the template 105.
DEMO_VMIDS = {
    *range(101, 105),
    *range(106, 116),
    120,
    *range(201, 213),
    *range(301, 305),
}


def table_of(app: object) -> SandboxTable:
    from console.tui.app import PodConsoleApp

    assert isinstance(app, PodConsoleApp)
    return app.sandboxes_screen.table


async def test_lists_every_sandbox(make_app: AppFactory) -> None:
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        table = table_of(app)
        assert set(table.shown_vmids) == DEMO_VMIDS
        web_1 = table.get_sandbox(101)
        assert web_1 is not None
        assert web_1.is_ready
        assert web_1.ip == "10.10.0.101"
        assert app.cluster is not None
        assert app.cluster.nodes_online == 2
        assert app.cluster.nodes_total == 3


async def test_filter_as_you_type(make_app: AppFactory) -> None:
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        table = table_of(app)
        await pilot.press("slash", "w", "e", "b")
        assert table.shown_vmids == (101, 102)
        await pilot.press("backspace", "backspace", "backspace", *"10.10.0.104")
        assert table.shown_vmids == (104,)
        await pilot.press("escape")
        assert set(table.shown_vmids) == DEMO_VMIDS
        assert app.screen.query_one("#filter").display is False


async def test_filter_matches_node_and_tag(make_app: AppFactory) -> None:
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        table = table_of(app)
        await pilot.press("slash", *"pve3", "enter")
        assert table.shown_vmids == (301, 302, 303, 304)
        # Enter keeps the filter and gives the keys back to the table.
        assert app.screen.focused is table
        await pilot.press("escape", "slash", *"staging")
        assert table.shown_vmids == (204, 208, 212)


async def test_keys_after_enter_go_to_table(make_app: AppFactory) -> None:
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        table = table_of(app)
        await pilot.press("slash", *"app", "enter", "t")
        assert table.filter_text == "app"
        assert table.not_ready_only is True
        assert table.shown_vmids == (202, 204, 206, 208, 210, 212)


async def test_triage_shows_not_ready_only(make_app: AppFactory) -> None:
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        table = table_of(app)
        await pilot.press("t")
        shown = set(table.shown_vmids)
        assert 101 not in shown
        assert {103, 104, 106, 107, 301} <= shown
        for vmid in shown:
            sandbox = table.get_sandbox(vmid)
            assert sandbox is not None
            assert not sandbox.is_ready
        await pilot.press("t")
        assert set(table.shown_vmids) == DEMO_VMIDS


async def test_sort_by_column_and_reverse(make_app: AppFactory) -> None:
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        table = table_of(app)
        await pilot.press("2")
        names = [table.get_sandbox(v).name for v in table.shown_vmids]  # type: ignore[union-attr]
        assert names == sorted(names, key=str.casefold)
        await pilot.press("2")
        assert table.sort_reverse is True
        names = [table.get_sandbox(v).name for v in table.shown_vmids]  # type: ignore[union-attr]
        assert names == sorted(names, key=str.casefold, reverse=True)
        await pilot.press("1")
        assert table.shown_vmids[:3] == (101, 102, 103)


async def test_sort_is_remembered(make_app: AppFactory) -> None:
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await pilot.press("4")
    assert load_ui_state().sort_column == "state"

    again = make_app()
    async with again.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        table = table_of(again)
        assert table.sort_column == "state"
        # Not ready first: the offline node's containers lead.
        assert table.shown_vmids[0] == 301


async def test_refresh_keeps_cursor_and_scroll(
    make_app: AppFactory, frozen_sim: SimServer, demo_connection: Connection
) -> None:
    app = make_app()
    async with app.run_test(size=(120, 12)) as pilot:
        await settle(pilot)
        table = table_of(app)
        assert table.move_cursor_to(209)
        scroll_before = table.scroll_y
        row_before = table.cursor_row
        assert scroll_before > 0
        demo_connection.api.nodes("pve1").lxc(103).status.start.post()
        frozen_sim.clock.advance(60)
        await pilot.press("r")
        await settle(pilot)
        assert table.cursor_sandbox is not None
        assert table.cursor_sandbox.vmid == 209
        assert table.cursor_row == row_before
        assert table.scroll_y == scroll_before
        started = table.get_sandbox(103)
        assert started is not None
        assert started.is_ready


async def test_refresh_follows_moved_row(
    make_app: AppFactory, frozen_sim: SimServer, demo_connection: Connection
) -> None:
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        table = table_of(app)
        await pilot.press("4")
        assert table.move_cursor_to(103)
        # 103 starts, so it leaves the not-ready rows at the top.
        demo_connection.api.nodes("pve1").lxc(103).status.start.post()
        frozen_sim.clock.advance(60)
        await pilot.press("r")
        await settle(pilot)
        assert table.cursor_sandbox is not None
        assert table.cursor_sandbox.vmid == 103
        assert table.shown_vmids.index(103) == table.cursor_row


async def test_offline_node_rows_marked(
    make_app: AppFactory, frozen_sim: SimServer
) -> None:
    app = make_app()
    async with app.run_test(size=(160, 40)) as pilot:
        await settle(pilot)
        frozen_sim.faults.set_node_offline("pve2")
        await pilot.press("r")
        await settle(pilot)
        table = table_of(app)
        for vmid in range(201, 213):
            sandbox = table.get_sandbox(vmid)
            assert sandbox is not None
            assert not sandbox.node_online
        web_1 = table.get_sandbox(101)
        assert web_1 is not None
        assert web_1.is_ready
        status = app.screen.query_one(StatusLine)
        assert "node pve2 is offline" in str(status.render())
        assert app.cluster is not None
        assert app.cluster.nodes_online == 1
        row = table.shown_vmids.index(201)
        line = table.render_line(row + 1 - int(table.scroll_y)).text
        assert "? unknown" in line
        assert "node offline" in line


async def test_description_shown_as_plain_text(make_app: AppFactory) -> None:
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        assert table_of(app).move_cursor_to(120)
        await pilot.press("enter")
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, SandboxDetailScreen)
        content = screen.query_one("#detail-description", Static).content
        assert isinstance(content, Text)
        assert "Notes for [bold]ops[/] [link=https://example.invalid]click[/link]" in (
            content.plain
        )
        assert "red alert" in content.plain
        assert "\x1b" not in content.plain
        assert "\x07" not in content.plain
        # Only the heading is styled; nothing in the description became markup.
        assert [(span.start, span.end) for span in content.spans] == [(0, 11)]
        await pilot.press("escape")
        assert isinstance(app.screen, SandboxesScreen)


async def test_hostile_name_and_tags_inert(
    make_app: AppFactory, frozen_sim: SimServer
) -> None:
    container = frozen_sim.cluster.containers[101]
    # Replaced whole, because the simulator caches views until a field is set.
    container.config = {
        **container.config,
        "hostname": "[bold]x\x1b]0;owned\x07y",
        "tags": "[red]z",
    }
    app = make_app()
    async with app.run_test(size=(160, 20)) as pilot:
        await settle(pilot)
        table = table_of(app)
        # The cursor row is bold anyway, so it goes elsewhere.
        assert table.move_cursor_to(102)
        row = table.shown_vmids.index(101)
        line = table.render_line(row + 1 - int(table.scroll_y))
        assert "[bold]xy" in line.text
        assert "[red]z" in line.text
        assert "\x1b" not in line.text
        # No segment of the row carries a style the markup would have set.
        styles = {segment.style for segment in line if "xy" in segment.text}
        assert all(style is None or not style.bold for style in styles)
