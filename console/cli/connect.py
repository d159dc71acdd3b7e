"""Open the connection that the options choose: --demo, --host, a profile or pvesh."""

from __future__ import annotations

import argparse
import getpass
import logging
import os
import shutil
import sys
from collections.abc import Callable
from dataclasses import replace
from pathlib import Path
from types import TracebackType
from typing import Any

from console.proxmox.connection import Connection, ConnectionFailed, connect
from console.settings import (
    Profile,
    Settings,
    SettingsError,
    load_settings,
    split_host,
    split_user,
)

log = logging.getLogger(__name__)

# Asks the user for the password of a profile; returns None when no one can type it.
PasswordPrompt = Callable[[Profile], str | None]


class OpenedConnection:
    """A connection and, for --demo, the simulator behind it; closing stops both."""

    def __init__(self, connection: Connection, demo_server: Any = None) -> None:
        self.connection = connection
        self.demo_server = demo_server

    @property
    def profile(self) -> Profile:
        return self.connection.profile

    @property
    def warnings(self) -> tuple[str, ...]:
        return self.connection.warnings

    def close(self) -> None:
        self.connection.close()
        if self.demo_server is not None:
            self.demo_server.stop()
            self.demo_server = None

    def __enter__(self) -> OpenedConnection:
        return self

    def __exit__(
        self,
        kind: type[BaseException] | None,
        error: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        self.close()


def ask_on_terminal(profile: Profile) -> str | None:
    """Ask for the password with getpass, only when a terminal is attached."""
    if not sys.stdin.isatty():
        return None
    try:
        return getpass.getpass(f"Password for {profile.user} on {profile.address}: ")
    except (EOFError, KeyboardInterrupt):
        return None


def open_connection(
    args: argparse.Namespace,
    *,
    settings: Settings | None = None,
    ask_password: PasswordPrompt | None = None,
) -> OpenedConnection:
    """Connect as the options in `args` choose; raise ConnectionFailed on failure.

    Without `ask_password`, a profile that has neither a token nor a password is
    refused instead of prompting, because a running TUI owns the terminal.
    """
    if getattr(args, "demo", False):
        return _open_demo(args)
    profile = choose_profile(args, settings)
    if profile.needs_password:
        password = ask_password(profile) if ask_password else None
        if password:
            profile = replace(profile, password=password)
    return OpenedConnection(connect(profile))


def choose_profile(
    args: argparse.Namespace, settings: Settings | None = None
) -> Profile:
    """Pick --host, --profile, the default profile, pvesh, or the only profile."""
    host = getattr(args, "host", None)
    name = getattr(args, "profile", None)
    if host and name:
        raise ConnectionFailed("give either --host or --profile, not both")
    if host:
        profile = _command_line_profile(args)
    else:
        try:
            settings = settings or load_settings()
            profile = _configured_profile(settings, name)
        except SettingsError as error:
            raise ConnectionFailed(error.message) from None
    return _with_overrides(profile, args)


def _configured_profile(settings: Settings, name: str | None) -> Profile:
    if name:
        return settings.profile(name)
    if settings.default_profile:
        return settings.profile(settings.default_profile)
    if shutil.which("pvesh"):
        return Profile(name="local", backend="local")
    if len(settings.profiles) == 1:
        return next(iter(settings.profiles.values()))
    where = settings.path or "config.toml"
    if settings.profiles:
        known = ", ".join(sorted(settings.profiles))
        raise ConnectionFailed(
            f"no cluster chosen: pass --profile NAME ({known}) or set "
            f"default_profile in {where}"
        )
    raise ConnectionFailed(
        f"no cluster chosen: pass --host HOST --user USER@REALM, add a profile to "
        f"{where}, or try --demo"
    )


def _command_line_profile(args: argparse.Namespace) -> Profile:
    try:
        host, port = split_host(args.host)
    except ValueError as error:
        raise ConnectionFailed(f"--host: {error}") from None
    if not getattr(args, "user", None):
        raise ConnectionFailed("--host needs --user USER@REALM, for example ops@pve")
    try:
        user, token_id = split_user(args.user)
    except ValueError as error:
        raise ConnectionFailed(f"--user: {error}") from None
    token_name = os.environ.get("PVE_TOKEN_NAME", "").strip()
    token_value = os.environ.get("PVE_TOKEN_VALUE", "").strip()
    password = os.environ.get("PVE_PASSWORD") or None
    if token_name or token_id:
        token_id = token_name.rpartition("!")[2] or token_id
        if not token_id:
            raise ConnectionFailed(
                f"PVE_TOKEN_NAME: {token_name!r} names no token; give the token id, "
                "the part after '!' in root@pam!console"
            )
        if not token_value:
            raise ConnectionFailed(
                f"the token {user}!{token_id} needs its secret in PVE_TOKEN_VALUE"
            )
        password = None
    return Profile(
        name="command line",
        host=host,
        port=port or 8006,
        user=user,
        token_id=token_id,
        token_secret=token_value or None,
        password=password,
    )


def _with_overrides(profile: Profile, args: argparse.Namespace) -> Profile:
    changes: dict[str, Any] = {}
    if getattr(args, "timeout", None):
        changes["timeout"] = float(args.timeout)
    if getattr(args, "ca_file", None):
        changes.update(ca_file=Path(args.ca_file).expanduser(), insecure=False)
    elif getattr(args, "insecure", False):
        changes.update(insecure=True, ca_file=None)
    return replace(profile, **changes) if changes else profile


def _open_demo(args: argparse.Namespace) -> OpenedConnection:
    """Start the demo cluster on 127.0.0.1 and connect to it over HTTPS with its CA."""
    from console.sim.demo import (
        DEMO_TOKEN_ID,
        DEMO_TOKEN_SECRET,
        DEMO_USER,
        demo_cluster,
    )
    from console.sim.server import SimServer

    server = SimServer(cluster=demo_cluster(), host="127.0.0.1", port=0, version="9.1")
    try:
        server.start()
    except OSError as error:
        raise ConnectionFailed(f"cannot start the demo cluster: {error}") from error
    profile = Profile(
        name="demo",
        host=server.host,
        port=server.port,
        user=DEMO_USER,
        token_id=DEMO_TOKEN_ID.rpartition("!")[2],
        token_secret=DEMO_TOKEN_SECRET,
        ca_file=Path(server.ca_file),
        timeout=float(getattr(args, "timeout", None) or 10.0),
    )
    try:
        connection = connect(profile)
    except BaseException:
        server.stop()
        raise
    log.info("demo cluster running at %s", profile.address)
    return OpenedConnection(connection, server)
