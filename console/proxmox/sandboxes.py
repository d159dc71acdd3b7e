"""The sandbox list: every container's state in one call, addresses as they arrive."""

from __future__ import annotations

import itertools
import logging
import threading
import time
from collections import Counter
from collections.abc import Callable, Mapping
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field, replace
from typing import Any

import requests
from proxmoxer import ResourceException

from console.proxmox.address_cache import (
    CachedConfig,
    CachedInterfaces,
    ComputedAddresses,
    compute_addresses,
)
from console.proxmox.addresses import choose_addresses, parse_interfaces
from console.proxmox.connection import Connection, ProxmoxError
from console.proxmox.errors import API_ERRORS
from console.proxmox.sandbox import Sandbox, SandboxState
from console.proxmox.sandbox_details import SandboxDetails, read_details
from console.proxmox.wire import as_bool, as_int, as_text, split_tags

log = logging.getLogger(__name__)


class UnreadableReply(ProxmoxError):
    """A node responded to a call with a body that is not what the API documents."""


# A config is read again after this long even when nothing in /cluster/resources
# changed, because an edit of `netN` shows nowhere else.
CONFIG_MAX_AGE = 120.0
# Live addresses of a running container are read again after this long.
INTERFACES_MAX_AGE = 60.0
# pvestatd publishes uptime every ~10 s, so boot times computed from it wobble.
_BOOT_TIME_SLACK = 30.0
# Proxy errors: the node that runs the container did not respond to its peer.
_NODE_DOWN_CODES = frozenset({595, 596, 599})


@dataclass(frozen=True)
class SandboxSnapshot:
    """The list at one moment, and the reason per node why its rows may be stale."""

    sandboxes: tuple[Sandbox, ...]
    node_errors: dict[str, str] = field(default_factory=dict)
    taken_at: float = 0.0

    def get(self, vmid: int) -> Sandbox | None:
        return next((item for item in self.sandboxes if item.vmid == vmid), None)


