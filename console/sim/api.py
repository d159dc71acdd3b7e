"""Routing an API call to its handler: path matching, parameter checks, proxying."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any

from console.sim.auth import AccessControl, Identity
from console.sim.clock import SimClock
from console.sim.errors import ApiError, ProxyError
from console.sim.faults import Faults
from console.sim.schema import Param, Value, check_params
from console.sim.state import Cluster, Container
from console.sim.tasks import TaskRegistry
from console.sim.version import SimVersion


@dataclass
class Reply:
    """A handler's result: the `data` member and the optional `total`."""

    data: Any
    total: int | None = None
    # `data` already encoded as JSON, for listings too large to encode per call.
    encoded: str | None = None


@dataclass
class Context:
    """Everything a handler needs for one call."""

    cluster: Cluster
    access: AccessControl
    clock: SimClock
    faults: Faults
    version: SimVersion
    tasks: TaskRegistry
    identity: Identity
    params: dict[str, Value]
    now: float

    def container(self, vmid: int | None = None) -> Container:
        """Find the container of the call on the node of the call, as PVE does."""
        node = str(self.params["node"])
        requested = int(self.params["vmid"]) if vmid is None else vmid
        container = self.cluster.containers.get(requested)
        if container is None or container.node != node:
            raise ApiError(
                500,
                f"Configuration file 'nodes/{node}/lxc/{requested}.conf' "
                "does not exist",
            )
        return container

    def vm_paths(self, container: Container) -> tuple[str, ...]:
        """Return the ACL paths that grant rights on a guest: itself and its pool."""
        if container.pool:
            return (f"/vms/{container.vmid}", f"/pool/{container.pool}")
        return (f"/vms/{container.vmid}",)


Handler = Callable[[Context], Reply]


@dataclass(frozen=True)
class Route:
    """One endpoint: method, path template (`/nodes/{node}/lxc`), handler, params."""

    method: str
    template: str
    handler: Handler
    params: Mapping[str, Param] = field(default_factory=dict)
    since: tuple[int, int] | None = None
    # Reachable without credentials, like `/access/ticket`.
    public: bool = False

    @property
    def segments(self) -> tuple[str, ...]:
        return tuple(self.template.strip("/").split("/"))

    @property
    def proxied(self) -> bool:
        """Calls under `/nodes/{node}/` are forwarded to that node by pveproxy."""
        return self.template.startswith("/nodes/{node}/")


@dataclass
class Match:
    route: Route
    path_params: dict[str, str]


class Router:
    """Finds the route of a method and path."""

    def __init__(self, routes: list[Route]) -> None:
        self._by_length: dict[int, list[Route]] = {}
        for route in routes:
            self._by_length.setdefault(len(route.segments), []).append(route)

    def match(self, method: str, path: str, version: SimVersion) -> Match:
        segments = path.strip("/").split("/")
        for route in self._by_length.get(len(segments), []):
            if route.method != method:
                continue
            if route.since is not None and version.release < route.since:
                continue
            captured: dict[str, str] = {}
            for pattern, segment in zip(route.segments, segments, strict=True):
                if pattern.startswith("{"):
                    captured[pattern[1:-1]] = segment
                elif pattern != segment:
                    break
            else:
                return Match(route, captured)
        raise ApiError(501, f"Method '{method} {path}' not implemented")


def merge_params(
    path_params: Mapping[str, str], request_params: Mapping[str, object]
) -> dict[str, object]:
    """Merge path parameters into the request's, as pve-http-server does."""
    merged = dict(request_params)
    for name, value in path_params.items():
        given = merged.get(name)
        if given is not None and str(given) != value:
            raise ApiError(
                400,
                "Parameter verification failed.",
                {
                    name: "duplicate parameter (already defined in URI) with "
                    "conflicting values!"
                },
            )
        merged[name] = value
    return merged


def proxy_target(cluster: Cluster, node: str) -> str:
    """Check that a call can be forwarded to `node`, returning the node's name."""
    target = cluster.nodes.get(node)
    if target is None:
        raise ApiError(
            500,
            f"hostname lookup '{node}' failed - failed to get address info for: "
            f"{node}: Name or service not known",
        )
    if not target.online:
        raise ProxyError(595, "Connection refused")
    return node


def check_request(
    route: Route, raw: Mapping[str, object], version: SimVersion
) -> dict[str, Value]:
    return check_params(route.params, raw, version.release)
