"""The request being composed, as crictl-dialect data the form edits in place.

The form keeps the whole document, including keys it has no field for, so that
switching to the raw view, saving, or validating never drops a value. A field
writes under the key spelling the document already uses (`logDirectory` stays
`logDirectory`), so an untouched loaded file validates exactly as it was read.
"""

from __future__ import annotations

import copy
from collections.abc import Iterable, Mapping
from typing import Any


def fold(key: str) -> str:
    """Return the form crictl and the CRI core match keys in: no case, no `_`."""
    return key.replace("_", "").casefold()


def _find_key(mapping: Mapping[str, Any], name: str) -> str | None:
    if name in mapping:
        return name
    folded = fold(name)
    for key in mapping:
        if isinstance(key, str) and fold(key) == folded:
            return key
    return None


class RequestDocument:
    """A `CreateContainerRequest` as nested dicts and lists, edited by path."""

    def __init__(self, data: Mapping[str, Any] | None = None) -> None:
        self.data: dict[str, Any] = copy.deepcopy(dict(data)) if data else {}

    def get(self, segments: Iterable[str]) -> Any:
        """Return the value at `segments`, or `None` where any part is missing."""
        node: Any = self.data
        for name in segments:
            if not isinstance(node, Mapping):
                return None
            key = _find_key(node, name)
            if key is None:
                return None
            node = node[key]
        return node

    def set(self, segments: tuple[str, ...], value: Any) -> None:
        """Set the value at `segments`, creating mappings on the way.

        `None` removes the key instead, as proto3 treats an empty value as unset.
        """
        node = self.data
        for name in segments[:-1]:
            key = _find_key(node, name)
            child = node.get(key) if key is not None else None
            if not isinstance(child, dict):
                if value is None:
                    return
                child = {}
                node[key if key is not None else name] = child
            node = child
        key = _find_key(node, segments[-1])
        if value is None:
            if key is not None:
                del node[key]
            return
        node[key if key is not None else segments[-1]] = value

    def copy(self) -> dict[str, Any]:
        return copy.deepcopy(self.data)
