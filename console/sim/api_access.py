"""`/access/ticket`: password login, the TFA second step and ticket renewal."""

from __future__ import annotations

from console.sim.api import Context, Reply, Route
from console.sim.auth import Identity
from console.sim.schema import Param


def post_ticket(context: Context) -> Reply:
    """Log in with a password, or renew a ticket passed as the password."""
    params = context.params
    username = str(params["username"])
    if "realm" in params and "@" not in username:
        username = f"{username}@{params['realm']}"
    access = context.access
    if "tfa-challenge" in params:
        access.finish_tfa(
            username, str(params["tfa-challenge"]), str(params["password"]), context.now
        )
        identity = Identity(username)
    else:
        identity = access.login(username, str(params["password"]), context.now)
        user = access.users[username]
        if user.totp is not None and not str(params["password"]).startswith("PVE:"):
            return Reply(
                {
                    "username": username,
                    "ticket": access.issue_tfa_challenge(username, context.now),
                    "CSRFPreventionToken": access.issue_csrf(username, context.now),
                    "NeedTFA": 1,
                }
            )
    data: dict[str, object] = {
        "username": identity.userid,
        "ticket": context.access.issue_ticket(identity.userid, context.now),
        "CSRFPreventionToken": context.access.issue_csrf(identity.userid, context.now),
    }
    if "path" in params:
        return Reply({"username": identity.userid})
    data["cap"] = context.access.capabilities(identity)
    if context.access.allowed(identity, "Sys.Audit", "/"):
        data["clustername"] = context.cluster.name
    return Reply(data)


def get_ticket(_context: Context) -> Reply:
    return Reply(None)


TICKET_PARAMS = {
    "username": Param(optional=False, max_length=64),
    "password": Param(optional=False),
    "realm": Param(max_length=32),
    "otp": Param(),
    "tfa-challenge": Param(),
    "path": Param(max_length=64),
    "privs": Param(),
    "new-format": Param(type="boolean"),
}

ROUTES = [
    Route("POST", "/access/ticket", post_ticket, TICKET_PARAMS, public=True),
    Route("GET", "/access/ticket", get_ticket, public=True),
]
