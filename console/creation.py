"""The one creation pipeline: validate, check the sandbox, plan, submit.

The TUI's compose screen and `pod-console create` both call `prepare` and then
`submit`, so a request is judged by the same code wherever it comes from.
"""

from __future__ import annotations

import hashlib
import json
import logging
from collections.abc import Callable
from dataclasses import dataclass, field
from enum import StrEnum
from typing import Literal

from console.cri import (
    CreateContainerRequest,
    Issue,
    Severity,
    request_to_data,
    validate_request,
)
from console.proxmox import submission
from console.proxmox.checks import SandboxCheck, check_sandbox
from console.proxmox.connection import Connection
from console.proxmox.errors import API_ERRORS
from console.proxmox.param_errors import parameter_issues
from console.proxmox.plan import Plan, build_plan
from console.proxmox.submission import CreateRefused, FoundContainer
from console.proxmox.tasks import TaskOutcome, TaskTimedOut, follow_task

log = logging.getLogger(__name__)

CODE_PLAN_FAILED = "pve-plan-failed"
# Upper bound on one Proxmox task (pull, create, start) before giving up on it.
TASK_TIMEOUT = 1800.0


class Step(StrEnum):
    """The steps of a creation, in order."""

    VALIDATE = "validate"
    CHECK = "check"
    PLAN = "plan"
    PULL = "pull"
    CREATE = "create"
    ENV = "env"
    START = "start"


@dataclass(frozen=True)
class Progress:
    """One report from a running submission; `log_line` is a new task log line."""

    step: Step
    state: Literal["running", "done", "failed", "skipped"]
    message: str
    log_line: str | None = None


@dataclass(frozen=True)
class Prepared:
    """A request after stages 1 to 3, ready to submit when `ok`."""

    request: CreateContainerRequest
    issues: list[Issue]
    check: SandboxCheck | None
    plan: Plan | None

    @property
    def ok(self) -> bool:
        """True when no issue is an error and a plan was built."""
        return self.plan is not None and not any(i.is_error for i in self.issues)


@dataclass(frozen=True)
class CreationResult:
    """The outcome of a submission.

    `already_existed` is True when a container tagged with the request id was
    found instead of created. `error` is one line for the user when `ok` is False;
    `issues` contains Proxmox's parameter errors mapped to request fields.
    """

    ok: bool
    vmid: int | None
    node: str | None
    already_existed: bool
    upid: str | None
    issues: list[Issue] = field(default_factory=list)
    task_log: list[str] = field(default_factory=list)
    error: str | None = None


def request_id_for(request: CreateContainerRequest) -> str:
    """Return a 16-hex-digit id that is the same for the same request.

    The sandbox uid is left out: crictl makes up a new one each time it reads a
    sandbox file without one, which would otherwise give a repeat a new id.
    """
    data = request_to_data(request)
    sandbox = data.get("sandbox_config")
    if isinstance(sandbox, dict) and isinstance(sandbox.get("metadata"), dict):
        metadata = dict(sandbox["metadata"])
        metadata.pop("uid", None)
        data["sandbox_config"] = {**sandbox, "metadata": metadata}
    canonical = json.dumps(data, sort_keys=True, separators=(",", ":"))
    return hashlib.sha256(canonical.encode("utf-8")).hexdigest()[:16]


def prepare(
    connection: Connection,
    request: CreateContainerRequest,
    *,
    profile: str = "proxmox",
    request_id: str | None = None,
    issues: list[Issue] | None = None,
) -> Prepared:
    """Run stages 1 to 3 and collect every issue; the cluster is only read.

    `issues` are stage-1 issues the caller already has (a request file's, with
    their positions); without them the request rules run here.
    """
    found = list(validate_request(request, profile) if issues is None else issues)
    if any(issue.is_error for issue in found):
        return Prepared(request, found, None, None)

    check = check_sandbox(connection, request.pod_sandbox_id)
    if not check.ok:
        return Prepared(request, [*found, *check.issues], check, None)

    try:
        plan = build_plan(
            connection,
            request,
            check,
            request_id=request_id or request_id_for(request),
        )
    except API_ERRORS as error:
        message = f"cannot plan the container: {connection.explain(error)}"
        failure = Issue("pod_sandbox_id", CODE_PLAN_FAILED, Severity.ERROR, message)
        return Prepared(request, [*found, *check.issues, failure], check, None)
    return Prepared(request, [*found, *plan.issues], check, plan)


