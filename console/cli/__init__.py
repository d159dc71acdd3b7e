"""Command-line entry: argument parsing and the headless subcommands.

Each subcommand lives in its own module exposing `add_parser(subparsers)` and
`run(args) -> int`. Starting the TUI is left to `console.__main__`, because the
cli layer sits below the tui layer and must not import it.
"""

from __future__ import annotations

import argparse
from collections.abc import Callable
from types import ModuleType

from console import __version__
from console.cli import create, history, options, sandboxes, schema, sim, validate

SUBCOMMANDS: tuple[ModuleType, ...] = (
    validate,
    schema,
    sandboxes,
    create,
    history,
    sim,
)

# Exit codes shared by every subcommand.
EXIT_OK = 0
EXIT_INVALID = 1
EXIT_USAGE = 2


def build_parser() -> argparse.ArgumentParser:
    """Build the parser for `pod-console` and all of its subcommands."""
    parser = argparse.ArgumentParser(
        prog="pod-console",
        description=(
            "Console for Proxmox VE clusters whose LXC containers serve as pod "
            "sandboxes. Without a subcommand it starts the terminal UI."
        ),
    )
    parser.add_argument("--version", action="version", version=__version__)
    options.add_connection_options(parser)
    options.add_logging_options(parser)
    subparsers = parser.add_subparsers(dest="command", metavar="COMMAND")
    for module in SUBCOMMANDS:
        module.add_parser(subparsers)
    return parser


def run_command(args: argparse.Namespace) -> int:
    """Run the subcommand chosen on the command line and return its exit code."""
    handler: Callable[[argparse.Namespace], int] = args.handler
    return handler(args)
