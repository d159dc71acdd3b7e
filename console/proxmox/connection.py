"""Connecting to a cluster through proxmoxer, with one session pool for all calls."""

from __future__ import annotations

import importlib.util
import logging
import os
import ssl
import threading
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

import urllib3
from proxmoxer import ProxmoxAPI
from requests.adapters import HTTPAdapter
from requests.utils import get_environ_proxies

from console.proxmox.errors import API_ERRORS, ConnectionFailed, ProxmoxError, explain
from console.proxmox.tickets import TicketAuth
from console.settings import Profile, SettingsError
from console.settings.profiles import TOKEN_ID_PATTERN, TOKEN_ID_RULE

__all__ = [
    "ClusterInfo",
    "Connection",
    "ConnectionFailed",
    "NodeInfo",
    "ProxmoxError",
    "connect",
]

log = logging.getLogger(__name__)

# requests keeps 10 connections per host by default; more concurrent calls than
# that would each open (and then drop) a fresh TLS connection.
DEFAULT_POOL_SIZE = 16


@dataclass(frozen=True)
class NodeInfo:
    name: str
    online: bool


@dataclass(frozen=True)
class ClusterInfo:
    """The PVE version and the status of each node, from `/version` and `/nodes`."""

    version: str
    release: str
    nodes: tuple[NodeInfo, ...]


class Connection:
    """An authenticated proxmoxer client for one profile, safe to share by threads.

    `warnings` lists messages for the user about the connection itself, such as
    TLS checks turned off.
    """

    def __init__(
        self,
        api: ProxmoxAPI,
        profile: Profile,
        *,
        warnings: tuple[str, ...] = (),
        pool_size: int = DEFAULT_POOL_SIZE,
    ) -> None:
        self.api = api
        self.profile = profile
        self.warnings = warnings
        self.pool_size = 0
        self._release: tuple[int, int] | None = None
        self._version: dict[str, Any] | None = None
        self._lock = threading.Lock()
        self.reserve_pool(pool_size)

    def __repr__(self) -> str:
        return f"Connection({self.profile.name!r}, {self.profile.backend})"

    def cluster_info(self) -> ClusterInfo:
        """Read `/version` and `/nodes`."""
        version = self._read_version()
        entries = self.api.nodes.get()
        if not isinstance(entries, list):
            raise ProxmoxError(f"{self.profile.address} sent an unreadable node list")
        nodes = [
            NodeInfo(str(entry.get("node", "")), entry.get("status") == "online")
            for entry in entries
            if isinstance(entry, Mapping)
        ]
        return ClusterInfo(
            version=str(version.get("version", "")),
            release=str(version.get("release", "")),
            nodes=tuple(sorted(nodes, key=lambda node: node.name)),
        )

    def release(self) -> tuple[int, int]:
        """Return the PVE release as (major, minor), read once from `/version`."""
        if self._release is None:
            self._release = parse_release(self._read_version())
        return self._release

    def explain(self, error: BaseException) -> str:
        """Explain an exception from a call on `api` in one line for the user."""
        return explain(error, self.profile)

    def reserve_pool(self, size: int) -> None:
        """Let at least `size` HTTPS calls run at once over kept-alive connections."""
        with self._lock:
            if size <= self.pool_size:
                return
            session = _https_session(self.api)
            if session is not None:
                adapter = HTTPAdapter(pool_connections=1, pool_maxsize=size)
                session.mount("https://", adapter)
            self.pool_size = size

    def close(self) -> None:
        session = _https_session(self.api)
        if session is not None:
            session.close()

    def _read_version(self) -> dict[str, Any]:
        if self._version is None:
            version = self.api.version.get()
            if not isinstance(version, Mapping):
                address = self.profile.address
                raise ProxmoxError(f"{address} sent an unreadable /version response")
            self._version = dict(version)
        return self._version


def parse_release(version: dict[str, Any]) -> tuple[int, int]:
    """Read (major, minor) from `release` ("9.1"), else from `version` ("7.2-3")."""
    for key in ("release", "version"):
        text = str(version.get(key) or "")
        parts = text.replace("-", ".").split(".")
        if len(parts) >= 2 and parts[0].isdigit() and parts[1].isdigit():
            return int(parts[0]), int(parts[1])
    raise ProxmoxError(f"cannot read the Proxmox VE release from {version!r}")


def connect(profile: Profile, *, pool_size: int = DEFAULT_POOL_SIZE) -> Connection:
    """Log in with `profile` and check the credentials with one `/version` call."""
    try:
        profile = profile.with_secrets()
    except SettingsError as error:
        raise ConnectionFailed(error.message) from None
    warnings: list[str] = []
    try:
        if profile.backend == "local":
            api = ProxmoxAPI(
                backend="local", timeout=profile.timeout, sudo=profile.sudo
            )
        elif profile.backend == "ssh":
            api = _ssh_api(profile)
        else:
            api = _https_api(profile, warnings)
        connection = Connection(
            api, profile, warnings=tuple(warnings), pool_size=pool_size
        )
        connection.release()
    except API_ERRORS as error:
        raise ConnectionFailed(explain(error, profile)) from error
    log.info("connected to %s as profile %s", profile.address, profile.name)
    return connection


