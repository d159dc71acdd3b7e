"""The `pod-console validate` subcommand."""

from __future__ import annotations

import argparse
import sys
from typing import Any


def add_parser(subparsers: Any) -> None:
    parser = subparsers.add_parser("validate", help="(validate: not built yet)")
    parser.set_defaults(handler=run)


def run(args: argparse.Namespace) -> int:
    # TODO: placeholder until the subcommand is built; it must not stay.
    print("pod-console validate: not built yet", file=sys.stderr)
    return 2
