"""One row of the compose form: a label, an editor, and the field's messages."""

from __future__ import annotations

from dataclasses import dataclass

from textual import on
from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical
from textual.content import Content
from textual.message import Message
from textual.widget import Widget
from textual.widgets import Checkbox, Input, Label, Static, TextArea

from console.tui.compose.fields import FormField, Kind


class FieldRow(Vertical):
    """A form field bound to one request path, with its errors and warnings below."""

    @dataclass
    class Edited(Message):
        """The operator changed the field's text or flag."""

        row: FieldRow
        text: str

        @property
        def control(self) -> FieldRow:
            return self.row

    def __init__(self, form_field: FormField) -> None:
        super().__init__(classes="field-row")
        self.form_field = form_field
        self._shown_text = ""
        self._shown_messages: tuple[tuple[str, ...], tuple[str, ...]] = ((), ())

    def compose(self) -> ComposeResult:
        form_field = self.form_field
        with Horizontal(classes="field-line"):
            if form_field.kind is Kind.FLAG:
                yield Label("", classes="field-label")
                yield Checkbox(form_field.label, id=form_field.widget_id, compact=True)
            else:
                yield Label(form_field.label, classes="field-label")
                yield self._editor()
        yield Static("", classes="field-note", markup=False)
        yield Static("", classes="field-errors", markup=False)
        yield Static("", classes="field-warnings", markup=False)

    def _editor(self) -> Widget:
        form_field = self.form_field
        if form_field.lines is not None:
            return TextArea(
                id=form_field.widget_id,
                compact=True,
                soft_wrap=False,
                show_line_numbers=True,
                highlight_cursor_line=False,
                # Content, because the line forms' brackets are not markup.
                placeholder=Content(
                    form_field.placeholder or form_field.lines.placeholder
                ),
            )
        return Input(
            id=form_field.widget_id,
            compact=True,
            placeholder=form_field.placeholder,
        )

    @property
    def editor(self) -> Widget:
        return self.query_one(f"#{self.form_field.widget_id}")

    @property
    def text(self) -> str:
        return self._shown_text

    def show_text(self, text: str) -> None:
        """Put `text` in the editor without reporting it as an edit."""
        self._shown_text = text
        editor = self.editor
        if isinstance(editor, Input):
            if editor.value != text:
                editor.value = text
        elif isinstance(editor, TextArea):
            if editor.text != text:
                editor.load_text(text)
        elif isinstance(editor, Checkbox):
            editor.value = text == "true"

    def show_lock(self, reason: str | None) -> None:
        """Make the editor read-only with `reason` shown, or editable when None."""
        self.editor.disabled = reason is not None
        note = self.query_one(".field-note", Static)
        note.update(reason or "")
        note.display = reason is not None

    def show_messages(self, errors: tuple[str, ...], warnings: tuple[str, ...]) -> None:
        """Show the field's current errors and warnings; unchanged ones cost nothing."""
        if (errors, warnings) == self._shown_messages:
            return
        previous = self._shown_messages
        self._shown_messages = (errors, warnings)
        for selector, mark, old, new in (
            (".field-errors", "✗", previous[0], errors),
            (".field-warnings", "!", previous[1], warnings),
        ):
            if old != new:
                _show_lines(
                    self.query_one(selector, Static),
                    _marked(mark, old),
                    _marked(mark, new),
                )
        self.set_class(bool(errors), "-has-error")
        self.set_class(bool(warnings) and not errors, "-has-warning")

    def _edited(self, text: str) -> None:
        if text == self._shown_text:
            return
        self._shown_text = text
        self.post_message(self.Edited(self, text))

    @on(Input.Changed)
    def _input_changed(self, event: Input.Changed) -> None:
        event.stop()
        self._edited(event.value)

    @on(TextArea.Changed)
    def _text_area_changed(self, event: TextArea.Changed) -> None:
        event.stop()
        self._edited(event.text_area.text)

    @on(Checkbox.Changed)
    def _checkbox_changed(self, event: Checkbox.Changed) -> None:
        event.stop()
        self._edited("true" if event.value else "false")


def _marked(mark: str, messages: tuple[str, ...]) -> str:
    return "\n".join(f"{mark} {message}" for message in messages)


def _show_lines(static: Static, old: str, new: str) -> None:
    """Show `new` in place of `old`, relaying the screen out only if the height changes.

    A layout pass costs more than the rest of a keystroke's update, and while an
    operator types into a field that stays invalid the message usually keeps its
    number of lines.
    """
    width = static.content_size.width
    same_height = (
        bool(old)
        and bool(new)
        and width > 0
        and len(Content(old).wrap(width)) == len(Content(new).wrap(width))
    )
    static.update(new, layout=not same_height)
    static.display = bool(new)