def _https_api(profile: Profile, warnings: list[str]) -> ProxmoxAPI:
    if profile.host is None or profile.user is None:
        raise ConnectionFailed(
            f"profile {profile.name!r} needs a host and a user (USER@REALM)"
        )
    verify = _tls_verify(profile, warnings)
    credentials = _credentials(profile)
    api = ProxmoxAPI(
        profile.host,
        port=profile.port,
        user=profile.user,
        verify_ssl=verify,
        timeout=profile.timeout,
        **credentials,
    )
    session = _https_session(api)
    assert session is not None
    # With trust_env on, requests scans the environment for proxy settings on
    # every call: a quarter of the client's CPU time per call when listing 5,000
    # containers (benchmarks/cluster_scale.py). Every call goes to this one host,
    # so its proxy is read once, here.
    session.proxies.update(get_environ_proxies(f"https://{profile.address}"))
    session.trust_env = False
    if profile.password and not profile.uses_token:
        session.auth = TicketAuth(session.auth, profile.password)
    return api


def _tls_verify(profile: Profile, warnings: list[str]) -> bool | str:
    """Return what requests' `verify` gets: a CA file, a CA folder, or False."""
    if profile.ca_file is not None:
        if not profile.ca_file.is_file():
            raise ConnectionFailed(
                f"CA file {profile.ca_file} does not exist: copy the cluster CA "
                "(/etc/pve/pve-root-ca.pem on a node) there or fix ca_file"
            )
        return str(profile.ca_file)
    if profile.insecure:
        # The warning below replaces urllib3's, which would repeat on every call.
        urllib3.disable_warnings(urllib3.exceptions.InsecureRequestWarning)
        warnings.append(
            f"TLS certificate checks are off for {profile.address} (insecure): "
            "anyone on the path could read the credentials; set ca_file or pass "
            "--ca-file instead"
        )
        return False
    # The bundle requests would pick with trust_env on, which is turned off later.
    bundle = os.environ.get("REQUESTS_CA_BUNDLE") or os.environ.get("CURL_CA_BUNDLE")
    if bundle:
        return bundle
    # requests alone trusts certifi's bundle; a cluster CA that the administrator
    # added to the system store (SSL_CERT_FILE, /etc/ssl/certs) must count too.
    system = ssl.get_default_verify_paths()
    if system.cafile and os.path.isfile(system.cafile):
        return system.cafile
    if system.capath and os.path.isdir(system.capath):
        return system.capath
    return True


def _credentials(profile: Profile) -> dict[str, str]:
    if profile.uses_token:
        assert profile.token_id is not None and profile.token_secret is not None
        # Both go into the Authorization header, where requests raised on a
        # control character, with the secret in the traceback.
        if not TOKEN_ID_PATTERN.fullmatch(profile.token_id):
            raise ConnectionFailed(f"token id {profile.token_id!r}: {TOKEN_ID_RULE}")
        if not _header_safe(profile.token_secret):
            raise ConnectionFailed(
                f"the secret of the token {profile.user}!{profile.token_id} holds a "
                "space, control or non-ASCII character; a token secret is a UUID: "
                "check PVE_TOKEN_VALUE, or token_secret, token_secret_env or "
                "token_secret_file in the profile"
            )
        return {"token_name": profile.token_id, "token_value": profile.token_secret}
    if profile.password:
        return {"password": profile.password}
    raise ConnectionFailed(
        f"profile {profile.name!r} has no token and no password: set token_id "
        "and token_secret_file, or start pod-console in a terminal to type the "
        "password"
    )


def _header_safe(text: str) -> bool:
    return text.isascii() and text.isprintable() and " " not in text


def _ssh_api(profile: Profile) -> ProxmoxAPI:
    # proxmoxer's openssh backend calls sys.exit when this module is missing.
    if importlib.util.find_spec("openssh_wrapper") is None:
        raise ConnectionFailed(
            "the ssh backend needs the openssh-wrapper package: "
            "pip install openssh-wrapper, or use an https profile"
        )
    if profile.host is None:
        raise ConnectionFailed(f"profile {profile.name!r} needs a host for ssh")
    identity_file = str(profile.identity_file) if profile.identity_file else None
    try:
        return ProxmoxAPI(
            profile.host,
            backend="openssh",
            user=profile.user,
            port=profile.port,
            identity_file=identity_file,
            timeout=profile.timeout,
            sudo=profile.sudo,
        )
    # NOTE: never run here (openssh-wrapper is not installed in the test
    # environment), so any error of that package is reported rather than guessed.
    except Exception as error:
        raise ConnectionFailed(
            f"cannot open ssh to {profile.address}: {error}"
        ) from error


def _https_session(api: ProxmoxAPI) -> Any:
    """Return the requests session of an https ProxmoxAPI, else None.

    proxmoxer (2.2, 2.3) keeps it in `_store["session"]` and offers no public way
    to size its connection pool or wrap its auth.
    """
    session = api._store.get("session")
    return session if hasattr(session, "mount") else None
