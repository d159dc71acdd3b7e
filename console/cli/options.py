"""Command-line options shared by the TUI and the subcommands."""

from __future__ import annotations

import argparse


def add_connection_options(parser: argparse.ArgumentParser) -> None:
    """Add the options that choose and reach a cluster (`--demo`, `--profile`, ...)."""
    parser.add_argument(
        "--demo",
        action="store_true",
        help="start the built-in demo cluster in this process and connect to it",
    )


def add_logging_options(parser: argparse.ArgumentParser) -> None:
    """Add `--log`, `--log-format` and `--debug`."""
    parser.add_argument("--log", metavar="FILE", help="write the log to FILE")
    parser.add_argument(
        "--log-format", choices=("text", "json"), default="text", help="log format"
    )
    parser.add_argument("--debug", action="store_true", help="log at debug level")
