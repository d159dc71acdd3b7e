"""Checks of absolute paths: working_dir, mounts, devices, log_directory."""

from __future__ import annotations

import re

from console.cri import codes
from console.cri.findings import Findings
from console.cri.shapes import quote

PATH_MAX = 4096

# `%CPATH%` and `${DIR}`: test templates whose projects fill them in at run time.
_PLACEHOLDER = re.compile(r"^(%[A-Za-z_]+%|\$\{[A-Za-z_]+\})$")


def check_path(
    findings: Findings,
    path: str,
    value: str,
    *,
    required: bool = False,
    parent_segments: bool = True,
    max_length: int | None = PATH_MAX,
) -> None:
    """Check that `value` is an absolute path; empty passes unless `required`.

    `parent_segments` also rejects a `..` segment (under `seed`, `..` anywhere).
    """
    if not value:
        if required:
            findings.error(
                path, codes.PATH_REQUIRED, f"`{path}` is empty: set an absolute path"
            )
        return

    if _PLACEHOLDER.search(value):
        findings.error(
            path,
            codes.PATH_NOT_ABSOLUTE,
            f"`{path}` is {quote(value)}, a template placeholder left unfilled: "
            f"replace it with an absolute path such as {quote('/data')}",
        )
    elif not value.startswith("/"):
        findings.error(
            path,
            codes.PATH_NOT_ABSOLUTE,
            f"`{path}` is {quote(value)}, a relative path: use an absolute path "
            f"such as {quote('/' + value)}",
        )
    if parent_segments and ".." in value:
        if ".." in value.split("/"):
            findings.error(
                path,
                codes.PATH_PARENT_SEGMENT,
                f"`{path}` is {quote(value)}, which has a `..` segment: write the "
                f"path without `..`",
            )
        elif findings.seed:
            findings.error(
                path,
                codes.PATH_PARENT_SEGMENT,
                f"`{path}` is {quote(value)}, which contains `..`; the seed rules "
                f"reject `..` anywhere in a path: rename it",
            )
    if max_length is not None and len(value) > max_length:
        findings.error(
            path,
            codes.PATH_LENGTH,
            f"`{path}` is {len(value)} characters long: use at most {max_length}",
        )
