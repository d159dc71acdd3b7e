"""The `pod-console validate` subcommand: check request files without a cluster."""

from __future__ import annotations

import argparse
import json
import logging
import re
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from console.cli.logs import LogFileError, add_logging_options, configure_from_args
from console.cri import RULE_PROFILES, CheckedRequest
from console.cri.files import RequestFileError, load_crictl_pair, load_request_file
from console.cri.issues import Issue, Severity

logger = logging.getLogger(__name__)

EXIT_VALID = 0
EXIT_INVALID = 1
EXIT_UNREADABLE = 2

# C0 and C1 control characters, DEL included: text from a request file reaches
# the terminal, where these could move the cursor or change colours.
_CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f]")


def add_parser(subparsers: Any) -> None:
    parser: argparse.ArgumentParser = subparsers.add_parser(
        "validate",
        help="check a request file, or a crictl pair of config files",
        description=(
            "Check a CreateContainerRequest against the request rules and print "
            "every issue with its file, line and column. Give either a combined "
            "request file (pod_sandbox_id, config, sandbox_config) or the files "
            "`crictl create` takes. Exit status: 0 no errors (warnings allowed), "
            "1 errors, 2 input that could not be read."
        ),
    )
    parser.add_argument(
        "request_file",
        nargs="?",
        metavar="REQUEST_FILE",
        help="combined request file, JSON or YAML",
    )
    parser.add_argument(
        "--pod-sandbox-id",
        metavar="ID",
        help="pod sandbox id for a crictl pair (crictl takes it on its command line)",
    )
    parser.add_argument(
        "--config",
        metavar="CONTAINER_FILE",
        help="crictl container config file, JSON or YAML",
    )
    parser.add_argument(
        "--sandbox-config",
        metavar="POD_FILE",
        help="crictl pod sandbox config file, JSON or YAML",
    )
    parser.add_argument(
        "--rules",
        choices=sorted(RULE_PROFILES),
        default="proxmox",
        help="rule profile (default: proxmox)",
    )
    parser.add_argument(
        "--format",
        choices=("text", "json"),
        default="text",
        dest="output_format",
        help="output: one line per issue, or one JSON document (default: text)",
    )
    add_logging_options(parser)
    parser.set_defaults(handler=run)


def run(args: argparse.Namespace) -> int:
    """Check the request given on the command line and print its issues."""
    try:
        configure_from_args(args)
    except LogFileError as error:
        print(f"pod-console validate: {error}", file=sys.stderr)
        return EXIT_UNREADABLE

    problem = usage_error(args)
    if problem is not None:
        print(f"pod-console validate: {problem}", file=sys.stderr)
        return EXIT_UNREADABLE

    try:
        checked, files = _load(args)
    except RequestFileError as error:
        logger.warning("request not read: %s", error)
        print(_printable(str(error)), file=sys.stderr)
        return EXIT_UNREADABLE

    issues = sort_issues(checked.issues, files)
    errors = sum(1 for issue in issues if issue.severity is Severity.ERROR)
    warnings = len(issues) - errors
    logger.info(
        "validated %s with the %s rules: %d errors, %d warnings",
        " and ".join(files),
        args.rules,
        errors,
        warnings,
    )
    if args.output_format == "json":
        document = {
            "valid": errors == 0,
            "issues": [issue.to_json() for issue in issues],
        }
        print(json.dumps(document, indent=2))
    else:
        for issue in issues:
            print(format_issue(issue))
        print(_summary(errors, warnings, files))
    return EXIT_INVALID if errors else EXIT_VALID


_PAIR_OPTIONS = ("--pod-sandbox-id", "--config", "--sandbox-config")


def usage_error(
    args: argparse.Namespace, *, sandbox_id_required: bool = False
) -> str | None:
    """Return what is wrong with the request options given, or None.

    `validate` accepts a crictl pair without `--pod-sandbox-id` (the missing id is
    reported as an issue); `create` needs one.
    """
    pair = (args.pod_sandbox_id, args.config, args.sandbox_config)
    if args.request_file is not None:
        given = [
            name
            for name, option in zip(_PAIR_OPTIONS, pair, strict=True)
            if option is not None
        ]
        if given:
            return (
                f"{' and '.join(given)} cannot go with REQUEST_FILE: the file holds "
                "the whole request, pod_sandbox_id included, so give REQUEST_FILE "
                "alone, or --pod-sandbox-id ID --config CONTAINER_FILE "
                "--sandbox-config POD_FILE without it"
            )
        return None
    missing_id = sandbox_id_required and args.pod_sandbox_id is None
    if missing_id or args.config is None or args.sandbox_config is None:
        return (
            "give a REQUEST_FILE, or --pod-sandbox-id ID --config CONTAINER_FILE "
            "--sandbox-config POD_FILE"
        )
    return None


def _load(args: argparse.Namespace) -> tuple[CheckedRequest, list[str]]:
    if args.request_file is not None:
        checked = load_request_file(Path(args.request_file), profile=args.rules)
        return checked, [args.request_file]
    checked = load_crictl_pair(
        args.pod_sandbox_id or "",
        Path(args.config),
        Path(args.sandbox_config),
        profile=args.rules,
    )
    return checked, [args.config, args.sandbox_config]


def sort_issues(issues: Sequence[Issue], files: Sequence[str]) -> list[Issue]:
    """Sort issues by position: issues without a file first, then file by file."""

    def position(issue: Issue) -> tuple[int, int, int]:
        if issue.file is None:
            return (-1, 0, 0)
        order = files.index(issue.file) if issue.file in files else len(files)
        return (order, issue.line or 0, issue.column or 0)

    return sorted(issues, key=position)


def format_issue(issue: Issue) -> str:
    """Format an issue as `FILE:LINE:COLUMN: SEVERITY PATH: MESSAGE [CODE]`."""
    if issue.file is None:
        where = "--pod-sandbox-id" if issue.path == "pod_sandbox_id" else "request"
    elif issue.line is None:
        where = issue.file
    else:
        where = f"{issue.file}:{issue.line}:{issue.column}"
    text = (
        f"{where}: {issue.severity.value} {issue.path}: {issue.message} [{issue.code}]"
    )
    return _printable(text)


def _summary(errors: int, warnings: int, files: Sequence[str]) -> str:
    counts = f"{_plural(errors, 'error')}, {_plural(warnings, 'warning')}"
    verdict = "not valid" if errors else "valid"
    return _printable(f"{counts} in {' and '.join(files)}: the request is {verdict}")


def _plural(count: int, noun: str) -> str:
    return f"{count} {noun}" if count == 1 else f"{count} {noun}s"


def _printable(text: str) -> str:
    return _CONTROL.sub(lambda match: f"\\x{ord(match.group()):02x}", text)
