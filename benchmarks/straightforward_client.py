"""The baseline: how many scripts and TUIs read a cluster, one request at a time.

Per node it lists the containers; per container it reads the status, the config and
the interfaces, each request after the previous one returned, with proxmoxer and
one kept-alive HTTPS connection. Nothing is cached and nothing runs concurrently.
"""

from __future__ import annotations

import time
from dataclasses import dataclass
from typing import Any

from proxmoxer import ProxmoxAPI

from benchmarks.sim_process import SimAddress


@dataclass(frozen=True)
class ContainerReading:
    """The three replies the baseline read for one container."""

    vmid: int
    node: str
    status: dict[str, Any]
    config: dict[str, Any]
    interfaces: object


@dataclass(frozen=True)
class BaselineRun:
    """Times of one baseline pass over `read` of `listed` containers.

    `listing_seconds` covers `/nodes` and every `/nodes/{node}/lxc`;
    `per_container_seconds` contains, for each container read, the seconds of its
    status request and of all three requests.
    """

    listed: int
    read: tuple[ContainerReading, ...]
    listing_seconds: float
    per_container_seconds: tuple[tuple[float, float], ...]
    requests_sent: int

    @property
    def reading_seconds(self) -> float:
        return sum(total for _, total in self.per_container_seconds)

    def extrapolate(self) -> tuple[float, float]:
        """Estimate (states known, addresses known) in seconds for all `listed`.

        Linear in the number of containers: the mean time per container read,
        times every listed container. States are known once the last status
        request returned, which is before that container's config and interfaces.
        """
        count = len(self.per_container_seconds)
        if count == 0:
            return self.listing_seconds, self.listing_seconds
        mean_total = self.reading_seconds / count
        mean_after_status = mean_total - (
            sum(status for status, _ in self.per_container_seconds) / count
        )
        addresses = self.listing_seconds + mean_total * self.listed
        return addresses - mean_after_status, addresses

    def extrapolated_requests(self) -> int:
        """Requests for all `listed` containers: the listing plus three each."""
        listing = self.requests_sent - 3 * len(self.read)
        return listing + 3 * self.listed


def straightforward_api(address: SimAddress) -> ProxmoxAPI:
    profile = address.profile()
    assert profile.token_id is not None and profile.token_secret is not None
    return ProxmoxAPI(
        address.host,
        port=address.port,
        user=profile.user,
        token_name=profile.token_id,
        token_value=profile.token_secret,
        verify_ssl=address.ca_file,
        timeout=profile.timeout,
    )


def read_cluster(api: ProxmoxAPI, sample: int | None = None) -> BaselineRun:
    """List every container, then read `sample` of them (all when None).

    The sample takes containers at an even stride through the vmid order, so it
    contains running, stopped, static and DHCP containers in the cluster's shares.
    """
    started = time.perf_counter()
    listed: list[tuple[str, int]] = []
    requests_sent = 1
    for node in api.nodes.get() or []:
        name = str(node["node"])
        requests_sent += 1
        for container in api.nodes(name).lxc.get() or []:
            listed.append((name, int(container["vmid"])))
    listed.sort(key=lambda item: item[1])
    listing_seconds = time.perf_counter() - started

    chosen = listed
    if sample is not None and sample < len(listed):
        stride = len(listed) / sample
        chosen = [listed[int(index * stride)] for index in range(sample)]
    readings = []
    timings = []
    for node, vmid in chosen:
        began = time.perf_counter()
        lxc = api.nodes(node).lxc(vmid)
        status = lxc.status.current.get()
        status_done = time.perf_counter()
        config = lxc.config.get()
        interfaces = lxc.interfaces.get()
        finished = time.perf_counter()
        requests_sent += 3
        readings.append(ContainerReading(vmid, node, status, config, interfaces))
        timings.append((status_done - began, finished - began))
    return BaselineRun(
        listed=len(listed),
        read=tuple(readings),
        listing_seconds=listing_seconds,
        per_container_seconds=tuple(timings),
        requests_sent=requests_sent,
    )
