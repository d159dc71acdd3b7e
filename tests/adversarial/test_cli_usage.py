"""Usage errors name the options the operator actually gave."""

from __future__ import annotations

from pathlib import Path

import pytest

from console.__main__ import main

EXAMPLES = Path(__file__).resolve().parents[2] / "console" / "examples"


@pytest.mark.parametrize("command", ["validate", "create"])
def test_request_file_with_sandbox_id(
    command: str, capsys: pytest.CaptureFixture[str]
) -> None:
    # The message said "not both" about --config and --sandbox-config, which
    # were not given.
    request = str(EXAMPLES / "web-1.yaml")
    assert main([command, "--pod-sandbox-id", "101", request]) == 2
    error = capsys.readouterr().err
    complaint = error.partition("give")[0]
    assert "--pod-sandbox-id" in complaint
    assert "--config" not in complaint
