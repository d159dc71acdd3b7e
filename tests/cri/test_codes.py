"""Rule codes: one table lists every code, each in kebab-case."""

from __future__ import annotations

import re

from console.cri import RULE_CODES, codes


def test_every_code_constant_is_listed() -> None:
    constants = {
        value
        for name, value in vars(codes).items()
        if name.isupper() and isinstance(value, str)
    }

    assert constants == set(RULE_CODES)


def test_codes_are_kebab_case() -> None:
    for code in RULE_CODES:
        assert re.fullmatch(r"[a-z0-9]+(-[a-z0-9]+)*", code), code
