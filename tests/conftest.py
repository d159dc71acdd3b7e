"""Fixtures shared by every test."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

CORPUS_DIR = Path(__file__).resolve().parents[2] / "shared" / "cri-corpus"


@pytest.fixture(autouse=True)
def isolated_user_dirs(
    tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch
) -> Iterator[Path]:
    """Point every platformdirs location at a fresh folder for each test."""
    home = tmp_path_factory.mktemp("home")
    for variable, sub in (
        ("XDG_CONFIG_HOME", "config"),
        ("XDG_STATE_HOME", "state"),
        ("XDG_DATA_HOME", "data"),
        ("XDG_CACHE_HOME", "cache"),
    ):
        (home / sub).mkdir()
        monkeypatch.setenv(variable, str(home / sub))
    monkeypatch.setenv("HOME", str(home))
    for variable in ("PVE_TOKEN_NAME", "PVE_TOKEN_VALUE", "PVE_PASSWORD", "NO_COLOR"):
        monkeypatch.delenv(variable, raising=False)
    yield home
