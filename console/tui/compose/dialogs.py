"""Dialogs of the compose screen: load a request, save it, restore a draft."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import TypeVar

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.screen import ModalScreen
from textual.suggester import Suggester
from textual.widgets import Button, Input, Label, Static

from console.tui.compose.drafts import Draft

ChoiceT = TypeVar("ChoiceT")

# A folder with more entries than this is not worth scanning on every keystroke.
_MAX_ENTRIES = 2000


class PathSuggester(Suggester):
    """Completes a path from the entries of the folder typed so far."""

    def __init__(self) -> None:
        super().__init__(use_cache=False, case_sensitive=True)

    async def get_suggestion(self, value: str) -> str | None:
        if not value:
            return None
        typed = Path(value).expanduser()
        folder, prefix = (
            (typed, "") if value.endswith("/") else (typed.parent, typed.name)
        )
        try:
            names = sorted(
                entry.name + ("/" if entry.is_dir() else "")
                for _, entry in zip(range(_MAX_ENTRIES), folder.iterdir(), strict=False)
                if entry.name.startswith(prefix)
                # Hidden entries are offered only once the typed name starts with a dot.
                and (prefix.startswith(".") or not entry.name.startswith("."))
            )
        except OSError:
            return None
        if not names:
            return None
        return value + names[0][len(prefix) :]


@dataclass(frozen=True, slots=True)
class LoadRequest:
    """The files to load: one combined request file, or a crictl pair and sandbox id."""

    path: Path
    sandbox_path: Path | None = None
    pod_sandbox_id: str = ""


@dataclass(frozen=True, slots=True)
class SaveRequest:
    """The files to save to: one combined file, or a crictl pair with `sandbox_path`."""

    path: Path
    sandbox_path: Path | None = None


class _PathDialog(ModalScreen[ChoiceT]):
    """Shared frame of the load and save dialogs."""

    BINDINGS = [Binding("escape", "cancel", "Cancel", id="dialog.cancel")]

    def action_cancel(self) -> None:
        self.dismiss(None)

    def _path(self, selector: str) -> Path | None:
        value = self.query_one(selector, Input).value.strip()
        return Path(value).expanduser() if value else None

    def _complain(self, message: str) -> None:
        static = self.query_one(".dialog-problem", Static)
        static.update(message)
        static.display = True


class LoadDialog(_PathDialog[LoadRequest | None]):
    """Asks for a combined request file, or a container file and a pod file."""

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog"):
            yield Label("Load a request", classes="dialog-title")
            yield Label("Request file, or crictl container config file:")
            yield Input(id="load-path", suggester=PathSuggester(), compact=True)
            yield Label("crictl pod config file (only for a crictl pair):")
            yield Input(id="load-sandbox-path", suggester=PathSuggester(), compact=True)
            yield Label("Pod sandbox id for a crictl pair (vmid or name):")
            yield Input(id="load-sandbox-id", compact=True)
            yield Static("", classes="dialog-problem", markup=False)
            with Horizontal(classes="dialog-buttons"):
                yield Button("Load", id="load", variant="primary", compact=True)
                yield Button("Cancel", id="cancel", compact=True)

    @on(Input.Submitted)
    @on(Button.Pressed, "#load")
    def _load(self) -> None:
        path = self._path("#load-path")
        if path is None:
            self._complain("Type the path of a request file.")
            return
        sandbox_path = self._path("#load-sandbox-path")
        sandbox_id = self.query_one("#load-sandbox-id", Input).value.strip()
        self.dismiss(LoadRequest(path, sandbox_path, sandbox_id))

    @on(Button.Pressed, "#cancel")
    def _cancel(self) -> None:
        self.dismiss(None)


class SaveDialog(_PathDialog[SaveRequest | None]):
    """Asks for a file to save the request in, or two files for a crictl pair."""

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog"):
            yield Label(
                "Save the request (.json, .yaml or .yml)", classes="dialog-title"
            )
            yield Label("Combined request file, or crictl container config file:")
            yield Input(id="save-path", suggester=PathSuggester(), compact=True)
            yield Label("crictl pod config file (leave empty for one combined file):")
            yield Input(id="save-sandbox-path", suggester=PathSuggester(), compact=True)
            yield Static("", classes="dialog-problem", markup=False)
            with Horizontal(classes="dialog-buttons"):
                yield Button("Save", id="save", variant="primary", compact=True)
                yield Button("Cancel", id="cancel", compact=True)

    @on(Input.Submitted)
    @on(Button.Pressed, "#save")
    def _save(self) -> None:
        path = self._path("#save-path")
        if path is None:
            self._complain("Type the path to save to.")
            return
        self.dismiss(SaveRequest(path, self._path("#save-sandbox-path")))

    @on(Button.Pressed, "#cancel")
    def _cancel(self) -> None:
        self.dismiss(None)


class RestoreDraftDialog(ModalScreen[bool]):
    """Offers the draft left by the last session: restore it, or discard it."""

    BINDINGS = [Binding("escape", "discard", "Discard", id="draft.discard")]

    def __init__(self, draft: Draft) -> None:
        super().__init__()
        self.draft = draft

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog"):
            yield Label("Restore the unsaved request?", classes="dialog-title")
            yield Static(self._summary(), markup=False)
            with Horizontal(classes="dialog-buttons"):
                yield Button("Restore", id="restore", variant="primary", compact=True)
                yield Button("Discard", id="discard", compact=True)

    def _summary(self) -> str:
        config = self.draft.data.get("config")
        metadata = config.get("metadata") if isinstance(config, dict) else None
        name = metadata.get("name") if isinstance(metadata, dict) else None
        text = "A request from an earlier session was not submitted"
        text += f" (container {name!r})." if name else "."
        return text + withheld_note(self.draft)

    @on(Button.Pressed, "#restore")
    def _restore(self) -> None:
        self.dismiss(True)

    @on(Button.Pressed, "#discard")
    def action_discard(self) -> None:
        self.dismiss(False)


def withheld_note(draft: Draft) -> str:
    """Return the line naming the values the operator has to type again."""
    if not draft.withheld:
        return ""
    return (
        "\nValues of secret-looking variables were not kept; type them again: "
        + ", ".join(draft.withheld)
    )
