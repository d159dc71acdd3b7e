"""Load the built-in and the user's theme files into Textual themes.

A theme file is TOML: top-level keys are the fields of `textual.theme.Theme`
(`primary`, `background`, `dark`, ...) and a `[variables]` table sets Textual
component variables and the console's own (`sandbox-ready`, ...). Textual does not
check colours when a theme is registered and fails later, during a CSS refresh, so
every colour is parsed here and a file with any bad value is skipped whole.
"""

from __future__ import annotations

import logging
import re
import tomllib
from dataclasses import dataclass, field, fields
from pathlib import Path

from textual.color import Color, ColorParseError
from textual.theme import Theme

log = logging.getLogger(__name__)

BUILTIN_THEMES_DIR = Path(__file__).resolve().parent.parent / "themes"
DEFAULT_THEME = "pod-dark"
THEME_NAME = re.compile(r"[\w.-]+")

# Variables the console's stylesheet uses beyond Textual's own; a theme file may set
# them in `[variables]`, and these values apply when it does not.
CONSOLE_VARIABLES: dict[str, str] = {
    "sandbox-ready": "#5fd75f",
    "sandbox-not-ready": "#ff5f5f",
    "sandbox-offline": "#d7af00",
    "sandbox-muted": "#8a8a8a",
}

_COLOUR_FIELDS = (
    "primary",
    "secondary",
    "warning",
    "error",
    "success",
    "accent",
    "foreground",
    "background",
    "surface",
    "panel",
    "boost",
)
_THEME_FIELDS = {theme_field.name for theme_field in fields(Theme)}
_TEXT_STYLE_WORDS = {"bold", "italic", "underline", "reverse", "dim", "strike", "none"}


class ThemeFileError(Exception):
    """A theme file that cannot be used, with the reason."""

    def __init__(self, path: Path, reason: str) -> None:
        super().__init__(f"{path.name}: {reason}")
        self.path = path
        self.reason = reason


@dataclass
class ThemeCatalog:
    """The themes that loaded, by name, and the files that did not."""

    themes: dict[str, Theme] = field(default_factory=dict)
    failures: list[ThemeFileError] = field(default_factory=list)

    def failure_message(self) -> str:
        """Return one message naming every theme file that was skipped, or ''."""
        if not self.failures:
            return ""
        listed = "; ".join(str(failure) for failure in self.failures)
        return f"Theme files skipped: {listed}. Fix or remove them."


def _check_colour(path: Path, key: str, value: object) -> str:
    if not isinstance(value, str):
        raise ThemeFileError(path, f"{key} must be a colour string, not {value!r}")
    try:
        Color.parse(value)
    except ColorParseError:
        raise ThemeFileError(
            path, f"{key} = {value!r} is not a colour (expected e.g. '#1e90ff')"
        ) from None
    return value


def _check_variable(path: Path, key: str, value: object) -> str:
    if key.endswith("text-style"):
        words = str(value).split()
        if not words or not set(words) <= _TEXT_STYLE_WORDS:
            allowed = ", ".join(sorted(_TEXT_STYLE_WORDS))
            raise ThemeFileError(
                path, f"variables.{key} = {value!r} is not a text style ({allowed})"
            )
        return str(value)
    return _check_colour(path, f"variables.{key}", value)


def theme_from_toml(path: Path) -> Theme:
    """Read one theme file; raise `ThemeFileError` saying what is wrong with it."""
    try:
        document = tomllib.loads(path.read_text(encoding="utf-8"))
    except OSError as error:
        raise ThemeFileError(path, f"cannot be read ({error.strerror})") from None
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as error:
        raise ThemeFileError(path, f"invalid TOML ({error})") from None

    unknown = sorted(set(document) - _THEME_FIELDS)
    if unknown:
        raise ThemeFileError(
            path,
            f"unknown key {unknown[0]!r} (known: {', '.join(_COLOUR_FIELDS)}, "
            "dark, variables, ...)",
        )
    name = document.get("name", path.stem)
    if not isinstance(name, str) or not name.strip():
        raise ThemeFileError(path, "name must be a non-empty string")
    # Textual's theme picker renders names as markup, links to actions included.
    if not THEME_NAME.fullmatch(name.strip()):
        raise ThemeFileError(
            path, f"name {name!r} may hold only letters, digits, '.', '_' and '-'"
        )
    if "primary" not in document:
        raise ThemeFileError(path, "primary is missing; every theme needs one")
    colours: dict[str, str] = {
        key: _check_colour(path, key, document[key])
        for key in _COLOUR_FIELDS
        if key in document
    }
    dark = document.get("dark", True)
    if not isinstance(dark, bool):
        raise ThemeFileError(path, f"dark must be true or false, not {dark!r}")
    raw_variables = document.get("variables", {})
    if not isinstance(raw_variables, dict):
        raise ThemeFileError(path, "variables must be a table ([variables])")
    variables = dict(CONSOLE_VARIABLES)
    for key, value in raw_variables.items():
        variables[key] = _check_variable(path, key, value)
    numbers: dict[str, float] = {}
    for key in ("luminosity_spread", "text_alpha"):
        if key in document:
            value = document[key]
            if not isinstance(value, int | float) or not 0 <= value <= 1:
                raise ThemeFileError(path, f"{key} must be a number from 0 to 1")
            numbers[key] = float(value)
    ansi = document.get("ansi", False)
    if not isinstance(ansi, bool):
        raise ThemeFileError(path, f"ansi must be true or false, not {ansi!r}")
    theme = Theme(
        name=name.strip(),
        primary=colours["primary"],
        secondary=colours.get("secondary"),
        warning=colours.get("warning"),
        error=colours.get("error"),
        success=colours.get("success"),
        accent=colours.get("accent"),
        foreground=colours.get("foreground"),
        background=colours.get("background"),
        surface=colours.get("surface"),
        panel=colours.get("panel"),
        boost=colours.get("boost"),
        dark=dark,
        variables=variables,
        ansi=ansi,
    )
    for key, number in numbers.items():
        setattr(theme, key, number)
    return theme


def load_themes(*folders: Path) -> ThemeCatalog:
    """Load every `*.toml` theme of `folders`; a later folder overrides a name."""
    catalog = ThemeCatalog()
    for folder in folders:
        if not folder.is_dir():
            continue
        for path in sorted(folder.glob("*.toml")):
            try:
                theme = theme_from_toml(path)
            except ThemeFileError as error:
                log.warning("theme file skipped: %s", error)
                catalog.failures.append(error)
                continue
            catalog.themes[theme.name] = theme
    return catalog
