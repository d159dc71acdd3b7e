"""The HTTP side of the simulator: parsing, authentication and PVE's envelope."""

from __future__ import annotations

import gzip
import json
import logging
import time
import urllib.parse
from email.utils import formatdate
from http.server import BaseHTTPRequestHandler
from typing import TYPE_CHECKING, Any

from console.sim.api import (
    Context,
    Match,
    Reply,
    check_request,
    merge_params,
    proxy_target,
)
from console.sim.auth import Identity
from console.sim.errors import ApiError, AuthenticationFailed

if TYPE_CHECKING:
    from console.sim.server import SimServer

logger = logging.getLogger(__name__)

API_PREFIX = "/api2/json"
ANONYMOUS = Identity("")
# Bodies above this size are compressed when the client accepts gzip, as PVE does.
COMPRESS_ABOVE_BYTES = 1024


class ApiRequestHandler(BaseHTTPRequestHandler):
    """Handler of one keep-alive connection, which may carry many requests."""

    protocol_version = "HTTP/1.1"
    _response_date = ""
    # Headers and body go out in separate writes; with Nagle's algorithm the body
    # would wait for the client's delayed ACK, about 40 ms per response.
    disable_nagle_algorithm = True
    # A buffered writer sends the headers and a small body in one TLS record.
    wbufsize = -1
    sim: SimServer

    def version_string(self) -> str:
        return "pve-api-daemon/3.0"

    def date_time_string(self, timestamp: float | None = None) -> str:
        # `Expires` must equal `Date`, so both come from one reading of the clock.
        if timestamp is None and self._response_date:
            return self._response_date
        return super().date_time_string(timestamp)

    def log_message(self, format: str, *args: Any) -> None:  # noqa: A002
        logger.debug("%s %s", self.address_string(), format % args)

    def do_GET(self) -> None:  # noqa: N802
        self.serve("GET")

    def do_POST(self) -> None:  # noqa: N802
        self.serve("POST")

    def do_PUT(self) -> None:  # noqa: N802
        self.serve("PUT")

    def do_DELETE(self) -> None:  # noqa: N802
        self.serve("DELETE")

    def serve(self, method: str) -> None:
        sim = self.sim
        faults = sim.faults
        if faults.latency_ms > 0:
            time.sleep(faults.latency_ms / 1000)
        url = urllib.parse.urlsplit(self.path)
        body = self._read_body()
        try:
            if faults.roll_error():
                raise ApiError(500, "got timeout")
            if not url.path.startswith(API_PREFIX + "/"):
                raise ApiError(501, f"Method '{method} {url.path}' not implemented")
            path = url.path[len(API_PREFIX) :]
            params = self._params(method, url.query, body)
            match = sim.router.match(method, path, sim.version)
            sim.count_request(f"{method} {match.route.template}")
            identity = ANONYMOUS if match.route.public else self._authenticate(method)
            # PVE refuses a body on any other method, after authentication.
            if body and method not in ("POST", "PUT"):
                raise ApiError(501, f"Unexpected content for method '{method}'")
            reply = self._call(match, params, identity)
        except AuthenticationFailed as failure:
            self._send_auth_failure(failure)
            return
        except ApiError as error:
            self._send_error(error)
            return
        except Exception as error:
            # A bug in a handler becomes a 500 instead of a dropped connection.
            logger.exception("simulator failed on %s %s", method, url.path)
            self._send_error(ApiError(500, f"internal error: {error}"))
            return
        self._send_reply(reply, self._garbage_kind(match))

    def _read_body(self) -> bytes:
        length = int(self.headers.get("Content-Length") or 0)
        return self.rfile.read(length) if length > 0 else b""

    def _params(self, method: str, query: str, body: bytes) -> dict[str, object]:
        params: dict[str, object] = {}
        if method in ("POST", "PUT") and body:
            content_type = self.headers.get("Content-Type", "")
            if content_type.startswith("application/json"):
                try:
                    decoded = json.loads(body)
                except ValueError as error:
                    raise ApiError(400, f"invalid JSON body: {error}") from None
                if not isinstance(decoded, dict):
                    raise ApiError(400, "JSON body must be an object")
                params.update(decoded)
            else:
                _collect(params, body.decode("utf-8", "replace"))
        _collect(params, query, override=True)
        return params

    def _authenticate(self, method: str) -> Identity:
        sim = self.sim
        now = sim.clock.now()
        ticket = self._ticket()
        if ticket is not None:
            identity = sim.cluster.access.verify_ticket(ticket, now)
            if method != "GET":
                csrf = self.headers.get("CSRFPreventionToken", "")
                if not sim.cluster.access.verify_csrf(csrf, identity.userid, now):
                    raise AuthenticationFailed(
                        "Permission denied - invalid csrf token", hideable=False
                    )
            return identity
        authorization = self.headers.get("Authorization", "")
        for prefix in ("PVEAPIToken=", "PVEAPIToken "):
            if authorization.startswith(prefix):
                value = authorization[len(prefix) :].split(";", 1)[0].strip()
                return sim.cluster.access.verify_token(value)
        raise AuthenticationFailed("No ticket", hideable=False)

    def _ticket(self) -> str | None:
        for part in self.headers.get("Cookie", "").split(";"):
            name, _, value = part.strip().partition("=")
            if name == "PVEAuthCookie" and value:
                return urllib.parse.unquote(value)
        authorization = self.headers.get("Authorization", "")
        if authorization.startswith("PVEAuthCookie="):
            return urllib.parse.unquote(authorization[len("PVEAuthCookie=") :])
        return None

    def _call(self, match: Match, raw: dict[str, object], identity: Identity) -> Reply:
        sim = self.sim
        route = match.route
        merged = merge_params(match.path_params, raw)
        if route.proxied:
            node = match.path_params["node"]
            with sim.cluster.lock:
                online = node in sim.cluster.nodes and sim.cluster.nodes[node].online
            if not online and node in sim.cluster.nodes:
                sim.clock.sleep(sim.faults.offline_delay_s)
            extra = sim.faults.node_latency_ms.get(node, 0.0)
            if extra > 0:
                time.sleep(extra / 1000)
        with sim.cluster.lock:
            if route.proxied:
                proxy_target(sim.cluster, match.path_params["node"])
            now = sim.clock.now()
            sim.tasks.settle(now)
            params = check_request(route, merged, sim.version)
            context = Context(
                sim.cluster,
                sim.cluster.access,
                sim.clock,
                sim.faults,
                sim.version,
                sim.tasks,
                identity,
                params,
                now,
            )
            return route.handler(context)

    def _garbage_kind(self, match: Match) -> str | None:
        if not match.route.proxied:
            return None
        return self.sim.faults.garbage.get(match.path_params["node"])

    def _start_response(self, status: int, message: str) -> None:
        """Send the status line and the headers every PVE response carries."""
        self._response_date = formatdate(usegmt=True)
        self.send_response(status, _reason(message))
        self.send_header("Cache-Control", "max-age=0")
        self.send_header("Pragma", "no-cache")
        self.send_header("Expires", self._response_date)

    def _send_reply(self, reply: Reply, garbage: str | None) -> None:
        data = reply.data
        if reply.encoded is not None and garbage == "wrong-type":
            data = json.loads(reply.encoded)
        if garbage == "wrong-type":
            data = _wrong_type(data)
        envelope: dict[str, Any] = {"data": data}
        if reply.total is not None:
            envelope["total"] = reply.total
        text = json.dumps(envelope, ensure_ascii=False, separators=(",", ":"))
        if reply.encoded is not None and garbage != "wrong-type":
            # `data` is the envelope's first key: replace its placeholder `null`.
            head, _, tail = text.partition('"data":null')
            text = f'{head}"data":{reply.encoded}{tail}'
        body = text.encode()
        if garbage == "truncated":
            body = body[: len(body) // 2]
        self._send(200, "OK", body, keep_alive=True)

    def _send_error(self, error: ApiError) -> None:
        if error.status == 401:
            time.sleep(self.sim.auth_failure_delay)
        envelope: dict[str, Any] = {"data": None}
        if error.errors:
            envelope["errors"] = error.errors
        if self.sim.version.sends_error_message:
            envelope["message"] = error.message.rstrip("\n") + "\n"
        body = json.dumps(envelope, ensure_ascii=False, separators=(",", ":")).encode()
        self._send(error.status, error.message, body, keep_alive=False)

    def _send_auth_failure(self, failure: AuthenticationFailed) -> None:
        """Send a 401 without a body, as PVE does for a failed authentication."""
        time.sleep(self.sim.auth_failure_delay)
        if not failure.hideable:
            reason = failure.message
        elif self.sim.version.hides_auth_detail:
            reason = "Authentication failed!"
        elif failure.message == "invalid PVE ticket":
            reason = "permission denied - invalid PVE ticket"
        else:
            reason = failure.message
        self._start_response(401, reason)
        self.send_header("Connection", "close")
        self.end_headers()
        self.close_connection = True

    def _send(self, status: int, message: str, body: bytes, keep_alive: bool) -> None:
        compress = len(body) > COMPRESS_ABOVE_BYTES and "gzip" in self.headers.get(
            "Accept-Encoding", ""
        )
        if compress:
            body = gzip.compress(body, compresslevel=1)
        self._start_response(status, message)
        self.send_header("Content-Type", "application/json;charset=UTF-8")
        self.send_header("Content-Length", str(len(body)))
        if compress:
            self.send_header("Content-Encoding", "gzip")
        self.send_header("Connection", "Keep-Alive" if keep_alive else "close")
        self.end_headers()
        self.wfile.write(body)
        self.close_connection = not keep_alive


def _collect(params: dict[str, object], text: str, override: bool = False) -> None:
    """Add urlencoded pairs to `params`; a key given twice becomes a list."""
    pairs = urllib.parse.parse_qsl(text, keep_blank_values=True)
    seen: dict[str, list[str]] = {}
    for key, value in pairs:
        seen.setdefault(key, []).append(value)
    for key, values in seen.items():
        if key in params and not override:
            continue
        params[key] = values[0] if len(values) == 1 else values


def _reason(message: str) -> str:
    """Return the first line of `message`, encodable in the latin-1 status line."""
    first = message.split("\n", 1)[0]
    return first.encode("latin-1", "replace").decode("latin-1")


def _wrong_type(data: object) -> object:
    """Swap the JSON type of `data`: a list for an object, an object for a list."""
    if isinstance(data, list):
        return {str(index): item for index, item in enumerate(data)}
    if isinstance(data, dict):
        return list(data.values())
    return {"value": data}
