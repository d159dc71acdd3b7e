"""The Textual application: frame, connection, themes, keys and worker errors."""

from __future__ import annotations

import argparse
import logging
import sys
from collections.abc import Callable, Iterable, Iterator, Mapping
from contextlib import AbstractContextManager, ExitStack, contextmanager
from dataclasses import replace
from datetime import datetime
from functools import partial
from pathlib import Path
from typing import Any, ClassVar

from rich.text import Text
from textual import on, work
from textual.app import App, SystemCommand
from textual.binding import Binding, BindingType
from textual.message import Message
from textual.reactive import reactive
from textual.screen import Screen
from textual.worker import Worker, WorkerState

from console.cli.connect import ask_on_terminal, choose_profile, open_connection
from console.cli.logs import LogFileError, configure_from_args
from console.proxmox.connection import ClusterInfo, Connection, ConnectionFailed
from console.proxmox.sandboxes import SandboxLister
from console.settings import (
    Settings,
    SettingsError,
    config_file,
    load_settings,
    user_themes_dir,
)
from console.tui.compose import ComposeScreen
from console.tui.compose.draft_offer import offer_draft
from console.tui.keymap import unknown_binding_ids
from console.tui.screens.help import HelpScreen, describe_bindings
from console.tui.screens.sandboxes import SandboxesScreen
from console.tui.screens.startup_error import StartupErrorScreen
from console.tui.themes import (
    BUILTIN_THEMES_DIR,
    CONSOLE_VARIABLES,
    DEFAULT_THEME,
    load_themes,
)
from console.tui.ui_state import UiState, load_ui_state, save_ui_state
from console.tui.widgets.cluster_header import ClusterView

log = logging.getLogger(__name__)

# Opens the connection of a profile (None: the default one), or of the demo cluster.
Connector = Callable[[str | None, bool], AbstractContextManager[Connection]]


