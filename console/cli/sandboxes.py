"""The `pod-console sandboxes` subcommand: the sandbox list as a table or JSON."""

from __future__ import annotations

import argparse
import json
import logging
import sys
from collections.abc import Sequence
from typing import Any

from console.cli.connect import ask_on_terminal, open_connection
from console.cli.logs import LogFileError, add_logging_options, configure_from_args
from console.cli.options import add_connection_options
from console.proxmox.errors import ProxmoxError
from console.proxmox.sandbox import Sandbox
from console.proxmox.sandbox_details import plain_text
from console.proxmox.sandboxes import SandboxLister

log = logging.getLogger(__name__)

EXIT_OK = 0
EXIT_FAILED = 2
# The shell's code for a command stopped by SIGINT (128 + 2).
EXIT_INTERRUPTED = 130

_COLUMNS = ("VMID", "NAME", "NODE", "STATE", "IP", "REASON")
# Longer names are cut so that the table stays readable at 80 columns.
_NAME_WIDTH = 24


def add_parser(subparsers: Any) -> None:
    parser = subparsers.add_parser(
        "sandboxes",
        help="list the pod sandboxes with their state and addresses",
        description=(
            "List the LXC containers of the cluster (templates left out) as pod "
            "sandboxes: ready when running with no lock, else the reason."
        ),
    )
    parser.add_argument(
        "--json",
        action="store_true",
        help="print a JSON list of {vmid, name, node, state, status, lock, reason, "
        "ip, additional_ips, tags}",
    )
    parser.add_argument(
        "--not-ready",
        action="store_true",
        help="list only the sandboxes that are not ready",
    )
    add_connection_options(parser, subcommand=True)
    add_logging_options(parser)
    parser.set_defaults(handler=run)


def run(args: argparse.Namespace) -> int:
    """Print the sandbox list; exit 2 with one line when the cluster cannot be read."""
    try:
        configure_from_args(args)
    except LogFileError as error:
        print(f"pod-console sandboxes: {error}", file=sys.stderr)
        return EXIT_FAILED
    try:
        with open_connection(args, ask_password=ask_on_terminal) as opened:
            for warning in opened.warnings:
                print(f"pod-console: warning: {warning}", file=sys.stderr)
            lister = SandboxLister(opened.connection)
            snapshot = lister.fill_addresses(lister.list_states())
            profile = opened.profile
    except ProxmoxError as error:
        log.warning("sandbox list failed: %s", error.message)
        print(f"pod-console sandboxes: {error.message}", file=sys.stderr)
        return EXIT_FAILED
    except KeyboardInterrupt:
        print("pod-console sandboxes: interrupted", file=sys.stderr)
        return EXIT_INTERRUPTED

    for node in sorted(snapshot.node_errors):
        message = one_line(snapshot.node_errors[node])
        print(f"pod-console: warning: {message}", file=sys.stderr)
    if not snapshot.sandboxes:
        # Proxmox leaves out what the caller may not see instead of refusing.
        who = profile.user or "this login"
        if profile.uses_token:
            who = f"the token {profile.user}!{profile.token_id}"
        print(
            f"pod-console: warning: no containers are visible to {who}: listing "
            "them needs VM.Audit on /vms or on their pool",
            file=sys.stderr,
        )
    sandboxes = [
        sandbox
        for sandbox in snapshot.sandboxes
        if not (args.not_ready and sandbox.is_ready)
    ]
    if args.json:
        # json.dumps escapes every control character, so names stay inert data.
        print(json.dumps([sandbox.to_json() for sandbox in sandboxes], indent=2))
    else:
        print(format_table(sandboxes))
    return EXIT_OK


def format_table(sandboxes: Sequence[Sandbox]) -> str:
    """Lay the sandboxes out as aligned plain-text columns with a header line."""
    rows = [_COLUMNS] + [_row(sandbox) for sandbox in sandboxes]
    widths = [max(len(row[index]) for row in rows) for index in range(len(_COLUMNS))]
    lines = []
    for row in rows:
        cells = [cell.ljust(width) for cell, width in zip(row, widths, strict=True)]
        lines.append("  ".join(cells).rstrip())
    return "\n".join(lines)


def one_line(text: str) -> str:
    """Make text from Proxmox safe for a terminal line: no escapes, no controls."""
    return plain_text(text.replace("\n", " ").replace("\t", " ")).strip()


def _row(sandbox: Sandbox) -> tuple[str, ...]:
    name = one_line(sandbox.name)
    if len(name) > _NAME_WIDTH:
        name = name[: _NAME_WIDTH - 1] + "~"
    if sandbox.ip is None:
        address = "-"
    else:
        extra = len(sandbox.additional_ips)
        address = sandbox.ip + (f" (+{extra})" if extra else "")
    state = "Ready" if sandbox.is_ready else "NotReady"
    return (
        str(sandbox.vmid),
        name,
        one_line(sandbox.node),
        state,
        address,
        one_line(sandbox.reason) or "-",
    )
