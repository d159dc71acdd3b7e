"""Strings made of YAML scalars, as sigs.k8s.io/yaml makes them for crictl."""

from __future__ import annotations

import pytest

from console.cri.shapes import go_float32_text, quote, scalar_text


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        (1.10, "1.1"),
        (100.0, "100"),
        (0.1, "0.1"),
        (123456.0, "123456"),
        (1e6, "1e+06"),
        (1234567.0, "1.234567e+06"),
        (0.0001, "0.0001"),
        (0.00001, "1e-05"),
        (-2.5, "-2.5"),
        (0.0, "0"),
        (16777217.0, "1.6777216e+07"),
        (3.4e39, "+Inf"),
        (float("-inf"), "-Inf"),
        (float("nan"), "NaN"),
    ],
)
def test_float_formatting_matches_go(value: float, expected: str) -> None:
    assert go_float32_text(value) == expected


@pytest.mark.parametrize(
    ("value", "expected"),
    [(True, "true"), (False, "false"), (8080, "8080"), (-1, "-1"), (None, None)],
)
def test_scalar_text(value: object, expected: str | None) -> None:
    assert scalar_text(value) == expected


def test_scalar_text_of_unprintable_integer() -> None:
    assert scalar_text(10**5000) is None


def test_quote_cuts_long_values() -> None:
    assert quote("a" * 100, 5) == '"aaaaa..." (100 characters)'
    assert quote("short") == '"short"'
