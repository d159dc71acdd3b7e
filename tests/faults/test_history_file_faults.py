"""A damaged history file: the good lines are listed, the others warned about."""

from __future__ import annotations

import json

import pytest

from console.__main__ import main
from console.history import HistoryEntry, Outcome, append_entry, history_file

GOOD = HistoryEntry.now(
    request_id="req-1", sandbox="101", node="pve1", vmid=120, result=Outcome.CREATED
)


@pytest.mark.parametrize(
    ("damage", "reason"),
    [
        (b"[" * 100_000, "is not valid"),  # nesting past the recursion limit
        (b"\xff\xfe\x00garbage", "is not valid"),  # not UTF-8
        (b'{"request_id": 7, "sandbox": "101"}', "is not valid"),  # wrong type
        (b'{"request_id": "r", "sandbox": "1", "time": "soon"}', "is not valid"),
        (b'{"request_id": "r", "sandbox": "1", "vmid": 1e400}', "is not valid"),
        (b"\x00" * 64, "is not valid"),
    ],
)
def test_damaged_line_is_skipped(
    damage: bytes, reason: str, capsys: pytest.CaptureFixture[str]
) -> None:
    append_entry(GOOD)
    with history_file().open("ab") as file:
        file.write(damage + b"\n")
    append_entry(GOOD)

    status = main(["history", "--json"])
    captured = capsys.readouterr()

    # The operator sees both good entries and one warning naming the bad line.
    assert status == 0
    assert [entry["vmid"] for entry in json.loads(captured.out)] == [120, 120]
    assert f"line 2 {reason}" in captured.err
    assert "Traceback" not in captured.err


def test_hostile_text_in_history_is_inert(capsys: pytest.CaptureFixture[str]) -> None:
    append_entry(
        HistoryEntry.now(
            request_id="req-\x1b]52;c;ZXZpbA==\x07x",
            sandbox="\x1b[2J101",
            node="pve1\u202e",
            vmid=None,
            result=Outcome.FAILED,
            error="[bold]failed[/] \x1b[31mred\x1b[0m\r\nsecond line",
        )
    )

    status = main(["history"])
    out = capsys.readouterr().out

    assert status == 0
    assert "\x1b" not in out
    assert "\x07" not in out
    assert "\u202e" not in out
    assert "[bold]failed[/] red second line" in out
