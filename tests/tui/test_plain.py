"""Proxmox text is shown inert: no markup, no escape sequences, no controls."""

from __future__ import annotations

import pytest

from console.tui.plain import inert, plain_block, plain_line


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("web-1", "web-1"),
        ("\x1b[31mred\x1b[0m", "red"),
        ("title\x1b]0;owned\x07 after", "title after"),
        ("osc with st\x1b]8;;http://x\x1b\\link", "osc with stlink"),
        ("c1 csi \x9b2J done", "c1 csi  done"),
        ("bell\x07 and nul\x00", "bell and nul"),
        ("keypad \x1b=mode", "keypad mode"),
        ("unterminated \x1b]0;title", "unterminated "),
    ],
)
def test_plain_line_removes_escapes(raw: str, expected: str) -> None:
    assert plain_line(raw) == expected


def test_plain_line_joins_lines() -> None:
    assert plain_line("one\ntwo\r\n\tthree") == "one two three"


def test_plain_block_keeps_line_breaks() -> None:
    assert plain_block("one\r\ntwo\n\tthree") == "one\ntwo\n    three"


def test_inert_keeps_markup_as_text() -> None:
    text = inert("[bold]not bold[/bold] [link=http://x]y[/]")
    assert text.plain == "[bold]not bold[/bold] [link=http://x]y[/]"
    assert text.spans == []
