"""The filter field of the sandbox list."""

from __future__ import annotations

from textual import events
from textual.widgets import Input


class FilterInput(Input):
    """An `Input` that takes typed keys only while it has the focus.

    Keys that arrive in one burst are queued at whichever widget had the focus
    when each arrived. After Enter moves the focus back to the table, a key still
    queued here is meant for the table's bindings, so it is passed on unhandled.
    """

    async def _on_key(self, event: events.Key) -> None:
        # `has_focus` changes only when the Focus event arrives; the screen's
        # `focused` changes at once.
        if self.screen.focused is not self:
            return
        await super()._on_key(event)
