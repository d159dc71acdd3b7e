"""User paths: where the config, state, logs and user themes live (platformdirs)."""

from __future__ import annotations

from pathlib import Path

import platformdirs

APP_NAME = "pod-console"


def config_dir() -> Path:
    """Return the user config dir: `config.toml` and `themes/` live here."""
    return Path(platformdirs.user_config_dir(APP_NAME))


def state_dir() -> Path:
    """Return the user state dir: drafts and the submission history live here."""
    return Path(platformdirs.user_state_dir(APP_NAME))


def log_dir() -> Path:
    """Return the user log dir."""
    return Path(platformdirs.user_log_dir(APP_NAME))


def config_file() -> Path:
    return config_dir() / "config.toml"


def user_themes_dir() -> Path:
    return config_dir() / "themes"
