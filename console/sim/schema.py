"""Parameter checks as PVE's JSONSchema does them, with PVE's wording.

Every endpoint declares its parameters as a table of `Param`; `check_params` checks
a request against it, reports every failing parameter at once (400
`Parameter verification failed.`, one entry per parameter), and returns the values
converted to their types.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass

from console.sim.errors import ParameterError

Value = str | int | float

# A format check returns nothing for a good value and raises FormatError otherwise.
FormatCheck = Callable[[str, str], None]

FORMATS: dict[str, FormatCheck] = {}

NOT_IN_SCHEMA = (
    "property is not defined in schema and the schema does not allow additional "
    "properties"
)
MISSING = "property is missing and it is not optional"


class FormatError(ValueError):
    """A value that does not match its format; the text follows `invalid format - `."""


@dataclass(frozen=True)
class Param:
    """One parameter of an endpoint, or one key of a property string."""

    type: str = "string"
    optional: bool = True
    minimum: float | None = None
    maximum: float | None = None
    min_length: int | None = None
    max_length: int | None = None
    pattern: str | None = None
    enum: tuple[str, ...] | None = None
    format: str | None = None
    # The release ("9.1") that added the parameter; older versions reject it.
    since: tuple[int, int] | None = None


def check_value(
    name: str, param: Param, raw: object
) -> tuple[Value | None, str | None]:
    """Check one value and return it converted, or the error text for it."""
    text = raw if isinstance(raw, str) else str(raw)
    if param.type == "boolean":
        if raw is True or raw is False:
            return int(raw), None
        if text in ("1", "0"):
            return int(text), None
        return None, f"type check ('boolean') failed - got '{text}'"
    if param.type == "integer":
        if isinstance(raw, bool) or not re.fullmatch(r"[+-]?\d+", text.strip()):
            return None, f"type check ('integer') failed - got '{text}'"
        number: int | float = int(text)
    elif param.type == "number":
        try:
            number = float(text)
        except ValueError:
            return None, f"type check ('number') failed - got '{text}'"
    else:
        return _check_string(name, param, text)
    if param.minimum is not None and number < param.minimum:
        return None, f"value must have a minimum value of {_shown(param.minimum)}"
    if param.maximum is not None and number > param.maximum:
        return None, f"value must have a maximum value of {_shown(param.maximum)}"
    return number, None


def _check_string(
    name: str, param: Param, text: str
) -> tuple[Value | None, str | None]:
    if param.max_length is not None and len(text) > param.max_length:
        return None, f"value may only be {param.max_length} characters long"
    if param.min_length is not None and len(text) < param.min_length:
        return None, f"value must be at least {param.min_length} characters long"
    if param.pattern is not None and not re.fullmatch(param.pattern, text):
        return None, "value does not match the regex pattern"
    if param.enum is not None and text not in param.enum:
        choices = ", ".join(param.enum)
        return (
            None,
            f"value '{text}' does not have a value in the enumeration '{choices}'",
        )
    if param.format is not None:
        try:
            FORMATS[param.format](name, text)
        except FormatError as error:
            detail = str(error)
            ending = "" if detail.endswith("\n") else "\n"
            return None, f"invalid format - {detail}{ending}"
    return text, None


def _shown(limit: float) -> str:
    return str(int(limit)) if float(limit).is_integer() else str(limit)


def lookup_param(table: Mapping[str, Param], name: str) -> Param | None:
    """Find the entry for `name`, matching `net3` to a `net[n]` entry."""
    if name in table:
        return table[name]
    match = re.fullmatch(r"([a-z]+)(\d+)", name)
    if match is None:
        return None
    entry = table.get(f"{match.group(1)}[n]")
    limit = NUMBERED_LIMITS.get(match.group(1))
    if entry is None or limit is None or int(match.group(2)) >= limit:
        return None
    if match.group(2) != str(int(match.group(2))):
        return None
    return entry


# How many numbered keys of each kind PVE allows (net0..net31, mp0..mp255, ...).
NUMBERED_LIMITS = {"net": 32, "mp": 256, "dev": 256, "unused": 256}


def check_params(
    table: Mapping[str, Param],
    raw: Mapping[str, object],
    version: tuple[int, int],
) -> dict[str, Value]:
    """Check the request parameters `raw` against `table`, reporting every error."""
    errors: dict[str, str] = {}
    values: dict[str, Value] = {}
    for name, given in raw.items():
        param = lookup_param(table, name)
        if param is None or (param.since is not None and version < param.since):
            errors[name] = NOT_IN_SCHEMA
            continue
        if isinstance(given, list):
            errors[name] = "duplicate parameter"
            continue
        value, error = check_value(name, param, given)
        if error is not None:
            errors[name] = error
        elif value is not None:
            values[name] = value
    for name, param in table.items():
        if not param.optional and name not in raw and name not in errors:
            errors[name] = MISSING
    if errors:
        raise ParameterError(errors)
    return values
