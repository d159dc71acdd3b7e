"""Hostile text for the tests of this folder, and the Pilot fixtures they use."""

from __future__ import annotations

# The Pilot fixtures of the screen tests: a frozen demo cluster and the app on it.
from tui.conftest import demo_connection, frozen_sim, make_app  # noqa: F401

from console.sim.server import SimServer

# Textual markup (a click action among it), an OSC 52 clipboard write, a screen
# clear, a colour, C0 and C1 controls, a right-to-left override.
MARKUP = "[bold]b[/][@click=app.quit]q[/]"
ESCAPES = "\x1b]52;c;ZXZpbA==\x07\x1b[2J\x1b[31m\x1b]0;owned\x1b\\"
CONTROLS = "\x00\x08\x7f\x9b\x9d"
RTL = "\u202e"
HOSTILE = f"{MARKUP}{ESCAPES}{CONTROLS}{RTL}gnp.exe"
LONG = "A" * 5000

# Characters that must never reach a terminal from data.
FORBIDDEN = ("\x1b", "\x07", "\x00", "\x08", "\x7f", "\x9b", "\x9d", RTL)


def seed_hostile_container(server: SimServer, vmid: int = 101) -> None:
    """Give container `vmid` a hostile name, tags and description.

    Proxmox itself refuses most of this in a hostname; a config edited on the
    node, or a compromised API in between, can still send it.
    """
    with server.cluster.lock:
        container = server.cluster.containers[vmid]
        container.config = {
            **container.config,
            "hostname": f"{HOSTILE}{LONG}",
            "tags": f"{MARKUP};{ESCAPES}{RTL}",
            "description": f"{HOSTILE}\nsecond line {MARKUP}\n{LONG}",
        }


def assert_inert(text: str) -> None:
    for char in FORBIDDEN:
        assert char not in text, f"{char!r} reached the output"
