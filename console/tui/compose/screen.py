"""The compose screen: write a CreateContainerRequest, see every problem, submit it."""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, ClassVar

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.timer import Timer
from textual.widgets import (
    Button,
    Footer,
    Header,
    Select,
    Static,
    TabbedContent,
)

from console.cri import check_request
from console.cri.documents import RequestFileError, load_document
from console.cri.issues import Issue
from console.tui.compose.cluster import ClusterHelpers
from console.tui.compose.dialogs import RestoreDraftDialog
from console.tui.compose.drafts import DraftStore
from console.tui.compose.field_row import FieldRow
from console.tui.compose.fields import FIELDS_BY_PATH, FormField
from console.tui.compose.form import (
    ISSUES_PANE,
    RAW_PANE,
    SECTION_PANES,
    compose_form,
)
from console.tui.compose.issues_panel import IssuesPanel
from console.tui.compose.navigation import FormNavigation
from console.tui.compose.raw import RawView
from console.tui.compose.requests_io import RequestFiles
from console.tui.compose.state import ComposeState
from console.tui.compose.submit import SubmitFlow

if TYPE_CHECKING:
    from console.proxmox.connection import Connection

# Long enough to cover a burst of typing, short enough that a crash loses little.
DRAFT_DELAY = 0.5
# The sandbox check queries the cluster, so it waits for the operator to pause.
SANDBOX_CHECK_DELAY = 0.4
RAW_FILE_NAME = "raw view"


