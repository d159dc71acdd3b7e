"""The `pod-console history` subcommand: the submissions recorded so far."""

from __future__ import annotations

import argparse
import json
import sys
from typing import Any

from console.cli.plain_output import plain_line
from console.history import HistoryEntry, history_file, read_history

EXIT_OK = 0
EXIT_UNREADABLE = 2


def add_parser(subparsers: Any) -> None:
    parser = subparsers.add_parser(
        "history",
        help="list the submissions recorded in the history file",
        description=(
            "List every submission recorded by `pod-console create` and the TUI, "
            "oldest first, from the history file in the user state dir."
        ),
    )
    parser.add_argument(
        "--json", action="store_true", help="print the entries as a JSON list"
    )
    parser.set_defaults(handler=run)


def run(args: argparse.Namespace) -> int:
    path = history_file()
    try:
        history = read_history(path)
    except OSError as error:
        print(f"error: cannot read the history file {path}: {error}", file=sys.stderr)
        return EXIT_UNREADABLE

    for warning in history.warnings:
        print(f"warning: {plain_line(warning)}", file=sys.stderr)
    if args.json:
        print(json.dumps([entry.to_json() for entry in history.entries], indent=2))
    elif not history.entries:
        print(f"No submissions recorded yet ({path}).")
    else:
        print(format_table(history.entries))
    return EXIT_OK


def format_table(entries: list[HistoryEntry]) -> str:
    """Return the entries as an aligned text table, one line per submission."""
    header = ("TIME (UTC)", "REQUEST ID", "SANDBOX", "NODE", "VMID", "RESULT", "ERROR")
    rows = [header]
    for entry in entries:
        rows.append(
            (
                entry.time.strftime("%Y-%m-%d %H:%M:%S"),
                plain_line(entry.request_id),
                plain_line(entry.sandbox),
                plain_line(entry.node or "-"),
                "-" if entry.vmid is None else str(entry.vmid),
                entry.result.value,
                plain_line(entry.error or ""),
            )
        )
    widths = [max(len(row[column]) for row in rows) for column in range(6)]
    lines = []
    for row in rows:
        cells = [cell.ljust(width) for cell, width in zip(row, widths, strict=False)]
        lines.append("  ".join([*cells, row[6]]).rstrip())
    return "\n".join(lines)
