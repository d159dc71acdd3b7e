"""The sandbox list's caches between refreshes: configs, live addresses, results."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from console.proxmox.addresses import (
    choose_addresses,
    merge_static,
    needs_interfaces,
    net_devices,
    parse_interfaces,
    static_interfaces,
)
from console.proxmox.sandbox import InterfaceAddresses


@dataclass(frozen=True)
class CachedConfig:
    """A container config and the addresses that its `netN` entries set."""

    config: Mapping[str, Any]
    fetched_at: float
    # The /cluster/resources fields whose change means the config changed too.
    resource_fields: tuple[object, ...]
    static: tuple[InterfaceAddresses, ...]
    static_problems: tuple[str, ...]
    primary_name: str | None
    needs_live: bool

    @classmethod
    def read(
        cls, config: Mapping[str, Any], fetched_at: float, fields: tuple[object, ...]
    ) -> CachedConfig:
        devices = net_devices(config)
        static, problems = static_interfaces(devices)
        return cls(
            config=config,
            fetched_at=fetched_at,
            resource_fields=fields,
            static=static,
            static_problems=problems,
            primary_name=devices[0].name if devices else None,
            needs_live=needs_interfaces(devices),
        )


@dataclass(frozen=True)
class ComputedAddresses:
    """Addresses worked out from one config and one `interfaces` response."""

    config: CachedConfig
    live: object
    ip: str | None
    others: tuple[str, ...]
    interfaces: tuple[InterfaceAddresses, ...]
    problems: tuple[str, ...]


@dataclass(frozen=True)
class CachedInterfaces:
    """An `interfaces` response, reused while node, boot time and config digest hold."""

    data: object
    fetched_at: float
    node: str
    boot_time: float
    digest: str | None


def compute_addresses(cached: CachedConfig, live: object) -> ComputedAddresses:
    """Merge the config's static addresses with a live `interfaces` response, if any."""
    interfaces, problems = cached.static, cached.static_problems
    if live is not None:
        live_interfaces, live_problems = parse_interfaces(live)
        if live_interfaces:
            interfaces = merge_static(live_interfaces, interfaces)
            problems = problems + live_problems
    ip, others = choose_addresses(interfaces, cached.primary_name)
    return ComputedAddresses(cached, live, ip, others, interfaces, problems)
