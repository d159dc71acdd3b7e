"""The one creation pipeline: validate, check the sandbox, plan, submit."""

from __future__ import annotations
