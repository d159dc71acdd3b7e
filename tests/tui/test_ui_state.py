"""The remembered theme and sort survive a restart and a broken file."""

from __future__ import annotations

from pathlib import Path

from console.tui.ui_state import UiState, load_ui_state, save_ui_state


def test_round_trip(tmp_path: Path) -> None:
    path = tmp_path / "deep" / "tui.json"
    save_ui_state(
        UiState(theme="pod-light", sort_column="name", sort_reverse=True), path
    )
    assert load_ui_state(path) == UiState("pod-light", "name", True)


def test_missing_file_gives_defaults(tmp_path: Path) -> None:
    assert load_ui_state(tmp_path / "none.json") == UiState()


def test_broken_file_gives_defaults(tmp_path: Path) -> None:
    path = tmp_path / "tui.json"
    path.write_text("{not json", encoding="utf-8")
    assert load_ui_state(path) == UiState()


def test_wrong_types_are_ignored(tmp_path: Path) -> None:
    path = tmp_path / "tui.json"
    path.write_text('{"theme": 3, "sort_column": "ip", "sort_reverse": "yes"}')
    assert load_ui_state(path) == UiState(theme=None, sort_column="ip")
