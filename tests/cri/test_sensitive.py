"""Which environment variable names count as credentials."""

from __future__ import annotations

import pytest

from console.cri.sensitive import is_credential_name


@pytest.mark.parametrize(
    "key",
    [
        "DB_PASSWORD",
        "PASSWD",
        "pgpass",
        "API_TOKEN",
        "AWS_SECRET_ACCESS_KEY",
        "PRIVATE_KEY",
        "privatekey",
        "ApiKey",
        "GOOGLE_APPLICATION_CREDENTIALS",
    ],
)
def test_credential_names_match(key: str) -> None:
    assert is_credential_name(key)


@pytest.mark.parametrize("key", ["MODE", "PATH", "HOME", "KEYBOARD", "SSH_AUTH_SOCK"])
def test_other_names_do_not_match(key: str) -> None:
    assert not is_credential_name(key)
