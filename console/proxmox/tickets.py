"""Keep a password login alive: renew the ticket, and log in again after a 401."""

from __future__ import annotations

import logging
import threading
import time
from typing import Any

import requests
from proxmoxer import AuthenticationError
from requests.auth import AuthBase

log = logging.getLogger(__name__)


class TicketAuth(AuthBase):
    """Wraps proxmoxer's ticket auth so an expired ticket never reaches the caller.

    proxmoxer (2.2 and 2.3) renews a ticket older than `renew_age` (1 h) by posting
    it as the password, but a ticket that the server no longer accepts (a client
    idle past the 2 h lifetime, a server that forgot it) fails every later call.
    This auth then logs in with the password it keeps, once per rejected ticket,
    and sends the rejected request again. It exposes the attributes that
    `ProxmoxHttpSession.request` reads from an auth object.
    """

    def __init__(self, inner: Any, password: str) -> None:
        self._inner = inner
        self._password = password
        self._lock = threading.Lock()
        self.logins = 0

    @property
    def verify_ssl(self) -> Any:
        return self._inner.verify_ssl

    @property
    def timeout(self) -> Any:
        return self._inner.timeout

    def get_cookies(self) -> Any:
        return self._inner.get_cookies()

    def get_tokens(self) -> Any:
        return self._inner.get_tokens()

    def __call__(self, request: requests.PreparedRequest) -> requests.PreparedRequest:
        self._renew_if_due()
        self._stamp(request)
        request.register_hook("response", self._retry_after_401)  # type: ignore[no-untyped-call]
        return request

    def _renew_if_due(self) -> None:
        with self._lock:
            age = time.monotonic() - self._inner.birth_time
            if age < self._inner.renew_age:
                return
            try:
                self._inner._get_new_tokens()
                log.debug("renewed the ticket after %.0f s", age)
            except (AuthenticationError, requests.RequestException):
                log.info("the server refused to renew the ticket; logging in again")
                self._log_in()

    def _log_in(self) -> None:
        self._inner._get_new_tokens(password=self._password)
        self.logins += 1

    def _stamp(self, request: requests.PreparedRequest) -> None:
        """Put the current ticket (and CSRF token for writes) on the request."""
        ticket, csrf = self._inner.get_tokens()
        request.headers.pop("Cookie", None)
        request.prepare_cookies(self._inner.get_cookies())
        if request.method != "GET":
            request.headers["CSRFPreventionToken"] = csrf

    def _retry_after_401(
        self, response: requests.Response, **kwargs: Any
    ) -> requests.Response:
        if response.status_code != 401:
            return response
        sent = response.request.headers.get("Cookie", "")
        with self._lock:
            # Another thread may have logged in while this request was in flight.
            if self._inner.pve_auth_ticket in sent:
                log.info(
                    "the server rejected the ticket (%s); logging in again",
                    response.reason,
                )
                self._log_in()
        # Reading the body frees the connection for the pool.
        _ = response.content
        response.close()
        retry = response.request.copy()
        self._stamp(retry)
        # The adapter sends without dispatching hooks, so a second 401 is returned.
        resent: requests.Response = response.connection.send(retry, **kwargs)
        resent.history.append(response)
        resent.request = retry
        return resent
