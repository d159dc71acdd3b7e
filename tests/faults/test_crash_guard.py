"""An unexpected exception: one line for the user, the traceback in the log file."""

from __future__ import annotations

import argparse
from pathlib import Path

import pytest
from tui.conftest import AppFactory, settle

from console.__main__ import EXIT_CRASHED, main
from console.cli import validate
from console.tui.app import PodConsoleApp

SECRET = "crash-secret-5f1d0c"


def _explode(args: argparse.Namespace) -> int:
    password = SECRET  # a local variable that a traceback with locals would show
    raise RuntimeError(f"unexpected state after {len(password)} characters")


def test_subcommand_crash_prints_one_line(
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
    tmp_path: Path,
) -> None:
    monkeypatch.setattr(validate, "run", _explode)
    log_file = tmp_path / "console.log"
    request = tmp_path / "request.yaml"
    request.write_text("{}")

    status = main(["--log", str(log_file), "validate", str(request)])
    captured = capsys.readouterr()

    # The user sees one line: the error's type and where the traceback is.
    assert status == EXIT_CRASHED
    assert captured.err.splitlines() == [
        "pod-console: stopped on an unexpected error (RuntimeError); "
        f"the traceback is in {log_file}"
    ]
    assert "Traceback" not in captured.out + captured.err
    logged = log_file.read_text()
    assert "Traceback (most recent call last)" in logged
    assert "RuntimeError: unexpected state" in logged
    assert SECRET not in logged


def test_crash_before_logging_opens_default_log(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setattr(validate, "run", _explode)

    status = main(["validate", "anything.yaml"])
    err = capsys.readouterr().err

    assert status == EXIT_CRASHED
    assert "the traceback is in " in err
    log_file = Path(err.rpartition("the traceback is in ")[2].strip())
    assert log_file.name == "pod-console.log"
    assert "RuntimeError" in log_file.read_text()


async def test_screen_crash_prints_one_line(
    make_app: AppFactory, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    app: PodConsoleApp = make_app()
    app.log_path = tmp_path / "console.log"

    def explode() -> None:
        password = SECRET
        raise RuntimeError(f"unexpected state after {len(password)} characters")

    with pytest.raises(RuntimeError):
        async with app.run_test() as pilot:
            await settle(pilot)
            app.call_later(explode)
            await pilot.pause()
            await pilot.pause()
    err = capsys.readouterr().err

    # Instead of Textual's traceback with local variables, one line.
    assert app.return_code == 1
    assert "pod-console: stopped on an unexpected error; the traceback is in" in err
    assert str(app.log_path) in err
    assert SECRET not in err
    assert "Traceback" not in err
