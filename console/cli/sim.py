"""The `pod-console sim` subcommand: the Proxmox VE simulator in the foreground."""

from __future__ import annotations

import argparse
import logging
import math
import signal
import sys
import threading
from pathlib import Path
from types import FrameType
from typing import Any

from console.cli.logs import LogFileError, add_logging_options, configure_from_args
from console.sim.clock import SimClock
from console.sim.demo import (
    AUDITOR_PASSWORD,
    AUDITOR_USER,
    DEMO_PASSWORD,
    DEMO_TOKEN_ID,
    DEMO_TOKEN_SECRET,
    DEMO_USER,
    READONLY_TOKEN_ID,
    READONLY_TOKEN_SECRET,
    TFA_CODE,
    TFA_PASSWORD,
    TFA_USER,
    demo_cluster,
)
from console.sim.fixture import FixtureError, load_fixture
from console.sim.scale import parse_scale, scale_cluster
from console.sim.server import SimServer, check_loopback
from console.sim.state import Cluster
from console.sim.version import SimVersion

logger = logging.getLogger(__name__)

EXIT_OK = 0
EXIT_USAGE = 2


def add_parser(subparsers: Any) -> None:
    parser: argparse.ArgumentParser = subparsers.add_parser(
        "sim",
        help="run the Proxmox VE API simulator in the foreground",
        description=(
            "Serve a simulated Proxmox VE cluster over HTTPS on a loopback address, "
            "with a certificate made at start-up. Prints the URL, the CA file to "
            "verify it with, and the demo credentials. Ctrl+C stops it."
        ),
    )
    _add_listen_options(parser)
    _add_cluster_options(parser)
    add_logging_options(parser)
    parser.set_defaults(handler=run)


def _add_listen_options(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--host",
        default="127.0.0.1",
        help="loopback address to listen on (default: 127.0.0.1)",
    )
    parser.add_argument(
        "--port",
        type=int,
        default=0,
        help="TCP port (default: 0, a free port chosen by the system)",
    )
    parser.add_argument(
        "--latency",
        metavar="MS",
        type=float,
        default=0.0,
        help="milliseconds added to every request (default: 0)",
    )
    parser.add_argument(
        "--auth-delay",
        metavar="SECONDS",
        type=float,
        default=0.0,
        help=(
            "seconds to wait before each 401 response; real PVE waits about 3 s "
            "(default: 0)"
        ),
    )


def _add_cluster_options(parser: argparse.ArgumentParser) -> None:
    source = parser.add_mutually_exclusive_group()
    source.add_argument(
        "--fixture",
        metavar="FILE",
        help="JSON file to seed the cluster from (format: console.sim.fixture)",
    )
    source.add_argument(
        "--scale",
        metavar="NODESxCONTAINERS",
        help="generate a large cluster instead of the demo one, for example 20x5000",
    )
    parser.add_argument(
        "--version",
        dest="pve_version",
        default="9.1",
        metavar="VERSION",
        help="PVE release to imitate, such as 8.1, 8.4 or 9.1 (default: 9.1)",
    )
    parser.add_argument(
        "--speed",
        type=float,
        default=1.0,
        help="how many times faster than real time the simulated clock runs",
    )


def run(args: argparse.Namespace) -> int:
    """Start the simulator, print how to reach it, and serve until interrupted."""
    try:
        configure_from_args(args)
        check_loopback(args.host)
        version = SimVersion.parse(args.pve_version)
        if not 0 <= args.port <= 65535:
            raise ValueError(f"invalid port {args.port}: expected 0 to 65535")
        numbers = (args.latency, args.auth_delay, args.speed)
        # NaN passes every comparison below, and crashed the first listing.
        if not all(map(math.isfinite, numbers)):
            raise ValueError(
                "--latency, --auth-delay and --speed must be finite numbers"
            )
        if args.latency < 0 or args.auth_delay < 0 or args.speed <= 0:
            raise ValueError(
                "--latency and --auth-delay must not be negative, --speed must be "
                "above 0"
            )
        cluster = _cluster(args)
    except (LogFileError, ValueError, FixtureError) as error:
        print(f"pod-console sim: {error}", file=sys.stderr)
        return EXIT_USAGE

    server = SimServer(
        cluster,
        host=args.host,
        port=args.port,
        version=version.full,
        clock=SimClock(speed=args.speed),
        auth_failure_delay=args.auth_delay,
    )
    server.faults.latency_ms = args.latency
    try:
        server.start()
    except OSError as error:
        print(
            f"pod-console sim: cannot listen on {args.host}:{args.port}: "
            f"{error.strerror or error}",
            file=sys.stderr,
        )
        return EXIT_USAGE
    try:
        _print_banner(server, cluster)
        _wait_for_signal()
    finally:
        server.stop()
    print("simulator stopped", file=sys.stderr)
    return EXIT_OK


def _cluster(args: argparse.Namespace) -> Cluster:
    if args.fixture:
        return load_fixture(Path(args.fixture))
    if args.scale:
        nodes, containers = parse_scale(args.scale)
        return scale_cluster(nodes=nodes, containers=containers)
    return demo_cluster()


def _print_banner(server: SimServer, cluster: Cluster) -> None:
    lines = [
        f"Proxmox VE {server.version.full} simulator: {server.url}",
        f"  CA file:   {server.ca_file}",
        f"  nodes:     {len(cluster.nodes)}, containers: {len(cluster.containers)}",
    ]
    users = cluster.access.users
    if DEMO_USER in users and users[DEMO_USER].password == DEMO_PASSWORD:
        lines += [
            f"  user:      {DEMO_USER}  password: {DEMO_PASSWORD}",
            f"  API token: {DEMO_TOKEN_ID}={DEMO_TOKEN_SECRET}",
            f"  read-only: {AUDITOR_USER} password: {AUDITOR_PASSWORD}; "
            f"token {READONLY_TOKEN_ID}={READONLY_TOKEN_SECRET}",
            f"  with TFA:  {TFA_USER} password: {TFA_PASSWORD}, TOTP code {TFA_CODE}",
        ]
    else:
        lines.append("  users and tokens: as defined in the fixture file")
    lines.append("Press Ctrl+C to stop.")
    print("\n".join(lines), flush=True)


def _wait_for_signal() -> None:
    """Block until Ctrl+C (SIGINT) or SIGTERM."""
    stopped = threading.Event()

    def stop(_signum: int, _frame: FrameType | None) -> None:
        stopped.set()

    previous = signal.signal(signal.SIGTERM, stop)
    try:
        while not stopped.wait(0.5):
            pass
    except KeyboardInterrupt:
        pass
    finally:
        signal.signal(signal.SIGTERM, previous)
