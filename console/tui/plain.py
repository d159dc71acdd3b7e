"""Turn text that came from Proxmox into inert plain text for the screen.

Names, tags, descriptions and task logs are data written by whoever can edit a
container. Shown as Textual markup, `[bold]` would change the screen; written raw to
the terminal, an escape sequence could move the cursor or set the window title. Every
string from Proxmox goes through `plain_line` or `plain_block` and is then shown as a
`rich.text.Text`, which Textual never parses as markup.
"""

from __future__ import annotations

import re

from rich.text import Text

# ECMA-48 sequences: CSI (ESC [ ... final), OSC / DCS / SOS / PM / APC strings ended by
# BEL or ST, and two-character escapes. The C1 forms (0x9b, 0x9d, ...) are included.
_ESCAPE_SEQUENCE = re.compile(
    r"""
    (?:\x1b\[|\x9b)[0-?]*[ -/]*[@-~]               # CSI
    | (?:\x1b[\]PX^_]|[\x90\x98\x9d\x9e\x9f])      # OSC, DCS, SOS, PM, APC ...
      .*?(?:\x07|\x1b\\|\x9c|$)                    # ... up to BEL or ST
    | \x1b[ -/]*[0-~]                              # two-character escapes
    """,
    re.VERBOSE | re.DOTALL,
)
# Bidi embeddings, overrides and isolates (U+202E and kin) reorder what follows
# them, so a name could show as another; they go with the controls.
_CONTROL = re.compile(
    r"[\x00-\x08\x0b-\x1f\x7f-\x9f\u200e\u200f\u202a-\u202e\u2066-\u2069]"
)
_LINE_BREAKS = re.compile(r"[\t\n\r\v\f]+")
# Every escape sequence and control character starts with one of these, so most
# names and addresses need a single scan and no substitution.
_NEEDS_CLEANING = re.compile(
    r"[\x00-\x1f\x7f-\x9f\u200e\u200f\u202a-\u202e\u2066-\u2069]"
)


def plain_block(value: object) -> str:
    """Return `value` as text with escape sequences and control characters removed.

    Line breaks stay and tabs become spaces, so a description keeps its lines.
    """
    text = str(value).replace("\r\n", "\n").replace("\t", "    ")
    text = _ESCAPE_SEQUENCE.sub("", text)
    return _CONTROL.sub("", text)


def plain_line(value: object) -> str:
    """Return `value` as one line of inert text: escapes removed, breaks as spaces."""
    text = str(value)
    if not _NEEDS_CLEANING.search(text):
        return text
    text = _ESCAPE_SEQUENCE.sub("", text)
    text = _LINE_BREAKS.sub(" ", text)
    return _CONTROL.sub("", text)


def inert(value: object, style: str = "") -> Text:
    """Return `value` as a `Text` that shows every character as written."""
    return Text(plain_block(value), style=style)
