"""The draft offered at start-up, so a dropped session or a crash loses nothing."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any, Literal

from textual import on
from textual.app import App, ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.screen import ModalScreen
from textual.widgets import Button, Label, Static

from console.tui.compose.dialogs import withheld_note
from console.tui.compose.drafts import Draft, DraftStore

DraftChoice = Literal["continue", "later", "discard"]


class DraftOfferDialog(ModalScreen[DraftChoice]):
    """Offers the saved draft at start-up: continue it, keep it for later, drop it."""

    CSS_PATH = "compose.tcss"
    BINDINGS = [Binding("escape", "later", "Later", id="draft-offer.later")]

    def __init__(self, draft: Draft) -> None:
        super().__init__()
        self.draft = draft

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog"):
            yield Label("Continue the unsent request?", classes="dialog-title")
            yield Static(self._summary(), markup=False, id="draft-summary")
            with Horizontal(classes="dialog-buttons"):
                yield Button("Continue", id="continue", variant="primary", compact=True)
                yield Button("Later", id="later", compact=True)
                yield Button("Discard", id="discard", compact=True)

    def _summary(self) -> str:
        data = self.draft.data
        config = data.get("config")
        metadata = config.get("metadata") if isinstance(config, dict) else None
        name = metadata.get("name") if isinstance(metadata, dict) else None
        sandbox = data.get("pod_sandbox_id")
        details = [f"container {name!r}"] if name else []
        details += [f"sandbox {sandbox}"] if sandbox else []
        when = self.draft.saved_at
        text = "An unsent request"
        text += f" from {when:%Y-%m-%d %H:%M}" if when is not None else ""
        text += f" ({', '.join(details)})" if details else ""
        text += " was saved. Later keeps it for the compose screen."
        return text + withheld_note(self.draft)

    @on(Button.Pressed, "#continue")
    def _continue(self) -> None:
        self.dismiss("continue")

    @on(Button.Pressed, "#later")
    def action_later(self) -> None:
        self.dismiss("later")

    @on(Button.Pressed, "#discard")
    def _discard(self) -> None:
        self.dismiss("discard")


def offer_draft(
    app: App[Any],
    open_compose: Callable[[Mapping[str, Any]], None],
    store: DraftStore | None = None,
) -> None:
    """Offer the saved draft, if any; Continue hands its data to `open_compose`."""
    drafts = store or DraftStore()
    draft = drafts.load()
    if draft is None:
        return

    def answered(choice: DraftChoice | None) -> None:
        if choice == "continue":
            open_compose(draft.data)
        elif choice == "discard":
            drafts.discard()

    app.push_screen(DraftOfferDialog(draft), answered)
