"""Entry point: a headless subcommand when one is given, the TUI otherwise."""

from __future__ import annotations

import sys
from collections.abc import Sequence

from console.cli import build_parser, run_command


def main(argv: Sequence[str] | None = None) -> int:
    """Parse the command line and run a subcommand or the TUI."""
    parser = build_parser()
    args = parser.parse_args(argv)
    if args.command is None:
        from console.tui.app import run_tui

        return run_tui(args)
    return run_command(args)


if __name__ == "__main__":
    sys.exit(main())
