"""Reads through proxmoxer, compared with the shapes of recorded PVE responses."""

from __future__ import annotations

from typing import Any

import pytest
from proxmoxer import ProxmoxAPI
from proxmoxer.core import ResourceException

from console.sim.clock import SimClock
from console.sim.demo import DEMO_TOKEN_SECRET, DEMO_USER, demo_cluster
from console.sim.network import ADDRESS_DELAY_SECONDS
from console.sim.server import SimServer

# Recorded bodies (trimmed) of real PVE servers: flutter_server_box, go-proxmox.
RECORDED_RESOURCE_LXC = {
    "id": "lxc/100", "type": "lxc", "vmid": 100, "name": "Jellyfin", "node": "pve",
    "status": "running", "template": 0, "uptime": 1204757, "maxcpu": 8,
    "cpu": 0.0544631947461575, "maxmem": 12884901888, "mem": 5389254656,
    "maxdisk": 134145380352, "disk": 29767077888, "netin": 65412250538,
    "netout": 66898114418, "diskread": 324033204224, "diskwrite": 707866570752,
}  # fmt: skip
RECORDED_RESOURCE_NODE = {
    "id": "node/pve", "type": "node", "node": "pve", "status": "online", "level": "",
    "cgroup-mode": 2, "maxcpu": 12, "cpu": 0.0451634094268353, "maxmem": 29287632896,
    "mem": 11522887680, "maxdisk": 998011547648, "disk": 358415503360,
    "uptime": 1204771,
}  # fmt: skip
RECORDED_RESOURCE_STORAGE = {
    "id": "storage/pve/local", "type": "storage", "storage": "local", "node": "pve",
    "status": "available", "plugintype": "dir",
    "content": "backup,snippets,rootdir,images,vztmpl,iso", "shared": 0,
    "disk": 358415503360, "maxdisk": 998011547648,
}  # fmt: skip
RECORDED_LXC_ITEM = {
    "vmid": 106, "type": "lxc", "name": "test", "status": "running", "pid": 248173,
    "cpus": 1, "cpu": 0, "mem": 34304000, "maxmem": 536870912, "swap": 0,
    "maxswap": 536870912, "disk": 640397312, "maxdisk": 8350298112,
    "diskread": 273694720, "diskwrite": 200982528, "netin": 94558593,
    "netout": 1618542, "uptime": 919760,
}  # fmt: skip
RECORDED_STATUS = {
    "vmid": 101, "type": "lxc", "name": "test-container", "status": "stopped",
    "ha": {"managed": 0}, "cpus": 2, "cpu": 0, "mem": 0, "maxmem": 536870912,
    "swap": 0, "maxswap": 536870912, "disk": 0, "maxdisk": 8589934592,
    "diskread": 0, "diskwrite": 0, "netin": 0, "netout": 0, "uptime": 0,
}  # fmt: skip
RECORDED_CONFIG = {
    "arch": "amd64", "cores": 2, "digest": "5911baea29f4c0073fb063fd9ab29e75892832bf",
    "features": "fuse=1,mknod=1,nesting=1", "hostname": "test-container",
    "memory": 4096, "swap": 512, "ostype": "debian",
    "rootfs": "vmstore:subvol-101-disk-0,size=30G", "tags": "tag1;tag2",
    "net0": "name=eth0,bridge=vmbr0,firewall=1,hwaddr=5D:CF:BD:B2:C5:39,ip=dhcp,"
    "type=veth",
}  # fmt: skip
RECORDED_INTERFACE_81 = {
    "name": "eth0", "hwaddr": "bc:24:11:89:67:07", "inet": "192.168.3.95/22",
    "inet6": "fe80::be24:11ff:fe89:6707/64",
}  # fmt: skip
RECORDED_STORAGE = {
    "storage": "local", "type": "dir", "content": "vztmpl,iso,import,backup",
    "enabled": 1, "active": 1, "shared": 0, "total": 23215472640,
    "used": 11240329216, "avail": 11975143424, "used_fraction": 0.484174041610208,
}  # fmt: skip
RECORDED_TEMPLATE = {
    "volid": "local:vztmpl/debian-12-standard_12.7-1_amd64.tar.zst",
    "content": "vztmpl", "format": "tzst", "size": 126877696, "ctime": 1709424000,
}  # fmt: skip


