"""The `pod-console create` subcommand: validate, plan and create a container."""

from __future__ import annotations

import argparse
import json
import logging
import sys
from dataclasses import replace
from pathlib import Path
from typing import Any

from console.cli.connect import ask_on_terminal, open_connection
from console.cli.create_output import (
    plan_json,
    plan_text,
    print_progress,
    result_json,
    result_text,
)
from console.cli.logs import LogFileError, add_logging_options, configure_from_args
from console.cli.options import add_connection_options
from console.cli.plain_output import plain_line
from console.cli.validate import format_issue, sort_issues, usage_error
from console.creation import CreationResult, Prepared, prepare, submit
from console.cri import RULE_PROFILES, CheckedRequest
from console.cri.files import RequestFileError, load_crictl_pair, load_request_file
from console.cri.issues import Issue
from console.history import HistoryEntry, Outcome, append_entry
from console.proxmox.errors import ProxmoxError

log = logging.getLogger(__name__)

EXIT_CREATED = 0
EXIT_REFUSED = 1
EXIT_INPUT = 2

RUNTIME_TYPES = ("lxc",)
INTERRUPTED = (
    "interrupted: a task already started goes on in Proxmox. Run the same command "
    "again to follow up: it finds the container if one was created"
)


def add_parser(subparsers: Any) -> None:
    parser: argparse.ArgumentParser = subparsers.add_parser(
        "create",
        help="validate a request, show its Proxmox plan, and create the container",
        description=(
            "Check a CreateContainerRequest (stage 1), its pod sandbox in the "
            "cluster (stage 2) and the Proxmox plan (stage 3), print the plan, "
            "then create the LXC container after confirmation. Exit status: 0 "
            "created or found, 1 invalid, refused or failed, 2 input or "
            "connection problem."
        ),
    )
    parser.add_argument(
        "request_file",
        nargs="?",
        metavar="REQUEST_FILE",
        help="combined request file, JSON or YAML",
    )
    parser.add_argument(
        "--pod-sandbox-id", metavar="ID", help="vmid or name of the sandbox container"
    )
    parser.add_argument(
        "--config", metavar="CONTAINER_FILE", help="crictl container config file"
    )
    parser.add_argument(
        "--sandbox-config", metavar="POD_FILE", help="crictl pod sandbox config file"
    )
    parser.add_argument(
        "--dry-run",
        action="store_true",
        help="print the plan (parameters, warnings, pct command) and stop",
    )
    parser.add_argument(
        "--start", action="store_true", help="start the container once created"
    )
    parser.add_argument(
        "--yes", action="store_true", help="create without asking for confirmation"
    )
    parser.add_argument(
        "--runtime-type",
        default="lxc",
        metavar="TYPE",
        help="container runtime; only lxc (Proxmox VE containers) exists",
    )

    parser.add_argument(
        "--rules",
        choices=sorted(RULE_PROFILES),
        default=None,
        help="rule profile (default: the connection profile's, else proxmox)",
    )
    parser.add_argument(
        "--format",
        choices=("text", "json"),
        default="text",
        dest="output_format",
        help="output: readable lines, or one JSON document at the end",
    )
    add_connection_options(parser, subcommand=True)
    add_logging_options(parser)
    parser.set_defaults(handler=run)


def run(args: argparse.Namespace) -> int:
    """Create the container the command line describes; return the exit status."""
    try:
        configure_from_args(args)
    except LogFileError as error:
        return _fail(str(error), EXIT_INPUT)
    if args.runtime_type not in RUNTIME_TYPES:
        return _fail(
            f"--runtime-type {args.runtime_type!r} is not supported: Proxmox VE runs "
            "pod containers as LXC containers, so the only runtime is `lxc`",
            EXIT_INPUT,
        )
    problem = usage_error(args, sandbox_id_required=True)
    if problem is not None:
        return _fail(problem, EXIT_INPUT)

    try:
        checked, files = _load(args, args.rules or "proxmox")
    except RequestFileError as error:
        return _fail(str(error), EXIT_INPUT)
    if not checked.valid:
        _print_issues(args, checked.issues, files)
        return EXIT_REFUSED

    try:
        with open_connection(args, ask_password=ask_on_terminal) as opened:
            for warning in opened.warnings:
                print(f"pod-console: warning: {plain_line(warning)}", file=sys.stderr)
            profile = opened.profile
            rules = args.rules or profile.rules
            if rules != (args.rules or "proxmox"):
                checked, files = _load(args, rules)
            if profile.read_only and not args.dry_run:
                return _fail(
                    f"profile {profile.name!r} is read-only: creating is turned off. "
                    "Use --dry-run to see the plan, or a profile without read_only",
                    EXIT_REFUSED,
                )
            prepared = prepare(
                opened.connection, checked.request, profile=rules, issues=checked.issues
            )
            prepared = replace(
                prepared,
                issues=[_attribute(issue, args) for issue in prepared.issues],
            )
            return _go_on(args, opened.connection, prepared, files)
    except ProxmoxError as error:
        log.warning("create failed: %s", error.message)
        return _fail(error.message, EXIT_INPUT)


