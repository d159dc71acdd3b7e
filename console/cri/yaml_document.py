"""A YAML reader that records the line and column of every key and list item.

It builds plain values straight from PyYAML's parser events with an explicit
stack, rather than composing a node graph, so that nesting depth, alias
expansion and tags are checked before any of them can cost memory or recursion.
Only safe scalars (strings, numbers, booleans, null) are constructed.
"""

from __future__ import annotations

import copy
import math
from dataclasses import dataclass, field
from typing import Any

import yaml

from console.cri.document_limits import (
    MAX_DEPTH,
    MappingKeys,
    Positions,
    RawPath,
    RequestFileError,
    check_integer,
    is_map_field,
    too_deep,
)

_TAG = "tag:yaml.org,2002:"
_SCALAR_TAGS = frozenset(
    f"{_TAG}{name}" for name in ("str", "int", "float", "bool", "null")
)
_MERGE_TAG = f"{_TAG}merge"
# Marks `y`, `Y`, `n` and `N`: go-yaml v2 reads them as booleans, PyYAML as strings.
_PLAIN_BOOL_TAG = "y/n"

# Aliases may repeat the document's own content, but expanding to more than this
# many times its size (plus a small allowance) means input built to exhaust memory.
_ALIAS_EXPANSION_RATIO = 10
_ALIAS_EXPANSION_ALLOWANCE = 10_000

# PyYAML's pure and libyaml parsers have different mark classes, both with
# 0-based `line` and `column`.
_Mark = Any

# Stands for the `<<` merge key until its mapping applies it.
_MERGE_KEY = object()

_Loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


@dataclass
class _Collection:
    """A mapping or sequence being built, with what its next value is for."""

    value: dict[str, object] | list[object]
    path: RawPath
    start_count: int
    anchor: str | None
    keys: MappingKeys | None = None
    pending_key: str | None = None
    merge_pending: bool = False
    merges: list[tuple[object, int, int]] = field(default_factory=list)


