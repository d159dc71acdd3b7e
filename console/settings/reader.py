"""Reading `config.toml`: one clear message for the first bad key, with its line.

An example with every key (only `host` and `user` are needed for a password login):

    default_profile = "lab"
    refresh_interval = 5.0          # seconds between list refreshes
    theme = "nord"

    [keymap]
    refresh = "ctrl+r"              # binding id = key

    [profiles.lab]
    backend = "https"               # or "local" (pvesh on this node) or "ssh"
    host = "pve1.example.test:8006" # the port may also be given as `port`
    user = "ops@pve"                # USER@REALM; "ops@pve!console" sets token_id too
    token_id = "console"
    token_secret_file = "lab.token" # or token_secret_env = "VAR", or token_secret
    ca_file = "pve-root-ca.pem"     # relative paths start at this file's folder
    insecure = false                # true turns TLS checks off, with a warning
    timeout = 10.0                  # seconds per call
    read_only = false
    rules = "proxmox"               # or "seed"

A `token_secret` or `password` written in the file itself is accepted only while
the file is mode 0600. Without any token or password, the password is asked for.
"""

from __future__ import annotations

import difflib
import math
import re
import tomllib
from collections.abc import Mapping
from pathlib import Path
from typing import Any, cast

from console.settings.paths import config_file
from console.settings.profiles import (
    BACKENDS,
    HTTPS_PORT,
    RULE_PROFILES,
    SSH_PORT,
    TOKEN_ID_PATTERN,
    TOKEN_ID_RULE,
    Profile,
    Settings,
    SettingsError,
    check_private,
    split_host,
    split_user,
)


def load_settings(path: Path | None = None) -> Settings:
    """Read `config.toml`; a missing file gives the defaults."""
    path = path or config_file()
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        return Settings(path=path)
    except (OSError, UnicodeDecodeError) as error:
        raise SettingsError(f"cannot read {path}: {error}") from None
    try:
        document = tomllib.loads(text)
    except tomllib.TOMLDecodeError as error:
        raise SettingsError(f"{path}: invalid TOML: {error}") from None
    return _SettingsReader(path, text).read(document)


_TOP_KEYS = ("default_profile", "refresh_interval", "theme", "keymap", "profiles")
_PROFILE_KEYS = (
    "backend",
    "host",
    "port",
    "user",
    "token_id",
    "token_secret",
    "token_secret_file",
    "token_secret_env",
    "password",
    "ca_file",
    "insecure",
    "timeout",
    "read_only",
    "rules",
    "identity_file",
    "sudo",
)
_HEADER = re.compile(r"^\s*\[\s*([^\[\]]+?)\s*\]\s*(#.*)?$")


