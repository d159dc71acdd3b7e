"""The sandboxes screen through cluster faults: what its status line shows.

Each test breaks the frozen demo cluster between two refreshes, checks what the
operator sees in the status line and the table, repairs the fault and checks
that the next refresh shows the cluster whole again, with the app still running.
"""

from __future__ import annotations

from textual.pilot import Pilot
from tui.conftest import AppFactory, demo_profile, settle

from console.proxmox.connection import connect
from console.sim.demo import DEMO_PASSWORD, DEMO_TOKEN_ID, DEMO_USER
from console.sim.server import SimServer
from console.tui.app import PodConsoleApp
from console.tui.screens.sandboxes import SandboxesScreen
from console.tui.widgets.status_line import StatusLine


async def _refresh(pilot: Pilot[int]) -> str:
    """Press the refresh key, wait for the list, return the status line's text."""
    await pilot.press("r")
    await settle(pilot)  # type: ignore[arg-type]
    return str(pilot.app.screen.query_one(StatusLine).render())


def _edit_tags(server: SimServer, vmid: int) -> None:
    """Change a container's tags, so the console reads its config again."""
    with server.cluster.lock:
        container = server.cluster.containers[vmid]
        tags = str(container.config.get("tags", ""))
        container.config = {**container.config, "tags": f"{tags};edited"[:60]}


def _running_and_listed(app: PodConsoleApp) -> None:
    assert app.is_running
    assert isinstance(app.screen, SandboxesScreen)
    assert app.sandboxes_screen.table.total_count == 31


async def test_node_offline_then_back(
    make_app: AppFactory, frozen_sim: SimServer
) -> None:
    app = make_app()
    async with app.run_test(size=(160, 40)) as pilot:
        await settle(pilot)  # type: ignore[arg-type]
        table = app.sandboxes_screen.table

        frozen_sim.faults.set_node_offline("pve2")
        status = await _refresh(pilot)

        # "… · node pve2 is offline · node pve3 is offline", pve2's rows not ready.
        assert "node pve2 is offline" in status
        sandbox = table.get_sandbox(201)
        assert sandbox is not None and not sandbox.is_ready
        _running_and_listed(app)

        frozen_sim.faults.set_node_offline("pve2", offline=False)
        status = await _refresh(pilot)

        assert "pve2" not in status
        sandbox = table.get_sandbox(201)
        assert sandbox is not None and sandbox.is_ready
        _running_and_listed(app)


async def test_node_slower_than_timeout(
    make_app: AppFactory, frozen_sim: SimServer
) -> None:
    connection = connect(demo_profile(frozen_sim, timeout=0.5))
    app = make_app(connection=connection)
    async with app.run_test(size=(160, 40)) as pilot:
        await settle(pilot)  # type: ignore[arg-type]

        frozen_sim.faults.node_latency_ms["pve2"] = 1500
        _edit_tags(frozen_sim, 201)
        slow = await _refresh(pilot)
        frozen_sim.faults.node_latency_ms.clear()
        _edit_tags(frozen_sim, 201)
        back = await _refresh(pilot)

        # "… · node pve2 did not answer: HOST:PORT did not answer within 0.5 s: …
        # pass --timeout SECONDS", the other nodes' rows as before.
        assert "node pve2 did not answer" in slow
        assert "within 0.5 s" in slow
        assert "pve2" not in back
        _running_and_listed(app)
    connection.close()


async def test_token_revoked_then_refreshes_go_on(
    make_app: AppFactory, frozen_sim: SimServer
) -> None:
    app = make_app()
    async with app.run_test(size=(160, 40)) as pilot:
        await settle(pilot)  # type: ignore[arg-type]

        frozen_sim.faults.revoke_token(DEMO_TOKEN_ID)
        first = await _refresh(pilot)
        second = await _refresh(pilot)

        # "Refresh failed: HOST:PORT rejected the API token root@pam!console (401
        # …): check token_id …", on each refresh; the last list stays.
        assert first.startswith("Refresh failed: ")
        assert "rejected the API token root@pam!console" in first
        assert second.startswith("Refresh failed: ")
        _running_and_listed(app)


