"""Value names for issue messages, and the strings crictl makes of YAML scalars."""

from __future__ import annotations

import json
import math
from collections.abc import Mapping


def int_text(value: int) -> str:
    """Return an integer as text, or its size when it has too many digits to print."""
    try:
        return str(value)
    except ValueError:
        # Python refuses to print integers of more than 4300 digits.
        return f"an integer of {value.bit_length()} bits"


def scalar_text(value: object) -> str | None:
    """Return the string crictl makes of a YAML number or boolean, else None.

    sigs.k8s.io/yaml turns a scalar typed as bool or number into a string when the
    Go field is a string (`true`, `8080`, `1.1`).
    """
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int):
        try:
            return str(value)
        except ValueError:
            return None
    if isinstance(value, float):
        if math.isnan(value) or math.isinf(value):
            return None
        if value.is_integer() and abs(value) < 1e21:
            return str(int(value))
        return repr(value)
    return None


def describe(value: object) -> str:
    """Name the type of a value as an issue message shows it ("a string")."""
    if value is None:
        return "null"
    if isinstance(value, bool):
        return f"a boolean ({'true' if value else 'false'})"
    if isinstance(value, int):
        return f"an integer ({int_text(value)})"
    if isinstance(value, float):
        return f"a number ({value!r})"
    if isinstance(value, str):
        return "a string"
    if isinstance(value, Mapping):
        return "a mapping"
    if isinstance(value, list | tuple):
        return "a list"
    return f"a value of type {type(value).__name__}"


def format_key(key: object) -> str:
    """Quote a map key for an issue path: `labels["app"]`."""
    if isinstance(key, str):
        return json.dumps(key, ensure_ascii=False)
    text = scalar_text(key)
    if text is not None:
        return json.dumps(text)
    return json.dumps(repr(key)[:60])


def quote(text: str, limit: int = 60) -> str:
    """Quote a value for a message, cut to `limit` characters with its length noted."""
    if len(text) <= limit:
        return json.dumps(text, ensure_ascii=False)
    shown = json.dumps(text[:limit], ensure_ascii=False)
    return f'{shown[:-1]}..." ({len(text)} characters)'