class PodConsoleApp(App[int]):
    """pod-console: the sandboxes of a Proxmox VE cluster, keyboard first."""

    # Absolute, because a relative path resolves next to the module of a subclass.
    CSS_PATH = str(Path(__file__).with_name("app.tcss"))
    TITLE = "pod-console"
    ENABLE_COMMAND_PALETTE = True

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("question_mark,f1", "help", "Help", id="app.help",
                tooltip="List every key of this screen"),
        Binding("ctrl+p", "command_palette", "Palette", id="app.palette",
                priority=True, show=False,
                tooltip="Switch profile or theme, refresh, compose"),
        Binding("ctrl+q", "quit", "Quit", id="app.quit", priority=True, show=False,
                tooltip="Quit pod-console"),
    ]  # fmt: skip

    cluster: reactive[ClusterView | None] = reactive(None, init=False)

    class ClusterConnected(Message):
        """The connect worker logged in and read the cluster's version and nodes."""

        def __init__(
            self, connection: Connection, info: ClusterInfo, stack: ExitStack
        ) -> None:
            super().__init__()
            self.connection = connection
            self.info = info
            # Closing it closes the connection (and stops the demo simulator).
            self.stack = stack

    def __init__(
        self,
        connector: Connector,
        *,
        settings: Settings | None = None,
        profile: str | None = None,
        demo: bool = False,
        clock: Callable[[], datetime] | None = None,
        ui_state_path: Path | None = None,
        log_path: Path | None = None,
        host: str | None = None,
    ) -> None:
        super().__init__()
        self._connector = connector
        # Set when --host chose the cluster instead of a profile.
        self.host = host
        self.settings = settings or Settings()
        self.profile_name = profile or self.settings.default_profile
        self.demo = demo
        self.clock: Callable[[], datetime] = clock or (
            lambda: datetime.now().astimezone()
        )
        self._ui_state_path = ui_state_path
        self.log_path = log_path
        self.ui_state: UiState = load_ui_state(ui_state_path)
        self.connection: Connection | None = None
        self._connection_stack = ExitStack()
        self._draft_offered = False
        self.set_keymap(self.settings.keymap)

    @property
    def refresh_interval(self) -> float:
        return self.settings.refresh_interval

    def get_theme_variable_defaults(self) -> dict[str, str]:
        return {**super().get_theme_variable_defaults(), **CONSOLE_VARIABLES}

    # --- start and stop -------------------------------------------------------

    def on_mount(self) -> None:
        self._load_themes()
        self.theme_changed_signal.subscribe(self, self._remember_theme)
        unknown = unknown_binding_ids(self.settings.keymap)
        if unknown:
            log.warning("keymap names unknown binding ids: %s", ", ".join(unknown))
        self.push_screen(SandboxesScreen())
        self.reconnect(profile=self.profile_name, demo=self.demo)

    def on_unmount(self) -> None:
        self._connection_stack.close()

    def _handle_exception(self, error: Exception) -> None:
        log.critical("stopped on an unexpected error", exc_info=error)
        super()._handle_exception(error)

    def _fatal_error(self) -> None:
        # Textual prints a traceback with local variables, a password among them
        # perhaps: the log above has the traceback, the terminal gets one line.
        where = (
            f"the traceback is in {self.log_path}" if self.log_path else "see the log"
        )
        self._exit_renderables.append(
            Text(f"pod-console: stopped on an unexpected error; {where}")
        )
        self._close_messages_no_wait()

    def _load_themes(self) -> None:
        catalog = load_themes(BUILTIN_THEMES_DIR, user_themes_dir())
        for theme in catalog.themes.values():
            self.register_theme(theme)
        wanted = self.ui_state.theme or self.settings.theme or DEFAULT_THEME
        problems = [catalog.failure_message()] if catalog.failures else []
        if wanted not in self.available_themes:
            problems.append(
                f"Theme {wanted!r} is not available; using {DEFAULT_THEME}."
            )
            wanted = DEFAULT_THEME
        self.theme = wanted
        if problems:
            self.notify(
                " ".join(problems),
                title="Themes",
                severity="error",
                timeout=15,
                markup=False,
            )

    def _remember_theme(self, theme: object) -> None:
        if self.ui_state.theme != self.theme:
            self.ui_state.theme = self.theme
            save_ui_state(self.ui_state, self._ui_state_path)

    def remember_sort(self, column: str, reverse: bool) -> None:
        self.ui_state.sort_column = column
        self.ui_state.sort_reverse = reverse
        save_ui_state(self.ui_state, self._ui_state_path)

    # --- connecting -----------------------------------------------------------

    def reconnect(
        self, profile: str | None = None, *, demo: bool | None = None
    ) -> None:
        """Connect (again) in a worker; the UI stays usable meanwhile."""
        if profile is not None:
            self.profile_name = profile
            self.host = None
        if demo is not None:
            self.demo = demo
        self.cluster = ClusterView(profile=self._profile_label())
        self.connect_cluster(self.profile_name, self.demo)

    def _profile_label(self) -> str:
        if self.demo:
            return "demo"
        if self.host is not None:
            return self.host
        return self.profile_name or "default"

    @work(
        thread=True,
        exclusive=True,
        group="connect",
        exit_on_error=False,
        description="Connect to the cluster",
    )
    def connect_cluster(self, profile: str | None, demo: bool) -> None:
        stack = ExitStack()
        try:
            connection = stack.enter_context(self._connector(profile, demo))
            info = connection.cluster_info()
        except BaseException:
            stack.close()
            raise
        self.post_message(self.ClusterConnected(connection, info, stack))

    def on_pod_console_app_cluster_connected(self, message: ClusterConnected) -> None:
        self._connection_stack.close()
        self._connection_stack = message.stack
        self.connection = message.connection
        profile = message.connection.profile
        nodes = message.info.nodes
        self.cluster = ClusterView(
            profile=profile.name,
            read_only=profile.read_only,
            insecure=profile.insecure or bool(message.connection.warnings),
            version=message.info.version,
            nodes_online=sum(node.online for node in nodes),
            nodes_total=len(nodes),
        )
        for warning in message.connection.warnings:
            self.notify(
                warning,
                title="Connection",
                severity="warning",
                timeout=10,
                markup=False,
            )
        while isinstance(self.screen, StartupErrorScreen):
            self.pop_screen()
        self.sandboxes_screen.start(SandboxLister(message.connection))
        self._offer_draft_once()

    def note_unreachable_nodes(self, nodes: Iterable[str]) -> None:
        """Count the nodes that the last refresh could not reach as not online."""
        cluster = self.cluster
        if cluster is None or cluster.version is None:
            return
        online = cluster.nodes_total - len(set(nodes))
        if online != cluster.nodes_online:
            self.cluster = replace(cluster, nodes_online=max(0, online))

    @property
    def sandboxes_screen(self) -> SandboxesScreen:
        for screen in self.screen_stack:
            if isinstance(screen, SandboxesScreen):
                return screen
        raise LookupError("the sandboxes screen is not on the screen stack")

    # --- worker failures ------------------------------------------------------

    def explain(self, error: BaseException) -> str:
        """Return one line for the screen that states what went wrong."""
        if isinstance(error, ConnectionFailed):
            return error.message
        if self.connection is not None:
            return self.connection.explain(error)
        return str(error) or type(error).__name__

    @on(Worker.StateChanged)
    def _worker_state_changed(self, event: Worker.StateChanged) -> None:
        self.route_worker_state(event)

    def route_worker_state(self, event: Worker.StateChanged) -> None:
        """Send a failed worker's error to the screen that started it.

        `Worker.StateChanged` does not bubble, so each screen that starts workers
        passes its events here; the app's own workers arrive through the handler
        above.
        """
        worker = event.worker
        if event.state is not WorkerState.ERROR or worker.error is None:
            return
        error = worker.error
        log.error("%s failed", worker.description, exc_info=error)
        if worker.group == "connect":
            self._show_startup_error(error)
            return
        node = worker.node
        screen = node if isinstance(node, Screen) else getattr(node, "screen", None)
        show = getattr(screen, "show_worker_error", None)
        if callable(show):
            show(worker.description, error)
        else:
            self.notify(
                f"{worker.description} failed: {self.explain(error)}",
                severity="error",
                markup=False,
            )

    def _show_startup_error(self, error: BaseException) -> None:
        self.cluster = None
        screen = StartupErrorScreen(
            self._profile_label(),
            self.explain(error),
            config_path=str(self.settings.path or config_file()),
            log_path=str(self.log_path) if self.log_path else None,
            from_command_line=self.host is not None and not self.demo,
        )
        while isinstance(self.screen, StartupErrorScreen):
            self.pop_screen()
        self.push_screen(screen)
        self._offer_draft_once()

    def _offer_draft_once(self) -> None:
        # Once the first connection attempt ended either way: over the sandboxes
        # or the start-up error screen, not under a screen pushed a moment later.
        if not self._draft_offered:
            self._draft_offered = True
            offer_draft(self, self._compose_draft)

    def _compose_draft(self, data: Mapping[str, Any]) -> None:
        self.push_screen(ComposeScreen(self.connection, data=data))

    # --- actions --------------------------------------------------------------

    def action_help(self) -> None:
        if isinstance(self.screen, HelpScreen):
            return
        keys = describe_bindings(self.screen.active_bindings)
        self.push_screen(HelpScreen(keys, self.screen.title or "pod-console"))

    def action_compose(self, vmid: int | None = None) -> None:
        """Open the compose screen, with sandbox `vmid` chosen when given."""
        if isinstance(self.screen, ComposeScreen):
            return
        pod_sandbox_id = str(vmid) if vmid is not None else None
        self.push_screen(ComposeScreen(self.connection, pod_sandbox_id=pod_sandbox_id))

    @on(ComposeScreen.ContainerCreated)
    def _container_created(self, message: ComposeScreen.ContainerCreated) -> None:
        self.sandboxes_screen.reveal_when_listed(message.vmid)

    def copy_with_notice(self, text: str, what: str) -> None:
        """Copy `text` with OSC 52 and notify the operator.

        Terminals without OSC 52 ignore the copy.
        """
        self.copy_to_clipboard(text)
        self.notify(
            f"Copied {what} {text} (if the terminal allows OSC 52).", markup=False
        )

    def get_system_commands(self, screen: Screen[object]) -> Iterable[SystemCommand]:
        yield SystemCommand(
            "Refresh", "Read the sandbox list now", self._refresh_from_palette
        )
        yield SystemCommand(
            "Compose a container request",
            "Open the compose screen for the sandbox under the cursor",
            self._compose_from_palette,
        )
        for name, profile in sorted(self.settings.profiles.items()):
            yield SystemCommand(
                f"Switch profile: {name}",
                f"Connect to {profile.address}",
                partial(self.reconnect, name, demo=False),
            )
        yield SystemCommand(
            "Switch profile: demo",
            "Start the built-in demo cluster and connect to it",
            partial(self.reconnect, None, demo=True),
        )
        yield SystemCommand("Theme", "Switch the theme", self.action_change_theme)
        yield SystemCommand("Keys", "List every key of this screen", self.action_help)
        yield SystemCommand("Quit", "Quit pod-console", self.action_quit)

    def _refresh_from_palette(self) -> None:
        self.sandboxes_screen.action_refresh()

    def _compose_from_palette(self) -> None:
        sandbox = self.sandboxes_screen.table.cursor_sandbox
        self.action_compose(sandbox.vmid if sandbox and sandbox.is_ready else None)


