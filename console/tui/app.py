"""The Textual application."""

from __future__ import annotations

import argparse
import sys


def run_tui(args: argparse.Namespace) -> int:
    # TODO: placeholder until the app frame is built; it must not stay.
    print("pod-console: the terminal UI is not built yet", file=sys.stderr)
    return 2
