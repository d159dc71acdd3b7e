"""Hypothesis strategies: request-shaped data from the field tables, and garbage."""

from __future__ import annotations

from typing import Any

from hypothesis import strategies as st

from console.cri.fieldspec import (
    REQUEST_SPEC,
    FieldSpec,
    Kind,
    MessageSpec,
    message_spec,
)

SCALARS = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(),
    st.integers(min_value=-(2**80), max_value=2**80),
    st.floats(allow_nan=True, allow_infinity=True),
    st.text(max_size=12),
    st.text(alphabet="\0\n\t /.:=_-aZ", max_size=8),
    st.binary(max_size=4),
)


def _all_keys(spec: MessageSpec, seen: set[str]) -> set[str]:
    for field in spec.fields:
        seen.add(field.proto_name)
        if field.message is not None:
            _all_keys(message_spec(field.message), seen)
    return seen


KNOWN_KEYS = sorted(_all_keys(REQUEST_SPEC, set()))
KEYS = st.one_of(
    st.sampled_from(KNOWN_KEYS),
    st.sampled_from(KNOWN_KEYS).map(str.upper),
    st.sampled_from(["privileged", "security_context", "value", "logDirectory"]),
    st.text(max_size=6),
    st.integers(),
    st.none(),
    st.booleans(),
    st.floats(),
    st.tuples(st.integers()),
)


def garbage() -> st.SearchStrategy[dict[Any, Any]]:
    """Return nested mappings of arbitrary keys and values, with known keys mixed in."""
    values = st.recursive(
        SCALARS,
        lambda inner: st.one_of(
            st.lists(inner, max_size=4),
            st.tuples(inner, inner),
            st.dictionaries(KEYS, inner, max_size=4),
        ),
        max_leaves=25,
    )
    return st.dictionaries(KEYS, values, max_size=6)


def _field_values(field: FieldSpec) -> st.SearchStrategy[Any]:
    kind = field.kind
    if kind is Kind.STRING:
        return st.text(max_size=12)
    if kind is Kind.BOOL:
        return st.booleans()
    if kind is Kind.INT or kind is Kind.INT_LIST:
        integers = st.integers(min_value=field.minimum, max_value=field.maximum)
        return integers if kind is Kind.INT else st.lists(integers, max_size=3)
    if kind is Kind.ENUM:
        assert field.enum is not None
        return st.sampled_from([member.value for member in field.enum])
    if kind is Kind.STRING_LIST:
        return st.lists(st.text(max_size=8), max_size=3)
    if kind is Kind.STRING_MAP:
        return st.dictionaries(st.text(max_size=6), st.text(max_size=6), max_size=3)
    assert field.message is not None
    messages = _message_values(message_spec(field.message))
    return messages if kind is Kind.MESSAGE else st.lists(messages, max_size=2)


def _message_values(spec: MessageSpec) -> st.SearchStrategy[dict[str, Any]]:
    return st.fixed_dictionaries(
        {}, optional={field.proto_name: _field_values(field) for field in spec.fields}
    )


def request_shaped_data() -> st.SearchStrategy[dict[str, Any]]:
    """Return requests in crictl's dialect with any well-typed value in any field."""
    return _message_values(REQUEST_SPEC)
