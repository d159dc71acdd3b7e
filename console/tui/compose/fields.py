"""The fields of the compose form: request path, label, section and codec of each."""

from __future__ import annotations

import re
from dataclasses import dataclass
from enum import Enum
from typing import Any

from console.tui.compose.lines import (
    DeviceLines,
    EnvLines,
    LineCodec,
    MapLines,
    MountLines,
    PortLines,
    StringLines,
)


class Section(Enum):
    """The tabs of the form, in the order an operator fills them."""

    SANDBOX = "Sandbox"
    CONTAINER = "Container"
    LISTS = "Env & mounts"
    SECURITY = "Security"
    POD = "Sandbox config"


class Kind(Enum):
    """Widget of a field: a one-line input, a text area of lines, or a checkbox."""

    TEXT = "text"
    INTEGER = "integer"
    WRAPPED_INTEGER = "wrapped integer"
    BYTES = "bytes"
    INTEGER_LIST = "integer list"
    LINES = "lines"
    FLAG = "flag"


@dataclass(frozen=True, slots=True)
class FormField:
    """One field of the form, bound to one request path such as `config.envs`."""

    path: str
    label: str
    section: Section
    kind: Kind = Kind.TEXT
    lines: LineCodec | None = None
    placeholder: str = ""

    @property
    def segments(self) -> tuple[str, ...]:
        return tuple(self.path.split("."))

    @property
    def widget_id(self) -> str:
        """Return the DOM id of the field's widget (dots are not allowed in ids)."""
        return "field-" + self.path.replace(".", "--")


_SC = "config.linux.security_context"
_RES = "config.linux.resources"

FIELDS: tuple[FormField, ...] = (
    FormField(
        "pod_sandbox_id", "Pod sandbox", Section.SANDBOX, placeholder="vmid or name"
    ),
    FormField(
        "config.metadata.name", "Name", Section.CONTAINER, placeholder="e.g. web"
    ),
    FormField(
        "config.metadata.attempt",
        "Attempt",
        Section.CONTAINER,
        Kind.INTEGER,
        placeholder="e.g. 0",
    ),
    FormField(
        "config.image.image",
        "Image",
        Section.CONTAINER,
        placeholder="e.g. docker.io/library/nginx:1.27 or local:vztmpl/...",
    ),
    FormField(
        "config.command", "Command", Section.CONTAINER, Kind.LINES, StringLines()
    ),
    FormField("config.args", "Args", Section.CONTAINER, Kind.LINES, StringLines()),
    FormField(
        "config.working_dir", "Working dir", Section.CONTAINER, placeholder="e.g. /"
    ),
    FormField(
        "config.log_path", "Log path", Section.CONTAINER, placeholder="e.g. web/0.log"
    ),
    FormField("config.stdin", "Keep stdin open", Section.CONTAINER, Kind.FLAG),
    FormField(
        "config.stdin_once",
        "Close stdin after first attach",
        Section.CONTAINER,
        Kind.FLAG,
    ),
    FormField("config.tty", "Allocate a TTY", Section.CONTAINER, Kind.FLAG),
    FormField("config.envs", "Environment", Section.LISTS, Kind.LINES, EnvLines()),
    FormField("config.mounts", "Mounts", Section.LISTS, Kind.LINES, MountLines()),
    FormField("config.devices", "Devices", Section.LISTS, Kind.LINES, DeviceLines()),
    FormField("config.labels", "Labels", Section.LISTS, Kind.LINES, MapLines()),
    FormField(
        "config.annotations", "Annotations", Section.LISTS, Kind.LINES, MapLines()
    ),
    FormField(f"{_SC}.privileged", "Privileged", Section.SECURITY, Kind.FLAG),
    FormField(
        f"{_SC}.run_as_user",
        "Run as user",
        Section.SECURITY,
        Kind.WRAPPED_INTEGER,
        placeholder="uid",
    ),
    FormField(
        f"{_SC}.run_as_group",
        "Run as group",
        Section.SECURITY,
        Kind.WRAPPED_INTEGER,
        placeholder="gid",
    ),
    FormField(f"{_SC}.run_as_username", "Run as username", Section.SECURITY),
    FormField(
        f"{_SC}.supplemental_groups",
        "Extra groups",
        Section.SECURITY,
        Kind.INTEGER_LIST,
        placeholder="e.g. 1000, 1001",
    ),
    FormField(
        f"{_SC}.readonly_rootfs",
        "Read-only root filesystem",
        Section.SECURITY,
        Kind.FLAG,
    ),
    FormField(f"{_SC}.no_new_privs", "No new privileges", Section.SECURITY, Kind.FLAG),
    FormField(
        f"{_SC}.capabilities.add_capabilities",
        "Add capabilities",
        Section.SECURITY,
        Kind.LINES,
        StringLines(),
    ),
    FormField(
        f"{_SC}.capabilities.drop_capabilities",
        "Drop capabilities",
        Section.SECURITY,
        Kind.LINES,
        StringLines(),
    ),
    FormField(
        f"{_SC}.seccomp_profile_path",
        "Seccomp profile",
        Section.SECURITY,
        placeholder="e.g. runtime/default",
    ),
    FormField(
        f"{_SC}.apparmor_profile",
        "AppArmor profile",
        Section.SECURITY,
        placeholder="e.g. runtime/default",
    ),
    FormField(
        f"{_RES}.memory_limit_in_bytes",
        "Memory limit",
        Section.SECURITY,
        Kind.BYTES,
        placeholder="e.g. 512Mi",
    ),
    FormField(
        f"{_RES}.memory_swap_limit_in_bytes",
        "Memory + swap",
        Section.SECURITY,
        Kind.BYTES,
        placeholder="e.g. 1Gi",
    ),
    FormField(
        f"{_RES}.cpu_period",
        "CPU period",
        Section.SECURITY,
        Kind.INTEGER,
        placeholder="e.g. 100000",
    ),
    FormField(
        f"{_RES}.cpu_quota",
        "CPU quota",
        Section.SECURITY,
        Kind.INTEGER,
        placeholder="e.g. 200000",
    ),
    FormField(
        f"{_RES}.cpu_shares",
        "CPU shares",
        Section.SECURITY,
        Kind.INTEGER,
        placeholder="e.g. 1024",
    ),
    FormField(
        f"{_RES}.cpuset_cpus", "CPU set", Section.SECURITY, placeholder="e.g. 0-1"
    ),
    FormField(
        "sandbox_config.metadata.name", "Name", Section.POD, placeholder="e.g. web-pod"
    ),
    FormField(
        "sandbox_config.metadata.uid",
        "UID",
        Section.POD,
        placeholder="generated when empty",
    ),
    FormField(
        "sandbox_config.metadata.namespace",
        "Namespace",
        Section.POD,
        placeholder="e.g. default",
    ),
    FormField(
        "sandbox_config.metadata.attempt",
        "Attempt",
        Section.POD,
        Kind.INTEGER,
        placeholder="e.g. 0",
    ),
    FormField("sandbox_config.hostname", "Hostname", Section.POD),
    FormField(
        "sandbox_config.log_directory",
        "Log directory",
        Section.POD,
        placeholder="e.g. /var/log/pods/web",
    ),
    FormField(
        "sandbox_config.dns_config.servers",
        "DNS servers",
        Section.POD,
        Kind.LINES,
        StringLines(),
    ),
    FormField(
        "sandbox_config.dns_config.searches",
        "DNS searches",
        Section.POD,
        Kind.LINES,
        StringLines(),
    ),
    FormField(
        "sandbox_config.dns_config.options",
        "DNS options",
        Section.POD,
        Kind.LINES,
        StringLines(),
    ),
    FormField(
        "sandbox_config.port_mappings",
        "Port mappings",
        Section.POD,
        Kind.LINES,
        PortLines(),
    ),
    FormField("sandbox_config.labels", "Labels", Section.POD, Kind.LINES, MapLines()),
    FormField(
        "sandbox_config.annotations", "Annotations", Section.POD, Kind.LINES, MapLines()
    ),
)

