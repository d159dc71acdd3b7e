"""The help screen: every key of the screen it was opened from, with binding ids."""

from __future__ import annotations

from dataclasses import dataclass
from typing import ClassVar

from rich.table import Table
from rich.text import Text
from textual.app import ComposeResult
from textual.binding import ActiveBinding, Binding, BindingType
from textual.containers import VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Footer, Static


@dataclass(frozen=True)
class KeyHelp:
    """One binding as the help screen lists it."""

    keys: str
    binding_id: str
    description: str
    tooltip: str


def describe_bindings(bindings: dict[str, ActiveBinding]) -> list[KeyHelp]:
    """Group the active bindings by id (or action), joining the keys of each.

    `bindings` is `Screen.active_bindings`: one entry per key, already remapped by
    the user's keymap.
    """
    grouped: dict[str, tuple[list[str], Binding]] = {}
    for active in bindings.values():
        binding = active.binding
        if binding.system and not binding.description:
            continue
        group = binding.id or binding.action
        display = active.node.app.get_key_display(binding)
        keys, _ = grouped.setdefault(group, ([], binding))
        if display not in keys:
            keys.append(display)
    entries = [
        KeyHelp(
            keys=" ".join(keys),
            binding_id=binding.id or "",
            description=binding.description or binding.action,
            tooltip=binding.tooltip,
        )
        for keys, binding in grouped.values()
    ]
    # The console's own keys first; those without an id come from Textual widgets.
    return sorted(entries, key=lambda entry: not entry.binding_id)


class HelpScreen(ModalScreen[None]):
    """Lists the keys; ids are what `[keymap]` in config.toml remaps."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape,q,question_mark,f1", "dismiss", "Close", id="help.close",
                tooltip="Close the help screen"),
    ]  # fmt: skip

    def __init__(self, keys: list[KeyHelp], title: str) -> None:
        super().__init__()
        self.entries = keys
        self._title = title

    def compose(self) -> ComposeResult:
        table = Table(
            box=None, expand=True, show_edge=False, pad_edge=False, header_style="bold"
        )
        table.add_column("Key", no_wrap=True, style="bold")
        table.add_column("What it does", ratio=3)
        table.add_column("Keymap id", no_wrap=True)
        for key in self.entries:
            description = Text(key.description)
            if key.tooltip:
                description.append(f": {key.tooltip}", style="dim")
            table.add_row(key.keys, description, key.binding_id)
        with VerticalScroll(id="help-body") as body:
            body.border_title = f"Keys: {self._title}"
            # Border titles are markup: the backslash keeps `[keymap]` literal.
            body.border_subtitle = 'Remap in config.toml: \\[keymap] id = "keys"'
            yield Static(table)
        yield Footer(compact=True)
