"""Loading request files into the compose form, and the raw view."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from conftest import CORPUS_DIR
from textual.widgets import Input, TabbedContent, TextArea

from console.__main__ import main
from console.tui.compose import ComposeScreen
from console.tui.compose.dialogs import LoadDialog, SaveDialog
from console.tui.compose.field_row import FieldRow

from .compose_app import ComposeTestApp

# (container config, pod sandbox config) pairs from the corpus, as crictl takes them.
CORPUS_PAIRS = [
    ("cri-o/container_redis.json", "cri-o/sandbox_config.json"),
    ("cri-o/container_config_privileged.json", "cri-o/sandbox_config_privileged.json"),
    ("cri-o/container_config_hostport.json", "cri-o/sandbox_config_hostport.json"),
    ("cri-o/container_config_seccomp.json", "cri-o/sandbox_config_seccomp.json"),
    ("cri-o/container_redis_device.json", "cri-o/sandbox_config_selinux.json"),
    ("cri-o/container_config_by_imageid.json", "cri-o/sandbox_config_sysctl.json"),
    ("cri-o/container_redis_user.json", "cri-o/sandbox_config_apparmor.json"),
    ("cri-tools/container-config.yaml", "cri-tools/sandbox-config.yaml"),
    ("cri-tools/container-config.json", "cri-tools/podsandbox-config.json"),
    ("containerd/ollama-container-config.json", "containerd/ollama-pod-config.json"),
    (
        "kata-containers/redis_server_container_config.json",
        "kata-containers/redis_server_sandbox_config.json",
    ),
    (
        "critest-rootless-cgroup2/container-config.json",
        "critest-rootless-cgroup2/pod-config.json",
    ),
    ("seccomp-operator/container-config.json", "seccomp-operator/pod-config.json"),
    ("mock-cri/container_config.json", "mock-cri/sandbox_spoof_config.json"),
]

needs_corpus = pytest.mark.skipif(
    not CORPUS_DIR.is_dir(), reason=f"the CRI corpus is not at {CORPUS_DIR}"
)


def _row(screen: ComposeScreen, path: str) -> FieldRow:
    return next(row for row in screen.query(FieldRow) if row.form_field.path == path)


def _app() -> ComposeTestApp:
    return ComposeTestApp(lambda: ComposeScreen(None, offer_draft=False))


def _headless_issues(
    capsys: pytest.CaptureFixture[str], container: Path, sandbox: Path
) -> list[tuple[str, str, int | None]]:
    capsys.readouterr()
    main(
        [
            "validate",
            "--format",
            "json",
            "--pod-sandbox-id",
            "101",
            "--config",
            str(container),
            "--sandbox-config",
            str(sandbox),
        ]
    )
    report = json.loads(capsys.readouterr().out)
    return [(item["path"], item["message"], item["line"]) for item in report["issues"]]


@needs_corpus
@pytest.mark.parametrize(("container", "sandbox"), CORPUS_PAIRS)
async def test_corpus_pair_shows_validate_issues(
    container: str, sandbox: str, capsys: pytest.CaptureFixture[str]
) -> None:
    container_path = CORPUS_DIR / container
    sandbox_path = CORPUS_DIR / sandbox
    expected = _headless_issues(capsys, container_path, sandbox_path)
    app = _app()
    async with app.run_test() as pilot:
        await pilot.press("ctrl+o")
        dialog = app.screen
        assert isinstance(dialog, LoadDialog)
        dialog.query_one("#load-path", Input).value = str(container_path)
        dialog.query_one("#load-sandbox-path", Input).value = str(sandbox_path)
        dialog.query_one("#load-sandbox-id", Input).value = "101"
        await pilot.press("enter")
        await pilot.pause()
        screen = app.compose_screen
        shown = [
            (placed.issue.path, placed.issue.message, placed.issue.line)
            for placed in screen.state.all_placed()
        ]
        assert sorted(shown, key=str) == sorted(expected, key=str)


async def test_failed_load_keeps_the_form(tmp_path: Path) -> None:
    app = _app()
    async with app.run_test() as pilot:
        screen = app.compose_screen
        screen.set_field("config.metadata.name", "typed")
        await pilot.press("ctrl+o")
        dialog = app.screen
        assert isinstance(dialog, LoadDialog)
        dialog.query_one("#load-path", Input).value = str(tmp_path / "missing.json")
        await pilot.press("enter")
        await pilot.pause()
        assert app.screen is screen
        assert _row(screen, "config.metadata.name").text == "typed"
        assert screen.state.document.get(("config", "metadata", "name")) == "typed"


async def test_loaded_file_with_problems_fills_what_it_can(tmp_path: Path) -> None:
    path = tmp_path / "request.yaml"
    path.write_text(
        "pod_sandbox_id: '101'\n"
        "config:\n"
        "  metadata: {name: web}\n"
        "  image: {image: 'nginx:1.27'}\n"
        "  envs:\n"
        "  - {key: A, value: '1'}\n"
        "  - {key: '', value: '2'}\n"
        "  logDirectory: /var/log\n"
    )
    app = _app()
    async with app.run_test() as pilot:
        await pilot.press("ctrl+o")
        app.screen.query_one("#load-path", Input).value = str(path)
        await pilot.press("enter")
        await pilot.pause()
        screen = app.compose_screen
        assert _row(screen, "config.metadata.name").text == "web"
        assert _row(screen, "config.envs").text == "A=1\n=2"
        env_messages = screen.state.placement.by_field["config.envs"]
        assert env_messages[0].text.startswith("line 2: ")
        unplaced = [item.issue for item in screen.state.placement.unplaced]
        assert [issue.path for issue in unplaced] == ["config.logDirectory"]
        assert unplaced[0].file == str(path)
        assert unplaced[0].line == 8


async def test_form_and_raw_view_round_trip() -> None:
    app = _app()
    async with app.run_test() as pilot:
        screen = app.compose_screen
        values = {
            "pod_sandbox_id": "101",
            "config.metadata.name": "web",
            "config.image.image": "docker.io/library/nginx:1.27",
            "config.command": "sleep\ninfinity",
            "config.envs": "A=1\nB=two words",
            "config.mounts": "/srv:/data:ro",
            "config.linux.security_context.run_as_user": "1000",
            "config.linux.resources.memory_limit_in_bytes": "512Mi",
            "sandbox_config.port_mappings": "80:8080/udp",
            "sandbox_config.labels": "app=web",
        }
        for path, text in values.items():
            screen.set_field(path, text)
        await pilot.pause()
        before = screen.state.document.copy()

        await pilot.press("f2")
        await pilot.pause()
        assert screen.query_one(TabbedContent).active == "pane-raw"
        raw = screen.query_one("#raw-text", TextArea)
        assert "nginx:1.27" in raw.text
        await pilot.press("f2")
        await pilot.pause()
        assert screen.state.document.data == before
        for path, text in values.items():
            assert _row(screen, path).text == text, path

        await pilot.press("f2")
        await pilot.pause()
        raw.load_text(raw.text.replace("name: web", "name: api"))
        await pilot.pause()
        await pilot.press("f2")
        await pilot.pause()
        assert _row(screen, "config.metadata.name").text == "api"
        assert _row(screen, "config.envs").text == "A=1\nB=two words"


async def test_raw_syntax_error_keeps_the_last_request() -> None:
    app = _app()
    async with app.run_test() as pilot:
        screen = app.compose_screen
        screen.set_field("config.metadata.name", "web")
        await pilot.press("f2")
        await pilot.pause()
        raw = screen.query_one("#raw-text", TextArea)
        raw.load_text("config: [unclosed\n")
        await pilot.pause()
        assert "line" in str(screen.query_one("#raw-issues").content)
        assert screen.state.document.get(("config", "metadata", "name")) == "web"


async def test_save_writes_a_file_crictl_reads(tmp_path: Path) -> None:
    app = _app()
    async with app.run_test() as pilot:
        screen = app.compose_screen
        screen.set_field("config.metadata.name", "web")
        screen.set_field("sandbox_config.port_mappings", "80/udp")
        await pilot.press("ctrl+s")
        dialog = app.screen
        assert isinstance(dialog, SaveDialog)
        dialog.query_one("#save-path", Input).value = str(tmp_path / "c.json")
        dialog.query_one("#save-sandbox-path", Input).value = str(tmp_path / "p.yaml")
        await pilot.press("enter")
        await pilot.pause()
    container = json.loads((tmp_path / "c.json").read_text())
    assert container["metadata"] == {"name": "web"}
    pod = (tmp_path / "p.yaml").read_text()
    assert "protocol: 1" in pod


async def test_raw_view_json_keeps_every_value() -> None:
    app = _app()
    async with app.run_test() as pilot:
        screen = app.compose_screen
        screen.set_field("config.metadata.name", "web")
        screen.set_field("config.envs", "A=1\nB=2")
        await pilot.pause()
        before = screen.state.document.copy()
        await pilot.press("f2")
        await pilot.pause()
        await pilot.click("#raw-json")
        await pilot.pause()
        raw = screen.query_one("#raw-text", TextArea)
        assert json.loads(raw.text) == before
        await pilot.press("f2")
        await pilot.pause()
        assert screen.state.document.data == before


async def test_raw_view_issues_name_their_line() -> None:
    app = _app()
    async with app.run_test() as pilot:
        screen = app.compose_screen
        screen.set_field("config.working_dir", "srv")
        await pilot.pause()
        await pilot.press("f2")
        await pilot.pause()
        raw = screen.query_one("#raw-text", TextArea)
        line = next(
            number
            for number, text in enumerate(raw.text.splitlines(), start=1)
            if "working_dir" in text
        )
        issues = str(screen.query_one("#raw-issues").content)
        assert f'line {line}: `config.working_dir` is "srv"' in issues
