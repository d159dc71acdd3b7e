"""Request files: read and check the files `crictl create` takes, and write them back.

Two layouts are read. A combined request file contains `pod_sandbox_id`, `config`
and `sandbox_config`; a crictl pair is a container config file and a pod sandbox
config file, with the sandbox id given separately. Either may be JSON or YAML.
"""

from __future__ import annotations

import dataclasses
import json
import os
import stat
import tempfile
from pathlib import Path
from typing import Literal

import yaml

from console.cri import (
    CheckedRequest,
    CreateContainerRequest,
    check_request,
    request_to_data,
)
from console.cri.document_limits import Positions, RawPath, RequestFileError
from console.cri.documents import load_document
from console.cri.issues import Issue
from console.cri.layouts import check_layout

__all__ = [
    "MAX_FILE_SIZE",
    "RequestFileError",
    "dump_crictl_pair",
    "dump_request",
    "load_crictl_pair",
    "load_document",
    "load_request_file",
    "read_request_text",
    "save_crictl_pair",
    "save_request",
]

# A large real request is a few kilobytes; the cap keeps the loader's memory
# and time small whatever file it is pointed at.
MAX_FILE_SIZE = 1024 * 1024

Format = Literal["json", "yaml"]
_SUFFIX_FORMATS: dict[str, Format] = {".json": "json", ".yaml": "yaml", ".yml": "yaml"}


def read_request_text(path: Path) -> str:
    """Read a request file as UTF-8 text, or raise `RequestFileError`."""
    file = str(path)
    try:
        # Checked before opening, because opening a FIFO or a device could block.
        mode = path.stat().st_mode
        if stat.S_ISDIR(mode):
            raise RequestFileError(
                "is a directory; give the path of a JSON or YAML request file",
                file=file,
            )
        if not stat.S_ISREG(mode):
            raise RequestFileError(
                "not a regular file; give the path of a JSON or YAML request file",
                file=file,
            )
        with path.open("rb") as handle:
            content = handle.read(MAX_FILE_SIZE + 1)
    except FileNotFoundError:
        raise RequestFileError("file not found; check the path", file=file) from None
    except PermissionError:
        raise RequestFileError(
            "permission denied; make the file readable for this user", file=file
        ) from None
    except OSError as error:
        raise RequestFileError(
            f"cannot be read: {error.strerror or error}", file=file
        ) from None

    if len(content) > MAX_FILE_SIZE:
        raise RequestFileError(
            "the file is larger than 1 MiB; a request file is a few kilobytes, "
            "so check that this is the right file",
            file=file,
        )
    try:
        return content.decode("utf-8")
    except UnicodeDecodeError as error:
        line = content.count(b"\n", 0, error.start) + 1
        column = error.start - (content.rfind(b"\n", 0, error.start) + 1) + 1
        raise RequestFileError(
            f"not UTF-8: invalid byte 0x{content[error.start]:02x} at byte offset "
            f"{error.start}; save the file as UTF-8",
            file=file,
            line=line,
            column=column,
        ) from None


def load_request_file(path: Path | str, *, profile: str = "proxmox") -> CheckedRequest:
    """Read a combined request file and check it under a rule profile.

    Raises `RequestFileError` when the file cannot be read as a request; problems
    with the request itself are issues, each with the file, line and column.
    """
    path = Path(path)
    data, positions = load_document(read_request_text(path), str(path))
    check_layout(data, "request", str(path))
    return check_request(data, profile=profile, source=positions, file=str(path))


def load_crictl_pair(
    pod_sandbox_id: str,
    container_path: Path | str,
    sandbox_path: Path | str,
    *,
    profile: str = "proxmox",
) -> CheckedRequest:
    """Read a crictl container config and pod sandbox config as one request.

    Issues under `config` point into the container file, issues under
    `sandbox_config` into the sandbox file, and issues on `pod_sandbox_id`,
    which came from neither file, carry no file.
    """
    container_path = Path(container_path)
    sandbox_path = Path(sandbox_path)
    container, container_positions = load_document(
        read_request_text(container_path), str(container_path)
    )
    sandbox, sandbox_positions = load_document(
        read_request_text(sandbox_path), str(sandbox_path)
    )
    check_layout(container, "container", str(container_path))
    check_layout(sandbox, "sandbox", str(sandbox_path))

    data: dict[str, object] = {
        "pod_sandbox_id": pod_sandbox_id,
        "config": container,
        "sandbox_config": sandbox,
    }
    source = _prefixed("config", container_positions)
    source.update(_prefixed("sandbox_config", sandbox_positions))
    checked = check_request(
        data, profile=profile, source=source, file=str(container_path)
    )

    issues = [
        _retarget(issue, str(container_path), str(sandbox_path))
        for issue in checked.issues
    ]
    return dataclasses.replace(checked, issues=issues)


