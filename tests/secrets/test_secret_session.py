"""A full session with recognisable secrets, then a search of every file it wrote."""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Iterator
from functools import partial
from pathlib import Path

import pytest
from creation_cluster import running_cluster
from tui.conftest import settle

from console.__main__ import main
from console.cli import build_parser
from console.cli.logs import configure_from_args
from console.settings import config_file, load_settings
from console.sim.server import SimServer
from console.tui.app import PodConsoleApp, _open_connection
from console.tui.compose import ComposeScreen

TOKEN_SECRET = "tok3n-5ecret-77c1d0e2-leak-probe"
PASSWORD = "pa55word-leak-probe-91fe"
TOKEN_NAME = "leakprobe"

REQUEST = """\
pod_sandbox_id: "201"
config:
  metadata: {name: leak-probe}
  image: {image: "local:vztmpl/debian-12-standard_12.7-1_amd64.tar.zst"}
  command: [sleep, infinity]
sandbox_config:
  metadata: {name: pod, namespace: default, uid: u1}
"""


@pytest.fixture(scope="module")
def server() -> Iterator[SimServer]:
    with running_cluster() as running:
        access = running.cluster.access
        access.add_token(f"root@pam!{TOKEN_NAME}", TOKEN_SECRET, privsep=False)
        access.users["root@pam"].password = PASSWORD
        yield running


def _write_profile(server: SimServer) -> Path:
    path = config_file()
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(
        f"""\
default_profile = "probe"

[profiles.probe]
host = "{server.host}"
port = {server.port}
user = "root@pam"
token_id = "{TOKEN_NAME}"
token_secret = "{TOKEN_SECRET}"
ca_file = "{server.ca_file}"
"""
    )
    path.chmod(0o600)
    return path


def _files_holding_secrets(root: Path) -> list[str]:
    found = []
    for path in sorted(root.rglob("*")):
        if not path.is_file() or path == config_file():
            continue
        data = path.read_bytes()
        for secret in (TOKEN_SECRET, PASSWORD):
            if secret.encode() in data:
                found.append(f"{path}: {secret}")
    return found


async def test_session_leaves_no_secret(
    server: SimServer,
    isolated_user_dirs: Path,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    _write_profile(server)
    log_file = tmp_path / "session.log"
    request = tmp_path / "request.yaml"
    request.write_text(REQUEST)

    # The TUI as run_tui starts it, logging at debug level to the file.
    args = build_parser().parse_args(["--debug", "--log", str(log_file)])
    configure_from_args(args)
    app = PodConsoleApp(
        partial(_open_connection, args, {}),
        settings=load_settings(),
        log_path=log_file,
    )
    screens: list[str] = []
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        assert app.sandboxes_screen.table.get_sandbox(201) is not None
        screens.append(app.export_screenshot())
        assert app.sandboxes_screen.table.move_cursor_to(201)
        await pilot.press("enter")
        await settle(pilot)
        screens.append(app.export_screenshot())
        await pilot.press("escape")
        app.push_screen(ComposeScreen(app.connection, pod_sandbox_id="201"))
        await pilot.pause()
        compose = app.screen
        assert isinstance(compose, ComposeScreen)
        compose.set_field("config.metadata.name", "probe")
        # The operator types the secrets as values of secret-looking variables:
        # the draft saved after the edit must leave those values out.
        envs = f"API_TOKEN={TOKEN_SECRET}\nDB_PASSWORD={PASSWORD}"
        compose.set_field("config.envs", envs)
        await pilot.pause(0.7)
        await settle(pilot)

    # The CLI: validate, create with the token, the list with a password login.
    logging = ["--debug", "--log", str(log_file)]
    assert main([*logging, "validate", str(request)]) == 0
    assert main([*logging, "create", "--yes", str(request)]) == 0
    monkeypatch.setenv("PVE_PASSWORD", PASSWORD)
    argv = [*logging, "sandboxes", "--host"]
    argv += [f"{server.host}:{server.port}", "--user", "root@pam"]
    argv += ["--ca-file", str(server.ca_file)]
    assert main(argv) == 0
    printed = capsys.readouterr()

    draft = isolated_user_dirs / "state" / "pod-console" / "compose-draft.json"
    assert draft.is_file(), "the compose screen saved no draft"
    assert "API_TOKEN" in draft.read_text()
    history = isolated_user_dirs / "state" / "pod-console" / "history.jsonl"
    assert "created" in history.read_text()
    logged = log_file.read_text()
    assert " DEBUG console." in logged
    # urllib3 and proxmoxer log request lines and headers at DEBUG: --debug keeps
    # them at WARNING, so none of their records is in the file.
    assert " DEBUG urllib3" not in logged
    assert " DEBUG proxmoxer" not in logged
    assert _files_holding_secrets(isolated_user_dirs) == []
    assert _files_holding_secrets(tmp_path) == []
    for secret in (TOKEN_SECRET, PASSWORD):
        assert secret not in printed.out
        assert secret not in printed.err
        for screen in screens:
            assert secret not in screen


def test_no_option_takes_a_secret() -> None:
    """Secrets never come as arguments, which any user can read in /proc/PID/cmdline."""
    parser = build_parser()
    parsers = [parser]
    for action in parser._subparsers._group_actions:  # type: ignore[union-attr]
        parsers.extend(action.choices.values())  # type: ignore[union-attr]
    options = {
        option
        for each in parsers
        for action in each._actions
        for option in action.option_strings
    }

    assert options
    assert not [o for o in options if any(w in o for w in ("pass", "secret", "token"))]
    assert "PVE_TOKEN_VALUE" in parser.format_help()
    assert "PVE_PASSWORD" in parser.format_help()


def test_process_title_holds_no_secret(
    server: SimServer, tmp_path: Path, isolated_user_dirs: Path
) -> None:
    _write_profile(server)
    request = tmp_path / "request.yaml"
    request.write_text(REQUEST.replace("leak-probe", "cmdline-probe"))
    environment = {**os.environ, "PVE_PASSWORD": PASSWORD}
    server.faults.task_seconds = 150
    command = [
        sys.executable,
        "-m",
        "console",
        "--debug",
        "create",
        "--yes",
        str(request),
    ]
    process = subprocess.Popen(
        command, stdout=subprocess.PIPE, env=environment, text=True
    )
    try:
        assert process.stdout is not None
        for line in process.stdout:
            # A task log line: the process is connected and waits for the task.
            if line.startswith("    | "):
                break
        cmdline = Path(f"/proc/{process.pid}/cmdline").read_bytes()
    finally:
        process.kill()
        process.wait(timeout=30)
        server.faults.task_seconds = None

    assert b"create" in cmdline
    assert TOKEN_SECRET.encode() not in cmdline
    assert PASSWORD.encode() not in cmdline
    assert _files_holding_secrets(isolated_user_dirs) == []
