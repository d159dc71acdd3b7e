"""Exceptions that the request handlers raise and the server turns into responses."""

from __future__ import annotations


class ApiError(Exception):
    """A PVE error response: the status, the message and an optional `errors` map.

    The first line of `message` becomes the HTTP reason phrase, as pve-http-server
    does; the body carries `{"data": null}` plus `errors` and `message`.
    """

    def __init__(
        self, status: int, message: str, errors: dict[str, str] | None = None
    ) -> None:
        super().__init__(message)
        self.status = status
        self.message = message
        self.errors = errors


class ParameterError(ApiError):
    """A 400 `Parameter verification failed.` with one entry per parameter."""

    def __init__(self, errors: dict[str, str]) -> None:
        super().__init__(400, "Parameter verification failed.", errors)


class AuthenticationFailed(Exception):
    """A 401 raised while authenticating: sent with an empty body, as PVE does."""

    def __init__(self, message: str, hideable: bool = True) -> None:
        super().__init__(message)
        self.message = message
        # pve-manager 9.1.5 and later replace a hideable detail by
        # `Authentication failed!`, so the reason no longer says what was wrong.
        self.hideable = hideable


class ProxyError(ApiError):
    """A failure to reach another node (595/596), as pveproxy reports it."""
