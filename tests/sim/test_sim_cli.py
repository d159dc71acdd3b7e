"""`pod-console sim` in the foreground: banner, loopback only, clean Ctrl+C."""

from __future__ import annotations

import re
import signal
import subprocess
import sys
from pathlib import Path

import pytest
import requests

from console.__main__ import main


def test_sim_serves_until_interrupted() -> None:
    process = subprocess.Popen(
        [sys.executable, "-m", "console", "sim", "--port", "0"],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        assert process.stdout is not None
        banner = [process.stdout.readline() for _ in range(4)]
        url = re.search(r"https://\S+", banner[0])
        ca_file = re.search(r"CA file:\s+(\S+)", banner[1])
        assert url is not None
        assert ca_file is not None
        response = requests.get(
            url.group(0) + "/version", verify=ca_file.group(1), timeout=5
        )
        assert response.status_code == 401
        process.send_signal(signal.SIGINT)
        _out, err = process.communicate(timeout=10)
    finally:
        process.kill()
    assert process.returncode == 0
    assert "Traceback" not in err
    assert "simulator stopped" in err


def test_sim_rejects_other_hosts(capsys: pytest.CaptureFixture[str]) -> None:
    code = main(["sim", "--host", "0.0.0.0"])
    assert code == 2
    captured = capsys.readouterr()
    assert "only listens on a loopback address" in captured.err


def test_sim_rejects_unknown_version(capsys: pytest.CaptureFixture[str]) -> None:
    code = main(["sim", "--version", "6.4"])
    assert code == 2
    captured = capsys.readouterr()
    assert "invalid PVE version '6.4'" in captured.err


def test_sim_reports_bad_fixture(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    fixture = tmp_path / "cluster.json"
    fixture.write_text("{not json", encoding="utf-8")
    code = main(["sim", "--fixture", str(fixture)])
    assert code == 2
    assert "is not valid JSON" in capsys.readouterr().err