class SandboxLister:
    """Reads the sandboxes of a cluster: states at once, then addresses concurrently.

    One `/cluster/resources?type=vm` call gives every state. Addresses then take
    the config of each container (cached) and, only for running containers whose
    config leaves an address to DHCP, SLAAC or the container, the `interfaces`
    call (cached until due, or until the container restarts or its config changes).
    """

    def __init__(
        self,
        connection: Connection,
        *,
        concurrency: int = 16,
        config_max_age: float = CONFIG_MAX_AGE,
        interfaces_max_age: float = INTERFACES_MAX_AGE,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self.connection = connection
        self.concurrency = max(1, concurrency)
        self.config_max_age = config_max_age
        self.interfaces_max_age = interfaces_max_age
        self.clock = clock
        self.calls: Counter[str] = Counter()
        self._configs: dict[int, CachedConfig] = {}
        self._interfaces: dict[int, CachedInterfaces] = {}
        self._computed: dict[int, ComputedAddresses] = {}
        self._lock = threading.Lock()
        connection.reserve_pool(self.concurrency)

    def list_states(self) -> SandboxSnapshot:
        """Return every container (templates left out) with its state, no addresses."""
        sandboxes, node_errors = self._read_states()
        listed = tuple(sandbox for sandbox in sandboxes if not sandbox.template)
        return SandboxSnapshot(listed, node_errors, time.time())

    def fill_addresses(
        self,
        snapshot: SandboxSnapshot,
        on_sandbox: Callable[[Sandbox], None] = lambda sandbox: None,
    ) -> SandboxSnapshot:
        """Read the addresses of every sandbox, at most `concurrency` calls at once.

        `on_sandbox` runs once for each sandbox as its addresses come in: in the
        caller's thread for those served from the caches, in a worker thread for
        the others. Sandboxes on an offline node, or on a node that stops
        answering, keep `addresses_known` False and their node gets an entry in
        `node_errors`.
        """
        node_errors = dict(snapshot.node_errors)
        filled: dict[int, Sandbox] = {}

        def fill(sandbox: Sandbox) -> None:
            if sandbox.node in node_errors:
                filled[sandbox.vmid] = sandbox
                return
            result = self._fill_one(sandbox, node_errors)
            filled[sandbox.vmid] = result
            if result is not sandbox:
                on_sandbox(result)

        # Most rows of a refresh need no request; a thread pool would only add cost.
        pending = []
        for sandbox in snapshot.sandboxes:
            known = None if sandbox.node in node_errors else self._from_caches(sandbox)
            if known is None:
                pending.append(sandbox)
            else:
                filled[sandbox.vmid] = known
                on_sandbox(known)
        if pending:
            with ThreadPoolExecutor(self.concurrency, "sandbox-addresses") as pool:
                list(pool.map(fill, _interleave_nodes(pending)))
        sandboxes = tuple(filled[sandbox.vmid] for sandbox in snapshot.sandboxes)
        return SandboxSnapshot(sandboxes, node_errors, snapshot.taken_at)

    def find(self, pod_sandbox_id: str) -> Sandbox | None:
        """Return the container with this vmid or unique name, addresses filled in.

        Templates are found too (with `template` set), so that a caller can say
        why one is no sandbox. A name that several containers share gives None.
        """
        matches = self.matching(pod_sandbox_id)
        if len(matches) != 1:
            return None
        node_errors: dict[str, str] = {}
        sandbox = matches[0]
        if not sandbox.node_online:
            return sandbox
        return self._fill_one(sandbox, node_errors)

    def matching(self, pod_sandbox_id: str) -> tuple[Sandbox, ...]:
        """Return every container (templates too) whose vmid or name is the given id."""
        text = pod_sandbox_id.strip()
        sandboxes, _ = self._read_states()
        if text.isdigit():
            return tuple(item for item in sandboxes if item.vmid == int(text))
        return tuple(item for item in sandboxes if item.name == text)

    def details(self, vmid: int) -> SandboxDetails:
        """Read the config, interfaces, description and recent tasks of a container."""
        sandboxes, _ = self._read_states()
        sandbox = next((item for item in sandboxes if item.vmid == vmid), None)
        if sandbox is None:
            raise ProxmoxError(f"no container with vmid {vmid} in the cluster")
        # /cluster/resources has no addresses: without these the detail screen's
        # copy-IP reported "no known IP" under the addresses it listed.
        sandbox = self._from_caches(sandbox) or self._fill_one(sandbox, {})
        try:
            return read_details(self.connection.api, sandbox, self.connection.explain)
        except API_ERRORS as error:
            raise ProxmoxError(self.connection.explain(error)) from error

    def _read_states(self) -> tuple[list[Sandbox], dict[str, str]]:
        api = self.connection.api
        with ThreadPoolExecutor(2, "sandbox-states") as pool:
            resources = pool.submit(
                self._call, "resources", api.cluster.resources.get, type="vm"
            )
            nodes = pool.submit(self._read_nodes)
            try:
                entries = resources.result() or []
            except API_ERRORS as error:
                raise ProxmoxError(self.connection.explain(error)) from error
            online = nodes.result()
        if not isinstance(entries, list):
            raise ProxmoxError(
                f"{self.connection.profile.address} sent an unreadable container list"
            )
        node_errors = {
            name: f"node {name} is offline"
            for name, is_up in online.items()
            if not is_up
        }
        sandboxes = [
            self._sandbox_from(entry, online)
            for entry in entries
            if isinstance(entry, Mapping) and entry.get("type") == "lxc"
        ]
        sandboxes.sort(key=lambda sandbox: sandbox.vmid)
        return sandboxes, node_errors

    def _read_nodes(self) -> dict[str, bool]:
        """Map each node to whether it is online; empty when /nodes cannot be read."""
        try:
            nodes = self._call("nodes", self.connection.api.nodes.get) or []
        except API_ERRORS as error:
            log.warning("cannot read /nodes: %s", self.connection.explain(error))
            return {}
        return {
            str(node.get("node")): node.get("status") != "offline"
            for node in nodes
            if isinstance(node, Mapping)
        }

    def _sandbox_from(
        self, entry: Mapping[str, Any], online: Mapping[str, bool]
    ) -> Sandbox:
        vmid = as_int(entry.get("vmid")) or as_int(
            str(entry.get("id", "")).rpartition("/")[2]
        )
        node = str(entry.get("node") or "")
        status = as_text(entry.get("status")) or "unknown"
        lock = as_text(entry.get("lock"))
        hastate = as_text(entry.get("hastate"))
        node_online = online.get(node, True)
        cached = self._configs.get(vmid)
        known_name = as_text(cached.config.get("hostname")) if cached else None
        state, reason = readiness(status, lock, hastate, node_online)
        return Sandbox(
            vmid=vmid,
            name=as_text(entry.get("name")) or known_name or f"CT{vmid}",
            node=node,
            state=state,
            status=status,
            lock=lock,
            reason=reason,
            tags=split_tags(entry.get("tags")),
            uptime=as_int(entry.get("uptime")),
            hastate=hastate,
            node_online=node_online,
            template=as_bool(entry.get("template")),
        )

    def _fill_one(self, sandbox: Sandbox, node_errors: dict[str, str]) -> Sandbox:
        try:
            return self._read_addresses(sandbox)
        except API_ERRORS as error:
            message = self.connection.explain(error)
            if _is_node_failure(error):
                with self._lock:
                    node_errors.setdefault(
                        sandbox.node, f"node {sandbox.node} did not answer: {message}"
                    )
                return sandbox
            if isinstance(error, UnreadableReply):
                # A node that sends garbage for one call usually does for all, so
                # the operator gets one warning and its other rows are skipped.
                with self._lock:
                    node_errors.setdefault(sandbox.node, message)
            log.warning("cannot read the addresses of CT %s: %s", sandbox.vmid, message)
            return replace(sandbox, address_errors=(message,))

    def _read_addresses(self, sandbox: Sandbox) -> Sandbox:
        cached = self._fresh_config(sandbox) or self._fetch_config(sandbox)
        live = None
        if sandbox.status == "running" and cached.needs_live:
            fresh = self._fresh_interfaces(sandbox, cached)
            live = fresh.data if fresh else self._fetch_interfaces(sandbox, cached)
        return self._with_addresses(sandbox, cached, live)

    def _from_caches(self, sandbox: Sandbox) -> Sandbox | None:
        """Fill in the addresses without a request, or return None if one is due."""
        cached = self._fresh_config(sandbox)
        if cached is None:
            return None
        live = None
        if sandbox.status == "running" and cached.needs_live:
            fresh = self._fresh_interfaces(sandbox, cached)
            if fresh is None:
                return None
            live = fresh.data
        return self._with_addresses(sandbox, cached, live)

    def _with_addresses(
        self, sandbox: Sandbox, cached: CachedConfig, live: object
    ) -> Sandbox:
        computed = self._computed.get(sandbox.vmid)
        if (
            computed is None
            or computed.config is not cached
            or computed.live is not live
        ):
            computed = compute_addresses(cached, live)
            with self._lock:
                self._computed[sandbox.vmid] = computed
        name = sandbox.name
        # An offline node's containers come without a name in /cluster/resources.
        if name == f"CT{sandbox.vmid}":
            name = as_text(cached.config.get("hostname")) or name
        return replace(
            sandbox,
            name=name,
            ip=computed.ip,
            additional_ips=computed.others,
            interfaces=computed.interfaces,
            addresses_known=True,
            address_errors=computed.problems,
        )

    def _fresh_config(self, sandbox: Sandbox) -> CachedConfig | None:
        cached = self._configs.get(sandbox.vmid)
        if (
            cached is not None
            and cached.resource_fields == _resource_fields(sandbox)
            and self.clock() - cached.fetched_at < self.config_max_age
        ):
            return cached
        return None

    def _fetch_config(self, sandbox: Sandbox) -> CachedConfig:
        now = self.clock()
        lxc = self.connection.api.nodes(sandbox.node).lxc(sandbox.vmid)
        config = self._call("config", lxc.config.get)
        if not isinstance(config, Mapping) or _is_unreadable(config):
            raise UnreadableReply(
                f"node {sandbox.node} sent an unreadable config for CT {sandbox.vmid}"
            )
        cached = CachedConfig.read(dict(config), now, _resource_fields(sandbox))
        with self._lock:
            self._configs[sandbox.vmid] = cached
        return cached

    def _fresh_interfaces(
        self, sandbox: Sandbox, config: CachedConfig
    ) -> CachedInterfaces | None:
        cached = self._interfaces.get(sandbox.vmid)
        if (
            cached is not None
            and cached.node == sandbox.node
            and cached.digest == as_text(config.config.get("digest"))
            and abs(cached.boot_time - _boot_time(sandbox)) < _BOOT_TIME_SLACK
            and self.clock() - cached.fetched_at < self.interfaces_max_age
        ):
            return cached
        return None

    def _fetch_interfaces(self, sandbox: Sandbox, config: CachedConfig) -> object:
        now = self.clock()
        lxc = self.connection.api.nodes(sandbox.node).lxc(sandbox.vmid)
        data = self._call("interfaces", lxc.interfaces.get)
        if data is not None and not isinstance(data, list):
            raise UnreadableReply(
                f"node {sandbox.node} sent unreadable interfaces for CT {sandbox.vmid}"
            )
        interfaces, _ = parse_interfaces(data)
        ip, _ = choose_addresses(interfaces, None)
        with self._lock:
            # No usable address yet (DHCP still running): ask again on the next fill.
            if ip is None:
                self._interfaces.pop(sandbox.vmid, None)
            else:
                digest = as_text(config.config.get("digest"))
                self._interfaces[sandbox.vmid] = CachedInterfaces(
                    data, now, sandbox.node, _boot_time(sandbox), digest
                )
        return data

    def _call(self, kind: str, method: Callable[..., Any], **params: Any) -> Any:
        with self._lock:
            self.calls[kind] += 1
        return method(**params)


def readiness(
    status: str, lock: str | None, hastate: str | None, node_online: bool
) -> tuple[SandboxState, str]:
    """Return the CRI state and, when not ready, the reasons in a few words.

    Ready means running with no lock. A container whose HA resource is in the
    `error` state is not ready either: the HA manager no longer acts on it.
    """
    if not node_online:
        return SandboxState.NOT_READY, "node offline"
    reasons = []
    if hastate == "error":
        reasons.append("HA error")
    if status == "unknown":
        reasons.append("status unknown")
    elif status != "running":
        reasons.append(status)
    if lock:
        reasons.append(f"locked ({lock})")
    if reasons:
        return SandboxState.NOT_READY, ", ".join(reasons)
    return SandboxState.READY, ""


def _interleave_nodes(sandboxes: list[Sandbox]) -> list[Sandbox]:
    """Order the sandboxes node by node in turn.

    A node that stops responding then holds one worker until its first call times
    out (its other rows are skipped after that) instead of all of them.
    """
    by_node: dict[str, list[Sandbox]] = {}
    for sandbox in sandboxes:
        by_node.setdefault(sandbox.node, []).append(sandbox)
    rounds = itertools.zip_longest(*by_node.values())
    return [sandbox for batch in rounds for sandbox in batch if sandbox is not None]


def _resource_fields(sandbox: Sandbox) -> tuple[object, ...]:
    """Return the /cluster/resources fields whose change means the config changed."""
    return (sandbox.node, sandbox.name, sandbox.tags, sandbox.lock, sandbox.template)


def _boot_time(sandbox: Sandbox) -> float:
    return time.time() - sandbox.uptime


def _is_unreadable(data: object) -> bool:
    """Tell proxmoxer's stand-in for a 2xx body that is not JSON: {"errors": b"..."}."""
    return isinstance(data, Mapping) and isinstance(data.get("errors"), bytes)


def _is_node_failure(error: BaseException) -> bool:
    if isinstance(error, ResourceException):
        return int(error.status_code) in _NODE_DOWN_CODES
    return isinstance(
        error, requests.exceptions.ConnectionError | requests.exceptions.Timeout
    )
