"""Turn Proxmox's per-parameter errors (HTTP 400 `errors`) into issue records."""

from __future__ import annotations

from collections.abc import Mapping

from console.cri.issues import Issue, Severity

REJECTED_CODE = "pve-parameter-rejected"

# Parameters that come from the sandbox rather than from a request field.
SANDBOX_PATH = "pod_sandbox_id"


def parameter_issues(
    errors: Mapping[str, object], param_fields: Mapping[str, str]
) -> list[Issue]:
    """Return one error issue per rejected parameter, on the request field it came from.

    `param_fields` maps each parameter of the plan to its request field path; a
    parameter missing from it (`vmid`, `storage`) is reported on `pod_sandbox_id`.
    """
    issues = []
    for param, text in sorted(errors.items()):
        detail = " ".join(str(text).split())
        issues.append(
            Issue(
                path=param_fields.get(param, SANDBOX_PATH),
                code=REJECTED_CODE,
                severity=Severity.ERROR,
                message=f"Proxmox rejected parameter `{param}`: {detail}",
            )
        )
    return issues
