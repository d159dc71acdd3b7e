"""The validation core: CRI request models, rules and request files."""

from __future__ import annotations

from console.cri.check import CheckedRequest, SourceMap, check_request
from console.cri.codes import RULE_CODES
from console.cri.dialect import request_to_data
from console.cri.issues import Issue, Severity
from console.cri.models import (
    ContainerConfig,
    CreateContainerRequest,
    PodSandboxConfig,
)
from console.cri.rules import RULE_PROFILES, validate_request

__all__ = [
    "RULE_CODES",
    "RULE_PROFILES",
    "CheckedRequest",
    "ContainerConfig",
    "CreateContainerRequest",
    "Issue",
    "PodSandboxConfig",
    "Severity",
    "SourceMap",
    "check_request",
    "request_to_data",
    "validate_request",
]
