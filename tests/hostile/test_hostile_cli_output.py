"""Hostile text from Proxmox in the headless output: plain text and JSON."""

from __future__ import annotations

import json

import pytest

from console.__main__ import main
from console.sim.demo import DEMO_TOKEN_ID, DEMO_TOKEN_SECRET, DEMO_USER
from console.sim.server import SimServer

from .conftest import HOSTILE, MARKUP, assert_inert, seed_hostile_container


@pytest.fixture
def argv(sim_server: SimServer, monkeypatch: pytest.MonkeyPatch) -> list[str]:
    monkeypatch.setenv("PVE_TOKEN_NAME", DEMO_TOKEN_ID.rpartition("!")[2])
    monkeypatch.setenv("PVE_TOKEN_VALUE", DEMO_TOKEN_SECRET)
    seed_hostile_container(sim_server)
    return [
        "sandboxes",
        "--host",
        f"{sim_server.host}:{sim_server.port}",
        "--user",
        DEMO_USER,
        "--ca-file",
        str(sim_server.ca_file),
    ]


def test_table_is_inert(
    argv: list[str], capsysbinary: pytest.CaptureFixture[bytes]
) -> None:
    status = main(argv)
    out = capsysbinary.readouterr().out.decode()

    row = next(line for line in out.splitlines() if line.startswith("101 "))
    assert status == 0
    assert_inert(out)
    # Markup shows as the characters it is made of, cut to the name column.
    assert "[bold]b[/][@click=app.q~" in row
    assert len(row) < 120


def test_json_escapes_and_keeps_the_data(
    argv: list[str], capsysbinary: pytest.CaptureFixture[bytes]
) -> None:
    status = main([*argv, "--json"])
    out = capsysbinary.readouterr().out

    rows = {row["vmid"]: row for row in json.loads(out)}
    assert status == 0
    assert b"\x1b" not in out
    assert b"\xe2\x80\xae" not in out  # U+202E as UTF-8
    # JSON keeps the name as Proxmox sent it, escaped, for a program to judge.
    assert rows[101]["name"].startswith(HOSTILE)
    assert MARKUP in rows[101]["tags"][0]
