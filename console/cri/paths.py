"""Field paths: raw paths as written in the input, and the proto paths of issues.

An issue path uses proto names with list indexes and quoted map keys, for
example `config.envs[2].key` or `config.labels["app"]`.
"""

from __future__ import annotations

import re

from console.cri.fieldspec import REQUEST_SPEC, Kind, MessageSpec, message_spec

RawPath = tuple[str | int, ...]
"""A path as written in the input: raw keys, and list indexes as ints."""

_LAST_SEGMENT = re.compile(r'(.*?)(?:\[(?:\d+|"(?:[^"\\]|\\.)*")\]|\.?[^.\[\]"]+)\Z')
_SEGMENT = re.compile(r'\.?([^.\[]+)|\[(\d+)\]|\[("(?:[^"\\]|\\.)*")\]')


def is_under(path: str, ancestors: set[str]) -> bool:
    """True when `path` or one of its ancestors is in `ancestors`."""
    while path:
        if path in ancestors:
            return True
        path = parent_path(path)
    return False


def parent_path(path: str) -> str:
    """Return the path one segment up: `config.envs[2]` for `config.envs[2].key`."""
    match = _LAST_SEGMENT.match(path)
    return match.group(1) if match is not None else ""


def path_order(path: str) -> tuple[tuple[int, int, str], ...]:
    """Return a sort key that puts paths in proto field order, then list order."""
    order: list[tuple[int, int, str]] = []
    spec: MessageSpec | None = REQUEST_SPEC
    for match in _SEGMENT.finditer(path):
        name, index, key = match.groups()
        if index is not None:
            order.append((1, int(index), ""))
            continue
        if key is not None:
            order.append((2, 0, key))
            continue
        field = spec.by_proto_name.get(name) if spec is not None else None
        if field is None:
            order.append((3, 0, name))
            spec = None
            continue
        order.append((0, field.rank, ""))
        if field.kind in (Kind.MESSAGE, Kind.MESSAGE_LIST) and field.message:
            spec = message_spec(field.message)
        else:
            spec = None
    return tuple(order)
