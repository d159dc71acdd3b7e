"""The task view: each creation step with its state, and the Proxmox task log."""

from __future__ import annotations

import logging
from dataclasses import dataclass
from typing import TYPE_CHECKING, ClassVar

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal
from textual.message import Message
from textual.screen import Screen
from textual.widgets import Button, Footer, Header, Log, Static
from textual.worker import Worker, WorkerState

from console.creation import CreationResult, Prepared, Progress, Step, submit
from console.history import HistoryEntry, Outcome, append_entry
from console.tui.plain import plain_line

if TYPE_CHECKING:
    from console.proxmox.connection import Connection

log = logging.getLogger(__name__)

SHOWN_STEPS = (Step.PULL, Step.CREATE, Step.ENV, Step.START)
_MARKS = {
    "waiting": "○",
    "running": "●",
    "done": "✓",
    "failed": "✗",
    "skipped": "–",
}


class StepLine(Static):
    """One step of the creation: its mark, name, state and last message."""

    def __init__(self, step: Step) -> None:
        super().__init__("", classes="task-step", markup=False)
        self.step = step
        self.state = "waiting"
        self.show("waiting", "")

    def show(self, state: str, message: str) -> None:
        self.state = state
        self.update(
            Text(f"{_MARKS.get(state, '?')} {self.step.value:<7} {state:<8} ")
            + Text(plain_line(message))
        )
        for name in _MARKS:
            self.set_class(name == state, f"-{name}")


class TaskScreen(Screen[CreationResult]):
    """Runs the submission in a worker and shows its steps and task log."""

    CSS_PATH = "compose.tcss"
    TITLE = "Creating the container"

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "close", "Close", id="task.close",
                tooltip="Leave the task view once the submission has ended"),
    ]  # fmt: skip

    @dataclass
    class ProgressReported(Message):
        """The submission reported a step's progress or a task log line."""

        progress: Progress

    @dataclass
    class SubmissionEnded(Message):
        """The submission ended, created or not."""

        result: CreationResult

    def __init__(
        self, connection: Connection | None, prepared: Prepared, *, start: bool
    ) -> None:
        super().__init__()
        self.connection = connection
        self.prepared = prepared
        self.start = start
        self.result: CreationResult | None = None

    def compose(self) -> ComposeResult:
        plan = self.prepared.plan
        target = f"container {plan.vmid} on {plan.node}" if plan else "the container"
        yield Header()
        yield Static(plain_line(f"Creating {target}"), id="task-headline", markup=False)
        for step in SHOWN_STEPS:
            if step is Step.START and not self.start:
                continue
            yield StepLine(step)
        yield Log(id="task-log", highlight=False)
        yield Static("", id="task-result", markup=False)
        with Horizontal(classes="dialog-buttons"):
            yield Button(
                "Show in sandboxes", id="task-done", variant="success", compact=True
            )
            yield Button(
                "Back to the form", id="task-back", variant="primary", compact=True
            )
        yield Footer()

    def on_mount(self) -> None:
        self.query_one("#task-done").display = False
        self.query_one("#task-back").display = False
        if self.connection is not None:
            self._submit(self.connection)

    @work(thread=True, exclusive=True, group="compose-submit", exit_on_error=False)
    def _submit(self, connection: Connection) -> None:
        def report(progress: Progress) -> None:
            self.post_message(self.ProgressReported(progress))

        result = submit(connection, self.prepared, start=self.start, on_progress=report)
        _record(self.prepared, result)
        self.post_message(self.SubmissionEnded(result))

    @on(ProgressReported)
    def _progress(self, message: ProgressReported) -> None:
        progress = message.progress
        if progress.log_line is not None:
            self.query_one(Log).write_line(plain_line(progress.log_line))
            return
        for line in self.query(StepLine):
            if line.step is progress.step:
                line.show(progress.state, progress.message)

    @on(SubmissionEnded)
    def _ended(self, message: SubmissionEnded) -> None:
        result = message.result
        self.result = result
        for line in self.query(StepLine):
            if line.state == "waiting":
                line.show("skipped", "not needed" if result.ok else "not run")
        if result.ok:
            where = f"container {result.vmid} on {result.node}"
            verb = "Found the existing" if result.already_existed else "Created"
            text = f"{verb} {where}."
        else:
            text = f"Failed: {result.error or 'unknown error'}"
            if result.issues:
                text += " The form shows the rejected fields."
        result_static = self.query_one("#task-result", Static)
        result_static.update(Text(plain_line(text)))
        result_static.set_class(not result.ok, "-failed")
        button = self.query_one("#task-done" if result.ok else "#task-back", Button)
        button.display = True
        button.focus()

    @on(Worker.StateChanged)
    def _worker_failed(self, event: Worker.StateChanged) -> None:
        if event.state is not WorkerState.ERROR:
            return
        error = event.worker.error
        log.error("submission worker failed: %r", error)
        text = str(error) if error is not None else "unknown error"
        if self.connection is not None and error is not None:
            text = self.connection.explain(error)
        self.post_message(
            self.SubmissionEnded(
                CreationResult(
                    ok=False,
                    vmid=None,
                    node=None,
                    already_existed=False,
                    upid=None,
                    error=text,
                )
            )
        )

    @on(Button.Pressed, "#task-done")
    @on(Button.Pressed, "#task-back")
    def action_close(self) -> None:
        if self.result is None:
            self.notify("The submission is still running; wait for it to end.")
            return
        self.dismiss(self.result)


def _record(prepared: Prepared, result: CreationResult) -> None:
    """Append the submission to the history; a failure to write it is only logged."""
    plan = prepared.plan
    if plan is None:
        return
    if result.ok:
        outcome = Outcome.FOUND if result.already_existed else Outcome.CREATED
    else:
        outcome = Outcome.FAILED
    entry = HistoryEntry.now(
        request_id=plan.request_id,
        sandbox=prepared.request.pod_sandbox_id,
        node=result.node,
        vmid=result.vmid,
        result=outcome,
        error=result.error,
    )
    try:
        append_entry(entry)
    except OSError as error:
        log.warning("could not record submission %s: %s", plan.request_id, error)
