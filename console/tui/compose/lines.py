"""List fields written as lines of text: environment, mounts, devices, maps, ports.

Each codec turns the request's value into lines an operator reads naturally and
back. Parsing never fails: a part that is not a number stays a string, so the
request rules report it on the entry it belongs to, with the line it came from.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any

from console.cri.issues import Issue, Severity

_PROTOCOLS = {"tcp": 0, "udp": 1, "sctp": 2}
_PROTOCOL_NAMES = {number: name for name, number in _PROTOCOLS.items()}


@dataclass(frozen=True, slots=True)
class ParsedLines:
    """The value read from a list field's text, and where each entry came from.

    `entry_lines[i]` is the 1-based line of list entry `i`; `key_lines` maps a map
    key to its line. `issues` are problems only the text has (a map key written
    twice), with paths relative to the field, such as `[2]` or `["app"]`.
    """

    value: Any
    entry_lines: tuple[int, ...] = ()
    key_lines: Mapping[str, int] = field(default_factory=dict)
    issues: tuple[Issue, ...] = ()


def _numbered(text: str) -> list[tuple[int, str]]:
    """Return the non-blank lines of `text` with their 1-based numbers."""
    return [
        (number, line)
        for number, line in enumerate(text.split("\n"), start=1)
        if line.strip()
    ]


def _number(text: str) -> int | str:
    """Return `text` as an int, or unchanged so that validation names the problem."""
    stripped = text.strip()
    try:
        return int(stripped)
    except ValueError:
        return stripped


def _text(value: object) -> str:
    return "" if value is None else str(value)


class LineCodec:
    """Base of the list codecs: one entry per non-blank line."""

    placeholder = ""

    def to_text(self, value: object) -> str:
        if not isinstance(value, list):
            return ""
        return "\n".join(self.entry_text(entry) for entry in value)

    def entry_text(self, entry: object) -> str:
        return _text(entry)

    def fits_lines(self, value: object) -> bool:
        """Return True when each entry of `value` reads back from a line of its own.

        An entry holding a line break, or an empty one, would not survive an edit.
        """
        if value is None:
            return True
        if not isinstance(value, list | Mapping):
            return False
        text = self.to_text(value)
        if not value:
            return text == ""
        return text.count("\n") == len(value) - 1 and len(_numbered(text)) == len(value)

    def parse(self, text: str, previous: object = None) -> ParsedLines:
        numbered = _numbered(text)
        old = previous if isinstance(previous, list) else []
        entries = [self.parse_line(line, old) for _, line in numbered]
        return ParsedLines(entries, tuple(number for number, _ in numbered))

    def parse_line(self, line: str, previous: list[Any]) -> Any:
        return line


class StringLines(LineCodec):
    """One string per line: command, args, DNS servers, capabilities."""

    placeholder = "one per line"


class EnvLines(LineCodec):
    """`KEY=VALUE` per line; a line without `=` is a key with an empty value."""

    placeholder = "KEY=VALUE, one per line"

    def entry_text(self, entry: object) -> str:
        if not isinstance(entry, Mapping):
            return _text(entry)
        return f"{_text(entry.get('key'))}={_text(entry.get('value'))}"

    def parse_line(self, line: str, previous: list[Any]) -> Any:
        key, _, value = line.partition("=")
        return {"key": key, "value": value}


def _kept(
    previous: list[Any], match: Callable[[Mapping[str, Any]], bool]
) -> dict[str, Any]:
    """Return a copy of the first previous entry that `match` accepts, or `{}`.

    The line forms show only the common parts of an entry; merging with the entry
    the line had before keeps the rest (propagation, an image volume, a host IP).
    """
    for entry in previous:
        if isinstance(entry, Mapping) and match(entry):
            return dict(entry)
    return {}


class MountLines(LineCodec):
    """`HOST_PATH:CONTAINER_PATH[:ro]`; an image volume is written `:CONTAINER_PATH`."""

    placeholder = "HOST_PATH:CONTAINER_PATH[:ro], one per line"

    def entry_text(self, entry: object) -> str:
        if not isinstance(entry, Mapping):
            return _text(entry)
        text = f"{_text(entry.get('host_path'))}:{_text(entry.get('container_path'))}"
        if entry.get("readonly") is True:
            text += ":ro"
        return text

    def parse_line(self, line: str, previous: list[Any]) -> Any:
        parts = line.split(":")
        readonly = False
        if len(parts) > 1 and parts[-1].strip() in ("ro", "rw"):
            readonly = parts.pop().strip() == "ro"
        if len(parts) == 1:
            host_path, container_path = "", parts[0]
        else:
            host_path, container_path = parts[0], ":".join(parts[1:])
        entry = _kept(previous, lambda old: old.get("container_path") == container_path)
        entry.update(host_path=host_path, container_path=container_path)
        if readonly:
            entry["readonly"] = True
        else:
            entry.pop("readonly", None)
        return entry


class DeviceLines(LineCodec):
    """`HOST_PATH[:CONTAINER_PATH[:PERMISSIONS]]`; one path means the same inside."""

    placeholder = "HOST_PATH:CONTAINER_PATH[:rwm], one per line"

    def entry_text(self, entry: object) -> str:
        if not isinstance(entry, Mapping):
            return _text(entry)
        text = f"{_text(entry.get('host_path'))}:{_text(entry.get('container_path'))}"
        permissions = _text(entry.get("permissions"))
        return f"{text}:{permissions}" if permissions else text

    def parse_line(self, line: str, previous: list[Any]) -> Any:
        parts = line.split(":")
        host_path = parts[0]
        container_path = parts[1] if len(parts) > 1 else parts[0]
        entry = _kept(previous, lambda old: old.get("container_path") == container_path)
        entry.update(host_path=host_path, container_path=container_path)
        if len(parts) > 2:
            entry["permissions"] = ":".join(parts[2:])
        else:
            entry.pop("permissions", None)
        return entry


class MapLines(LineCodec):
    """`key=value` per line for labels and annotations."""

    placeholder = "key=value, one per line"

    def to_text(self, value: object) -> str:
        if not isinstance(value, Mapping):
            return ""
        return "\n".join(f"{key}={_text(item)}" for key, item in value.items())

    def parse(self, text: str, previous: object = None) -> ParsedLines:
        value: dict[str, str] = {}
        key_lines: dict[str, int] = {}
        issues: list[Issue] = []
        for number, line in _numbered(text):
            key, _, item = line.partition("=")
            if key in key_lines:
                issues.append(
                    Issue(
                        path=f'["{key}"]',
                        code="form.duplicate-key",
                        severity=Severity.ERROR,
                        message=(
                            f"key {key!r} is set again here (first on line "
                            f"{key_lines[key]}); keep one of the two lines"
                        ),
                        line=number,
                    )
                )
                continue
            value[key] = item
            key_lines[key] = number
        return ParsedLines(value, tuple(key_lines.values()), key_lines, tuple(issues))


_PORT_LINE = re.compile(r"^(?P<ports>[^/]*)(?:/(?P<protocol>.*))?$")


class PortLines(LineCodec):
    """`CONTAINER_PORT[:HOST_PORT][/PROTOCOL]` per line, protocol tcp, udp or sctp."""

    placeholder = "CONTAINER_PORT[:HOST_PORT][/tcp|udp|sctp], one per line"

    def entry_text(self, entry: object) -> str:
        if not isinstance(entry, Mapping):
            return _text(entry)
        text = _text(entry.get("container_port", ""))
        host_port = entry.get("host_port")
        if host_port not in (None, 0, ""):
            text += f":{host_port}"
        protocol = entry.get("protocol")
        if isinstance(protocol, int) and protocol in _PROTOCOL_NAMES:
            if protocol != 0:
                text += f"/{_PROTOCOL_NAMES[protocol]}"
        elif protocol not in (None, ""):
            text += f"/{str(protocol).lower()}"
        return text

    def parse_line(self, line: str, previous: list[Any]) -> Any:
        match = _PORT_LINE.match(line.strip())
        assert match is not None  # the pattern matches any line
        container, _, host = match.group("ports").partition(":")
        container_port = _number(container)
        entry = _kept(previous, lambda old: old.get("container_port") == container_port)
        entry["container_port"] = container_port
        if host.strip():
            entry["host_port"] = _number(host)
        else:
            entry.pop("host_port", None)
        protocol = (match.group("protocol") or "").strip()
        if protocol:
            entry["protocol"] = _PROTOCOLS.get(protocol.lower(), protocol)
        else:
            entry.pop("protocol", None)
        return entry