class _Builder:
    def __init__(self, text: str, file: str) -> None:
        self.file = file
        self.loader = _Loader(text)
        self.positions: Positions = {}
        self.anchors: dict[str, tuple[object, int]] = {}
        self.stack: list[_Collection] = []
        # Values built, counting each alias as the size of what it repeats.
        self.count = 0
        self.expanded = 0
        self.documents = 0

    def error(self, message: str, mark: _Mark) -> RequestFileError:
        return RequestFileError(
            message, file=self.file, line=mark.line + 1, column=mark.column + 1
        )

    def build(self) -> object:
        result: object = None
        while self.loader.check_event():
            event = self.loader.get_event()
            if isinstance(event, yaml.DocumentStartEvent):
                self.documents += 1
                if self.documents > 1:
                    raise self.error(
                        "the file contains more than one YAML document (separated by "
                        "`---`); keep one request per file",
                        event.start_mark,
                    )
            elif isinstance(event, (yaml.StreamStartEvent, yaml.StreamEndEvent)):
                continue
            elif isinstance(event, yaml.DocumentEndEvent):
                continue
            else:
                done, value = self.feed(event)
                if done:
                    result = value
        return result

    def feed(self, event: yaml.Event) -> tuple[bool, object]:
        """Take one node event, returning (True, value) when the top value is done."""
        mark: _Mark = event.start_mark
        if isinstance(event, (yaml.MappingEndEvent, yaml.SequenceEndEvent)):
            return self.close(event)
        path = self.place(event)
        if isinstance(event, (yaml.MappingStartEvent, yaml.SequenceStartEvent)):
            self.open(event, path)
            return False, None
        if isinstance(event, yaml.AliasEvent):
            return self.attach(self.alias(event), mark)
        assert isinstance(event, yaml.ScalarEvent)
        self.count += 1
        value = self.scalar(event)
        if event.anchor is not None:
            self.anchors[event.anchor] = (value, 1)
        return self.attach(value, mark)

    def place(self, event: yaml.Event) -> RawPath:
        """Record where a node starts and return its raw path."""
        mark: _Mark = event.start_mark
        position = (mark.line + 1, mark.column + 1)
        if not self.stack:
            self.positions[()] = position
            return ()
        top = self.stack[-1]
        if isinstance(top.value, list):
            path = (*top.path, len(top.value))
            self.positions[path] = position
            return path
        if top.pending_key is None:
            return top.path
        return (*top.path, top.pending_key)

    def open(self, event: yaml.CollectionStartEvent, path: RawPath) -> None:
        if len(self.stack) >= MAX_DEPTH:
            mark: _Mark = event.start_mark
            raise too_deep(file=self.file, line=mark.line + 1, column=mark.column + 1)
        top = self.stack[-1] if self.stack else None
        if top is not None and isinstance(top.value, dict) and top.pending_key is None:
            kind = "mapping" if isinstance(event, yaml.MappingStartEvent) else "list"
            raise self.error(
                f"a key must be a string, found a {kind}; write the key as text",
                event.start_mark,
            )
        expected = "map" if isinstance(event, yaml.MappingStartEvent) else "seq"
        self.check_tag(event.tag, f"{_TAG}{expected}", event.start_mark)
        self.count += 1
        collection = _Collection(
            value={} if expected == "map" else [],
            path=path,
            start_count=self.count,
            anchor=event.anchor,
        )
        if expected == "map":
            parent_key = path[-1] if path else None
            collection.keys = MappingKeys(
                file=self.file, case_sensitive=is_map_field(parent_key)
            )
        self.stack.append(collection)

    def close(self, event: yaml.Event) -> tuple[bool, object]:
        collection = self.stack.pop()
        if isinstance(collection.value, dict):
            self.apply_merges(collection)
        if collection.anchor is not None:
            size = self.count - collection.start_count + 1
            self.anchors[collection.anchor] = (collection.value, size)
        if not self.stack:
            return True, collection.value
        return self.attach(collection.value, event.start_mark)

    def attach(self, value: object, mark: _Mark) -> tuple[bool, object]:
        """Put a finished value into the collection on top of the stack."""
        if not self.stack:
            return True, value
        top = self.stack[-1]
        if isinstance(top.value, list):
            top.value.append(value)
        elif top.merge_pending:
            top.merges.append((value, mark.line + 1, mark.column + 1))
            top.merge_pending = False
        elif top.pending_key is None:
            self.take_key(top, value, mark)
        else:
            top.value[top.pending_key] = value
            top.pending_key = None
        return False, None

    def take_key(self, top: _Collection, key: object, mark: _Mark) -> None:
        if key is _MERGE_KEY:
            top.merge_pending = True
            return
        if not isinstance(key, str):
            kinds = {bool: "a boolean", int: "a number", float: "a number"}
            kind = kinds.get(type(key), "null")
            raise self.error(
                f"a key must be a string, found {kind} `{key}`; put the key in quotes",
                mark,
            )
        assert top.keys is not None
        top.keys.add(key, mark.line + 1, mark.column + 1)
        top.pending_key = key
        self.positions[(*top.path, key)] = (mark.line + 1, mark.column + 1)

    def scalar(self, event: yaml.ScalarEvent) -> object:
        mark: _Mark = event.start_mark
        tag = event.tag
        if tag is None or tag == "!":
            tag = self._resolve_plain(event)
            if tag == _MERGE_TAG:
                return _MERGE_KEY if self.expects_key() else event.value
            if tag == _PLAIN_BOOL_TAG:
                return event.value in ("y", "Y")
        self.check_tag(tag, None, mark)
        node = yaml.ScalarNode(tag, event.value, mark, _end_mark(event), event.style)
        value: object = self.loader.construct_object(node)
        if isinstance(value, int) and not isinstance(value, bool):
            check_integer(
                value, file=self.file, line=mark.line + 1, column=mark.column + 1
            )
        if isinstance(value, float) and math.isinf(value) and "inf" not in event.value:
            raise self.error(
                f"the number {event.value} is too large for a 64-bit float", mark
            )
        return value

    def _resolve_plain(self, event: yaml.ScalarEvent) -> str:
        """Return the tag crictl's YAML decoder (go-yaml v2) gives an untagged scalar.

        PyYAML and go-yaml v2 both follow YAML 1.1 but differ at the edges:
        go-yaml reads `y` and `n` as booleans, has no base-60 numbers (`1:30`
        is a string), and leaves dates, `=` and other tags as strings.
        """
        tag: str = self.loader.resolve(yaml.ScalarNode, event.value, event.implicit)
        plain = event.implicit[0]
        if plain and event.value in ("y", "Y", "n", "N"):
            return _PLAIN_BOOL_TAG
        if tag in (f"{_TAG}int", f"{_TAG}float") and ":" in event.value:
            return f"{_TAG}str"
        if tag in _SCALAR_TAGS or tag == _MERGE_TAG:
            return tag
        return f"{_TAG}str"

    def expects_key(self) -> bool:
        if not self.stack:
            return False
        top = self.stack[-1]
        return (
            isinstance(top.value, dict)
            and top.pending_key is None
            and not top.merge_pending
        )

    def check_tag(self, tag: str | None, allowed: str | None, mark: _Mark) -> None:
        if tag is None or tag == "!" or tag == allowed or tag in _SCALAR_TAGS:
            return
        raise self.error(
            f"the YAML tag `{tag}` is not allowed; a request contains only plain "
            "strings, numbers, booleans, lists and mappings",
            mark,
        )

    def alias(self, event: yaml.AliasEvent) -> object:
        anchor = self.anchors.get(event.anchor) if event.anchor else None
        if anchor is None:
            raise self.error(
                f"the alias `*{event.anchor}` refers to no anchor defined before it",
                event.start_mark,
            )
        value, size = anchor
        self.count += size
        self.expanded += size
        own = self.count - self.expanded
        if self.expanded > _ALIAS_EXPANSION_RATIO * own + _ALIAS_EXPANSION_ALLOWANCE:
            raise self.error(
                f"YAML aliases expand to {self.expanded} values from a document of "
                f"{own}; write the repeated parts out instead of nesting aliases",
                event.start_mark,
            )
        return copy.deepcopy(value)

    def apply_merges(self, collection: _Collection) -> None:
        """Apply `<<: *anchor` merge keys: keys written in the mapping win."""
        assert isinstance(collection.value, dict)
        for source, line, column in collection.merges:
            sources = source if isinstance(source, list) else [source]
            for item in sources:
                if not isinstance(item, dict):
                    raise RequestFileError(
                        "a `<<` merge key takes a mapping or a list of mappings",
                        file=self.file,
                        line=line,
                        column=column,
                    )
                for key, value in item.items():
                    if key not in collection.value:
                        collection.value[key] = value
                        self.positions.setdefault(
                            (*collection.path, key), (line, column)
                        )