def assert_same_shape(actual: dict[str, Any], recorded: dict[str, Any]) -> None:
    """Every recorded key is present with the same JSON type (int and float mix)."""
    for key, value in recorded.items():
        assert key in actual, f"missing {key!r}"
        if isinstance(value, bool | int | float) and not isinstance(value, str):
            assert isinstance(actual[key], int | float), f"{key!r} is not a number"
            if isinstance(value, int) and key not in ("cpu", "cpus"):
                assert isinstance(actual[key], int), f"{key!r} is not an integer"
        else:
            assert isinstance(actual[key], type(value)), f"{key!r} has the wrong type"


def test_version_reports_release(proxmox_api: ProxmoxAPI) -> None:
    version = proxmox_api.version.get()
    assert version["release"] == "9.1"
    assert version["version"].startswith("9.1.")
    assert len(version["repoid"]) == 16


def test_resources_match_recorded_shapes(proxmox_api: ProxmoxAPI) -> None:
    resources = proxmox_api.cluster.resources.get()
    by_id = {entry["id"]: entry for entry in resources}
    assert_same_shape(by_id["lxc/101"], RECORDED_RESOURCE_LXC)
    assert_same_shape(by_id["node/pve1"], RECORDED_RESOURCE_NODE)
    assert_same_shape(by_id["storage/pve1/local"], RECORDED_RESOURCE_STORAGE)
    assert by_id["lxc/101"]["tags"] == "pod;web"
    assert by_id["lxc/104"]["lock"] == "backup"
    assert by_id["lxc/106"]["hastate"] == "error"
    assert by_id["lxc/105"]["template"] == 1


def test_resources_type_filter(proxmox_api: ProxmoxAPI) -> None:
    guests = proxmox_api.cluster.resources.get(type="vm")
    assert {entry["type"] for entry in guests} == {"lxc"}
    assert len(guests) == 32


def test_resources_offline_node_guests_unknown(proxmox_api: ProxmoxAPI) -> None:
    guests = proxmox_api.cluster.resources.get(type="vm")
    edge = next(entry for entry in guests if entry["vmid"] == 301)
    assert edge == {
        "id": "lxc/301",
        "type": "lxc",
        "vmid": 301,
        "node": "pve3",
        "status": "unknown",
        "tags": "edge",
    }
    nodes = {entry["node"]: entry for entry in proxmox_api.nodes.get()}
    assert nodes["pve3"]["status"] == "offline"
    assert "cpu" not in nodes["pve3"]


def test_nextid_is_a_free_string(proxmox_api: ProxmoxAPI) -> None:
    assert proxmox_api.cluster.nextid.get() == "100"
    assert proxmox_api.cluster.nextid.get(vmid=150) == "150"


def test_nextid_taken_vmid_is_400(proxmox_api: ProxmoxAPI) -> None:
    with pytest.raises(ResourceException) as caught:
        proxmox_api.cluster.nextid.get(vmid=101)
    assert caught.value.status_code == 400
    assert caught.value.errors == {"vmid": "VM 101 already exists"}


def test_lxc_list_matches_recorded_shape(proxmox_api: ProxmoxAPI) -> None:
    items = {item["vmid"]: item for item in proxmox_api.nodes("pve1").lxc.get()}
    assert_same_shape(items[101], RECORDED_LXC_ITEM)
    assert items[105]["template"] == 1
    assert "template" not in items[101]
    assert "pid" not in items[103]
    assert all(isinstance(vmid, int) for vmid in items)


def test_status_current_has_ha(proxmox_api: ProxmoxAPI) -> None:
    status = proxmox_api.nodes("pve1").lxc(103).status.current.get()
    assert_same_shape(status, RECORDED_STATUS)
    assert status["ha"] == {"managed": 0}
    broken = proxmox_api.nodes("pve1").lxc(106).status.current.get()
    assert broken["ha"] == {"managed": 1, "state": "error"}


