"""The submission history: append, read back, and survive a torn last line."""

from __future__ import annotations

import json
import os
from datetime import UTC, datetime
from pathlib import Path

import pytest

from console.__main__ import main
from console.history import (
    HistoryEntry,
    Outcome,
    append_entry,
    history_file,
    read_history,
)


def _entry(request_id: str, result: Outcome = Outcome.CREATED) -> HistoryEntry:
    return HistoryEntry(
        request_id=request_id,
        time=datetime(2026, 12, 4, 15, 0, tzinfo=UTC),
        sandbox="101",
        node="pve1",
        vmid=107,
        result=result,
        error=None if result is not Outcome.FAILED else "TASK ERROR: no space",
    )


def test_append_then_read_keeps_order() -> None:
    append_entry(_entry("req-a"))
    append_entry(_entry("req-b", Outcome.FAILED))

    history = read_history()

    assert [entry.request_id for entry in history.entries] == ["req-a", "req-b"]
    assert history.entries[1].error == "TASK ERROR: no space"
    assert history.entries[0] == _entry("req-a")
    assert history.warnings == []


def test_file_is_in_state_dir_and_private(isolated_user_dirs: Path) -> None:
    append_entry(_entry("req-a"))

    path = history_file()

    assert path.is_relative_to(isolated_user_dirs / "state")
    assert path.stat().st_mode & 0o777 == 0o600


def test_torn_last_line_is_skipped_with_warning() -> None:
    append_entry(_entry("req-a"))
    with history_file().open("ab") as stream:
        stream.write(b'{"request_id": "req-b", "ti')

    history = read_history()

    assert [entry.request_id for entry in history.entries] == ["req-a"]
    assert len(history.warnings) == 1
    assert "line 2" in history.warnings[0]
    assert "torn" in history.warnings[0]


def test_append_after_torn_line_starts_new_line() -> None:
    append_entry(_entry("req-a"))
    with history_file().open("ab") as stream:
        stream.write(b'{"request_id": "req-b", "ti')

    append_entry(_entry("req-c"))
    history = read_history()

    assert [entry.request_id for entry in history.entries] == ["req-a", "req-c"]
    assert len(history.warnings) == 1


def test_malformed_middle_line_is_skipped() -> None:
    path = history_file()
    path.parent.mkdir(parents=True)
    good = json.dumps(_entry("req-a").to_json())
    path.write_text(f'{good}\n{{"request_id": 5}}\n{good}\n')

    history = read_history()

    assert len(history.entries) == 2
    assert "line 2 is not valid" in history.warnings[0]


def test_each_entry_is_one_write(monkeypatch: pytest.MonkeyPatch) -> None:
    writes: list[bytes] = []
    real_write = os.write

    def recording_write(fd: int, data: bytes) -> int:
        writes.append(bytes(data))
        return real_write(fd, data)

    monkeypatch.setattr(os, "write", recording_write)
    append_entry(_entry("req-a"))

    assert len(writes) == 1
    assert writes[0].endswith(b"\n")
    assert json.loads(writes[0])["request_id"] == "req-a"


def test_missing_file_reads_empty() -> None:
    history = read_history()

    assert history.entries == []
    assert history.warnings == []


def test_history_command_json(capsys: pytest.CaptureFixture[str]) -> None:
    append_entry(_entry("req-a"))
    append_entry(_entry("req-b", Outcome.FAILED))

    status = main(["history", "--json"])
    printed = json.loads(capsys.readouterr().out)

    assert status == 0
    assert [item["request_id"] for item in printed] == ["req-a", "req-b"]
    assert printed[1]["result"] == "failed"
    assert printed[0]["vmid"] == 107


def test_history_command_table_is_inert(capsys: pytest.CaptureFixture[str]) -> None:
    entry = _entry("req-a", Outcome.FAILED)
    append_entry(
        HistoryEntry(
            request_id=entry.request_id,
            time=entry.time,
            sandbox=entry.sandbox,
            node=entry.node,
            vmid=entry.vmid,
            result=entry.result,
            error="\x1b]0;owned\x07bad\x1b[31m red\nnext",
        )
    )

    status = main(["history"])
    output = capsys.readouterr().out

    assert status == 0
    assert "\x1b" not in output
    assert "bad red next" in output
    assert "req-a" in output


def test_history_command_warns_on_torn_line(
    capsys: pytest.CaptureFixture[str],
) -> None:
    append_entry(_entry("req-a"))
    with history_file().open("ab") as stream:
        stream.write(b'{"req')

    status = main(["history"])
    captured = capsys.readouterr()

    assert status == 0
    assert "req-a" in captured.out
    assert "warning:" in captured.err
    assert "torn" in captured.err


def test_history_command_empty(capsys: pytest.CaptureFixture[str]) -> None:
    status = main(["history"])

    assert status == 0
    assert "No submissions recorded yet" in capsys.readouterr().out
