"""Hostile request files through `pod-console validate` and the compose screen's load.

Each file is refused with one line naming it and what is wrong, or read with its
problems as issues: never a traceback, never a hang (each run has a time limit).
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from textual.widgets import Input
from tui.compose.compose_app import ComposeTestApp

from console.cri.files import MAX_FILE_SIZE
from console.tui.compose import ComposeScreen
from console.tui.compose.dialogs import LoadDialog

ALIAS_BOMB = "a0: &a0 [x, x, x, x, x, x, x, x, x, x]\n" + "".join(
    f"a{n}: &a{n} [{', '.join([f'*a{n - 1}'] * 10)}]\n" for n in range(1, 10)
)
VALID_HEAD = 'pod_sandbox_id: "101"\nconfig:\n  metadata: {name: web}\n'

# name: (file content, exit code, words the one line must contain)
HOSTILE_FILES: dict[str, tuple[bytes, int, str]] = {
    "deep json": (b"[" * 100_000 + b"]" * 100_000, 2, "nests more than 64"),
    "deep yaml": (b"a: " + b"[" * 100_000, 2, "nest"),
    "huge": (b'{"a": "' + b"x" * (MAX_FILE_SIZE + 10) + b'"}', 2, "larger than"),
    "binary": (bytes(range(256)) * 64, 2, "UTF-8"),
    "elf header": (
        b"\x7fELF\x02\x01\x01\x00" + b"\x00" * 64,
        2,
        "request.yaml:1:1: the control character U+007F is not allowed",
    ),
    "python object tag": (
        b"config: !!python/object/apply:os.system [touch /tmp/pwned]\n",
        2,
        "YAML tag",
    ),
    "alias bomb": (ALIAS_BOMB.encode(), 2, "aliases expand"),
    "number key": (b"1: a\n", 2, "a key must be a string"),
    "integer past 64 bits": (
        b'{"config": {"linux": {"resources": {"memory_limit_in_bytes": '
        b"99999999999999999999999}}}}",
        2,
        "64 bits",
    ),
    "nul byte in a json value": (
        b'{"config": {"envs": [{"key": "A", "value": "x\\u0000y"}]}}',
        1,
        "error config.envs[0].value: `config.envs[0].value` contains a NUL",
    ),
    "nul byte in a yaml value": (
        VALID_HEAD.encode() + b'  envs: [{key: A, value: "x\\0y"}]\n',
        1,
        "error config.envs[0].value: `config.envs[0].value` contains a NUL",
    ),
    "raw nul byte": (
        VALID_HEAD.encode() + b"  working_dir: /a\x00b\n",
        2,
        "request.yaml:4:18: the control character U+0000 is not allowed",
    ),
}


def _validate(path: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "console", "validate", str(path)],
        capture_output=True,
        text=True,
        timeout=60,
        env={**os.environ, "PYTHONPATH": os.pathsep.join(sys.path)},
        check=False,
    )


@pytest.mark.parametrize(
    ("content", "code", "words"), HOSTILE_FILES.values(), ids=HOSTILE_FILES
)
def test_validate_refuses_or_reports(
    tmp_path: Path, content: bytes, code: int, words: str
) -> None:
    path = tmp_path / "request.yaml"
    path.write_bytes(content)

    result = _validate(path)
    output = result.stdout + result.stderr

    assert result.returncode == code, output[-2000:]
    assert "Traceback" not in output
    assert str(path) in output
    assert words in output
    assert "\x00" not in output
    assert "\x1b" not in output
    assert not Path("/tmp/pwned").exists()


class RecordingApp(ComposeTestApp):
    """The compose test app, keeping every notification's text."""

    def __init__(self, *args: Any) -> None:
        super().__init__(*args)
        self.notices: list[str] = []

    def notify(self, message: str, **kwargs: Any) -> None:  # type: ignore[override]
        self.notices.append(message)
        super().notify(message, **kwargs)


@pytest.mark.parametrize(
    "name", ["deep json", "binary", "python object tag", "alias bomb", "huge"]
)
async def test_compose_load_keeps_the_form(tmp_path: Path, name: str) -> None:
    path = tmp_path / "request.yaml"
    path.write_bytes(HOSTILE_FILES[name][0])
    app = RecordingApp(lambda: ComposeScreen(None, offer_draft=False))
    async with app.run_test() as pilot:
        screen = app.compose_screen
        screen.set_field("config.metadata.name", "typed")
        await pilot.press("ctrl+o")
        dialog = app.screen
        assert isinstance(dialog, LoadDialog)
        dialog.query_one("#load-path", Input).value = str(path)
        await pilot.press("enter")
        await app.workers.wait_for_complete()
        await pilot.pause()

        # The operator sees one notice naming the file; the typed form stays.
        assert app.screen is screen
        assert screen.state.document.get(("config", "metadata", "name")) == "typed"
        shown = " ".join(app.notices) + " " + _shown_text(screen)
        assert str(path) in shown
        assert "Traceback" not in shown


def _shown_text(screen: ComposeScreen) -> str:
    from textual.widgets import Static

    return " ".join(str(widget.render()) for widget in screen.query(Static))