def _prefixed(part: str, positions: Positions) -> dict[RawPath, tuple[int, int]]:
    return {(part, *path): position for path, position in positions.items()}


def _retarget(issue: Issue, container_file: str, sandbox_file: str) -> Issue:
    root = issue.path.split(".", 1)[0].split("[", 1)[0]
    if root == "config":
        return dataclasses.replace(issue, file=container_file)
    if root == "sandbox_config":
        return dataclasses.replace(issue, file=sandbox_file)
    return dataclasses.replace(issue, file=None, line=None, column=None)


def dump_request(request: CreateContainerRequest, fmt: Format) -> str:
    """Write a request as a combined request file in JSON or YAML.

    Keys are snake_case proto names in proto order, enums are numbers and
    `run_as_user` is a `{value: N}` wrapper: the dialect crictl reads, so each of
    `config` and `sandbox_config` is a file crictl takes unchanged.
    """
    return _dump(request_to_data(request), fmt)


def dump_crictl_pair(request: CreateContainerRequest, fmt: Format) -> tuple[str, str]:
    """Write a request as the container config and pod sandbox config crictl takes.

    The sandbox id is not part of either file; crictl takes it on its command line.
    """
    data = request_to_data(request)
    return _dump(_part(data, "config"), fmt), _dump(_part(data, "sandbox_config"), fmt)


def _part(data: dict[str, object], key: str) -> dict[str, object]:
    part = data.get(key)
    return dict(part) if isinstance(part, dict) else {}


def _dump(data: dict[str, object], fmt: Format) -> str:
    if fmt == "json":
        return json.dumps(data, indent=2, ensure_ascii=False) + "\n"
    # A wide line keeps long commands and paths on one line instead of folded.
    return yaml.safe_dump(
        data, sort_keys=False, allow_unicode=True, default_flow_style=False, width=4096
    )


def format_for_path(path: Path) -> Format:
    """Return the format that the suffix of a file name selects."""
    fmt = _SUFFIX_FORMATS.get(path.suffix.lower())
    if fmt is None:
        raise RequestFileError(
            "cannot tell the format from the file name; end it in .json, .yaml or .yml",
            file=str(path),
        )
    return fmt


def save_request(
    request: CreateContainerRequest, path: Path | str, fmt: Format | None = None
) -> None:
    """Write a request to a combined request file, atomically.

    The format comes from the suffix unless `fmt` is given. Raises
    `RequestFileError` when the file cannot be written.
    """
    path = Path(path)
    _write_atomically(path, dump_request(request, fmt or format_for_path(path)))


def save_crictl_pair(
    request: CreateContainerRequest,
    container_path: Path | str,
    sandbox_path: Path | str,
) -> None:
    """Write a request as the two files `crictl create` takes, each atomically.

    Each file's format comes from its suffix. The sandbox id is in neither file.
    Raises `RequestFileError` when a file cannot be written; the container file
    is written first, so a failure on the sandbox file leaves it written.
    """
    container_path = Path(container_path)
    sandbox_path = Path(sandbox_path)
    data = request_to_data(request)
    container_text = _dump(_part(data, "config"), format_for_path(container_path))
    sandbox_text = _dump(_part(data, "sandbox_config"), format_for_path(sandbox_path))
    _write_atomically(container_path, container_text)
    _write_atomically(sandbox_path, sandbox_text)


def _write_atomically(path: Path, text: str) -> None:
    """Replace `path` with `text`, so a reader sees the old file or the new one."""
    try:
        mode = stat.S_IMODE(path.stat().st_mode)
    except FileNotFoundError:
        mode = 0o644
    except OSError as error:
        raise _write_error(path, error) from None

    try:
        descriptor, temporary = tempfile.mkstemp(
            prefix=f".{path.name}.", suffix=".tmp", dir=path.parent
        )
    except OSError as error:
        raise _write_error(path, error) from None
    try:
        with os.fdopen(descriptor, "w", encoding="utf-8") as handle:
            handle.write(text)
            handle.flush()
            os.fsync(handle.fileno())
        os.chmod(temporary, mode)
        os.replace(temporary, path)
    except OSError as error:
        Path(temporary).unlink(missing_ok=True)
        raise _write_error(path, error) from None


def _write_error(path: Path, error: OSError) -> RequestFileError:
    return RequestFileError(
        f"cannot be written: {error.strerror or error}; check the folder and its "
        "permissions",
        file=str(path),
    )
