"""Command-line options shared by the TUI and the subcommands."""

from __future__ import annotations

import argparse
from typing import Any


def add_connection_options(
    parser: argparse.ArgumentParser, *, subcommand: bool = False
) -> None:
    """Add the options that choose and reach a cluster (`--demo`, `--profile`, ...).

    A subcommand's copy of an option gets no default of its own, so a value given
    before the subcommand (`pod-console --demo sandboxes`) is kept.
    """
    group = parser.add_argument_group("connection")
    unset: dict[str, Any] = {"default": argparse.SUPPRESS} if subcommand else {}
    group.add_argument(
        "--demo",
        action="store_true",
        help="start the built-in demo cluster in this process and connect to it",
        **unset,
    )
    group.add_argument(
        "--profile",
        metavar="NAME",
        help="use the profile NAME of config.toml (default: its default_profile)",
        **unset,
    )
    group.add_argument(
        "--host",
        metavar="HOST[:PORT]",
        help="connect to this Proxmox VE host (port 8006 unless given) without a "
        "profile; the secret comes from PVE_TOKEN_NAME and PVE_TOKEN_VALUE, or "
        "PVE_PASSWORD, or is asked for",
        **unset,
    )
    group.add_argument(
        "--user",
        metavar="USER@REALM",
        help="the user (or token owner) for --host, for example ops@pve",
        **unset,
    )
    group.add_argument(
        "--ca-file",
        metavar="FILE",
        help="trust the CA certificate(s) in FILE (PEM) for the cluster's TLS",
        **unset,
    )
    group.add_argument(
        "--insecure",
        action="store_true",
        help="do not check the cluster's TLS certificate (unsafe)",
        **unset,
    )
    group.add_argument(
        "--timeout",
        metavar="SECONDS",
        type=positive_seconds,
        help="time limit for each call to Proxmox, in seconds (default 10)",
        **unset,
    )


def positive_seconds(text: str) -> float:
    try:
        value = float(text)
    except ValueError:
        value = 0.0
    if not value > 0:
        raise argparse.ArgumentTypeError(f"{text!r} is not a number of seconds above 0")
    return value


def add_logging_options(parser: argparse.ArgumentParser) -> None:
    """Add `--log`, `--log-format` and `--debug`."""
    parser.add_argument("--log", metavar="FILE", help="write the log to FILE")
    parser.add_argument(
        "--log-format", choices=("text", "json"), default="text", help="log format"
    )
    parser.add_argument("--debug", action="store_true", help="log at debug level")
