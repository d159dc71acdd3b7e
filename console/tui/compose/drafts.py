"""The compose draft: the form saved in the user state dir after every change.

A dropped SSH session or a crash then loses nothing: the next compose screen
offers the draft back. The file is replaced atomically (a temporary file in the
same folder, then `os.replace`) and is readable by its owner only. Values of
environment variables whose names look like credentials are left out, because a
draft must never contain a secret. Their names are kept, so the restore dialog
can name the values to type again.
"""

from __future__ import annotations

import json
import logging
import os
import tempfile
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any

from console import settings
from console.cri.sensitive import is_credential_name

log = logging.getLogger(__name__)

DRAFT_FILE_NAME = "compose-draft.json"
DRAFT_VERSION = 1


@dataclass(frozen=True, slots=True)
class Draft:
    """A saved form: the request data and the names of the values left out."""

    data: dict[str, Any]
    withheld: tuple[str, ...] = ()
    saved_at: datetime | None = None


def without_secrets(data: Mapping[str, Any]) -> Draft:
    """Return a copy of `data` with the values of secret-looking variables emptied."""
    copied: dict[str, Any] = json.loads(json.dumps(data, default=str))
    withheld: list[str] = []
    config = copied.get("config")
    envs = config.get("envs") if isinstance(config, dict) else None
    for entry in envs if isinstance(envs, list) else []:
        if not isinstance(entry, dict):
            continue
        key = str(entry.get("key", ""))
        if is_credential_name(key) and entry.get("value"):
            entry["value"] = ""
            withheld.append(key)
    return Draft(copied, tuple(withheld))


class DraftStore:
    """Reads and writes the one compose draft."""

    def __init__(self, path: Path | None = None) -> None:
        self.path = path or settings.state_dir() / DRAFT_FILE_NAME

    def save(self, data: Mapping[str, Any]) -> Draft:
        """Write `data` as the draft, without secrets, replacing the old one."""
        draft = without_secrets(data)
        text = json.dumps(
            {
                "version": DRAFT_VERSION,
                "request": draft.data,
                "withheld": list(draft.withheld),
            },
            indent=1,
            ensure_ascii=False,
        )
        self.path.parent.mkdir(parents=True, exist_ok=True)
        handle, temporary = tempfile.mkstemp(
            prefix=".draft-", suffix=".tmp", dir=self.path.parent
        )
        try:
            with os.fdopen(handle, "w", encoding="utf-8") as file:
                file.write(text)
                file.flush()
                os.fsync(file.fileno())
            os.replace(temporary, self.path)
        except BaseException:
            Path(temporary).unlink(missing_ok=True)
            raise
        return draft

    def load(self) -> Draft | None:
        """Return the saved draft, or None when there is none or it cannot be read."""
        try:
            content = json.loads(self.path.read_text(encoding="utf-8"))
            saved_at = datetime.fromtimestamp(self.path.stat().st_mtime).astimezone()
        except FileNotFoundError:
            return None
        except (OSError, ValueError) as error:
            log.warning("ignoring unreadable compose draft %s: %s", self.path, error)
            return None
        request = content.get("request") if isinstance(content, dict) else None
        if not isinstance(request, dict) or not request:
            return None
        withheld = content.get("withheld", [])
        names = tuple(str(name) for name in withheld if isinstance(name, str))
        return Draft(request, names, saved_at)

    def discard(self) -> None:
        self.path.unlink(missing_ok=True)
