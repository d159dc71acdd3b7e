"""Names of environment variables whose values are treated as credentials.

A value under such a name is kept out of drafts and hidden wherever a request or a
plan is shown or printed. The test is by name only, so it errs towards hiding.
"""

from __future__ import annotations

import re

# Matches DB_PASSWORD, PASSWD, API_TOKEN, AWS_SECRET_ACCESS_KEY, PRIVATE_KEY, and
# KEY as a whole word (SSH_KEY, SIGNING_KEY, AWS_ACCESS_KEY_ID, not MONKEY), ...
_CREDENTIAL_NAME = re.compile(
    r"pass(word|wd)?|secret|token|private_?key|api_?key|credential|jwt|bearer"
    r"|(^|[_.-])key([_.-]|$)",
    re.IGNORECASE,
)


def is_credential_name(key: str) -> bool:
    """Return whether the variable named `key` likely contains a credential."""
    return _CREDENTIAL_NAME.search(key) is not None
