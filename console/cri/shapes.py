"""Value names for issue messages, and the strings crictl makes of YAML scalars."""

from __future__ import annotations

import json
import math
import struct
from collections.abc import Mapping
from decimal import Decimal
from typing import TypeGuard


def int_text(value: int) -> str:
    """Return an integer as text, or its size when it has too many digits to print."""
    try:
        return str(value)
    except ValueError:
        # str() raises ValueError past sys.int_info.default_max_str_digits (4300).
        return f"an integer of {value.bit_length()} bits"


def scalar_text(value: object) -> str | None:
    """Return the string crictl makes of a YAML number or boolean, else None.

    sigs.k8s.io/yaml (`convertToJSONableObject`) turns a scalar typed as bool or
    number into a string when the Go field is a string: `true`, `8080`, and
    floats through `strconv.FormatFloat(value, 'g', -1, 32)`, so `1.10` is `1.1`.
    """
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int):
        try:
            return str(value)
        except ValueError:
            return None
    if isinstance(value, float):
        return go_float32_text(value)
    return None


def go_float32_text(value: float) -> str:
    """Format a float as Go's `strconv.FormatFloat(value, 'g', -1, 32)` does.

    The value is rounded to float32, then written as the shortest decimal that
    reads back as the same float32, in exponent form (`1e+06`, `1e-05`) when the
    decimal exponent is below -4 or at least 6.
    """
    if math.isnan(value):
        return "NaN"
    single = _float32(value)
    if math.isinf(single):
        return "+Inf" if single > 0 else "-Inf"
    if single == 0:
        return "-0" if math.copysign(1.0, single) < 0 else "0"

    text = f"{single:.8e}"
    for precision in range(1, 10):
        text = f"{single:.{precision - 1}e}"
        if _float32(float(text)) == single:
            break
    sign, digit_tuple, exponent = Decimal(text).normalize().as_tuple()
    assert isinstance(exponent, int)
    digits = "".join(map(str, digit_tuple))
    point = len(digits) + exponent
    prefix = "-" if sign else ""
    if point - 1 < -4 or point - 1 >= 6:
        mantissa = digits[0] + ("." + digits[1:] if len(digits) > 1 else "")
        power = point - 1
        return f"{prefix}{mantissa}e{'-' if power < 0 else '+'}{abs(power):02d}"
    if point <= 0:
        return f"{prefix}0.{'0' * -point}{digits}"
    if point >= len(digits):
        return f"{prefix}{digits}{'0' * (point - len(digits))}"
    return f"{prefix}{digits[:point]}.{digits[point:]}"


def integral(value: object) -> object:
    """Return an integral float below 1e21 as an int, any other value unchanged.

    crictl's loader re-encodes YAML and JSON through Go's json.Marshal, which
    writes such a float without a fraction (`1.0` -> `1`), so it reads into an
    integer field.
    """
    if type(value) is float and value.is_integer() and abs(value) < 1e21:
        return int(value)
    return value


def is_int(value: object) -> TypeGuard[int]:
    """True for an int that is not a bool."""
    return isinstance(value, int) and not isinstance(value, bool)


def _float32(value: float) -> float:
    try:
        return float(struct.unpack("<f", struct.pack("<f", value))[0])
    except OverflowError:
        # Go's float32 conversion rounds values beyond its range to infinity.
        return math.copysign(math.inf, value)


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