def submit(
    connection: Connection,
    prepared: Prepared,
    *,
    start: bool = False,
    on_progress: Callable[[Progress], None] = lambda progress: None,
) -> CreationResult:
    """Create the planned container, or find the one an earlier try created.

    Never raises for a failure of Proxmox or of the connection: the result reports
    what happened, and a repeat of the same request is safe.
    """
    plan = prepared.plan
    if plan is None or not prepared.ok:
        return CreationResult(
            ok=False,
            vmid=None,
            node=None,
            already_existed=False,
            upid=None,
            issues=[i for i in prepared.issues if i.is_error],
            error="the request has errors; fix them before submitting",
        )
    log.info(
        "submitting request %s: container %s on %s",
        plan.request_id,
        plan.vmid,
        plan.node,
    )
    submitter = _Submission(connection, plan, on_progress)
    try:
        result = submitter.run(start=start)
        if result.ok:
            log.info(
                "request %s done: container %s on %s (%s)",
                plan.request_id,
                result.vmid,
                result.node,
                "found" if result.already_existed else "created",
            )
        return result
    except CreateRefused as refused:
        # Only the status and parameter names: Proxmox's texts may quote env values.
        rejected = refused.error.errors
        log.warning(
            "request %s refused by Proxmox: %s %s",
            plan.request_id,
            refused.error.status_code,
            sorted(rejected) if isinstance(rejected, dict) else "",
        )
        return submitter.refused(refused)
    except (TaskTimedOut, TimeoutError) as error:
        log.warning("request %s: %s", plan.request_id, error)
        return submitter.failed(f"{error}; the task goes on in Proxmox")
    except API_ERRORS as error:
        log.warning("submission %s failed: %s", plan.request_id, error)
        return submitter.failed(
            f"{connection.explain(error)}. Submitting the same request again is "
            "safe: it finds the container if one was created"
        )