def test_status_unknown_vmid_is_500(proxmox_api: ProxmoxAPI) -> None:
    with pytest.raises(ResourceException) as caught:
        proxmox_api.nodes("pve2").lxc(101).status.current.get()
    assert caught.value.status_code == 500
    assert caught.value.content == (
        "Configuration file 'nodes/pve2/lxc/101.conf' does not exist"
    )


def test_config_matches_recorded_shape(proxmox_api: ProxmoxAPI) -> None:
    config = proxmox_api.nodes("pve1").lxc(101).config.get()
    assert_same_shape(config, RECORDED_CONFIG)
    assert len(config["digest"]) == 40
    assert config["description"].endswith("\n")
    net0 = config["net0"]
    assert net0.startswith("name=eth0,bridge=vmbr0,")
    assert "ip=10.10.0.101/24" in net0
    assert "type=veth" in net0


def test_interfaces_static_and_global_v6(proxmox_api: ProxmoxAPI) -> None:
    items = proxmox_api.nodes("pve1").lxc(101).interfaces.get()
    eth0 = next(item for item in items if item["name"] == "eth0")
    assert_same_shape(eth0, RECORDED_INTERFACE_81)
    addresses = {entry["ip-address"] for entry in eth0["ip-addresses"]}
    assert "10.10.0.101" in addresses
    assert "2001:db8:10::101" in addresses
    assert any(address.startswith("fe80::") for address in addresses)
    assert eth0["hardware-address"] == eth0["hwaddr"]


def test_interfaces_stopped_is_null(proxmox_api: ProxmoxAPI) -> None:
    assert proxmox_api.nodes("pve1").lxc(103).interfaces.get() is None
    assert proxmox_api.nodes("pve1").lxc(999).interfaces.get() is None


def test_interfaces_dhcp_appears_after_delay() -> None:
    # A real-time clock: container 108 started when the server did.
    with SimServer(demo_cluster(), clock=SimClock()) as server:
        api = ProxmoxAPI(
            f"{server.host}:{server.port}",
            user=DEMO_USER,
            token_name="console",
            token_value=DEMO_TOKEN_SECRET,
            verify_ssl=str(server.ca_file),
        )
        fresh = api.nodes("pve1").lxc(108).interfaces.get()
        server.clock.advance(ADDRESS_DELAY_SECONDS)
        settled = api.nodes("pve1").lxc(108).interfaces.get()
    eth0 = next(item for item in fresh if item["name"] == "eth0")
    assert "inet" not in eth0
    assert eth0["inet6"].startswith("fe80::")
    eth0 = next(item for item in settled if item["name"] == "eth0")
    assert eth0["inet"].startswith("10.10.0.")


def test_interfaces_81_field_set() -> None:
    with SimServer(demo_cluster(), version="8.1", clock=SimClock(50)) as server:
        api = ProxmoxAPI(
            f"{server.host}:{server.port}",
            user=DEMO_USER,
            token_name="console",
            token_value=DEMO_TOKEN_SECRET,
            verify_ssl=str(server.ca_file),
        )
        items = api.nodes("pve1").lxc(101).interfaces.get()
        version = api.version.get()
    eth0 = next(item for item in items if item["name"] == "eth0")
    assert set(eth0) == {"name", "hwaddr", "inet", "inet6"}
    assert version["release"] == "8.1"


def test_storage_listing_shapes(proxmox_api: ProxmoxAPI) -> None:
    storages = {s["storage"]: s for s in proxmox_api.nodes("pve1").storage.get()}
    assert_same_shape(storages["local"], RECORDED_STORAGE)
    assert "rootdir" not in storages["local"]["content"].split(",")
    rootdir = proxmox_api.nodes("pve1").storage.get(content="rootdir")
    assert [s["storage"] for s in rootdir] == ["local-lvm"]


