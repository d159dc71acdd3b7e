"""Environment variable names that hold credentials, as operators name them."""

from __future__ import annotations

import pytest

from console.cri.sensitive import is_credential_name
from console.tui.compose.drafts import without_secrets


@pytest.mark.parametrize(
    "name",
    [
        "SSH_KEY",
        "ENCRYPTION_KEY",
        "SIGNING_KEY",
        "HMAC_KEY",
        "SESSION_KEY",
        "AWS_ACCESS_KEY_ID",
        "key",
        "JWT",
        "JWT_SIGNATURE",
        "BEARER",
    ],
)
def test_key_names_are_credentials(name: str) -> None:
    # Their values reached the draft file in clear.
    assert is_credential_name(name)
    draft = without_secrets(
        {"config": {"envs": [{"key": name, "value": "hunter2-value"}]}}
    )
    assert "hunter2-value" not in str(draft.data)


@pytest.mark.parametrize("name", ["MONKEY", "HOTKEYS", "KEYBOARD", "TZ", "LOG_LEVEL"])
def test_words_containing_key_not_credentials(name: str) -> None:
    assert not is_credential_name(name)
