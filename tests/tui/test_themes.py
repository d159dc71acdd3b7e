"""Theme files: the built-in ones, user files, and broken files."""

from __future__ import annotations

from pathlib import Path

import pytest
from rich.color import Color as RichColor
from rich.color import ColorSystem

from console.tui.themes import (
    BUILTIN_THEMES_DIR,
    DEFAULT_THEME,
    ThemeFileError,
    load_themes,
    theme_from_toml,
)

BUILTIN_NAMES = {"pod-dark", "pod-light", "pod-high-contrast"}


def test_builtin_themes_load() -> None:
    catalog = load_themes(BUILTIN_THEMES_DIR)
    assert catalog.failures == []
    assert set(catalog.themes) == BUILTIN_NAMES
    assert DEFAULT_THEME in catalog.themes


@pytest.mark.parametrize("system", [ColorSystem.EIGHT_BIT, ColorSystem.STANDARD])
@pytest.mark.parametrize("name", sorted(BUILTIN_NAMES))
def test_states_stay_apart_with_fewer_colours(name: str, system: ColorSystem) -> None:
    theme = load_themes(BUILTIN_THEMES_DIR).themes[name]
    assert theme.background is not None

    def reduced(colour: str) -> object:
        return RichColor.parse(colour).downgrade(system).number

    states = [
        reduced(theme.variables[key])
        for key in ("sandbox-ready", "sandbox-not-ready", "sandbox-offline")
    ]
    assert len(set(states)) == 3, states
    assert reduced(theme.background) not in states
    assert theme.foreground is not None
    assert reduced(theme.foreground) != reduced(theme.background)


def write(folder: Path, name: str, text: str) -> Path:
    path = folder / name
    path.write_text(text, encoding="utf-8")
    return path


def test_user_theme_loads_with_variables(tmp_path: Path) -> None:
    write(
        tmp_path,
        "ocean.toml",
        'name = "ocean"\nprimary = "#0077be"\ndark = false\n'
        '[variables]\nsandbox-ready = "ansi_green"\n'
        'block-cursor-text-style = "bold underline"\n',
    )
    catalog = load_themes(BUILTIN_THEMES_DIR, tmp_path)
    theme = catalog.themes["ocean"]
    assert theme.dark is False
    assert theme.variables["sandbox-ready"] == "ansi_green"
    assert theme.variables["block-cursor-text-style"] == "bold underline"
    # Variables the file leaves out keep the console's defaults.
    assert "sandbox-not-ready" in theme.variables


def test_name_defaults_to_file_stem(tmp_path: Path) -> None:
    path = write(tmp_path, "plain.toml", 'primary = "red"\n')
    assert theme_from_toml(path).name == "plain"


@pytest.mark.parametrize(
    ("text", "fragment"),
    [
        ('primary = "notacolor"\n', "primary = 'notacolor' is not a colour"),
        ('secondary = "#fff"\n', "primary is missing"),
        ('primary = "red"\nprimay = "blue"\n', "unknown key 'primay'"),
        ('primary = "red"\n[variables]\nsandbox-ready = "grean"\n', "sandbox-ready"),
        ('primary = "red"\ndark = "yes"\n', "dark must be true or false"),
        ('primary = "red"\ntext_alpha = 3\n', "text_alpha must be a number"),
        ("primary = \n", "invalid TOML"),
    ],
)
def test_broken_file_is_named_with_reason(
    tmp_path: Path, text: str, fragment: str
) -> None:
    path = write(tmp_path, "broken.toml", text)
    with pytest.raises(ThemeFileError) as raised:
        theme_from_toml(path)
    assert raised.value.path == path
    assert fragment in str(raised.value)


def test_all_failures_in_one_message(tmp_path: Path) -> None:
    write(tmp_path, "one.toml", 'primary = "nope"\n')
    write(tmp_path, "two.toml", "primary = [\n")
    write(tmp_path, "good.toml", 'primary = "#00ff00"\n')
    catalog = load_themes(tmp_path)
    assert set(catalog.themes) == {"good"}
    message = catalog.failure_message()
    assert "one.toml" in message
    assert "two.toml" in message
    assert "good.toml" not in message


def test_user_file_overrides_builtin_name(tmp_path: Path) -> None:
    write(tmp_path, "mine.toml", 'name = "pod-dark"\nprimary = "#123456"\n')
    catalog = load_themes(BUILTIN_THEMES_DIR, tmp_path)
    assert catalog.themes["pod-dark"].primary == "#123456"
