"""The append-only history of submissions, kept in the user state dir."""

from __future__ import annotations
