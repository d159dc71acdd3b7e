"""The `local` backend (pvesh on a Proxmox VE node) and the `ssh` backend.

No Proxmox VE node is at hand, so a stand-in `pvesh` on PATH forwards each
command to the simulator over HTTPS and prints what real pvesh prints: the JSON
`data` on success, `<code> <message>` on stderr on failure. proxmoxer's local
backend runs it as a subprocess exactly as it would run the real one.
"""

from __future__ import annotations

import argparse
import os
import stat
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from proxmoxer import ResourceException

from console.cli.connect import choose_profile
from console.proxmox.connection import ConnectionFailed, connect
from console.proxmox.sandboxes import SandboxLister
from console.settings import Profile
from console.sim.demo import DEMO_TOKEN_ID, DEMO_TOKEN_SECRET, demo_cluster
from console.sim.server import SimServer

PVESH = """#!{python}
import json, os, ssl, sys, urllib.error, urllib.parse, urllib.request

verb, path, *rest = sys.argv[1:]
options = dict(zip(rest[0::2], rest[1::2]))
options.pop("--output-format", None)
pairs = {{key.lstrip("-"): value for key, value in options.items()}}
params = urllib.parse.urlencode(pairs)
method = {{"get": "GET", "create": "POST", "set": "PUT", "delete": "DELETE"}}[verb]
url = os.environ["SIM_URL"] + path
body = None
if method in ("GET", "DELETE"):
    url += "?" + params if params else ""
else:
    body = params.encode()
request = urllib.request.Request(url, data=body, method=method)
request.add_header("Authorization", "PVEAPIToken=" + os.environ["SIM_TOKEN"])
context = ssl.create_default_context(cafile=os.environ["SIM_CA"])
try:
    with urllib.request.urlopen(request, context=context) as answer:
        print(json.dumps(json.load(answer)["data"]))
except urllib.error.HTTPError as error:
    print(f"{{error.code}} {{error.reason}}", file=sys.stderr)
    sys.exit(255)
"""


@pytest.fixture
def local_node(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> Iterator[SimServer]:
    """Put a `pvesh` that talks to a running simulator first on PATH."""
    script = tmp_path / "bin" / "pvesh"
    script.parent.mkdir()
    script.write_text(PVESH.format(python=sys.executable))
    script.chmod(script.stat().st_mode | stat.S_IXUSR)
    with SimServer(demo_cluster(), host="127.0.0.1", port=0, version="9.1") as server:
        monkeypatch.setenv("PATH", f"{script.parent}{os.pathsep}{os.environ['PATH']}")
        monkeypatch.setenv("SIM_URL", server.url)
        monkeypatch.setenv("SIM_CA", str(server.ca_file))
        monkeypatch.setenv("SIM_TOKEN", f"{DEMO_TOKEN_ID}={DEMO_TOKEN_SECRET}")
        yield server


def no_options() -> argparse.Namespace:
    return argparse.Namespace(demo=False, profile=None, host=None)


def test_pvesh_on_path_chooses_local_backend(local_node: SimServer) -> None:
    profile = choose_profile(no_options())

    assert profile.backend == "local"


@pytest.mark.slow
def test_local_backend_lists_sandboxes(local_node: SimServer) -> None:
    connection = connect(Profile(name="local", backend="local", timeout=20))
    lister = SandboxLister(connection, concurrency=4)

    snapshot = lister.fill_addresses(lister.list_states())
    sandboxes = {sandbox.vmid: sandbox for sandbox in snapshot.sandboxes}

    assert connection.release() == (9, 1)
    assert sandboxes[101].ip == "10.10.0.101"
    assert sandboxes[104].reason == "locked (backup)"
    assert snapshot.node_errors == {"pve3": "node pve3 is offline"}


def test_local_backend_error_is_explained(local_node: SimServer) -> None:
    connection = connect(Profile(name="local", backend="local", timeout=20))

    with pytest.raises(ResourceException) as raised:
        connection.api.nodes("pve1").lxc(999).config.get()

    message = connection.explain(raised.value)
    assert message.startswith("Proxmox returned 500")
    assert "999.conf" in message


def test_ssh_backend_needs_openssh_wrapper() -> None:
    # NOTE: openssh-wrapper is not installed here, so only this refusal is tested;
    # an ssh profile has never connected to a real node from these tests.
    profile = Profile(name="remote", backend="ssh", host="127.0.0.1", port=22)

    with pytest.raises(ConnectionFailed, match="pip install openssh-wrapper"):
        connect(profile)