def test_storage_content_templates(proxmox_api: ProxmoxAPI) -> None:
    content = proxmox_api.nodes("pve1").storage("local").content.get(content="vztmpl")
    by_volid = {item["volid"]: item for item in content}
    debian = by_volid["local:vztmpl/debian-12-standard_12.7-1_amd64.tar.zst"]
    assert_same_shape(debian, RECORDED_TEMPLATE)
    assert by_volid["local:vztmpl/nginx_latest.tar"]["format"] == "tar"
    assert by_volid["local:vztmpl/alpine-3.20-default_20240908_amd64.tar.xz"][
        "format"
    ] == ("txz")


def test_dhcp_leases_follow_vmid_order(
    sim_server: SimServer, proxmox_api: ProxmoxAPI
) -> None:
    def eth_inet(vmid: int, name: str) -> str:
        items = proxmox_api.nodes("pve1").lxc(vmid).interfaces.get()
        return str(next(item for item in items if item["name"] == name)["inet"])

    # Read in reverse order: the leases were handed out in vmid order at start.
    assert eth_inet(112, "eth0") == "10.10.0.151/24"
    assert eth_inet(102, "eth0") == "10.10.0.150/24"
    assert eth_inet(111, "eth1") == "10.20.0.100/24"
    # 108 was still booting at start, so it leases the next address later.
    sim_server.clock.advance(ADDRESS_DELAY_SECONDS)
    assert eth_inet(108, "eth0") == "10.10.0.152/24"


def test_demo_ipv4_addresses_unique(
    sim_server: SimServer, proxmox_api: ProxmoxAPI
) -> None:
    sim_server.clock.advance(ADDRESS_DELAY_SECONDS)
    owners: dict[str, list[int]] = {}
    for entry in proxmox_api.cluster.resources.get(type="vm"):
        if entry["node"] == "pve3":
            continue
        lxc = proxmox_api.nodes(entry["node"]).lxc(entry["vmid"])
        addresses = [
            str(item["inet"]).split("/")[0]
            for item in lxc.interfaces.get() or []
            if item.get("inet") and item["name"] != "lo"
        ]
        if entry["status"] != "running":
            config = lxc.config.get()
            for key in ("net0", "net1"):
                for part in str(config.get(key, "")).split(","):
                    if part.startswith("ip=") and part != "ip=dhcp":
                        addresses.append(part[3:].split("/")[0])
        for address in addresses:
            owners.setdefault(address, []).append(int(entry["vmid"]))
    shared = {address: vmids for address, vmids in owners.items() if len(vmids) > 1}
    assert shared == {}
    assert "10.10.0.151" in owners
    assert "10.10.0.41" in owners


RECORDED_NODE = {
    "node": "pve", "status": "online", "cpu": 0.0451634094268353, "maxcpu": 12,
    "mem": 11522887680, "maxmem": 29287632896, "level": "", "uptime": 1204771,
    "ssl_fingerprint": "AA:BB", "id": "node/pve", "type": "node",
    "disk": 358415503360, "maxdisk": 998011547648,
}  # fmt: skip
RECORDED_IP_ADDRESS = {
    "ip-address-type": "inet",
    "ip-address": "192.168.3.95",
    "prefix": 22,
}


def test_nodes_match_recorded_shape(proxmox_api: ProxmoxAPI) -> None:
    nodes = {entry["node"]: entry for entry in proxmox_api.nodes.get()}
    assert_same_shape(nodes["pve1"], RECORDED_NODE)
    assert len(nodes["pve1"]["ssl_fingerprint"].split(":")) == 32


def test_interfaces_84_address_items(proxmox_api: ProxmoxAPI) -> None:
    items = proxmox_api.nodes("pve1").lxc(102).interfaces.get()
    eth0 = next(item for item in items if item["name"] == "eth0")
    for address in eth0["ip-addresses"]:
        assert_same_shape(address, RECORDED_IP_ADDRESS)
    kinds = [address["ip-address-type"] for address in eth0["ip-addresses"]]
    assert kinds == ["inet", "inet6", "inet6"]
