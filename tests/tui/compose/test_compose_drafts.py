"""The compose draft file: atomic, private, and without secrets."""

from __future__ import annotations

import stat
from pathlib import Path

from console import settings
from console.tui.compose.dialogs import PathSuggester
from console.tui.compose.drafts import DraftStore


def test_draft_round_trip_under_state_dir() -> None:
    store = DraftStore()
    store.save({"config": {"metadata": {"name": "web"}}})
    assert store.path.parent == settings.state_dir()
    draft = store.load()
    assert draft is not None
    assert draft.data == {"config": {"metadata": {"name": "web"}}}


def test_draft_is_private_to_its_owner() -> None:
    store = DraftStore()
    store.save({"pod_sandbox_id": "101"})
    assert stat.S_IMODE(store.path.stat().st_mode) == 0o600


def test_draft_leaves_out_secret_values() -> None:
    store = DraftStore()
    store.save(
        {
            "config": {
                "envs": [
                    {"key": "DB_PASSWORD", "value": "hunter2"},
                    {"key": "API_TOKEN", "value": "abc"},
                    {"key": "MODE", "value": "prod"},
                ]
            }
        }
    )
    text = store.path.read_text()
    assert "hunter2" not in text
    assert "abc" not in text
    draft = store.load()
    assert draft is not None
    assert draft.withheld == ("DB_PASSWORD", "API_TOKEN")
    assert draft.data["config"]["envs"][2] == {"key": "MODE", "value": "prod"}


def test_unreadable_draft_is_ignored(tmp_path: Path) -> None:
    path = tmp_path / "draft.json"
    path.write_text("{not json")
    assert DraftStore(path).load() is None


def test_discard_removes_the_draft() -> None:
    store = DraftStore()
    store.save({"pod_sandbox_id": "101"})
    store.discard()
    assert store.load() is None
    assert not store.path.exists()


async def test_path_suggester_completes_folder_entries(tmp_path: Path) -> None:
    (tmp_path / "requests").mkdir()
    (tmp_path / "request.yaml").write_text("{}")
    (tmp_path / ".hidden.yaml").write_text("{}")
    suggester = PathSuggester()
    assert await suggester.get_suggestion(f"{tmp_path}/request.") == (
        f"{tmp_path}/request.yaml"
    )
    assert await suggester.get_suggestion(f"{tmp_path}/requests") == (
        f"{tmp_path}/requests/"
    )
    assert await suggester.get_suggestion(f"{tmp_path}/.hid") == (
        f"{tmp_path}/.hidden.yaml"
    )
    assert await suggester.get_suggestion(f"{tmp_path}/") == f"{tmp_path}/request.yaml"
    assert await suggester.get_suggestion(f"{tmp_path}/missing/x") is None
