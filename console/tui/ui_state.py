"""UI choices kept between runs: the chosen theme and the sort."""

from __future__ import annotations

import json
import logging
from dataclasses import asdict, dataclass
from pathlib import Path

from console.settings import state_dir

log = logging.getLogger(__name__)


@dataclass
class UiState:
    """Choices made in the UI that the next start should restore."""

    theme: str | None = None
    sort_column: str = "vmid"
    sort_reverse: bool = False


def ui_state_file() -> Path:
    return state_dir() / "tui.json"


def load_ui_state(path: Path | None = None) -> UiState:
    """Read the remembered choices; a missing or broken file gives the defaults."""
    path = path or ui_state_file()
    try:
        document = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        return UiState()
    except (OSError, ValueError) as error:
        log.warning("ignoring the UI state file %s: %s", path, error)
        return UiState()
    if not isinstance(document, dict):
        log.warning("ignoring the UI state file %s: not a JSON object", path)
        return UiState()
    state = UiState()
    if isinstance(document.get("theme"), str):
        state.theme = document["theme"]
    if isinstance(document.get("sort_column"), str):
        state.sort_column = document["sort_column"]
    if isinstance(document.get("sort_reverse"), bool):
        state.sort_reverse = document["sort_reverse"]
    return state


def save_ui_state(state: UiState, path: Path | None = None) -> None:
    """Write the choices; a failure is logged, because losing them is not fatal."""
    path = path or ui_state_file()
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(json.dumps(asdict(state), indent=2) + "\n", encoding="utf-8")
    except OSError as error:
        log.warning("cannot save the UI state to %s: %s", path, error)
