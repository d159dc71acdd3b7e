"""Address parsing: netN settings, both interfaces field sets, primary choice."""

from __future__ import annotations

from console.proxmox.addresses import (
    choose_addresses,
    merge_static,
    needs_interfaces,
    net_devices,
    parse_interfaces,
    static_interfaces,
)
from console.proxmox.sandbox import InterfaceAddresses, Sandbox, SandboxState
from console.proxmox.sandboxes import _interleave_nodes, readiness
from console.proxmox.wire import as_bool, as_int, split_tags

STATIC = "name=eth0,bridge=vmbr0,hwaddr=BC:24:11:2E:C5:7E,ip=10.0.0.5/24,type=veth"


def test_net_devices_sorted_by_index() -> None:
    config = {
        "net10": "name=eth10,bridge=vmbr1,ip=dhcp",
        "net2": "name=eth2,bridge=vmbr0,ip=10.0.2.5/24",
        "net0": STATIC,
        "netmask": "not a device",
    }

    devices = net_devices(config)

    assert [device.key for device in devices] == ["net0", "net2", "net10"]
    assert devices[0].name == "eth0"
    assert devices[0].bridge == "vmbr0"
    assert devices[0].ip == "10.0.0.5/24"


def test_static_only_needs_no_interfaces_call() -> None:
    assert not needs_interfaces(net_devices({"net0": STATIC}))
    assert not needs_interfaces(net_devices({"net0": STATIC + ",ip6=fd00::5/64"}))
    assert not needs_interfaces(net_devices({}))


def test_dynamic_addresses_need_interfaces_call() -> None:
    for extra in ("ip=dhcp", "ip=manual", "ip=10.0.0.5/24,ip6=auto", "ip6=dhcp"):
        config = {"net0": f"name=eth0,bridge=vmbr0,{extra}"}
        assert needs_interfaces(net_devices(config)), extra
    host_managed = {"net0": STATIC + ",host-managed=1"}
    assert needs_interfaces(net_devices(host_managed))


def test_static_interfaces_and_invalid_address() -> None:
    config = {
        "net0": STATIC + ",ip6=fd00::5/64",
        "net1": "name=eth1,bridge=vmbr1,ip=10.0.300.1/24",
    }

    interfaces, problems = static_interfaces(net_devices(config))

    assert interfaces[0] == InterfaceAddresses(
        "eth0", "bc:24:11:2e:c5:7e", ("10.0.0.5/24", "fd00::5/64")
    )
    assert interfaces[1].addresses == ()
    assert problems == ("net1 ip=10.0.300.1/24 is not ADDRESS/PREFIX",)


def test_interfaces_before_pve_8_4() -> None:
    data = [
        {"name": "lo", "hwaddr": "00:00:00:00:00:00", "inet": "127.0.0.1/8"},
        {
            "name": "eth0",
            "hwaddr": "bc:24:11:89:67:07",
            "inet": "192.168.3.95/22",
            "inet6": "fe80::be24:11ff:fe89:6707/64",
        },
    ]

    interfaces, problems = parse_interfaces(data)

    assert problems == ()
    assert interfaces[1].addresses == (
        "192.168.3.95/22",
        "fe80::be24:11ff:fe89:6707/64",
    )
    assert choose_addresses(interfaces, "eth0") == ("192.168.3.95", ())


def test_interfaces_from_pve_8_4_on() -> None:
    data = [
        {
            "name": "eth0",
            "hardware-address": "BC:24:11:89:67:07",
            "inet": "192.168.3.96/22",
            "ip-addresses": [
                {"ip-address-type": "inet", "ip-address": "192.168.3.95", "prefix": 22},
                {
                    "ip-address-type": "inet",
                    "ip-address": "192.168.3.96",
                    "prefix": "22",
                },
                {"ip-address-type": "inet6", "ip-address": "2001:db8::5", "prefix": 64},
            ],
        }
    ]

    interfaces, _ = parse_interfaces(data)

    assert interfaces[0].hwaddr == "bc:24:11:89:67:07"
    # `inet` repeats the last IPv4 of `ip-addresses`; it is kept once.
    assert interfaces[0].addresses == (
        "192.168.3.95/22",
        "192.168.3.96/22",
        "2001:db8::5/64",
    )
    ip, others = choose_addresses(interfaces, "eth0")
    assert ip == "192.168.3.95"
    assert others == ("192.168.3.96", "2001:db8::5")


def test_interfaces_null_and_garbage() -> None:
    assert parse_interfaces(None) == ((), ())
    assert parse_interfaces({"errors": b"x"}) == ((), ())
    interfaces, problems = parse_interfaces(
        [{"name": "eth0", "ip-addresses": None, "inet": "not-an-ip"}, "junk"]
    )
    assert interfaces[0].addresses == ()
    assert problems == ("eth0: 'not-an-ip' is not an IP address",)


def test_loopback_and_link_local_kept_apart() -> None:
    interfaces = (
        InterfaceAddresses("lo", None, ("127.0.0.1/8", "::1/128")),
        InterfaceAddresses("eth0", None, ("fe80::1/64", "169.254.3.3/16")),
    )

    assert choose_addresses(interfaces, "eth0") == (None, ())


def test_primary_prefers_ipv4_of_net0_interface() -> None:
    interfaces = (
        InterfaceAddresses("eth1", None, ("10.1.0.5/24",)),
        InterfaceAddresses("eth0", None, ("2001:db8::5/64", "10.0.0.5/24")),
    )

    ip, others = choose_addresses(interfaces, "eth0")

    assert ip == "10.0.0.5"
    assert others == ("2001:db8::5", "10.1.0.5")


def test_ipv6_only_primary() -> None:
    interfaces = (InterfaceAddresses("eth0", None, ("fe80::1/64", "2001:db8::5/64")),)

    assert choose_addresses(interfaces, "eth0") == ("2001:db8::5", ())


def test_values_as_strings_or_numbers() -> None:
    assert as_int("101") == 101
    assert as_int(101) == 101
    assert as_int("") == 0
    assert as_int(None, default=-1) == -1
    assert as_bool("1")
    assert as_bool(1)
    assert not as_bool("")
    assert not as_bool("0")
    assert split_tags("db;prod, web") == ("db", "prod", "web")


def test_readiness_reasons() -> None:
    ready = SandboxState.READY
    not_ready = SandboxState.NOT_READY
    assert readiness("running", None, None, True) == (ready, "")
    assert readiness("stopped", None, None, True) == (not_ready, "stopped")
    assert readiness("running", "backup", None, True) == (not_ready, "locked (backup)")
    assert readiness("stopped", None, "error", True) == (not_ready, "HA error, stopped")
    assert readiness("unknown", None, None, True) == (not_ready, "status unknown")
    assert readiness("running", None, None, False) == (not_ready, "node offline")


def test_static_address_added_to_live_interface() -> None:
    live = (InterfaceAddresses("eth0", None, ("fe80::1/64",)),)
    static = (InterfaceAddresses("eth0", None, ("2001:db8::9/64", "fe80::1/64")),)

    merged = merge_static(live, static)

    assert merged[0].addresses == ("fe80::1/64", "2001:db8::9/64")


def test_interleave_nodes() -> None:
    def sandbox(vmid: int, node: str) -> Sandbox:
        return Sandbox(vmid, f"ct{vmid}", node, SandboxState.READY, "running")

    rows = [sandbox(1, "a"), sandbox(2, "a"), sandbox(3, "a"), sandbox(4, "b")]

    ordered = _interleave_nodes(rows)

    assert [row.vmid for row in ordered] == [1, 4, 2, 3]
