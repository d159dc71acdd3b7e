"""check_request never raises, whatever mapping it is given."""

from __future__ import annotations

from typing import Any

import pytest
from hypothesis import given, settings

from console.cri import RULE_PROFILES, Severity, SourceMap, check_request
from console.cri.codes import RULE_CODES

from .strategies import garbage


@settings(max_examples=400, deadline=None)
@given(garbage())
def test_garbage_gives_issues_not_exceptions(data: dict[Any, Any]) -> None:
    for profile in RULE_PROFILES:
        source: SourceMap = {(): (1, 1)}
        checked = check_request(data, profile=profile, source=source, file="x.json")

        for issue in checked.issues:
            assert issue.code in RULE_CODES
            assert issue.severity in (Severity.ERROR, Severity.WARNING)
            assert issue.message
            assert issue.line is not None


@pytest.mark.parametrize(
    "data",
    [
        {},
        {"config": None, "sandbox_config": None},
        {"config": [], "sandbox_config": "x", "pod_sandbox_id": 5},
        {"config": {"envs": [None, 1, {"key": None, "value": {"a": 1}}]}},
        {"config": {"linux": {"security_context": {"run_as_user": {"value": "0"}}}}},
        {"config": {"linux": {"security_context": {"run_as_user": True}}}},
        {"config": {"command": ["a\0b", 10**5000, float("nan"), b"x"]}},
        {"config": {"labels": {None: 1, (1, 2): "x", 1.5: None}}},
        {"config": {"privileged": "yes", "security_context": 5}},
        {"config": {"Privileged": True, "SecurityContext": {"Privileged": True}}},
        {1: 2, None: 3, ("a",): 4},
    ],
)
def test_weird_inputs_do_not_raise(data: dict[Any, Any]) -> None:
    checked = check_request(data)

    assert checked.issues
