"""Users, API tokens, ACLs, tickets and CSRF tokens, after pve-access-control."""

from __future__ import annotations

import base64
import hashlib
import hmac
import secrets
import urllib.parse
from collections.abc import Iterable
from dataclasses import dataclass, field

from console.sim.errors import ApiError, AuthenticationFailed

TICKET_LIFETIME_SECONDS = 7200.0
# PVE accepts tickets dated slightly in the future, for clock skew between nodes.
CLOCK_SKEW_SECONDS = 300.0

ALL_PRIVILEGES = frozenset(
    {
        "Datastore.Allocate",
        "Datastore.AllocateSpace",
        "Datastore.AllocateTemplate",
        "Datastore.Audit",
        "Pool.Allocate",
        "Pool.Audit",
        "SDN.Audit",
        "SDN.Use",
        "Sys.AccessNetwork",
        "Sys.Audit",
        "Sys.Console",
        "Sys.Modify",
        "Sys.PowerMgmt",
        "User.Modify",
        "VM.Allocate",
        "VM.Audit",
        "VM.Config.Disk",
        "VM.Config.Network",
        "VM.Config.Options",
        "VM.PowerMgmt",
    }
)

# The groups of the `cap` object that `POST /access/ticket` returns.
CAP_GROUPS = {
    "vms": "VM.",
    "storage": "Datastore.",
    "nodes": "Sys.",
    "access": "User.",
    "dc": "SDN.",
    "sdn": "SDN.",
}


@dataclass(frozen=True)
class Identity:
    """The sender of a request: a user, or a user's API token."""

    userid: str
    tokenid: str | None = None

    @property
    def name(self) -> str:
        """The id PVE records in task UPIDs and checks root-only operations on."""
        return self.tokenid or self.userid


@dataclass
class User:
    userid: str
    password: str
    enabled: bool = True
    # The one TOTP code the simulator accepts for this user; None means no TFA.
    totp: str | None = None


@dataclass
class Token:
    tokenid: str
    secret: str
    privsep: bool = True


@dataclass(frozen=True)
class Acl:
    path: str
    privileges: frozenset[str]
    propagate: bool = True