def parse_yaml(text: str, file: str) -> tuple[object, Positions]:
    """Parse one YAML document and return the value and the position of every raw path.

    Raises `yaml.YAMLError` for text that is not YAML and `RequestFileError` for
    YAML that no request file may contain.
    """
    builder = _Builder(text, file)
    try:
        value = builder.build()
    finally:
        builder.loader.dispose()
    return value, builder.positions


def describe_yaml_error(
    error: yaml.YAMLError, file: str, text: str = ""
) -> RequestFileError:
    if isinstance(error, yaml.reader.ReaderError):
        # PyYAML's reader rejects control characters before any parsing, with only
        # an offset and a two-line message naming "<unicode string>".
        before = text[: error.position]
        return RequestFileError(
            f"the control character U+{error.character:04X} is not allowed in a "
            "request file; remove it, or write it as an escape in a double-quoted "
            'string ("\\0", "\\x1b")',
            file=file,
            line=before.count("\n") + 1,
            column=error.position - (before.rfind("\n") + 1) + 1,
        )
    if isinstance(error, yaml.MarkedYAMLError) and error.problem_mark is not None:
        mark = error.problem_mark
        problem = error.problem or "invalid syntax"
        return RequestFileError(
            f"not valid JSON or YAML: {problem}; fix the syntax at this point",
            file=file,
            line=mark.line + 1,
            column=mark.column + 1,
        )
    return RequestFileError(f"not valid JSON or YAML: {error}", file=file)


def _end_mark(event: yaml.ScalarEvent) -> _Mark:
    return event.end_mark
