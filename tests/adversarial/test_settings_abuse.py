"""A clumsy operator's config.toml: secret files that are not files, broken hosts."""

from __future__ import annotations

import os
import threading
from pathlib import Path

import pytest

from console.settings import SettingsError, load_settings
from console.settings.profiles import read_secret_file, split_host
from console.tui.themes import ThemeFileError, theme_from_toml


def test_secret_file_directory_rejected(tmp_path: Path) -> None:
    folder = tmp_path / "secrets"
    folder.mkdir(mode=0o755)
    with pytest.raises(SettingsError) as raised:
        read_secret_file(folder)
    message = str(raised.value)
    assert "chmod" not in message
    assert "not a regular file" in message


def test_secret_file_fifo_does_not_block(tmp_path: Path) -> None:
    fifo = tmp_path / "token"
    os.mkfifo(fifo, mode=0o600)
    outcome: list[str] = []

    def read() -> None:
        try:
            read_secret_file(fifo)
        except SettingsError as error:
            outcome.append(str(error))

    reader = threading.Thread(target=read, daemon=True)
    reader.start()
    reader.join(timeout=5)
    if reader.is_alive():
        # Unblock the reader so the test process can end.
        with open(fifo, "w", encoding="utf-8"):
            pass
        pytest.fail("reading a FIFO named as the token secret file blocked")
    assert outcome and "not a regular file" in outcome[0]


def test_host_unclosed_bracket_rejected() -> None:
    with pytest.raises(ValueError, match=r"\]"):
        split_host("[::1")


@pytest.mark.parametrize("value", ["nan", "inf", "+inf"])
@pytest.mark.parametrize(
    "document",
    [
        "refresh_interval = {value}\n",
        '[profiles.lab]\nhost = "127.0.0.1:1"\nuser = "root@pam"\ntimeout = {value}\n',
    ],
)
def test_config_seconds_not_finite(tmp_path: Path, document: str, value: str) -> None:
    # timeout = nan crashed the first request (ValueError), inf too
    # (OverflowError); refresh_interval = nan showed "every nans" and never ran.
    path = tmp_path / "config.toml"
    path.write_text(document.format(value=value), encoding="utf-8")
    with pytest.raises(SettingsError, match="number of seconds"):
        load_settings(path)


def test_theme_name_markup_rejected(tmp_path: Path) -> None:
    # Textual's theme picker renders names as markup: this one showed as "evil"
    # in the palette, its link to app.quit live.
    path = tmp_path / "evil.toml"
    path.write_text(
        'name = "[b]evil[/b] [@click=app.quit]x[/]"\nprimary = "#ff0000"\n',
        encoding="utf-8",
    )
    with pytest.raises(ThemeFileError, match="name"):
        theme_from_toml(path)
