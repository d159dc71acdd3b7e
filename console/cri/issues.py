"""Issue records: one validation problem, tied to a request field."""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum


class Severity(StrEnum):
    """How much an issue matters: an error blocks submission, a warning does not."""

    ERROR = "error"
    WARNING = "warning"


@dataclass(frozen=True, slots=True)
class Issue:
    """One problem found in a request, by any validation stage.

    `path` uses the request's proto field names with list indexes, for example
    `config.envs[2].key` or `pod_sandbox_id`. `file`, `line` and `column` are set
    only for issues found in a request file (line and column are 1-based).
    """

    path: str
    code: str
    severity: Severity
    message: str
    file: str | None = None
    line: int | None = None
    column: int | None = None

    @property
    def is_error(self) -> bool:
        return self.severity is Severity.ERROR

    def to_json(self) -> dict[str, object]:
        """Return the issue as the JSON object that `--format json` prints."""
        return {
            "path": self.path,
            "code": self.code,
            "severity": self.severity.value,
            "message": self.message,
            "file": self.file,
            "line": self.line,
            "column": self.column,
        }
