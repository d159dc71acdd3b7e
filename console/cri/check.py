"""Stage 1 of validation: read a request mapping, then apply the request rules."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, replace

from pydantic import ValidationError

from console.cri.issues import Issue, Severity
from console.cri.models import CreateContainerRequest
from console.cri.normalize import normalize_request
from console.cri.paths import RawPath, is_under, parent_path, path_order
from console.cri.rules import RULE_PROFILES, validate_request

SourceMap = Mapping[tuple[str | int, ...], tuple[int, int]]
"""Raw path as written in the input -> (line, column), 1-based, of the key or item."""


@dataclass(frozen=True)
class CheckedRequest:
    """A request read from input, with every issue found in its shape and rules."""

    request: CreateContainerRequest
    issues: list[Issue]

    @property
    def valid(self) -> bool:
        """True when no issue is an error (warnings allowed)."""
        return not any(issue.is_error for issue in self.issues)


def check_request(
    data: Mapping[str, object],
    *,
    profile: str = "proxmox",
    source: SourceMap | None = None,
    file: str | None = None,
) -> CheckedRequest:
    """Read `data` as a combined request and return it with all stage-1 issues.

    Raises ValueError only for an unknown profile: wrong shapes in `data` become
    issues and leave their field unset. With `source`, each issue gets the
    position of the nearest key or item on its path that the source map knows.
    """
    if profile not in RULE_PROFILES:
        raise ValueError(
            f"unknown rule profile {profile!r}: use one of {RULE_PROFILES}"
        )
    normalized = normalize_request(data, record=source is not None)
    try:
        request = CreateContainerRequest.model_validate(normalized.values)
    except ValidationError as error:  # pragma: no cover - a normaliser bug
        raise AssertionError(f"normalised request did not validate: {error}") from None

    # A field whose value had the wrong shape is left unset. The rules would
    # then report it as missing, so their issues under it are dropped.
    unreadable = {
        issue.path for issue in normalized.issues if issue.severity is Severity.ERROR
    }
    rule_issues = [
        issue
        for issue in validate_request(request, profile)
        if not is_under(issue.path, unreadable)
    ]
    issues = normalized.issues + rule_issues
    if source is not None or file is not None:
        issues = [
            _locate(issue, normalized.raw_paths, source, file) for issue in issues
        ]
    issues.sort(key=_issue_order)
    return CheckedRequest(request, issues)


def _locate(
    issue: Issue,
    raw_paths: Mapping[str, RawPath],
    source: SourceMap | None,
    file: str | None,
) -> Issue:
    position: tuple[int, int] | None = None
    if source is not None:
        path = issue.path
        while path:
            raw = raw_paths.get(path)
            if raw is not None:
                while raw and raw not in source:
                    raw = raw[:-1]
                position = source.get(raw)
                break
            path = parent_path(path)
        if position is None:
            position = source.get(())
    line, column = position if position is not None else (None, None)
    return replace(issue, file=file, line=line, column=column)


def _issue_order(issue: Issue) -> tuple[object, ...]:
    severity = 0 if issue.severity is Severity.ERROR else 1
    if issue.line is not None:
        return (0, issue.line, issue.column or 0, path_order(issue.path), severity)
    return (1, 0, 0, path_order(issue.path), severity)
