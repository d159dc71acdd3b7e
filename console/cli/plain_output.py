"""Make text from Proxmox or from a request file safe to print on a terminal."""

from __future__ import annotations

import re

# CSI, OSC/DCS/SOS/PM/APC strings up to BEL or ST, two-character escapes, and the C1
# forms of each: printed raw, any of them could move the cursor or retitle the window.
_ESCAPE_SEQUENCE = re.compile(
    r"""
    (?:\x1b\[|\x9b)[0-?]*[ -/]*[@-~]
    | (?:\x1b[\]PX^_]|[\x90\x98\x9d\x9e\x9f]).*?(?:\x07|\x1b\\|\x9c|$)
    | \x1b[ -/]*[0-~]
    """,
    re.VERBOSE | re.DOTALL,
)
_CONTROL = re.compile(
    r"[\x00-\x08\x0b-\x1f\x7f-\x9f\u200e\u200f\u202a-\u202e\u2066-\u2069]"
)
_LINE_BREAKS = re.compile(r"[\t\n\r\v\f]+")
_ESCAPED = re.compile(r"[\x00-\x1f\x7f-\x9f\u200e\u200f\u202a-\u202e\u2066-\u2069]")


def plain_line(value: object) -> str:
    """Return `value` as one line: escapes, controls and bidi overrides removed."""
    text = _ESCAPE_SEQUENCE.sub("", str(value))
    text = _LINE_BREAKS.sub(" ", text)
    return _CONTROL.sub("", text)


def escaped_line(value: object) -> str:
    """Return `value` on one line with control characters written as escapes.

    Unlike `plain_line`, nothing is dropped: a NUL-separated `env` shows as
    `A=1\\0B=2` and a description's line breaks as `\\n`.
    """
    text = str(value).replace("\\", "\\\\")
    for char, escape in (("\0", "\\0"), ("\n", "\\n"), ("\t", "\\t"), ("\r", "\\r")):
        text = text.replace(char, escape)
    return _ESCAPED.sub(lambda match: f"\\x{ord(match.group()):02x}", text)
