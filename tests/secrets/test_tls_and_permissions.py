"""Loose permissions on a secret refuse the start; unverified TLS is always shown."""

from __future__ import annotations

from contextlib import AbstractContextManager
from functools import partial
from pathlib import Path

import pytest
from textual.widgets import Label
from tui.conftest import settle

from console.__main__ import main
from console.cli import build_parser
from console.proxmox.connection import Connection
from console.settings import config_file, load_settings
from console.sim.demo import DEMO_TOKEN_ID, DEMO_TOKEN_SECRET, DEMO_USER
from console.sim.server import SimServer
from console.tui.app import PodConsoleApp, _open_connection


def _profile_file(server: SimServer, extra: str, *, secret: bool = True) -> Path:
    path = config_file()
    path.parent.mkdir(parents=True, exist_ok=True)
    token_secret = f'token_secret = "{DEMO_TOKEN_SECRET}"\n' if secret else ""
    path.write_text(
        f"""\
default_profile = "sim"

[profiles.sim]
host = "{server.host}"
port = {server.port}
user = "{DEMO_USER}"
token_id = "{DEMO_TOKEN_ID.rpartition("!")[2]}"
{token_secret}{extra}
"""
    )
    path.chmod(0o600)
    return path


def test_readable_secret_refused_with_chmod(
    sim_server: SimServer, capsys: pytest.CaptureFixture[str]
) -> None:
    path = _profile_file(sim_server, f'ca_file = "{sim_server.ca_file}"')
    path.chmod(0o644)

    status = main(["sandboxes"])
    captured = capsys.readouterr()

    # The operator sees which file, why, and the command that fixes it.
    assert status == 2
    assert f"{path} contains" in captured.err
    assert "readable by other users (mode 0644)" in captured.err
    assert f"run `chmod 600 {path}`" in captured.err
    assert captured.out == ""
    assert "Traceback" not in captured.err


def test_tls_verified_by_default(
    sim_server: SimServer, capsys: pytest.CaptureFixture[str]
) -> None:
    # No ca_file: the simulator's own CA is in no trust store, so the call fails.
    _profile_file(sim_server, "")

    status = main(["sandboxes"])
    err = capsys.readouterr().err

    assert status == 2
    assert "is not trusted" in err
    assert "ca_file" in err


def test_insecure_profile_warns_in_cli(
    sim_server: SimServer, capsys: pytest.CaptureFixture[str]
) -> None:
    _profile_file(sim_server, "insecure = true")

    status = main(["sandboxes"])
    err = capsys.readouterr().err

    assert status == 0
    assert "TLS certificate checks are off" in err


async def test_insecure_profile_shown_on_screen(sim_server: SimServer) -> None:
    _profile_file(sim_server, "insecure = true")
    args = build_parser().parse_args([])
    notices: list[str] = []

    class RecordingApp(PodConsoleApp):
        def notify(self, message: str, **kwargs: object) -> None:  # type: ignore[override]
            notices.append(message)
            super().notify(message, **kwargs)  # type: ignore[arg-type]

    connector: partial[AbstractContextManager[Connection]] = partial(
        _open_connection, args, {}
    )
    app = RecordingApp(connector, settings=load_settings())
    async with app.run_test(size=(120, 30)) as pilot:
        await settle(pilot)
        badge = app.screen.query_one("#insecure-badge", Label)

        # A badge in the header for as long as the connection lasts, and a notice.
        assert badge.display
        assert "TLS NOT VERIFIED" in str(badge.render())
        assert any("TLS certificate checks are off" in notice for notice in notices)
        assert app.sandboxes_screen.table.get_sandbox(101) is not None


async def test_verified_profile_has_no_badge(sim_server: SimServer) -> None:
    _profile_file(sim_server, f'ca_file = "{sim_server.ca_file}"')
    args = build_parser().parse_args([])
    app = PodConsoleApp(partial(_open_connection, args, {}), settings=load_settings())
    async with app.run_test(size=(120, 30)) as pilot:
        await settle(pilot)

        assert app.sandboxes_screen.table.get_sandbox(101) is not None
        assert not app.screen.query_one("#insecure-badge", Label).display
