"""Fault injection: what can go wrong on a real cluster, switched on by a test.

Every attribute and method may be used while the server runs:

- `latency_ms`: added to every request (wall-clock milliseconds, not sped up by
  the clock); `node_latency_ms[node]` adds more to calls proxied to that node.
- `set_node_offline(node, offline=True)`: calls proxied to the node get
  `595 Connection refused` after `offline_delay_s` (simulated seconds);
  `/cluster/resources` keeps listing its guests with their last status for five
  simulated minutes, then as `status: unknown` without name or statistics.
- `expire_tickets()`: every ticket issued so far stops working (401).
- `revoke_token(tokenid)`: removes an API token (`root@pam!console`), so its
  requests get 401.
- `error_rate`: share (0.0 to 1.0) of requests that get a 500.
- `refuse_connections`: while true, new TCP connections are closed at once, before
  the TLS handshake.
- `hold_config_lock(vmid, held=True)`: the container's config lock stays taken, so
  config changes fail with `can't lock file ... - got timeout` (500) and its tasks
  fail with the same text.
- `task_seconds`: simulated duration of every new task (None keeps the defaults of
  about three seconds for create and one for start and stop).
- `fail_next_create(reason)`: the next create task fails half-way with
  `TASK ERROR: unable to create CT <vmid> - <reason>` and the container is removed.
- `node_garbage(node, kind)`: calls proxied to the node get a 200 with a body cut
  in half (`"truncated"`) or with `data` of the wrong JSON type (`"wrong-type"`);
  `node_garbage(node, None)` ends it.
"""

from __future__ import annotations

import random
import threading
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from console.sim.auth import AccessControl
    from console.sim.clock import SimClock
    from console.sim.state import Cluster

GARBAGE_KINDS = ("truncated", "wrong-type")


@dataclass
class Faults:
    """The faults in force on one server; see the module docstring."""

    cluster: Cluster
    access: AccessControl
    clock: SimClock
    latency_ms: float = 0.0
    node_latency_ms: dict[str, float] = field(default_factory=dict)
    offline_delay_s: float = 3.0
    error_rate: float = 0.0
    refuse_connections: bool = False
    task_seconds: float | None = None
    held_locks: set[int] = field(default_factory=set)
    create_failures: list[str] = field(default_factory=list)
    garbage: dict[str, str] = field(default_factory=dict)
    _random: random.Random = field(default_factory=lambda: random.Random(7))
    _lock: threading.Lock = field(default_factory=threading.Lock)

    def set_node_offline(self, node: str, offline: bool = True) -> None:
        """Take `node` off the network, or bring it back."""
        with self.cluster.lock:
            target = self.cluster.nodes[node]
            if offline and target.online:
                target.online = False
                target.offline_since = self.clock.now()
                self._remember_status(node)
            elif not offline:
                target.online = True
                target.offline_since = None

    def _remember_status(self, node: str) -> None:
        for container in self.cluster.containers.values():
            if container.node == node:
                container.stale_status = "running" if container.running else "stopped"

    def expire_tickets(self) -> None:
        """Invalidate every ticket issued until now."""
        self.access.rotate_key()

    def revoke_token(self, tokenid: str) -> None:
        """Remove the API token `tokenid` (`user@realm!name`)."""
        self.access.revoke_token(tokenid)

    def hold_config_lock(self, vmid: int, held: bool = True) -> None:
        """Keep the config lock of `vmid` taken, or release it."""
        if held:
            self.held_locks.add(vmid)
        else:
            self.held_locks.discard(vmid)

    def fail_next_create(self, reason: str) -> None:
        """Make the next create task fail with `reason`."""
        self.create_failures.append(reason)

    def take_create_failure(self) -> str | None:
        with self._lock:
            return self.create_failures.pop(0) if self.create_failures else None

    def node_garbage(self, node: str, kind: str | None = "truncated") -> None:
        """Make calls proxied to `node` return garbage, or stop that (`kind=None`)."""
        if kind is None:
            self.garbage.pop(node, None)
        elif kind in GARBAGE_KINDS:
            self.garbage[node] = kind
        else:
            raise ValueError(
                f"garbage kind must be one of {GARBAGE_KINDS}, got {kind!r}"
            )

    def roll_error(self) -> bool:
        """Return whether this request is one of the `error_rate` share that fails."""
        if self.error_rate <= 0:
            return False
        with self._lock:
            return self._random.random() < self.error_rate
