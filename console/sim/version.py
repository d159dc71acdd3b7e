"""The PVE release the simulator pretends to be, and what differs between releases."""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass
from functools import cached_property

# The full pve-manager version served for a bare release number.
FULL_VERSIONS = {
    "8.1": "8.1.4",
    "8.2": "8.2.7",
    "8.3": "8.3.5",
    "8.4": "8.4.1",
    "9.0": "9.0.11",
    "9.1": "9.1.4",
    "9.2": "9.2.10",
}


@dataclass(frozen=True)
class SimVersion:
    """A pve-manager version such as `9.1.4`."""

    full: str

    @classmethod
    def parse(cls, text: str) -> SimVersion:
        """Accept a release (`9.1`) or a full version (`9.1.4`) from 8.1 on."""
        full = FULL_VERSIONS.get(text, text)
        match = re.fullmatch(r"(\d+)\.(\d+)\.(\d+)", full)
        if match is None or (int(match.group(1)), int(match.group(2))) < (8, 1):
            known = ", ".join(FULL_VERSIONS)
            raise ValueError(
                f"invalid PVE version {text!r}: expected a release ({known}) "
                "or a full version such as 9.1.4"
            )
        return cls(full)

    @cached_property
    def parts(self) -> tuple[int, int, int]:
        major, minor, patch = (int(part) for part in self.full.split("."))
        return major, minor, patch

    @cached_property
    def release(self) -> tuple[int, int]:
        return self.parts[0], self.parts[1]

    @property
    def release_text(self) -> str:
        return f"{self.parts[0]}.{self.parts[1]}"

    @property
    def repoid(self) -> str:
        return hashlib.sha1(self.full.encode()).hexdigest()[:16]

    @property
    def hides_auth_detail(self) -> bool:
        """pve-manager 9.1.5 and later send one 401 reason for any bad credential."""
        return self.parts >= (9, 1, 5)

    @property
    def sends_error_message(self) -> bool:
        """libpve-http-server-perl 5.2.0 (PVE 8.4) added `message` to error bodies."""
        return self.release >= (8, 4)

    @property
    def vmid_is_int(self) -> bool:
        """pve-container 5.0.10 (PVE 8.2) made `vmid` in guest listings a number."""
        return self.release >= (8, 2)
