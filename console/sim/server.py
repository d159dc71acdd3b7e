"""SimServer: the simulator on its own thread, over HTTPS on a loopback address."""

from __future__ import annotations

import ipaddress
import logging
import shutil
import socket
import ssl
import tempfile
import threading
from collections import Counter
from http.server import ThreadingHTTPServer
from pathlib import Path
from types import TracebackType
from typing import Any

from console.sim import (
    api_access,
    api_cluster,
    api_node,
    api_reads,
    api_tasks,
    api_writes,
)
from console.sim.api import Router
from console.sim.certs import make_certificates
from console.sim.clock import SimClock
from console.sim.faults import Faults
from console.sim.network import assign_leases
from console.sim.state import Cluster
from console.sim.tasks import TaskRegistry
from console.sim.version import SimVersion
from console.sim.views import encoded_resource_entry
from console.sim.wire import ApiRequestHandler

logger = logging.getLogger(__name__)


def check_loopback(host: str) -> None:
    """Raise ValueError unless `host` is a loopback address or `localhost`."""
    if host == "localhost":
        return
    try:
        loopback = ipaddress.ip_address(host).is_loopback
    except ValueError:
        loopback = False
    if not loopback:
        raise ValueError(
            f"the simulator only listens on a loopback address, not {host!r}: "
            "use 127.0.0.1 (or another 127.x.y.z address, or ::1)"
        )


class _TLSServer(ThreadingHTTPServer):
    daemon_threads = True
    # Clients such as the benchmark open a few dozen connections at once.
    request_queue_size = 64

    def __init__(
        self, sim: SimServer, address: tuple[str, int], context: ssl.SSLContext
    ):
        self.sim = sim
        self.connections: set[socket.socket] = set()
        self._connections_lock = threading.Lock()
        self.address_family = socket.AF_INET6 if ":" in address[0] else socket.AF_INET
        super().__init__(address, ApiRequestHandler)
        # The handshake then runs in the connection's thread, not in the accept loop.
        self.socket = context.wrap_socket(
            self.socket, server_side=True, do_handshake_on_connect=False
        )

    def verify_request(self, request: Any, client_address: Any) -> bool:
        return not self.sim.faults.refuse_connections

    def process_request(self, request: Any, client_address: Any) -> None:
        with self._connections_lock:
            self.connections.add(request)
        super().process_request(request, client_address)

    def shutdown_request(self, request: Any) -> None:
        with self._connections_lock:
            self.connections.discard(request)
        super().shutdown_request(request)

    def close_connections(self) -> None:
        """End every open keep-alive connection, so its handler thread exits."""
        with self._connections_lock:
            open_connections = list(self.connections)
        for connection in open_connections:
            try:
                connection.shutdown(socket.SHUT_RDWR)
            except OSError:
                pass

    def handle_error(self, request: Any, client_address: Any) -> None:
        logger.debug("connection from %s failed", client_address, exc_info=True)


class SimServer:
    """A simulated Proxmox VE API server for one cluster, on its own thread.

    `start()` returns once the socket listens; `stop()` (or leaving a `with` block)
    shuts it down and removes the certificate files.
    """

    def __init__(
        self,
        cluster: Cluster | None = None,
        host: str = "127.0.0.1",
        port: int = 0,
        version: str = "9.1",
        clock: SimClock | None = None,
        auth_failure_delay: float = 0.0,
    ) -> None:
        check_loopback(host)
        if cluster is None:
            from console.sim.demo import demo_cluster

            cluster = demo_cluster()
        self.cluster = cluster
        self.host = host
        self.port = port
        self.version = SimVersion.parse(version)
        self.clock = clock or SimClock()
        # PVE delays every 401 by about three seconds; 0 keeps tests fast.
        self.auth_failure_delay = auth_failure_delay
        self.tasks = TaskRegistry()
        self.faults = Faults(cluster, cluster.access, self.clock)
        self.router = Router(
            api_access.ROUTES
            + api_reads.ROUTES
            + api_writes.ROUTES
            + api_tasks.ROUTES
            + api_node.ROUTES
            + api_cluster.ROUTES
        )
        self._folder: Path | None = None
        self._server: _TLSServer | None = None
        self._thread: threading.Thread | None = None
        self.ca_file = Path()
        # Requests that matched a route, by `METHOD /route/{template}`: benchmarks
        # count on the server side what a client really sent.
        self.requests_served: Counter[str] = Counter()
        self._count_lock = threading.Lock()

    def count_request(self, route: str) -> None:
        with self._count_lock:
            self.requests_served[route] += 1

    @property
    def url(self) -> str:
        host = f"[{self.host}]" if ":" in self.host else self.host
        return f"https://{host}:{self.port}/api2/json"

    def start(self) -> SimServer:
        with self.cluster.lock:
            now = self.clock.now()
            self.cluster.anchor(now)
            assign_leases(self.cluster, now)
            for past in self.cluster.past_tasks:
                self.tasks.record(past, now)
            # Encoding every guest's listing entry now keeps that cost out of the
            # first `/cluster/resources` call, which benchmarks time.
            for container in self.cluster.containers.values():
                encoded_resource_entry(self.cluster, container, now, self.version)
        self._folder = Path(tempfile.mkdtemp(prefix="pve-sim-"))
        files = make_certificates(self._folder, self.host)
        self.ca_file = files.ca_file
        context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
        context.load_cert_chain(files.cert_file, files.key_file)
        self._server = _TLSServer(self, (self.host, self.port), context)
        self.port = self._server.server_address[1]
        handler = type("BoundHandler", (ApiRequestHandler,), {"sim": self})
        self._server.RequestHandlerClass = handler
        self._thread = threading.Thread(
            target=self._server.serve_forever,
            kwargs={"poll_interval": 0.02},
            name=f"pve-sim-{self.port}",
            daemon=True,
        )
        self._thread.start()
        logger.info("PVE simulator listening on %s", self.url)
        return self

    def stop(self) -> None:
        if self._server is not None:
            self._server.shutdown()
            self._server.server_close()
            self._server.close_connections()
            self._server = None
        if self._thread is not None:
            self._thread.join(timeout=5)
            self._thread = None
        if self._folder is not None:
            shutil.rmtree(self._folder, ignore_errors=True)
            self._folder = None
        logger.info("PVE simulator on port %s stopped", self.port)

    def __enter__(self) -> SimServer:
        return self.start()

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        self.stop()