FIELDS_BY_PATH: dict[str, FormField] = {field.path: field for field in FIELDS}

_BYTE_UNITS = {
    "": 1,
    "k": 10**3,
    "m": 10**6,
    "g": 10**9,
    "t": 10**12,
    "ki": 2**10,
    "mi": 2**20,
    "gi": 2**30,
    "ti": 2**40,
}
_BYTES = re.compile(r"^\s*(?P<number>\d+)\s*(?P<unit>[kmgt]i?)?b?\s*$", re.IGNORECASE)


def _integer(text: str) -> int | str:
    stripped = text.strip()
    try:
        return int(stripped)
    except ValueError:
        return stripped


def value_to_text(form_field: FormField, value: Any) -> str:
    """Return the text a field shows for a request value (`None` when absent)."""
    if value is None:
        return ""
    if form_field.lines is not None:
        return form_field.lines.to_text(value)
    if form_field.kind is Kind.WRAPPED_INTEGER and isinstance(value, dict):
        return "" if "value" not in value else str(value["value"])
    if form_field.kind is Kind.BYTES and isinstance(value, int) and value > 0:
        for unit in ("Ti", "Gi", "Mi"):
            if value % _BYTE_UNITS[unit.lower()] == 0:
                return f"{value // _BYTE_UNITS[unit.lower()]}{unit}"
        return str(value)
    if form_field.kind is Kind.INTEGER_LIST and isinstance(value, list):
        return ", ".join(str(item) for item in value)
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value)


def text_to_value(form_field: FormField, text: str) -> Any:
    """Return the request value for a one-line field's text; `None` means unset.

    Text that is not a valid number is passed on as a string, so the request rules
    report it under the field instead of the form dropping it.
    """
    if form_field.kind is Kind.FLAG:
        return True if text == "true" else None
    if not text.strip():
        return None
    if form_field.kind is Kind.INTEGER:
        return _integer(text)
    if form_field.kind is Kind.WRAPPED_INTEGER:
        return {"value": _integer(text)}
    if form_field.kind is Kind.BYTES:
        match = _BYTES.match(text)
        if match is None:
            return text.strip()
        unit = (match.group("unit") or "").lower()
        return int(match.group("number")) * _BYTE_UNITS[unit]
    if form_field.kind is Kind.INTEGER_LIST:
        return [_integer(part) for part in re.split(r"[,\s]+", text.strip()) if part]
    return text