def _attribute(issue: Issue, args: argparse.Namespace) -> Issue:
    """Name the input an issue of the sandbox checks or the plan is about.

    Those stages see the request, not the file, so their issues carry no position;
    the file (or the option) that contains the field is the best place to point at.
    """
    if issue.file is not None:
        return issue
    if args.request_file is not None:
        return replace(issue, file=args.request_file)
    if issue.path.startswith("config"):
        return replace(issue, file=args.config)
    if issue.path.startswith("sandbox_config"):
        return replace(issue, file=args.sandbox_config)
    return issue


def _go_on(
    args: argparse.Namespace, connection: Any, prepared: Prepared, files: list[str]
) -> int:
    as_json = args.output_format == "json"
    if not as_json:
        _print_issues(args, prepared.issues, files)
        if prepared.plan is not None:
            print(plan_text(prepared))
    if not prepared.ok or prepared.plan is None:
        if as_json:
            _print_document(prepared, None)
        else:
            print("The request cannot be created: fix the errors above.")
        return EXIT_REFUSED
    if args.dry_run:
        if as_json:
            _print_document(prepared, None)
        return EXIT_CREATED

    refusal = _confirm(args, prepared)
    if refusal is not None:
        if as_json:
            _print_document(prepared, None)
        return _fail(refusal, EXIT_REFUSED)

    stream = sys.stderr if as_json else sys.stdout
    try:
        result = submit(
            connection,
            prepared,
            start=args.start,
            on_progress=lambda progress: print_progress(progress, stream),
        )
    except KeyboardInterrupt:
        interrupted = CreationResult(
            ok=False,
            vmid=None,
            node=None,
            already_existed=False,
            upid=None,
            error=INTERRUPTED,
        )
        _record(prepared, interrupted)
        return _fail(INTERRUPTED, EXIT_REFUSED)
    _record(prepared, result)
    if as_json:
        _print_document(prepared, result)
    else:
        for issue in result.issues:
            print(format_issue(issue))
        print(result_text(result))
    return EXIT_CREATED if result.ok else EXIT_REFUSED


def _confirm(args: argparse.Namespace, prepared: Prepared) -> str | None:
    """Return why the creation does not go ahead, or None to go ahead."""
    if args.yes:
        return None
    if not sys.stdin.isatty():
        return (
            "not creating without confirmation: standard input is not a terminal, "
            "so pass --yes to create without the question"
        )
    plan = prepared.plan
    assert plan is not None
    question = f"Create container {plan.vmid} on {plain_line(plan.node)}? [y/N] "
    try:
        answer = input(question)
    except (EOFError, KeyboardInterrupt):
        answer = ""
    if answer.strip().lower() not in ("y", "yes"):
        return "not created: the answer was not yes"
    return None


def _record(prepared: Prepared, result: CreationResult) -> None:
    plan = prepared.plan
    assert plan is not None
    if result.ok:
        outcome = Outcome.FOUND if result.already_existed else Outcome.CREATED
    else:
        outcome = Outcome.FAILED
    entry = HistoryEntry.now(
        request_id=plan.request_id,
        sandbox=prepared.request.pod_sandbox_id,
        node=result.node or plan.node,
        vmid=result.vmid,
        result=outcome,
        error=result.error,
    )
    try:
        append_entry(entry)
    except OSError as error:
        log.warning("history entry for %s not written: %s", plan.request_id, error)
        print(
            f"pod-console: warning: the history entry was not written: {error}",
            file=sys.stderr,
        )


def _print_issues(
    args: argparse.Namespace, issues: list[Issue], files: list[str]
) -> None:
    if args.output_format == "json":
        document = {
            "valid": False,
            "issues": [issue.to_json() for issue in issues],
            "plan": None,
            "result": None,
        }
        print(json.dumps(document, indent=2))
        return
    for issue in sort_issues(issues, files):
        print(format_issue(issue))


def _print_document(prepared: Prepared, result: CreationResult | None) -> None:
    document = {
        "valid": prepared.ok,
        "issues": [issue.to_json() for issue in prepared.issues],
        "plan": plan_json(prepared.plan) if prepared.plan is not None else None,
        "result": result_json(result) if result is not None else None,
    }
    print(json.dumps(document, indent=2))


def _load(args: argparse.Namespace, rules: str) -> tuple[CheckedRequest, list[str]]:
    if args.request_file is not None:
        return load_request_file(Path(args.request_file), profile=rules), [
            args.request_file
        ]
    checked = load_crictl_pair(
        args.pod_sandbox_id,
        Path(args.config),
        Path(args.sandbox_config),
        profile=rules,
    )
    return checked, [args.config, args.sandbox_config]


def _fail(message: str, status: int) -> int:
    print(f"pod-console create: {plain_line(message)}", file=sys.stderr)
    return status
