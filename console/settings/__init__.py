"""Profiles, paths and the config file."""

from __future__ import annotations

from console.settings.paths import (
    APP_NAME,
    config_dir,
    config_file,
    log_dir,
    state_dir,
    user_themes_dir,
)
from console.settings.profiles import (
    Backend,
    Profile,
    RuleProfile,
    Settings,
    SettingsError,
    split_host,
    split_user,
)
from console.settings.reader import load_settings

__all__ = [
    "APP_NAME",
    "Backend",
    "Profile",
    "RuleProfile",
    "Settings",
    "SettingsError",
    "config_dir",
    "config_file",
    "load_settings",
    "log_dir",
    "split_host",
    "split_user",
    "state_dir",
    "user_themes_dir",
]
