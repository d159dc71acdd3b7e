"""Collector of the issues one validation run finds, aware of the rule profile."""

from __future__ import annotations

from dataclasses import dataclass, field

from console.cri.issues import Issue, Severity


@dataclass(slots=True)
class Findings:
    """Issues found so far, and the profile that decides how strict rules are."""

    profile: str
    issues: list[Issue] = field(default_factory=list)

    @property
    def seed(self) -> bool:
        """True under the `seed` profile, where plan-strict warnings become errors."""
        return self.profile == "seed"

    def error(self, path: str, code: str, message: str) -> None:
        self.issues.append(Issue(path, code, Severity.ERROR, message))

    def warning(self, path: str, code: str, message: str) -> None:
        self.issues.append(Issue(path, code, Severity.WARNING, message))

    def seed_error(self, path: str, code: str, message: str) -> None:
        """Report a warning under `proxmox` that the `seed` profile makes an error."""
        severity = Severity.ERROR if self.seed else Severity.WARNING
        self.issues.append(Issue(path, code, severity, message))
