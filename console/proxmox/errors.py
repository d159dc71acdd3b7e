"""Turn proxmoxer, requests and pvesh failures into messages that tell what to do."""

from __future__ import annotations

import errno
import hashlib
import socket
import ssl
import subprocess
from collections.abc import Iterator

import requests
import urllib3.exceptions
from proxmoxer import AuthenticationError, ResourceException

from console.settings import Profile


class ProxmoxError(Exception):
    """A call to Proxmox failed; `message` states what failed and what to do."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


class ConnectionFailed(ProxmoxError):
    """Connecting (or logging in) failed."""


# Everything a proxmoxer call may raise for a reason outside the program: HTTP
# errors, login failures, transport errors (requests' are OSErrors) and, for the
# `local` and `ssh` backends, a pvesh command that hangs or is missing; and our
# own ProxmoxError, already explained.
API_ERRORS: tuple[type[BaseException], ...] = (
    ProxmoxError,
    ResourceException,
    AuthenticationError,
    OSError,
    subprocess.SubprocessError,
)

_NAME_ERRORS = (urllib3.exceptions.NameResolutionError, socket.gaierror)

# proxmoxer 2.2 and 2.3 word the failed second login step like this.
_TFA_MARKERS = ("Two Factor", "TFA")


def explain(error: BaseException, profile: Profile) -> str:
    """Return one line for the user: what failed on which cluster, and what to do."""
    if isinstance(error, ProxmoxError):
        return error.message
    where = profile.address if profile.backend != "local" else "the local pvesh"
    if isinstance(error, AuthenticationError):
        return _explain_login(str(error), profile, where)
    if isinstance(error, ResourceException):
        return explain_status(error, profile)
    if isinstance(error, requests.exceptions.SSLError):
        return _explain_tls(error, profile)
    if isinstance(error, requests.exceptions.ConnectTimeout):
        return (
            f"connecting to {where} timed out after {profile.timeout:g} s: check the "
            f"host name and that port {profile.port} is reachable from here"
        )
    if isinstance(error, requests.exceptions.Timeout):
        return (
            f"{where} did not answer within {profile.timeout:g} s: the cluster may be "
            "busy; raise `timeout` in the profile or pass --timeout SECONDS"
        )
    if isinstance(error, requests.exceptions.JSONDecodeError):
        return _explain_login("Two Factor", profile, where)
    if isinstance(error, requests.exceptions.ConnectionError):
        return _explain_unreachable(error, profile, where)
    if isinstance(error, subprocess.TimeoutExpired):
        return (
            f"pvesh did not respond within {profile.timeout:g} s: raise `timeout` in "
            "the profile or pass --timeout SECONDS"
        )
    if isinstance(error, FileNotFoundError) and profile.backend == "local":
        return "pvesh was not found: the local backend only works on a Proxmox VE node"
    return f"talking to {where} failed: {error}"


def explain_status(error: ResourceException, profile: Profile) -> str:
    """Explain an HTTP error status that Proxmox (or its proxy to a node) returned."""
    code = int(error.status_code)
    text = str(error.content or error.status_message or "").strip()
    if code == 401 and profile.uses_token:
        return (
            f"{profile.address} rejected the API token {profile.user}!"
            f"{profile.token_id} (401 {text}): check token_id and the secret, and that "
            "the token has not expired, or create one under Datacenter > "
            "Permissions > API Tokens"
        )
    if code == 401:
        return (
            f"{profile.address} rejected the login of {profile.user} (401 {text}): "
            "start the console again to log in"
        )
    if code == 403:
        who = f"{profile.user}!{profile.token_id}" if profile.uses_token else "the user"
        advice = (
            ", and to the token itself when it is privilege-separated"
            if profile.uses_token
            else ""
        )
        return (
            f"{text}: grant {who} a role with that privilege on that path "
            f"(PVEAuditor on / to list, PVEVMAdmin to create){advice}"
        )
    if code in (595, 596, 599):
        return f"the node did not answer its cluster peer ({code} {text})"
    if error.errors:
        return f"Proxmox returned {code} {text}: {error.errors}"
    return f"Proxmox returned {code} {text}"


def _explain_login(text: str, profile: Profile, where: str) -> str:
    if any(marker in text for marker in _TFA_MARKERS):
        return (
            f"{profile.user} needs two-factor authentication, which pod-console "
            f"cannot answer: create an API token for {profile.user} and set "
            "token_id and token_secret_file in the profile"
        )
    if "code: 401" in text or "Couldn't authenticate" in text:
        return (
            f"{where} rejected the login of {profile.user}: wrong user, realm or "
            "password (the user is USER@REALM, for example root@pam or ops@pve)"
        )
    return f"logging in to {where} failed: {text}"


def _explain_unreachable(
    error: requests.exceptions.ConnectionError, profile: Profile, where: str
) -> str:
    causes = list(_causes(error))
    if any(isinstance(cause, _NAME_ERRORS) for cause in causes):
        return (
            f"unknown host {profile.host!r}: check the name in the profile or "
            "--host, or use the node's IP address"
        )
    if any(_is_refusal(cause) for cause in causes):
        return (
            f"{where} refused the connection: check that the host runs Proxmox "
            f"VE and that pveproxy listens on port {profile.port} (default 8006)"
        )
    return f"cannot reach {where}: {_last_line(error)}"


def _explain_tls(error: requests.exceptions.SSLError, profile: Profile) -> str:
    if "CERTIFICATE_VERIFY_FAILED" not in str(error) and not any(
        isinstance(cause, ssl.SSLCertVerificationError) for cause in _causes(error)
    ):
        if any(isinstance(cause, ssl.SSLEOFError) for cause in _causes(error)):
            return (
                f"{profile.address} closed the connection during the TLS handshake: "
                "check that pveproxy runs and that no firewall or proxy drops "
                f"connections to port {profile.port}"
            )
        return f"the TLS handshake with {profile.address} failed: {_last_line(error)}"
    fingerprint = server_fingerprint(profile)
    presented = f" (SHA-256 {fingerprint})" if fingerprint else ""
    return (
        f"the certificate of {profile.address}{presented} is not trusted: compare "
        "the fingerprint with `pvenode cert info` on the node, then set ca_file to "
        "the cluster CA (/etc/pve/pve-root-ca.pem) in the profile or pass --ca-file"
    )


def server_fingerprint(profile: Profile) -> str | None:
    """Fetch the certificate the server presents and return its SHA-256 fingerprint."""
    if profile.host is None:
        return None
    host = profile.host.strip("[]")
    try:
        pem = ssl.get_server_certificate((host, profile.port), timeout=profile.timeout)
    except (OSError, ValueError):
        return None
    digest = hashlib.sha256(ssl.PEM_cert_to_DER_cert(pem)).hexdigest().upper()
    return ":".join(digest[index : index + 2] for index in range(0, len(digest), 2))


def _causes(error: BaseException) -> Iterator[BaseException]:
    """Walk the exceptions that requests and urllib3 wrap around the root cause."""
    seen: set[int] = set()
    pending: list[BaseException] = [error]
    while pending:
        current = pending.pop()
        if id(current) in seen:
            continue
        seen.add(id(current))
        yield current
        linked = [
            current.__cause__,
            current.__context__,
            getattr(current, "reason", None),
        ]
        linked.extend(current.args)
        pending.extend(item for item in linked if isinstance(item, BaseException))


def _is_refusal(cause: BaseException) -> bool:
    if isinstance(cause, ConnectionRefusedError):
        return True
    return isinstance(cause, OSError) and cause.errno == errno.ECONNREFUSED


def _last_line(error: BaseException) -> str:
    return str(error).strip().splitlines()[-1] if str(error).strip() else repr(error)