async def test_server_errors_then_healthy(
    make_app: AppFactory, frozen_sim: SimServer
) -> None:
    app = make_app()
    async with app.run_test(size=(160, 40)) as pilot:
        await settle(pilot)  # type: ignore[arg-type]

        frozen_sim.faults.error_rate = 0.7
        statuses = [await _refresh(pilot) for _ in range(5)]
        frozen_sim.faults.error_rate = 0.0
        healthy = await _refresh(pilot)

        # A refresh whose list call got a 500 shows "Refresh failed: Proxmox
        # returned 500 …" and keeps the last list; the next one tries again.
        failed = [status for status in statuses if status.startswith("Refresh")]
        assert failed
        assert all(
            status.startswith("Refresh failed: Proxmox returned 500")
            for status in failed
        )
        assert not healthy.startswith("Refresh failed")
        _running_and_listed(app)


async def test_connection_refused_then_back(
    make_app: AppFactory, frozen_sim: SimServer
) -> None:
    connection = connect(demo_profile(frozen_sim))
    app = make_app(connection=connection)
    async with app.run_test(size=(160, 40)) as pilot:
        await settle(pilot)  # type: ignore[arg-type]

        frozen_sim.faults.refuse_connections = True
        connection.close()
        refused = await _refresh(pilot)
        frozen_sim.faults.refuse_connections = False
        back = await _refresh(pilot)

        # "Refresh failed: HOST:PORT closed the connection during the TLS
        # handshake: check that pveproxy runs …", then the list again.
        assert refused.startswith("Refresh failed: ")
        assert "closed the connection" in refused
        assert not back.startswith("Refresh failed")
        _running_and_listed(app)
    connection.close()


async def test_garbage_node_named_in_status(
    make_app: AppFactory, frozen_sim: SimServer
) -> None:
    app = make_app()
    async with app.run_test(size=(160, 40)) as pilot:
        await settle(pilot)  # type: ignore[arg-type]

        frozen_sim.faults.node_garbage("pve2", "truncated")
        _edit_tags(frozen_sim, 201)
        garbage = await _refresh(pilot)
        frozen_sim.faults.node_garbage("pve2", None)
        _edit_tags(frozen_sim, 201)
        back = await _refresh(pilot)

        # "… · node pve2 sent an unreadable config for CT 201", then whole again.
        assert "node pve2 sent an unreadable config for CT 201" in garbage
        assert "pve2" not in back
        _running_and_listed(app)


async def test_ticket_expiry_goes_unnoticed(
    make_app: AppFactory, frozen_sim: SimServer
) -> None:
    connection = connect(
        demo_profile(
            frozen_sim, token_id=None, token_secret=None, password=DEMO_PASSWORD
        )
    )
    app = make_app(connection=connection)
    async with app.run_test(size=(160, 40)) as pilot:
        await settle(pilot)  # type: ignore[arg-type]

        frozen_sim.faults.expire_tickets()
        status = await _refresh(pilot)

        # The console logs in again with the password: the operator sees nothing.
        assert not status.startswith("Refresh failed")
        _running_and_listed(app)
    connection.close()


async def test_privilege_lost_shortens_the_list(
    make_app: AppFactory, frozen_sim: SimServer
) -> None:
    access = frozen_sim.cluster.access
    token = f"{DEMO_USER}!audit"
    access.add_token(token, "audit-secret-1", privsep=True)
    access.grant(token, "/", ["VM.Audit", "Sys.Audit"])
    connection = connect(
        demo_profile(frozen_sim, token_id="audit", token_secret="audit-secret-1")
    )
    app = make_app(connection=connection)
    async with app.run_test(size=(160, 40)) as pilot:
        await settle(pilot)  # type: ignore[arg-type]
        _running_and_listed(app)

        access.acls[token] = []
        access.grant(token, "/pool/web", ["VM.Audit"])
        status = await _refresh(pilot)

        # Proxmox leaves out what the token may no longer see: no error, a
        # shorter list ("2/2 · …").
        assert not status.startswith("Refresh failed")
        assert status.startswith("2/2")
        assert app.sandboxes_screen.table.shown_vmids == (101, 102)
        assert app.is_running
    connection.close()