class ComposeScreen(FormNavigation, ClusterHelpers, RequestFiles, SubmitFlow):
    """The request form with live validation, its raw view, and submission."""

    CSS_PATH = "compose.tcss"
    TITLE = "Compose"
    AUTO_FOCUS = "#field-pod_sandbox_id"

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("ctrl+r", "review", "Review", id="compose.review",
                tooltip="Show the plan Proxmox will get, then create the container"),
        Binding("ctrl+o", "load", "Load", id="compose.load",
                tooltip="Load a request file or a crictl pair"),
        Binding("ctrl+s", "save", "Save", id="compose.save",
                tooltip="Save the request as JSON or YAML that crictl reads"),
        Binding("f4,alt+right", "next_section", "Next tab", id="compose.next-tab",
                tooltip="Move to the next section of the form"),
        Binding("shift+f4,alt+left", "previous_section", "Previous tab", show=False,
                id="compose.previous-tab", tooltip="Move to the previous section"),
        Binding("f2", "raw", "Raw", id="compose.raw",
                tooltip="Switch between the form and the raw YAML or JSON"),
        Binding("f8", "issues", "Issues", id="compose.issues",
                tooltip="List every issue; choosing one moves to its field"),
        Binding("escape", "close", "Back", id="compose.close",
                tooltip="Leave the compose screen; the draft is kept"),
    ]  # fmt: skip

    def __init__(
        self,
        connection: Connection | None = None,
        *,
        pod_sandbox_id: str | None = None,
        data: Mapping[str, Any] | None = None,
        draft_store: DraftStore | None = None,
        offer_draft: bool = True,
        request_id: str | None = None,
    ) -> None:
        super().__init__()
        self.connection = connection
        self.request_id = request_id
        profile = connection.profile.rules if connection is not None else "proxmox"
        self.state = ComposeState(profile)
        self.draft_store = draft_store or DraftStore()
        self._offer_draft = offer_draft and data is None
        if data is not None:
            self.state.load(data)
        if pod_sandbox_id:
            self.state.edit(FIELDS_BY_PATH["pod_sandbox_id"], pod_sandbox_id)
        self._rows: dict[str, FieldRow] = {}
        self._validation_pending = False
        self._draft_timer: Timer | None = None
        self._sandbox_timer: Timer | None = None
        self._revision = 0
        self._form_revision = 0
        self._raw_revision = -1
        self._raw_ok = True
        self._shown_summary: tuple[int, int, str] | None = None
        self._review_enabled: bool | None = None

    @property
    def read_only_reason(self) -> str | None:
        """Return why this screen may not submit, or None when it may."""
        if self.connection is None:
            return "not connected to a cluster: compose, check and save only"
        if self.connection.profile.read_only:
            return (
                f"profile {self.connection.profile.name!r} is read-only: compose, "
                "check and save only"
            )
        return None

    def compose(self) -> ComposeResult:
        yield Header()
        yield from compose_form()
        yield Static("", id="compose-status", markup=False)
        yield Footer()

    def on_mount(self) -> None:
        self._rows = {row.form_field.path: row for row in self.query(FieldRow)}
        self._refresh_form()
        self._validate()
        self.start_cluster_helpers()
        if self.state.document.get(("pod_sandbox_id",)):
            self._schedule_sandbox_check()
        if self._offer_draft:
            draft = self.draft_store.load()
            if draft is not None:
                self.app.push_screen(RestoreDraftDialog(draft), self._draft_answered)

    def on_unmount(self) -> None:
        # A draft still waiting for its timer is written now, so closing the app
        # right after typing loses nothing.
        if self._draft_timer is not None:
            self._save_draft()

    # --- form <-> state -----------------------------------------------------

    def _refresh_form(self) -> None:
        for path, row in self._rows.items():
            form_field = FIELDS_BY_PATH[path]
            row.show_text(self.state.field_text(form_field))
            row.show_lock(self.state.lock_reason(form_field))
        self._form_revision = self._revision

    def set_field(self, path: str, text: str) -> None:
        """Set a field as if the operator typed `text`, and check the request."""
        row = self._rows[path]
        row.show_text(text)
        self._field_edited(row.form_field, text)

    @on(FieldRow.Edited)
    def _row_edited(self, event: FieldRow.Edited) -> None:
        self._field_edited(event.row.form_field, event.text)

    def _field_edited(self, form_field: FormField, text: str) -> None:
        self.state.edit(form_field, text)
        self._revision += 1
        self._form_revision = self._revision
        self._changed()
        if form_field.path == "pod_sandbox_id":
            self._schedule_sandbox_check()

    def _changed(self) -> None:
        """Queue one validation and one draft save for a burst of edits."""
        if not self._validation_pending:
            self._validation_pending = True
            self.call_later(self._validate)
        if self._draft_timer is not None:
            self._draft_timer.stop()
        self._draft_timer = self.set_timer(DRAFT_DELAY, self._save_draft)

    def _validate(self) -> None:
        self._validation_pending = False
        self.state.validate()
        self._show_issues()

    def _show_issues(self) -> None:
        placement = self.state.placement
        for path, row in self._rows.items():
            placed = placement.by_field.get(path, [])
            row.show_messages(
                tuple(item.text for item in placed if item.issue.is_error),
                tuple(item.text for item in placed if not item.issue.is_error),
            )
        self.query_one(IssuesPanel).show_issues(self.state.all_placed())
        errors, warnings = self.state.errors, self.state.warnings
        self.title = (
            f"Compose · {_count(errors, 'error')}, {_count(warnings, 'warning')}"
        )
        # Each of these relayouts or recomposes part of the screen, so they run
        # only when what they show changes, not on every keystroke.
        shown = (errors, warnings, self._status_text())
        if shown != self._shown_summary:
            self._shown_summary = shown
            tabs = self.query_one(TabbedContent)
            tabs.get_tab(ISSUES_PANE).label = f"Issues {errors + warnings}"
            self.query_one("#compose-status", Static).update(shown[2])
        review_enabled = self.read_only_reason is None and errors == 0
        if review_enabled != self._review_enabled:
            self._review_enabled = review_enabled
            self.refresh_bindings()

    def _status_text(self) -> str:
        reason = self.read_only_reason
        if reason is not None:
            return f"Submission off: {reason}."
        if self.state.errors:
            return (
                f"{_count(self.state.errors, 'error')} to fix before review "
                "(F8 lists them)."
            )
        return "No errors: ctrl+r reviews the plan before anything is created."

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "review":
            return self.read_only_reason is None and self.state.errors == 0
        return super().check_action(action, parameters)

    # --- raw view -----------------------------------------------------------

    @on(TabbedContent.TabActivated)
    def _tab_activated(self, event: TabbedContent.TabActivated) -> None:
        pane = event.pane.id
        if pane == RAW_PANE:
            if self._raw_revision != self._revision:
                self.query_one(RawView).show_document(self.state.document.data)
                self._raw_revision = self._revision
                self._raw_ok = True
                outside = [*self.state.sandbox_issues, *self.state.submission_issues]
                self._show_raw_issues([*self._checked_raw(), *outside])
        elif pane in SECTION_PANES.values():
            if not self._raw_ok:
                self.notify(
                    "The raw text has a syntax error, so the form shows the last "
                    "text that parsed; the raw view keeps what you typed.",
                    severity="warning",
                )
            if self._form_revision != self._revision:
                self._refresh_form()

    @on(RawView.Edited)
    def _raw_edited(self, event: RawView.Edited) -> None:
        raw = self.query_one(RawView)
        try:
            data, positions = load_document(event.text, RAW_FILE_NAME)
        except RequestFileError as error:
            self._raw_ok = False
            line = f"line {error.line}: " if error.line else ""
            raw.show_issues([f"✗ {line}{error.reason}"])
            self.query_one("#compose-status", Static).update(
                "The raw text does not parse; the form keeps the last text that did."
            )
            return
        self._raw_ok = True
        checked = check_request(data, profile=self.state.profile, source=positions)
        self.state.load(data, checked.issues)
        raw.keep_document(data)
        self._revision += 1
        self._raw_revision = self._revision
        self.state.validate()
        self._show_issues()
        self._show_raw_issues(self.state.issues)
        self._changed()

    def _show_raw_issues(self, issues: list[Issue]) -> None:
        lines = []
        for issue in issues:
            mark = "✗" if issue.is_error else "!"
            where = f"line {issue.line}: " if issue.line else ""
            lines.append(f"{mark} {where}{issue.message}")
        self.query_one(RawView).show_issues(lines)

    def raw_line(self, path: str) -> int | None:
        """Return the line of the raw text an issue on `path` points at."""
        checked = self._checked_raw()
        for issue in checked:
            if issue.path == path and issue.line:
                return issue.line
        return None

    def _checked_raw(self) -> list[Issue]:
        raw = self.query_one(RawView)
        if self._raw_revision != self._revision:
            raw.show_document(self.state.document.data)
            self._raw_revision = self._revision
        try:
            data, positions = load_document(raw.text, RAW_FILE_NAME)
        except RequestFileError:
            return []
        return check_request(data, profile=self.state.profile, source=positions).issues

    # --- drafts -------------------------------------------------------------

    def _save_draft(self) -> None:
        if self._draft_timer is not None:
            self._draft_timer.stop()
            self._draft_timer = None
        try:
            self.draft_store.save(self.state.document.data)
        except OSError as error:
            self.notify(
                f"Could not save the draft to {self.draft_store.path}: {error}",
                severity="warning",
                markup=False,
            )

    def discard_draft(self) -> None:
        """Delete the draft, as after a submission created the container."""
        if self._draft_timer is not None:
            self._draft_timer.stop()
            self._draft_timer = None
        self.draft_store.discard()

    def _draft_answered(self, restore: bool | None) -> None:
        draft = self.draft_store.load()
        if restore and draft is not None:
            self.load_data(draft.data)
        else:
            self.draft_store.discard()

    def load_data(
        self, data: Mapping[str, Any], issues: list[Issue] | None = None
    ) -> None:
        """Replace the request with `data`, as after loading a file or a draft."""
        self.state.load(data, issues)
        self._revision += 1
        self._refresh_form()
        self._validate()
        self._changed()
        self._schedule_sandbox_check()

    # --- helpers from the cluster --------------------------------------------

    @on(Select.Changed, "#ready-sandboxes")
    def _sandbox_chosen(self, event: Select.Changed) -> None:
        if isinstance(event.value, str):
            self.set_field("pod_sandbox_id", event.value)

    @on(Select.Changed, "#image-choices")
    def _image_chosen(self, event: Select.Changed) -> None:
        if isinstance(event.value, str):
            self.set_field("config.image.image", event.value)

    @on(Button.Pressed, "#use-sandbox-dns")
    def _use_sandbox_dns(self) -> None:
        self.apply_sandbox_dns()

    def _schedule_sandbox_check(self) -> None:
        if self._sandbox_timer is not None:
            self._sandbox_timer.stop()
        self._sandbox_timer = self.set_timer(
            SANDBOX_CHECK_DELAY, self._start_sandbox_check
        )

    def _start_sandbox_check(self) -> None:
        value = self.state.document.get(("pod_sandbox_id",))
        self.start_sandbox_check(str(value) if value is not None else "")

    def sandbox_issues_changed(self, issues: list[Issue]) -> None:
        """Show new stage-2 issues under the sandbox field."""
        self.state.sandbox_issues = issues
        self._validate()

    def submission_issues_changed(self, issues: list[Issue]) -> None:
        """Show issues from planning or from Proxmox under their fields."""
        self.state.submission_issues = issues
        self._validate()


def _count(number: int, noun: str) -> str:
    return f"{number} {noun}" if number == 1 else f"{number} {noun}s"
