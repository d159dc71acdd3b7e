"""The console script's argument parsing."""

from __future__ import annotations

import subprocess
import sys

from console.__main__ import main


def test_version_option_prints_version(capsys: object) -> None:
    try:
        main(["--version"])
    except SystemExit as exit_:
        assert exit_.code == 0


def test_python_dash_m_runs() -> None:
    result = subprocess.run(
        [sys.executable, "-m", "console", "--help"],
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0
    assert "pod-console" in result.stdout
