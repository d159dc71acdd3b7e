"""The text and JSON that `pod-console create` prints: plan, progress, result."""

from __future__ import annotations

import sys
from dataclasses import replace
from typing import TextIO

from console.cli.plain_output import escaped_line, plain_line
from console.creation import CreationResult, Prepared, Progress
from console.cri.sensitive import is_credential_name
from console.proxmox.plan import Plan

HIDDEN = "<hidden>"


def hide_env_secrets(env: str) -> str:
    """Return a NUL-separated `env` with the values of secret-looking names hidden."""
    pairs = []
    for pair in env.split("\0"):
        key, equals, _ = pair.partition("=")
        pairs.append(f"{key}={HIDDEN}" if equals and is_credential_name(key) else pair)
    return "\0".join(pairs)


def shown_plan(plan: Plan) -> Plan:
    """Return the plan as it may be printed: secret-looking env values hidden."""
    params = dict(plan.params)
    if "env" in params:
        params["env"] = hide_env_secrets(str(params["env"]))
    after = plan.env_after_create
    return replace(
        plan,
        params=params,
        env_after_create=hide_env_secrets(after) if after is not None else None,
    )


def plan_json(plan: Plan) -> dict[str, object]:
    """Return the plan as the `plan` object of `--format json`."""
    plan = shown_plan(plan)
    return {
        "request_id": plan.request_id,
        "node": plan.node,
        "vmid": plan.vmid,
        "params": plan.params,
        "oci_pull": plan.oci_pull,
        "oci_storage": plan.oci_storage,
        "env_after_create": plan.env_after_create,
        "pct_command": plan.pct_command(),
    }


def result_json(result: CreationResult) -> dict[str, object]:
    """Return the result as the `result` object of `--format json`."""
    return {
        "ok": result.ok,
        "vmid": result.vmid,
        "node": result.node,
        "already_existed": result.already_existed,
        "upid": result.upid,
        "error": result.error,
        "task_log": result.task_log,
        "issues": [issue.to_json() for issue in result.issues],
    }


def plan_text(prepared: Prepared) -> str:
    """Return the plan as the lines `create` prints before asking to go ahead."""
    plan = prepared.plan
    if plan is None:
        return "No plan: fix the errors above first."
    plan = shown_plan(plan)
    width = max(len(name) for name in plan.params)
    lines = [
        f"Plan for request {plan.request_id}: container {plan.vmid} on node "
        f"{plain_line(plan.node)}",
    ]
    if plan.oci_pull is not None:
        lines.append(
            f"  first: pull {escaped_line(plan.oci_pull)} into storage "
            f"{escaped_line(plan.oci_storage)}"
        )
    lines.append("  parameters of POST /nodes/{node}/lxc:")
    for name, value in plan.params.items():
        lines.append(f"    {name.ljust(width)}  {escaped_line(value)}")
    if plan.env_after_create is not None:
        lines.append("  then: set env again (the OCI image's creation replaces it)")
    warnings = sum(1 for issue in prepared.issues if not issue.is_error)
    lines.append(f"  {warnings} warning{'' if warnings == 1 else 's'} (listed above)")
    lines.append(f"  the same with pct, on node {plain_line(plan.node)}:")
    lines.append(f"    {plan.pct_command()}")
    return "\n".join(lines)


def print_progress(progress: Progress, stream: TextIO = sys.stdout) -> None:
    """Print one progress report as it arrives; task log lines are indented."""
    if progress.log_line is not None:
        print(f"    | {plain_line(progress.log_line)}", file=stream, flush=True)
        return
    print(
        f"[{progress.step.value}] {progress.state}: {plain_line(progress.message)}",
        file=stream,
        flush=True,
    )


def result_text(result: CreationResult) -> str:
    """Return the closing line of a submission."""
    if result.ok and result.already_existed:
        return (
            f"Found container {result.vmid} on {plain_line(result.node)}, created by "
            "an earlier submission of this request; nothing new was created."
        )
    if result.ok:
        return f"Created container {result.vmid} on {plain_line(result.node)}."
    return f"Creation failed: {plain_line(result.error)}"
