"""Property tests: any text, and any request written out, reads as issues or one error.

The mapping-level garbage test of the validation core lives with the core's
tests. These feed whole documents through `load_document` and `check_request`,
as `pod-console validate` and the compose screen do: generated text, and
generated requests dumped as JSON and YAML, then damaged.
"""

from __future__ import annotations

import json
from typing import Any

import yaml
from cri.strategies import garbage, request_shaped_data
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from console.cri import Severity, check_request
from console.cri.codes import RULE_CODES
from console.cri.document_limits import RequestFileError
from console.cri.documents import load_document

FILE = "generated.yaml"
# Characters that make YAML and JSON parsers take unusual paths.
SYNTAX = st.sampled_from(list("{}[]:,-&*!|>'\"#%@`?\\\n\t \0\x1b\u202e\ufeff"))
TEXT = st.one_of(
    st.text(max_size=200),
    st.lists(st.one_of(SYNTAX, st.text(max_size=5)), max_size=80).map("".join),
    st.binary(max_size=200).map(lambda data: data.decode("latin-1")),
)


def _read(text: str) -> None:
    """Load and check `text`; fail the test on anything but issues or one error."""
    try:
        data, positions = load_document(text, FILE)
    except RequestFileError as error:
        message = str(error)
        assert message.startswith(f"{FILE}")
        assert "\n" not in message
        return
    checked = check_request(data, source=positions, file=FILE)
    for issue in checked.issues:
        assert issue.code in RULE_CODES
        assert issue.severity in (Severity.ERROR, Severity.WARNING)
        assert issue.message


@settings(max_examples=300, deadline=None)
@given(TEXT)
def test_any_text_reads_as_issues_or_one_error(text: str) -> None:
    _read(text)


def _dump(data: Any, as_yaml: bool) -> str:
    if as_yaml:
        return yaml.safe_dump(data, allow_unicode=True, default_flow_style=None)
    return json.dumps(data)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(request_shaped_data(), st.booleans(), st.data())
def test_dumped_requests_read_back(
    data: dict[str, Any], as_yaml: bool, draw: st.DataObject
) -> None:
    text = _dump(data, as_yaml)
    _read(text)

    # The same document cut short, or with a stray syntax character inserted.
    cut = draw.draw(st.integers(min_value=0, max_value=len(text)))
    _read(text[:cut])
    inserted = draw.draw(SYNTAX)
    _read(text[:cut] + inserted + text[cut:])


@settings(max_examples=150, deadline=None)
@given(garbage())
def test_garbage_mappings_as_json_documents(data: dict[Any, Any]) -> None:
    # json.dumps writes number, boolean and null keys as strings and raises on
    # the other kinds, whose mappings are skipped.
    try:
        text = json.dumps(data, default=repr)
    except (TypeError, ValueError):
        return
    _read(text)