@dataclass
class AccessControl:
    """The access-control state: identities, their ACLs and the signing secret."""

    users: dict[str, User] = field(default_factory=dict)
    tokens: dict[str, Token] = field(default_factory=dict)
    acls: dict[str, list[Acl]] = field(default_factory=dict)
    ticket_lifetime: float = TICKET_LIFETIME_SECONDS
    secret: bytes = field(default_factory=lambda: secrets.token_bytes(32))

    def add_user(self, userid: str, password: str, totp: str | None = None) -> None:
        self.users[userid] = User(userid, password, totp=totp)

    def add_token(self, tokenid: str, secret: str, privsep: bool) -> None:
        self.tokens[tokenid] = Token(tokenid, secret, privsep)

    def grant(self, identity: str, path: str, privileges: Iterable[str]) -> None:
        self.acls.setdefault(identity, []).append(Acl(path, frozenset(privileges)))

    def login(self, username: str, password: str, now: float) -> Identity:
        """Check a password, or a still valid ticket given as password (renewal)."""
        user = self.users.get(username)
        if user is None or not user.enabled:
            raise ApiError(401, "authentication failure")
        if password.startswith("PVE:"):
            try:
                renewed = self.verify_ticket(password, now)
            except AuthenticationFailed:
                raise ApiError(401, "authentication failure") from None
            if renewed.userid != username:
                raise ApiError(401, "authentication failure")
            return renewed
        if not hmac.compare_digest(user.password, password):
            raise ApiError(401, "authentication failure")
        return Identity(username)

    def _sign(self, text: str) -> str:
        digest = hmac.new(self.secret, text.encode(), hashlib.sha256).digest()
        return base64.b64encode(digest).decode()

    def issue_ticket(self, userid: str, now: float) -> str:
        stamp = f"{int(now):08X}"
        plain = f"PVE:{urllib.parse.quote(userid, safe='@!.-_')}:{stamp}"
        return f"{plain}::{self._sign(plain)}"

    def issue_csrf(self, userid: str, now: float) -> str:
        stamp = f"{int(now):08X}"
        return f"{stamp}:{self._sign(f'{stamp}:{userid}').rstrip('=')}"

    def verify_ticket(self, ticket: str, now: float) -> Identity:
        parts = ticket.split("::", 1)
        fields = parts[0].split(":")
        if len(parts) != 2 or len(fields) != 3 or fields[0] != "PVE":
            raise AuthenticationFailed("invalid PVE ticket")
        if not hmac.compare_digest(self._sign(parts[0]), parts[1]):
            raise AuthenticationFailed("invalid PVE ticket")
        userid = urllib.parse.unquote(fields[1])
        issued = self._stamp(fields[2])
        age = now - issued
        if age > self.ticket_lifetime or age < -CLOCK_SKEW_SECONDS:
            raise AuthenticationFailed("invalid PVE ticket")
        user = self.users.get(userid)
        if user is None or not user.enabled:
            raise AuthenticationFailed("invalid PVE ticket")
        return Identity(userid)

    def issue_tfa_challenge(self, userid: str, now: float) -> str:
        """Issue the half ticket of a TFA login; it authenticates no API call."""
        stamp = f"{int(now):08X}"
        plain = 'PVE:!tfa!{"totp"%3Atrue}:' + stamp
        # The signature binds the user, whom the second step names again.
        return f"{plain}::{self._sign(f'{plain}:{userid}')}"

    def finish_tfa(
        self, userid: str, challenge: str, response: str, now: float
    ) -> None:
        """Check the second TFA step: the half ticket and `totp:<code>`."""
        user = self.users.get(userid)
        plain, _, signature = challenge.partition("::")
        stamp = plain.rsplit(":", 1)[-1]
        valid = (
            user is not None
            and user.totp is not None
            and plain.startswith("PVE:!tfa!")
            and hmac.compare_digest(self._sign(f"{plain}:{userid}"), signature)
            and self._fresh(stamp, now)
            and hmac.compare_digest(response, f"totp:{user.totp}")
        )
        if not valid:
            raise ApiError(401, "authentication failure")

    def _fresh(self, stamp: str, now: float) -> bool:
        try:
            issued = self._stamp(stamp)
        except AuthenticationFailed:
            return False
        return -CLOCK_SKEW_SECONDS <= now - issued <= self.ticket_lifetime

    def verify_csrf(self, token: str, userid: str, now: float) -> bool:
        stamp, _, signature = token.partition(":")
        if not self._fresh(stamp, now):
            return False
        expected = self._sign(f"{stamp}:{userid}").rstrip("=")
        return hmac.compare_digest(expected, signature)

    @staticmethod
    def _stamp(text: str) -> float:
        try:
            return float(int(text, 16))
        except ValueError:
            raise AuthenticationFailed("invalid PVE ticket") from None

    def verify_token(self, value: str) -> Identity:
        """Check `USER@REALM!TOKENID=SECRET`, splitting at the last `=`."""
        tokenid, separator, secret = value.rpartition("=")
        userid, bang, name = tokenid.partition("!")
        if not separator or not bang or "@" not in userid:
            raise AuthenticationFailed("invalid token value!")
        user = self.users.get(userid)
        if user is None or not user.enabled:
            raise AuthenticationFailed(f"no such user ('{userid}')")
        token = self.tokens.get(tokenid)
        if token is None:
            raise AuthenticationFailed(f"no such token '{name}' for user '{userid}'")
        if not hmac.compare_digest(token.secret, secret):
            raise AuthenticationFailed("invalid token value!")
        return Identity(userid, tokenid)

    def rotate_key(self) -> None:
        """Sign with a new key, so every ticket and CSRF token issued so far fails."""
        self.secret = secrets.token_bytes(32)

    def revoke_token(self, tokenid: str) -> None:
        self.tokens.pop(tokenid, None)

    def _acl_privileges(self, identity: str, paths: Iterable[str]) -> set[str]:
        granted: set[str] = set()
        for acl in self.acls.get(identity, ()):
            for path in paths:
                exact = acl.path == path
                inherited = acl.propagate and (
                    acl.path == "/" or path.startswith(acl.path.rstrip("/") + "/")
                )
                if exact or inherited:
                    granted |= acl.privileges
        return granted

    def privileges(self, identity: Identity, *paths: str) -> set[str]:
        """Return the privileges `identity` has on any of `paths` or their parents."""
        if identity.userid == "root@pam":
            user_privileges: set[str] = set(ALL_PRIVILEGES)
        else:
            user_privileges = self._acl_privileges(identity.userid, paths)
        if identity.tokenid is None:
            return user_privileges
        token = self.tokens.get(identity.tokenid)
        if token is None:
            return set()
        if not token.privsep:
            return user_privileges
        return user_privileges & self._acl_privileges(identity.tokenid, paths)

    def allowed(self, identity: Identity, privilege: str, *paths: str) -> bool:
        return privilege in self.privileges(identity, *paths)

    def check(self, identity: Identity, privilege: str, *paths: str) -> None:
        """Raise 403 `Permission check failed (...)` unless `privilege` is held."""
        if not self.allowed(identity, privilege, *paths):
            raise ApiError(403, f"Permission check failed ({paths[0]}, {privilege})")

    def capabilities(self, identity: Identity) -> dict[str, dict[str, int]]:
        """Build the `cap` object of a login: privileges anywhere, by group."""
        everything = self._everything(identity)
        return {
            group: {priv: 1 for priv in sorted(everything) if priv.startswith(prefix)}
            for group, prefix in CAP_GROUPS.items()
        }

    def _everything(self, identity: Identity) -> set[str]:
        if identity.userid == "root@pam" and identity.tokenid is None:
            return set(ALL_PRIVILEGES)
        paths = [acl.path for acls in self.acls.values() for acl in acls]
        return self.privileges(identity, "/", *paths)
