"""Entry point: a headless subcommand when one is given, the TUI otherwise."""

from __future__ import annotations

import argparse
import logging
import os
import sys
from collections.abc import Sequence
from pathlib import Path

from console.cli import build_parser, run_command
from console.cli.logs import LogFileError, configure_from_args

log = logging.getLogger("console")

EXIT_CRASHED = 70  # EX_SOFTWARE of sysexits.h
EXIT_INTERRUPTED = 130
EXIT_BROKEN_PIPE = 141  # 128 + SIGPIPE, what a shell shows for `| head`
EXIT_USAGE = 2
NO_TERMINAL = (
    "pod-console: the terminal UI needs a terminal on standard input and standard "
    "error; in a script, use a subcommand: validate, sandboxes, create, history "
    "or schema"
)


def main(argv: Sequence[str] | None = None) -> int:
    """Parse the command line and run a subcommand or the TUI."""
    parser = build_parser()
    args = parser.parse_args(argv)
    try:
        if args.command is None:
            # Textual reads keys from stdin and draws on stderr: without a
            # terminal there it would draw into a pipe and wait forever.
            if not (sys.stdin.isatty() and sys.stderr.isatty()):
                print(NO_TERMINAL, file=sys.stderr)
                return EXIT_USAGE
            from console.tui.app import run_tui

            return run_tui(args)
        return run_command(args)
    except KeyboardInterrupt:
        print("pod-console: interrupted", file=sys.stderr)
        return EXIT_INTERRUPTED
    except BrokenPipeError:
        # The reader of stdout left (`| head -1`): stop quietly, and point stdout
        # at /dev/null so the flush at interpreter exit does not fail again.
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return EXIT_BROKEN_PIPE
    except Exception:
        # A traceback can show local variables and arguments, a password among
        # them: it goes to the log file only, and the user gets one line.
        print(report_crash(args), file=sys.stderr)
        return EXIT_CRASHED


def report_crash(args: argparse.Namespace) -> str:
    """Log the exception being handled and return the line to show the user."""
    # Installs the handler again on the same file if the command had done so.
    try:
        log_file: Path | None = configure_from_args(args)
    except LogFileError:
        log_file = None
    error_name = type(sys.exc_info()[1]).__name__
    if log_file is None:
        return (
            f"pod-console: stopped on an unexpected error ({error_name}); "
            "no log file could be opened, run again with --log FILE"
        )
    log.critical("stopped on an unexpected error", exc_info=True)
    return (
        f"pod-console: stopped on an unexpected error ({error_name}); "
        f"the traceback is in {log_file}"
    )


if __name__ == "__main__":
    sys.exit(main())
