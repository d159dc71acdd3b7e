"""Review and submission from the compose screen: plan, confirm, create."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from textual import on, work
from textual.message import Message
from textual.screen import Screen
from textual.widgets import Static

from console.cri import check_request
from console.cri.issues import Issue
from console.tui.compose.review import ReviewScreen
from console.tui.compose.state import ComposeState
from console.tui.compose.task import TaskScreen
from console.tui.plain import plain_line

if TYPE_CHECKING:
    from console.creation import CreationResult, Prepared
    from console.proxmox.connection import Connection

PREPARE_GROUP = "compose-prepare"


class SubmitFlow(Screen[Any]):
    """The review action: stages 1 to 3, the review screen, then the task view."""

    connection: Connection | None
    state: ComposeState
    request_id: str | None = None
    _prepared: Prepared | None = None

    @dataclass
    class PlanPrepared(Message):
        """Stages 1 to 3 ran for the current request."""

        prepared: Prepared

    @dataclass
    class ContainerCreated(Message):
        """A submission from the compose screen created (or found) a container."""

        node: str
        vmid: int

    @property
    def read_only_reason(self) -> str | None:
        raise NotImplementedError

    def submission_issues_changed(self, issues: list[Issue]) -> None:
        raise NotImplementedError

    def discard_draft(self) -> None:
        raise NotImplementedError

    def action_review(self) -> None:
        reason = self.read_only_reason
        if reason is not None or self.connection is None:
            self.notify(f"Cannot submit: {reason}.", severity="warning", markup=False)
            return
        if self.state.errors:
            self.notify("Fix the errors first; F8 lists them.", severity="warning")
            return
        checked = check_request(self.state.document.data, profile=self.state.profile)
        self.query_one("#compose-status", Static).update(
            "Checking the sandbox and planning the container…"
        )
        self._prepare(self.connection, checked.request, checked.issues)

    @work(thread=True, exclusive=True, group=PREPARE_GROUP, exit_on_error=False)
    def _prepare(
        self, connection: Connection, request: Any, issues: list[Issue]
    ) -> None:
        from console.creation import prepare

        prepared = prepare(
            connection,
            request,
            profile=self.state.profile,
            request_id=self.request_id,
            issues=issues,
        )
        self.post_message(self.PlanPrepared(prepared))

    @on(PlanPrepared)
    def _plan_prepared(self, message: PlanPrepared) -> None:
        prepared = message.prepared
        # Stage-1 issues already show; only the sandbox check's and the plan's are new.
        stage_one = set(self.state.issues)
        later = [issue for issue in prepared.issues if issue not in stage_one]
        self.submission_issues_changed(later)
        if not prepared.ok:
            self.notify(
                "The sandbox check or the plan found errors; the form shows them.",
                severity="error",
            )
            return
        self._prepared = prepared
        self.app.push_screen(ReviewScreen(prepared), self._reviewed)

    def _reviewed(self, start: bool | None) -> None:
        prepared = self._prepared
        if start is None or prepared is None:
            return
        self.app.push_screen(
            TaskScreen(self.connection, prepared, start=start), self._submitted
        )

    def _submitted(self, result: CreationResult | None) -> None:
        if result is None:
            return
        if not result.ok:
            self.submission_issues_changed(list(result.issues))
            self.notify(
                plain_line(f"Not created: {result.error}"),
                title="Submission failed",
                severity="error",
                markup=False,
            )
            return
        self.discard_draft()
        if result.vmid is not None and result.node is not None:
            self.app.post_message(self.ContainerCreated(result.node, result.vmid))
        stack = self.app.screen_stack
        below = stack[-2] if len(stack) > 1 and stack[-1] is self else None
        self.dismiss(None)
        if below is not None:
            # The screen the operator returns to (the sandboxes list) refreshes, as
            # its `r` key would, so the new container shows at once.
            self.app.call_later(below.run_action, "refresh")
