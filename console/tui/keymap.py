"""The binding ids users may remap in the `[keymap]` table of config.toml."""

from __future__ import annotations

from collections.abc import Iterable, Mapping

from textual.binding import Binding
from textual.dom import DOMNode


def binding_ids(classes: Iterable[type[DOMNode]]) -> set[str]:
    """Return the ids of every `Binding` declared by `classes` and their bases."""
    ids: set[str] = set()
    for node_class in classes:
        for base in node_class.__mro__:
            for binding in getattr(base, "BINDINGS", ()):
                if isinstance(binding, Binding) and binding.id:
                    ids.add(binding.id)
    return ids


def console_binding_ids() -> set[str]:
    """Return the binding ids of the app, its screens and the sandbox table.

    Bindings of widgets inside the compose screen are not collected, so a keymap
    naming one of them is logged as unknown although it works.
    """
    from console.tui.app import PodConsoleApp
    from console.tui.compose import ComposeScreen
    from console.tui.screens.detail import SandboxDetailScreen
    from console.tui.screens.help import HelpScreen
    from console.tui.screens.sandboxes import SandboxesScreen
    from console.tui.screens.startup_error import StartupErrorScreen
    from console.tui.widgets.sandbox_table import SandboxTable

    return binding_ids(
        (
            PodConsoleApp,
            ComposeScreen,
            SandboxesScreen,
            SandboxTable,
            SandboxDetailScreen,
            HelpScreen,
            StartupErrorScreen,
        )
    )


def unknown_binding_ids(keymap: Mapping[str, str]) -> list[str]:
    """Return the ids in `keymap` that no binding of the console has, sorted."""
    known = console_binding_ids()
    return sorted(set(keymap) - known)
