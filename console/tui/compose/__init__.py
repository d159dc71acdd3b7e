"""The compose screen: the request form, live validation, and submission."""

from __future__ import annotations

from console.tui.compose.screen import ComposeScreen

__all__ = ["ComposeScreen"]