class _Submission:
    """The submit steps of one plan, reporting progress as they go."""

    def __init__(
        self,
        connection: Connection,
        plan: Plan,
        on_progress: Callable[[Progress], None],
    ) -> None:
        self.api = connection.api
        self.plan = plan
        self.report = on_progress
        self.upid: str | None = None
        self.task_log: list[str] = []
        # The container's place once it exists, created or found.
        self.node: str | None = None
        self.vmid: int | None = None

    def run(self, *, start: bool) -> CreationResult:
        found = submission.find_by_request(self.api, self.plan.request_id)
        if found is not None and found.lock == "create":
            self.report(
                Progress(
                    Step.CREATE,
                    "running",
                    f"container {found.vmid} on {found.node} from an earlier "
                    "submission of this request is still being created; waiting",
                )
            )
            found = submission.wait_for_create_lock(
                self.api, found, timeout=TASK_TIMEOUT
            )
        if found is None:
            try:
                failure = self._pull_and_create()
            except submission.CreatedMeanwhile as raced:
                found = submission.wait_for_create_lock(
                    self.api, raced.found, timeout=TASK_TIMEOUT
                )
                if found is None:
                    return self.failed(
                        f"another submission of this request created container "
                        f"{raced.found.vmid}, which is gone now; submit again"
                    )
            else:
                if failure is not None:
                    return failure
        if found is None:
            node, vmid = self.plan.node, self.plan.vmid
        else:
            self.node, self.vmid = found.node, found.vmid
            self.report(
                Progress(
                    Step.CREATE,
                    "skipped",
                    f"found container {found.vmid} on {found.node} from an earlier "
                    "submission of this request; not creating another",
                )
            )
            node, vmid = found.node, found.vmid

        self._apply_env(node, vmid)
        if start:
            failure = self._start(node, vmid, found)
            if failure is not None:
                return failure
        return CreationResult(
            ok=True,
            vmid=vmid,
            node=node,
            already_existed=found is not None,
            upid=self.upid,
            task_log=self.task_log,
        )

    def refused(self, refused: CreateRefused) -> CreationResult:
        error = refused.error
        self.report(Progress(Step.CREATE, "failed", f"Proxmox refused: {error}"))
        issues: list[Issue] = []
        if isinstance(error.errors, dict):
            issues = parameter_issues(error.errors, refused.plan.param_fields)
        text = " ".join(str(error.content or error.status_message).split())
        return self._result_failed(
            f"Proxmox refused the create call ({error.status_code} {text})", issues
        )

    def failed(self, message: str) -> CreationResult:
        return self._result_failed(message, [])

    def _result_failed(self, message: str, issues: list[Issue]) -> CreationResult:
        return CreationResult(
            ok=False,
            vmid=self.vmid,
            node=self.node,
            already_existed=False,
            upid=self.upid,
            issues=issues,
            task_log=self.task_log,
            error=message,
        )

    def _pull_and_create(self) -> CreationResult | None:
        plan = self.plan
        if plan.oci_pull is not None and plan.oci_storage is not None:
            self.report(
                Progress(
                    Step.PULL, "running", f"pulling {plan.oci_pull} on {plan.node}"
                )
            )
            upid = submission.pull_image(
                self.api, plan.node, plan.oci_storage, plan.oci_pull
            )
            if upid is not None:
                outcome = self._follow(Step.PULL, upid)
                if not outcome.ok:
                    return self._task_failed(Step.PULL, outcome, "pulling the image")
            self.report(
                Progress(Step.PULL, "done", f"{plan.oci_pull} is on {plan.node}")
            )

        self.report(
            Progress(
                Step.CREATE,
                "running",
                f"creating container {plan.vmid} on {plan.node}",
            )
        )
        self.plan, self.upid = submission.post_create(
            self.api,
            plan,
            on_retry=lambda message: self.report(
                Progress(Step.CREATE, "running", message)
            ),
        )
        outcome = self._follow(Step.CREATE, self.upid)
        if not outcome.ok:
            return self._task_failed(Step.CREATE, outcome, "creating the container")
        self.node, self.vmid = self.plan.node, self.plan.vmid
        self.report(
            Progress(
                Step.CREATE,
                "done",
                f"created container {self.plan.vmid} on {self.plan.node}",
            )
        )
        return None

    def _apply_env(self, node: str, vmid: int) -> None:
        request_env = self.plan.env_after_create
        if request_env is None:
            self.report(Progress(Step.ENV, "skipped", "no environment to set again"))
            return
        current = submission.current_env(self.api, node, vmid)
        wanted = submission.merged_env(current, request_env)
        if current == wanted:
            self.report(Progress(Step.ENV, "skipped", "the environment is already set"))
            return
        self.report(
            Progress(
                Step.ENV,
                "running",
                "setting the request's environment over the image's",
            )
        )
        submission.put_env(self.api, node, vmid, wanted)
        self.report(Progress(Step.ENV, "done", "environment set"))

    def _start(
        self, node: str, vmid: int, found: FoundContainer | None
    ) -> CreationResult | None:
        if found is not None and found.status == "running":
            self.report(Progress(Step.START, "skipped", f"{vmid} is already running"))
            return None
        self.report(Progress(Step.START, "running", f"starting container {vmid}"))
        upid = submission.start_container(self.api, node, vmid)
        outcome = self._follow(Step.START, upid)
        if not outcome.ok:
            return self._task_failed(Step.START, outcome, "starting the container")
        self.report(Progress(Step.START, "done", f"container {vmid} is running"))
        return None

    def _follow(self, step: Step, upid: str) -> TaskOutcome:
        def on_line(line: str) -> None:
            self.task_log.append(line)
            self.report(Progress(step, "running", line, log_line=line))

        return follow_task(self.api, upid, on_line=on_line, timeout=TASK_TIMEOUT)

    def _task_failed(
        self, step: Step, outcome: TaskOutcome, doing: str
    ) -> CreationResult:
        message = f"{doing} failed: {outcome.exitstatus}"
        log.warning(
            "request %s: task %s: %s", self.plan.request_id, outcome.upid, message
        )
        self.report(Progress(step, "failed", message))
        return self._result_failed(message, [])
