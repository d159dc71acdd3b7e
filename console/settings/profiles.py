"""Connection profiles: how to reach one cluster, and where its secret comes from."""

from __future__ import annotations

import os
import re
import shlex
import stat
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Literal

from console.settings.paths import config_file

HTTPS_PORT = 8006
SSH_PORT = 22

Backend = Literal["https", "local", "ssh"]
RuleProfile = Literal["proxmox", "seed"]

BACKENDS: tuple[Backend, ...] = ("https", "local", "ssh")
RULE_PROFILES: tuple[RuleProfile, ...] = ("proxmox", "seed")

# The Proxmox VE user id (`user@realm`) and token id patterns, from the PVE access
# control schema: a realm or token id starts with a letter and has at least 2 chars.
USER_PATTERN = re.compile(r"[^\s:/@!]+@[A-Za-z][A-Za-z0-9.\-_]+")
TOKEN_ID_PATTERN = re.compile(r"[A-Za-z][A-Za-z0-9.\-_]+")
TOKEN_ID_RULE = "expected a letter, then at least one letter, digit, '.', '-' or '_'"


class SettingsError(Exception):
    """The config file or a profile is unusable; `message` is one line for the user."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


@dataclass(frozen=True)
class Profile:
    """How to reach one cluster, and what the console may do there.

    The token secret may come from `token_secret` itself or, read only when the
    profile is used, from `token_secret_file` or the variable `token_secret_env`.
    `token_id` is the part after the `!` of a full token id (`ops@pve!console`).
    """

    name: str
    backend: Backend = "https"
    host: str | None = None
    port: int = HTTPS_PORT
    user: str | None = None
    token_id: str | None = None
    token_secret: str | None = field(default=None, repr=False)
    password: str | None = field(default=None, repr=False)
    token_secret_file: Path | None = None
    token_secret_env: str | None = None
    ca_file: Path | None = None
    insecure: bool = False
    timeout: float = 10.0
    read_only: bool = False
    rules: RuleProfile = "proxmox"
    identity_file: Path | None = None
    sudo: bool = False

    @property
    def address(self) -> str:
        """`host:port`, with an IPv6 host in brackets."""
        host = self.host or "localhost"
        if ":" in host and not host.startswith("["):
            host = f"[{host}]"
        return f"{host}:{self.port}"

    @property
    def uses_token(self) -> bool:
        return self.token_id is not None

    @property
    def needs_password(self) -> bool:
        """True for an https profile with neither a token nor a password yet."""
        return self.backend == "https" and not self.uses_token and not self.password

    def with_secrets(self) -> Profile:
        """Return the profile with `token_secret` read from its file or variable."""
        if self.token_secret is not None or not self.uses_token:
            return self
        if self.token_secret_file is not None:
            return replace(self, token_secret=read_secret_file(self.token_secret_file))
        if self.token_secret_env is not None:
            value = os.environ.get(self.token_secret_env, "").strip()
            if not value:
                raise SettingsError(
                    f"profile {self.name!r}: the variable {self.token_secret_env}, "
                    "which should contain the token secret, is not set or empty"
                )
            return replace(self, token_secret=value)
        raise SettingsError(
            f"profile {self.name!r} has token_id {self.token_id!r} but no secret: "
            "set token_secret_file, token_secret_env or token_secret"
        )


@dataclass
class Settings:
    """Everything read from `config.toml`; the defaults when there is no file."""

    profiles: dict[str, Profile] = field(default_factory=dict)
    default_profile: str | None = None
    refresh_interval: float = 5.0
    theme: str | None = None
    keymap: dict[str, str] = field(default_factory=dict)
    path: Path | None = None

    def profile(self, name: str) -> Profile:
        """Return the profile `name`; SettingsError lists the known ones if missing."""
        try:
            return self.profiles[name]
        except KeyError:
            known = ", ".join(sorted(self.profiles)) or "none"
            raise SettingsError(
                f"no profile named {name!r} in {self.path or config_file()} "
                f"(profiles: {known})"
            ) from None


def chmod_hint(path: Path) -> str:
    return f"chmod 600 {shlex.quote(str(path))}"


def check_private(path: Path, secret_kind: str) -> None:
    """Raise SettingsError when a file holding a secret is readable by others."""
    mode = stat.S_IMODE(path.stat().st_mode)
    if mode & 0o077:
        raise SettingsError(
            f"{path} contains {secret_kind} but is readable by other users "
            f"(mode {mode:04o}): run `{chmod_hint(path)}`"
        )


def read_secret_file(path: Path) -> str:
    """Read a token secret from its own file, which must be private like config.toml."""
    try:
        # A directory, FIFO or device would get chmod advice, or block the read.
        if not stat.S_ISREG(path.stat().st_mode):
            raise SettingsError(
                f"token secret file {path} is not a regular file; "
                "give the path of a file holding only the secret"
            )
        check_private(path, "a token secret")
        value = path.read_text(encoding="utf-8").strip()
    except FileNotFoundError:
        raise SettingsError(f"token secret file {path} does not exist") from None
    except (OSError, UnicodeDecodeError) as error:
        raise SettingsError(f"cannot read token secret file {path}: {error}") from None
    if not value:
        raise SettingsError(f"token secret file {path} is empty")
    return value


def split_host(text: str) -> tuple[str, int | None]:
    """Split `host`, `host:port`, `[v6]` or `[v6]:port`; a bare IPv6 has no port."""
    text = text.strip()
    if text.startswith("["):
        host, bracket, rest = text[1:].partition("]")
        if not bracket:
            raise ValueError(f"no closing ']' in {text!r}")
        if rest and not rest.startswith(":"):
            raise ValueError(f"unexpected text after ']' in {text!r}")
        port_text = rest[1:]
    elif text.count(":") == 1:
        host, port_text = text.split(":")
    else:
        host, port_text = text, ""
    if not host:
        raise ValueError(f"no host name in {text!r}")
    if not port_text:
        return host, None
    if not port_text.isdigit() or not 0 < int(port_text) < 65536:
        raise ValueError(f"port {port_text!r} in {text!r} is not a number 1..65535")
    return host, int(port_text)


def split_user(text: str) -> tuple[str, str | None]:
    """Split `user@realm` or `user@realm!tokenid` into the user and token id."""
    user, bang, token_id = text.partition("!")
    if not USER_PATTERN.fullmatch(user):
        raise ValueError(f"{text!r} is not a Proxmox user id like ops@pve or root@pam")
    if bang and not TOKEN_ID_PATTERN.fullmatch(token_id):
        raise ValueError(f"token id {token_id!r}: {TOKEN_ID_RULE}")
    return user, (token_id if bang else None)
