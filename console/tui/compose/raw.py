"""The raw view: the request as editable YAML or JSON, checked like the form."""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any, Literal

import yaml
from textual import on
from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical
from textual.message import Message
from textual.reactive import reactive
from textual.widgets import Label, Static, Switch, TextArea

RawFormat = Literal["yaml", "json"]


def dump_text(data: Mapping[str, Any], raw_format: RawFormat) -> str:
    """Return `data` as the text the raw view shows, keys in the document's order."""
    if not data:
        return ""
    if raw_format == "json":
        return json.dumps(data, indent=2, ensure_ascii=False) + "\n"
    return yaml.safe_dump(
        dict(data), sort_keys=False, allow_unicode=True, default_flow_style=False
    )


class RawView(Vertical):
    """A text area holding the whole request, with the issues found in it below."""

    raw_format: reactive[RawFormat] = reactive("yaml", init=False)

    @dataclass
    class Edited(Message):
        """The operator changed the raw text."""

        raw_view: RawView
        text: str

        @property
        def control(self) -> RawView:
            return self.raw_view

    def __init__(self, *, id: str | None = None) -> None:  # noqa: A002
        super().__init__(id=id)
        self._shown_text = ""
        self._data: Mapping[str, Any] = {}

    def compose(self) -> ComposeResult:
        with Horizontal(id="raw-bar"):
            yield Label("YAML")
            yield Switch(value=False, id="raw-json")
            yield Label("JSON")
        yield TextArea(
            id="raw-text",
            soft_wrap=False,
            show_line_numbers=True,
            compact=True,
            placeholder="the request as YAML or JSON",
        )
        yield Static("", id="raw-issues", markup=False)

    @property
    def text(self) -> str:
        return self.query_one("#raw-text", TextArea).text

    def show_document(self, data: Mapping[str, Any]) -> None:
        """Replace the text with `data` in the current format."""
        self._data = data
        text = dump_text(data, self.raw_format)
        self._shown_text = text
        self.query_one("#raw-text", TextArea).load_text(text)

    def keep_document(self, data: Mapping[str, Any]) -> None:
        """Remember `data` as parsed from the text, for a later change of format."""
        self._data = data

    def show_issues(self, lines: list[str]) -> None:
        static = self.query_one("#raw-issues", Static)
        static.update("\n".join(lines))
        static.display = bool(lines)

    def move_to_line(self, line: int) -> None:
        text_area = self.query_one("#raw-text", TextArea)
        text_area.focus()
        text_area.move_cursor((max(line - 1, 0), 0), center=True)

    def watch_raw_format(self) -> None:
        self.show_document(self._data)

    @on(Switch.Changed, "#raw-json")
    def _format_changed(self, event: Switch.Changed) -> None:
        event.stop()
        self.raw_format = "json" if event.value else "yaml"

    @on(TextArea.Changed, "#raw-text")
    def _text_changed(self, event: TextArea.Changed) -> None:
        event.stop()
        text = event.text_area.text
        if text == self._shown_text:
            return
        self._shown_text = text
        self.post_message(self.Edited(self, text))