class _SettingsReader:
    """Check the parsed TOML and point at the line of the first bad key."""

    def __init__(self, path: Path, text: str) -> None:
        self.path = path
        self.lines = text.splitlines()

    def fail(self, table: tuple[str, ...], key: str, message: str) -> SettingsError:
        dotted = ".".join((*table, key) if key else table)
        line = self.line_of(table, key)
        where = f"{self.path}:{line}" if line else str(self.path)
        return SettingsError(f"{where}: {dotted}: {message}")

    def line_of(self, table: tuple[str, ...], key: str) -> int | None:
        """Find the line that sets `key` in `[table]`, for the error message."""
        current: tuple[str, ...] = ()
        pattern = re.compile(rf"^\s*[\"']?{re.escape(key)}[\"']?\s*=")
        for number, line in enumerate(self.lines, start=1):
            header = _HEADER.match(line)
            if header:
                parts = re.findall(r"\"([^\"]*)\"|'([^']*)'|([^.\s]+)", header[1])
                current = tuple(next(p for p in part if p) for part in parts)
                if not key and current == table:
                    return number
            elif current == table and key and pattern.match(line):
                return number
        return None

    def read(self, document: dict[str, Any]) -> Settings:
        for key in document:
            if key not in _TOP_KEYS:
                raise self.fail((), key, _unknown(key, _TOP_KEYS))

        profiles_table = document.get("profiles", {})
        if not isinstance(profiles_table, dict):
            raise self.fail((), "profiles", "must be a table of [profiles.NAME]")
        profiles = {}
        for name, table in profiles_table.items():
            if not isinstance(table, dict):
                raise self.fail(("profiles",), name, "must be a table of settings")
            profiles[name] = self.read_profile(name, table)
        settings = Settings(profiles=profiles, path=self.path)

        default = document.get("default_profile")
        if default is not None:
            if not isinstance(default, str) or default not in profiles:
                known = ", ".join(sorted(profiles)) or "none defined"
                message = f"no profile {default!r} ({known})"
                raise self.fail((), "default_profile", message)
            settings.default_profile = default
        if "refresh_interval" in document:
            settings.refresh_interval = self.number((), document, "refresh_interval")
        if "theme" in document:
            settings.theme = self.string((), document, "theme")

        keymap = document.get("keymap", {})
        if not isinstance(keymap, dict) or not all(
            isinstance(value, str) for value in keymap.values()
        ):
            raise self.fail((), "keymap", 'must be a table of action = "key"')
        settings.keymap = cast(dict[str, str], dict(keymap))

        self.check_secrets_private(profiles)
        return settings

    def read_profile(self, name: str, table: dict[str, Any]) -> Profile:
        where = ("profiles", name)
        for key in table:
            if key not in _PROFILE_KEYS:
                raise self.fail(where, key, _unknown(key, _PROFILE_KEYS))

        values: dict[str, Any] = {"name": name}
        backend = table.get("backend", "https")
        if backend not in BACKENDS:
            raise self.fail(where, "backend", f"{backend!r} is not one of {BACKENDS}")
        values["backend"] = backend
        self.read_address(where, table, values)
        self.read_identity(where, table, values)

        for key in ("token_secret", "password", "token_secret_env"):
            if key in table:
                values[key] = self.string(where, table, key)
        for key in ("token_secret_file", "ca_file", "identity_file"):
            if key in table:
                values[key] = self.path_value(where, table, key)
        for key in ("insecure", "read_only", "sudo"):
            if key in table:
                values[key] = self.boolean(where, table, key)
        if "timeout" in table:
            values["timeout"] = self.number(where, table, "timeout")
        rules = table.get("rules", "proxmox")
        if rules not in RULE_PROFILES:
            raise self.fail(where, "rules", f"{rules!r} is not one of {RULE_PROFILES}")
        values["rules"] = rules

        profile = Profile(**values)
        self.check_profile(where, table, profile)
        return profile

    def read_address(
        self, where: tuple[str, ...], table: dict[str, Any], values: dict[str, Any]
    ) -> None:
        """Read `host` ("name", "name:port", "[v6]:port") and `port`."""
        port: int | None = None
        if "host" in table:
            try:
                values["host"], port = split_host(self.string(where, table, "host"))
            except ValueError as error:
                raise self.fail(where, "host", str(error)) from None
        if "port" in table:
            explicit = table["port"]
            if isinstance(explicit, bool) or not isinstance(explicit, int):
                raise self.fail(where, "port", f"{explicit!r} is not a port number")
            if not 0 < explicit < 65536:
                raise self.fail(where, "port", f"{explicit} is not in 1..65535")
            if port is not None and port != explicit:
                message = f"{explicit} differs from the port {port} in host"
                raise self.fail(where, "port", message)
            port = explicit
        default = SSH_PORT if values["backend"] == "ssh" else HTTPS_PORT
        values["port"] = port or default

    def read_identity(
        self, where: tuple[str, ...], table: dict[str, Any], values: dict[str, Any]
    ) -> None:
        token_id: str | None = None
        if "user" in table:
            user = self.string(where, table, "user")
            if values["backend"] == "https":
                try:
                    user, token_id = split_user(user)
                except ValueError as error:
                    raise self.fail(where, "user", str(error)) from None
            values["user"] = user
        if "token_id" in table:
            text = self.string(where, table, "token_id").rpartition("!")[2]
            if not TOKEN_ID_PATTERN.fullmatch(text):
                raise self.fail(where, "token_id", f"{text!r}: {TOKEN_ID_RULE}")
            if token_id is not None and token_id != text:
                raise self.fail(where, "token_id", "differs from the one in user")
            token_id = text
        values["token_id"] = token_id

    def check_profile(
        self, where: tuple[str, ...], table: dict[str, Any], profile: Profile
    ) -> None:
        if profile.backend == "local":
            return
        if profile.host is None:
            raise self.fail(where, "", 'host is missing (host = "NAME[:PORT]")')
        if profile.backend == "ssh":
            return
        if profile.user is None:
            raise self.fail(where, "", 'user is missing (user = "ops@pve")')
        sources = [
            key
            for key in ("token_secret", "token_secret_file", "token_secret_env")
            if key in table
        ]
        if profile.uses_token and len(sources) != 1:
            message = "needs exactly one of token_secret_file, token_secret_env"
            raise self.fail(where, "token_id", f"{message}, token_secret")
        if not profile.uses_token and sources:
            raise self.fail(where, sources[0], "is set but token_id is missing")
        if profile.uses_token and "password" in table:
            raise self.fail(where, "password", "set either a token or a password")
        if profile.insecure and profile.ca_file is not None:
            raise self.fail(where, "insecure", "turns off the ca_file check: drop one")

    def check_secrets_private(self, profiles: Mapping[str, Profile]) -> None:
        for profile in profiles.values():
            for key in ("token_secret", "password"):
                if getattr(profile, key) is not None:
                    secret = f"a secret (profiles.{profile.name}.{key})"
                    check_private(self.path, secret)

    def string(self, where: tuple[str, ...], table: Mapping[str, Any], key: str) -> str:
        value = table[key]
        if not isinstance(value, str) or not value.strip():
            raise self.fail(where, key, f"{value!r} must be a non-empty string")
        return value.strip()

    def boolean(
        self, where: tuple[str, ...], table: Mapping[str, Any], key: str
    ) -> bool:
        value = table[key]
        if not isinstance(value, bool):
            raise self.fail(where, key, f"{value!r} must be true or false")
        return value

    def number(
        self, where: tuple[str, ...], table: Mapping[str, Any], key: str
    ) -> float:
        value = table[key]
        # NaN passes `<= 0`, and NaN or infinity crashed the first request.
        if (
            isinstance(value, bool)
            or not isinstance(value, int | float)
            or not math.isfinite(value)
            or value <= 0
        ):
            raise self.fail(
                where, key, f"{value!r} must be a number of seconds above 0"
            )
        return float(value)

    def path_value(
        self, where: tuple[str, ...], table: Mapping[str, Any], key: str
    ) -> Path:
        path = Path(self.string(where, table, key)).expanduser()
        # A relative path is read from the folder of config.toml, not the cwd.
        return path if path.is_absolute() else self.path.parent / path


def _unknown(key: str, known: tuple[str, ...]) -> str:
    guesses = difflib.get_close_matches(key, known, n=1)
    hint = f"; did you mean {guesses[0]}?" if guesses else ""
    return f"unknown setting{hint} (known: {', '.join(known)})"
