"""pod-console: a terminal console for Proxmox VE LXC pod sandboxes."""

from __future__ import annotations

__version__ = "0.1.0"
