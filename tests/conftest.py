"""Fixtures shared by every test."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from proxmoxer import ProxmoxAPI

from console.sim.clock import SimClock
from console.sim.demo import DEMO_TOKEN_ID, DEMO_TOKEN_SECRET, DEMO_USER, demo_cluster
from console.sim.server import SimServer

CORPUS_DIR = Path(__file__).resolve().parents[2] / "shared" / "cri-corpus"


@pytest.fixture(autouse=True)
def isolated_user_dirs(
    tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch
) -> Iterator[Path]:
    """Point every platformdirs location at a fresh folder for each test."""
    home = tmp_path_factory.mktemp("home")
    for variable, sub in (
        ("XDG_CONFIG_HOME", "config"),
        ("XDG_STATE_HOME", "state"),
        ("XDG_DATA_HOME", "data"),
        ("XDG_CACHE_HOME", "cache"),
    ):
        (home / sub).mkdir()
        monkeypatch.setenv(variable, str(home / sub))
    monkeypatch.setenv("HOME", str(home))
    for variable in ("PVE_TOKEN_NAME", "PVE_TOKEN_VALUE", "PVE_PASSWORD", "NO_COLOR"):
        monkeypatch.delenv(variable, raising=False)
    yield home


# Fixtures of the Proxmox VE simulator (console.sim).

SIM_CLOCK_SPEED = 50.0


@pytest.fixture
def sim_server() -> Iterator[SimServer]:
    """A started simulator on the demo cluster, its clock 50 times faster."""
    server = SimServer(cluster=demo_cluster(), clock=SimClock(speed=SIM_CLOCK_SPEED))
    server.start()
    yield server
    server.stop()


@pytest.fixture
def proxmox_api(sim_server: SimServer) -> ProxmoxAPI:
    """proxmoxer on the simulator with the demo token, verifying the simulator's CA."""
    return ProxmoxAPI(
        f"{sim_server.host}:{sim_server.port}",
        user=DEMO_USER,
        token_name=DEMO_TOKEN_ID.split("!", 1)[1],
        token_value=DEMO_TOKEN_SECRET,
        verify_ssl=str(sim_server.ca_file),
    )