@contextmanager
def _open_connection(
    args: argparse.Namespace,
    passwords: dict[str, str],
    profile: str | None,
    demo: bool,
) -> Iterator[Connection]:
    options = argparse.Namespace(**vars(args))
    options.profile = profile
    options.demo = demo
    with open_connection(
        options, ask_password=lambda chosen: passwords.get(chosen.name)
    ) as opened:
        yield opened.connection


def _ask_password_first(args: argparse.Namespace, settings: Settings) -> dict[str, str]:
    """Ask for the password of the chosen profile while the terminal is still ours.

    Once the UI runs it owns the terminal, so a profile without a token can only
    get its password here, before the start.
    """
    if getattr(args, "demo", False):
        return {}
    try:
        profile = choose_profile(args, settings)
    except ConnectionFailed:
        # The UI shows this failure on its start-up error screen.
        return {}
    if not profile.needs_password:
        return {}
    password = ask_on_terminal(profile)
    return {profile.name: password} if password else {}


def run_tui(args: argparse.Namespace) -> int:
    """Start the terminal UI; return the exit code."""
    try:
        log_path = configure_from_args(args)
        settings = load_settings()
    except (LogFileError, SettingsError) as error:
        print(f"pod-console: {error}", file=sys.stderr)
        print("pod-console --demo starts without a config.", file=sys.stderr)
        return 2
    passwords = _ask_password_first(args, settings)
    app = PodConsoleApp(
        partial(_open_connection, args, passwords),
        settings=settings,
        profile=getattr(args, "profile", None),
        demo=bool(getattr(args, "demo", False)),
        log_path=log_path,
        host=getattr(args, "host", None),
    )
    return app.run() or 0
