"""`pod-console sim` with numbers that are not numbers."""

from __future__ import annotations

import pytest

from console.__main__ import main


@pytest.mark.parametrize(
    "option",
    [
        ["--speed", "nan"],
        ["--speed", "inf"],
        ["--latency", "nan"],
        ["--latency", "inf"],
        ["--auth-delay", "nan"],
    ],
)
def test_sim_numbers_not_finite(
    option: list[str], capsys: pytest.CaptureFixture[str]
) -> None:
    # `--speed nan` passed the `<= 0` check and crashed the first listing.
    assert main(["sim", *option]) == 2
    error = capsys.readouterr().err
    assert "unexpected error" not in error
    assert option[0] in error
