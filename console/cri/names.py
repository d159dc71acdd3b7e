"""Matching of input names to proto names: message keys and enum values."""

from __future__ import annotations

import difflib
from enum import IntEnum

from console.cri.fieldspec import FieldSpec, MessageSpec, nested_field_paths


def match_key(spec: MessageSpec, key: str) -> tuple[FieldSpec | None, bool]:
    """Find the field `key` names and whether crictl reads that spelling.

    crictl matches as Go's encoding/json does: the exact proto name first, then
    case-insensitively. The console also reads lowerCamelCase names (what
    `crictl inspect` prints) and snake_case forms of `uidMappings` and
    `gidMappings`, which crictl ignores.
    """
    found = spec.by_proto_name.get(key)
    if found is not None:
        return found, True
    folded = key.lower()
    found = spec.by_folded_name.get(folded)
    if found is not None:
        return found, True
    found = (
        spec.by_camel_name.get(key)
        or spec.by_folded_camel_name.get(folded)
        or spec.by_snake_name.get(folded)
    )
    return found, False


def unknown_key_hint(spec: MessageSpec, key: str, prefix: str) -> str:
    """Return where an unknown key belongs, the nearest field name, or the fields."""
    nested = nested_field_paths(spec.model).get(key.lower())
    if nested is not None:
        return f"it belongs at `{prefix}{nested}`"

    names = [field.proto_name for field in spec.fields]
    # A key that shares a whole word with a field (`host_pid` and `pid`,
    # `dns_options` and `dns_config`) most likely means that field, even when
    # another name is closer letter by letter.
    words = set(key.lower().split("_"))
    sharing = [name for name in names if words & set(name.split("_"))]
    if sharing:
        best = max(
            sharing,
            key=lambda name: difflib.SequenceMatcher(None, key.lower(), name).ratio(),
        )
        return f"did you mean `{best}`?"
    close = difflib.get_close_matches(
        key.lower(), [name.lower() for name in names], n=1, cutoff=0.6
    )
    if close:
        suggestion = next(name for name in names if name.lower() == close[0])
        return f"did you mean `{suggestion}`?"
    return "known fields: " + ", ".join(names)


def enum_member(enum: type[IntEnum], text: str) -> IntEnum | None:
    """Find the member named `text`, ignoring case and the `SIGNAL_` prefix.

    cri-api v0.36.3 and older name signals without the prefix (`SIGKILL`), so
    both spellings are read.
    """
    folded = text.strip().upper()
    for member in enum:
        name = member.name.upper()
        if folded == name or (name.startswith("SIGNAL_") and folded == name[7:]):
            return member
    return None


def enum_choices(enum: type[IntEnum]) -> str:
    """Name the values of an enum for a message, briefly for long enums."""
    if len(enum) > 8:
        return f"{enum.__name__} names or their numbers 0 to {len(enum) - 1}"
    return ", ".join(f"{member.name} ({member.value})" for member in enum)
