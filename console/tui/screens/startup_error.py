"""The screen shown when the console cannot connect at start-up."""

from __future__ import annotations

from typing import TYPE_CHECKING, ClassVar

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.screen import Screen
from textual.widgets import Footer, Static

from console.tui.plain import plain_block
from console.tui.widgets.cluster_header import ClusterHeader

if TYPE_CHECKING:
    from console.tui.app import PodConsoleApp


class StartupErrorScreen(Screen[None]):
    """Says what failed and what to do, and offers a retry or the demo cluster."""

    TITLE = "Cannot connect"

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("r", "retry", "Retry", id="startup.retry",
                tooltip="Try to connect with the same profile again"),
        Binding("d", "demo", "Demo", id="startup.demo",
                tooltip="Start the built-in demo cluster and connect to it"),
        Binding("q", "app.quit", "Quit", id="startup.quit",
                tooltip="Quit pod-console"),
    ]  # fmt: skip

    def __init__(
        self,
        profile: str,
        message: str,
        *,
        config_path: str,
        log_path: str | None,
        from_command_line: bool = False,
    ) -> None:
        super().__init__()
        # `profile` is the host itself when --host chose the cluster.
        self._profile = profile
        self._from_command_line = from_command_line
        self._message = message
        self._config_path = config_path
        self._log_path = log_path

    def compose(self) -> ComposeResult:
        yield ClusterHeader()
        with Vertical(id="startup-error"):
            title = (
                f"Cannot connect to {self._profile} (given with --host)"
                if self._from_command_line
                else f"Cannot connect with profile {self._profile!r}"
            )
            yield Static(Text(title, style="bold"), id="startup-error-title")
            yield Static(Text(plain_block(self._message)), id="startup-error-message")
            advice = Text()
            advice.append("What to do\n", style="bold")
            check = (
                "• Check --host, --user and the PVE_TOKEN_NAME and PVE_TOKEN_VALUE "
                "or PVE_PASSWORD variables, then start pod-console again.\n"
                if self._from_command_line
                else f"• Check the profile in {self._config_path} (host, user, "
                "token), then press r to retry.\n"
            )
            advice.append(check)
            advice.append(
                "• Press d to try the built-in demo cluster "
                "(the same as pod-console --demo).\n"
                "• Press ctrl+p to switch to another profile, or q to quit."
            )
            if self._log_path:
                advice.append(
                    f"\n• The details of the failure are in {self._log_path}."
                )
            yield Static(advice, id="startup-error-advice")
        yield Footer(compact=True)

    @property
    def console(self) -> PodConsoleApp:
        from console.tui.app import PodConsoleApp

        assert isinstance(self.app, PodConsoleApp)
        return self.app

    def action_retry(self) -> None:
        self.console.reconnect()

    def action_demo(self) -> None:
        self.console.reconnect(demo=True)
