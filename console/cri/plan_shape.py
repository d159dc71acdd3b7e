"""The original plan's shape: `privileged` and `security_context` directly in `config`.

crictl ignores both there. The console reads them as
`config.linux.security_context` and warns, so a request in the plan's shape
still means what its author meant.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import NamedTuple, Protocol

from console.cri import codes
from console.cri.fieldspec import FieldSpec, MessageSpec, message_spec
from console.cri.issues import Severity
from console.cri.models import LinuxContainerSecurityContext
from console.cri.paths import RawPath

# Folded spellings under which `config` may carry the plan's fields.
PLAN_KEYS = {"privileged", "security_context", "securitycontext"}


class PlanField(NamedTuple):
    """A plan field found in `config`: its value, raw path and key as written."""

    value: object
    raw_path: RawPath
    key: str


class Reader(Protocol):
    """The parts of the input reader that moving plan fields uses."""

    record: bool
    raw_paths: dict[str, RawPath]

    def issue(self, path: str, code: str, severity: Severity, message: str) -> None: ...

    def message(
        self, spec: MessageSpec, data: object, path: str, raw: RawPath
    ) -> dict[str, object] | None: ...

    def value(
        self, spec: FieldSpec, value: object, path: str, raw: RawPath
    ) -> object | None: ...


def move_plan_fields(
    reader: Reader,
    values: dict[str, object],
    plan: Mapping[str, PlanField],
    prefix: str,
) -> None:
    """Move the plan's `privileged` / `security_context` under `linux`, with warnings.

    `values` are the fields read so far from `config`. A security context already
    at its proto place wins over the plan's, and the warning reports that.
    """
    linux = values.get("linux")
    if not isinstance(linux, dict):
        linux = {}
    target = f"{prefix}linux.security_context"
    existing = linux.get("security_context")
    context: dict[str, object] | None = existing if isinstance(existing, dict) else None

    if "security_context" in plan:
        value, raw_path, key = plan["security_context"]
        if context is not None:
            reader.issue(
                f"{prefix}{key}",
                codes.PLAN_SHAPE,
                Severity.WARNING,
                f"`{prefix}{key}` is ignored because `{target}` is set; crictl "
                f"ignores `security_context` directly under `config`",
            )
            if reader.record:
                reader.raw_paths[f"{prefix}{key}"] = raw_path
        else:
            reader.issue(
                target,
                codes.PLAN_SHAPE,
                Severity.WARNING,
                f"`{prefix}{key}` is read as `{target}`; crictl ignores it "
                f"directly under `config`, so move it there",
            )
            if reader.record:
                reader.raw_paths[target] = raw_path
            spec = _context_spec()
            context = reader.message(spec, value, target, raw_path)

    if "privileged" in plan:
        value, raw_path, key = plan["privileged"]
        field_path = f"{target}.privileged"
        if reader.record:
            reader.raw_paths.setdefault(field_path, raw_path)
        if context is not None and "privileged" in context:
            message = (
                f"`{prefix}{key}` is ignored because `{field_path}` is set; "
                f"crictl ignores `privileged` directly under `config`"
            )
        else:
            message = (
                f"`{prefix}{key}` is read as `{field_path}`; crictl ignores it "
                f"directly under `config`, so move it there"
            )
        reader.issue(field_path, codes.PLAN_SHAPE, Severity.WARNING, message)
        privileged = reader.value(_privileged_spec(), value, field_path, raw_path)
        if privileged is not None:
            context = {} if context is None else context
            context.setdefault("privileged", privileged)

    if context is not None:
        linux["security_context"] = context
        values["linux"] = linux


def _context_spec() -> MessageSpec:
    return message_spec(LinuxContainerSecurityContext)


def _privileged_spec() -> FieldSpec:
    return _context_spec().by_proto_name["privileged"]
