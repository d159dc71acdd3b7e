"""Profiles, paths and the config file."""

from __future__ import annotations
