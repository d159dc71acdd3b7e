"""Headless commands whose reader goes away: `pod-console ... | head -1`."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path


def run_into_closed_pipe(
    args: list[str], home: Path
) -> subprocess.CompletedProcess[bytes]:
    """Run pod-console with stdout a pipe whose reader has already closed."""
    reader, writer = os.pipe()
    os.close(reader)
    try:
        return subprocess.run(
            [sys.executable, "-m", "console", *args],
            stdout=writer,
            stderr=subprocess.PIPE,
            env={**os.environ, "HOME": str(home)},
            timeout=120,
            check=False,
        )
    finally:
        os.close(writer)


def test_schema_closed_pipe_exits_quietly(isolated_user_dirs: Path) -> None:
    result = run_into_closed_pipe(["schema"], isolated_user_dirs)
    stderr = result.stderr.decode()
    assert "unexpected error" not in stderr
    assert "Traceback" not in stderr
    assert "BrokenPipeError" not in stderr
    # 141 is what a shell reports for a writer stopped by SIGPIPE.
    assert result.returncode == 141


def test_tui_without_terminal_exits(
    isolated_user_dirs: Path,
) -> None:
    # `pod-console --demo </dev/null` drew the screen into a pipe and waited
    # for keys forever.
    result = subprocess.run(
        [sys.executable, "-m", "console", "--demo"],
        stdin=subprocess.DEVNULL,
        capture_output=True,
        env={**os.environ, "HOME": str(isolated_user_dirs)},
        timeout=60,
        check=False,
    )
    assert result.returncode == 2
    stderr = result.stderr.decode()
    assert "terminal" in stderr
    assert "sandboxes" in stderr
    assert "\x1b[" not in stderr
