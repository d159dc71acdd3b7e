"""The append-only history of submissions, kept in the user state dir.

One JSON object per line in `history.jsonl`. Each entry is written with a single
`os.write` on a file opened with `O_APPEND` and then flushed with `fsync`, so a
crash can tear at most the entry being written. Earlier lines stay intact, and a
torn last line is skipped with a warning when the file is read. Entries hold ids,
names, the result and Proxmox's error text, never a credential.
"""

from __future__ import annotations

import json
import os
from dataclasses import dataclass, field
from datetime import UTC, datetime
from enum import StrEnum
from pathlib import Path

from console import settings

HISTORY_FILE_NAME = "history.jsonl"


class Outcome(StrEnum):
    """The result of a submission."""

    CREATED = "created"
    FOUND = "found"
    FAILED = "failed"


@dataclass(frozen=True, slots=True)
class HistoryEntry:
    """One submission: which request, when, into which sandbox, and what came of it.

    `sandbox` is the `pod_sandbox_id` as the request gave it. `node` and `vmid` are
    those of the created (or found) container, or None when none was created.
    """

    request_id: str
    time: datetime
    sandbox: str
    node: str | None
    vmid: int | None
    result: Outcome
    error: str | None = None

    @classmethod
    def now(
        cls,
        *,
        request_id: str,
        sandbox: str,
        node: str | None,
        vmid: int | None,
        result: Outcome,
        error: str | None = None,
    ) -> HistoryEntry:
        """Build an entry stamped with the current UTC time."""
        return cls(
            request_id=request_id,
            time=datetime.now(UTC).replace(microsecond=0),
            sandbox=sandbox,
            node=node,
            vmid=vmid,
            result=result,
            error=error,
        )

    def to_json(self) -> dict[str, object]:
        """Return the entry as the JSON object stored on one line of the file."""
        return {
            "request_id": self.request_id,
            "time": self.time.isoformat(),
            "sandbox": self.sandbox,
            "node": self.node,
            "vmid": self.vmid,
            "result": self.result.value,
            "error": self.error,
        }

    @classmethod
    def from_json(cls, data: object) -> HistoryEntry:
        """Build an entry from one stored JSON object, or raise ValueError."""
        if not isinstance(data, dict):
            raise ValueError("an entry must be a JSON object")
        request_id = data.get("request_id")
        sandbox = data.get("sandbox")
        node = data.get("node")
        vmid = data.get("vmid")
        error = data.get("error")
        if not isinstance(request_id, str) or not isinstance(sandbox, str):
            raise ValueError("request_id and sandbox must be strings")
        if node is not None and not isinstance(node, str):
            raise ValueError("node must be a string or null")
        if vmid is not None and (not isinstance(vmid, int) or isinstance(vmid, bool)):
            raise ValueError("vmid must be an integer or null")
        if error is not None and not isinstance(error, str):
            raise ValueError("error must be a string or null")
        return cls(
            request_id=request_id,
            time=datetime.fromisoformat(str(data.get("time"))),
            sandbox=sandbox,
            node=node,
            vmid=vmid,
            result=Outcome(str(data.get("result"))),
            error=error,
        )


@dataclass(frozen=True, slots=True)
class HistoryRead:
    """The entries of the history file, oldest first, and warnings on skipped lines."""

    entries: list[HistoryEntry]
    warnings: list[str] = field(default_factory=list)


def history_file() -> Path:
    """Return the path of the history file in the user state dir."""
    return settings.state_dir() / HISTORY_FILE_NAME


def append_entry(entry: HistoryEntry, path: Path | None = None) -> None:
    """Append `entry` as one line and fsync it, or raise OSError if that fails."""
    path = history_file() if path is None else path
    path.parent.mkdir(parents=True, exist_ok=True)
    line = json.dumps(entry.to_json(), ensure_ascii=False, sort_keys=True) + "\n"
    payload = line.encode("utf-8")

    fd = os.open(path, os.O_RDWR | os.O_APPEND | os.O_CREAT, 0o600)
    try:
        # A crash during an earlier write can leave a last line without its newline;
        # starting with one keeps this entry off that torn line.
        size = os.fstat(fd).st_size
        if size and os.pread(fd, 1, size - 1) != b"\n":
            payload = b"\n" + payload
        written = os.write(fd, payload)
        if written != len(payload):
            raise OSError(
                f"wrote {written} of {len(payload)} bytes of a history entry to {path}"
            )
        os.fsync(fd)
    finally:
        os.close(fd)


def read_history(path: Path | None = None) -> HistoryRead:
    """Read every entry, skipping with a warning each line that does not parse."""
    path = history_file() if path is None else path
    try:
        raw = path.read_bytes()
    except FileNotFoundError:
        return HistoryRead(entries=[])

    entries: list[HistoryEntry] = []
    warnings: list[str] = []
    lines = raw.split(b"\n")
    for number, line in enumerate(lines, start=1):
        if not line.strip():
            continue
        try:
            entries.append(HistoryEntry.from_json(json.loads(line)))
        # json raises RecursionError on arrays nested past the interpreter's limit.
        except (ValueError, UnicodeDecodeError, RecursionError) as error:
            torn = number == len(lines)
            reason = "is incomplete (torn write)" if torn else f"is not valid: {error}"
            warnings.append(f"{path}: line {number} {reason}; skipped")
    return HistoryRead(entries=entries, warnings=warnings)
