"""Stage 2: check the request's pod sandbox against the cluster.

The sandbox must exist (by vmid, or by a container name no other container has),
not be a template, be ready (running, unlocked), sit on a node that responds, and
have addresses that parse. Every problem is an issue on `pod_sandbox_id`.
"""

from __future__ import annotations

import ipaddress
import re
from dataclasses import dataclass
from typing import Any

from console.cri.issues import Issue, Severity
from console.proxmox.connection import Connection
from console.proxmox.errors import API_ERRORS
from console.proxmox.sandbox import Sandbox
from console.proxmox.sandboxes import SandboxLister
from console.proxmox.wire import parse_property_string

PATH = "pod_sandbox_id"
CODE_NOT_FOUND = "sandbox-not-found"
CODE_AMBIGUOUS = "sandbox-name-ambiguous"
CODE_TEMPLATE = "sandbox-template"
CODE_NOT_READY = "sandbox-not-ready"
CODE_NODE_OFFLINE = "sandbox-node-offline"
CODE_UNREACHABLE = "sandbox-unreachable"
CODE_NO_BRIDGE = "sandbox-no-bridge"
CODE_ADDRESS = "sandbox-address-invalid"

_NET_KEY = re.compile(r"^net(\d+)$")


@dataclass(frozen=True)
class SandboxCheck:
    """The sandbox found for `pod_sandbox_id`, its bridge, and what is wrong with it.

    `bridge` is the bridge of the sandbox's first network interface; the new
    container joins it. Both are None when the sandbox could not be found or read.
    """

    sandbox: Sandbox | None
    bridge: str | None
    issues: list[Issue]

    @property
    def ok(self) -> bool:
        return not any(issue.is_error for issue in self.issues)


def check_sandbox(connection: Connection, pod_sandbox_id: str) -> SandboxCheck:
    """Run every stage-2 check that applies and return all issues found."""
    wanted = pod_sandbox_id.strip()
    if not wanted:
        return _failed(CODE_NOT_FOUND, "pod_sandbox_id is empty: give a vmid or name")
    lister = SandboxLister(connection)
    try:
        sandbox = lister.find(wanted)
        matches = lister.matching(wanted) if sandbox is None else (sandbox,)
    except API_ERRORS as error:
        return _failed(
            CODE_UNREACHABLE,
            f"cannot look up sandbox {wanted!r}: {connection.explain(error)}",
        )
    if sandbox is None:
        return SandboxCheck(None, None, [_not_found(wanted, matches)])
    vmid = sandbox.vmid
    if sandbox.template:
        return _failed(
            CODE_TEMPLATE,
            f"container {vmid} is a template, which cannot run: clone it into a "
            "container and give that container's vmid",
        )
    if not sandbox.node_online:
        issue = _error(
            CODE_NODE_OFFLINE,
            f"sandbox {vmid} is on node {sandbox.node}, which is offline: wait for "
            "the node or pick a sandbox on another node",
        )
        return SandboxCheck(sandbox, None, [issue])

    issues: list[Issue] = []
    if not sandbox.is_ready:
        issues.append(
            _error(
                CODE_NOT_READY,
                f"sandbox {vmid} is not ready ({sandbox.reason or sandbox.status}): "
                "it must be running and hold no lock",
            )
        )
    try:
        config = connection.api.nodes(sandbox.node).lxc(vmid).config.get() or {}
    except API_ERRORS as error:
        issues.append(
            _error(
                CODE_UNREACHABLE,
                f"node {sandbox.node} of sandbox {vmid} does not answer: "
                f"{connection.explain(error)}",
            )
        )
        return SandboxCheck(sandbox, None, issues)

    if not isinstance(config, dict) or isinstance(config.get("errors"), bytes):
        # proxmoxer hands a 2xx body that is not JSON back as {"errors": <bytes>}.
        issues.append(
            _error(
                CODE_UNREACHABLE,
                f"node {sandbox.node} sent an unreadable config for sandbox {vmid} "
                "(not a JSON object): check pveproxy on that node",
            )
        )
        return SandboxCheck(sandbox, None, issues)

    bridge = _first_bridge(config)
    if bridge is None:
        issues.append(
            _error(
                CODE_NO_BRIDGE,
                f"sandbox {vmid} has no network interface on a bridge, so there is "
                "no network to put the new container on",
            )
        )
    issues.extend(_address_issues(sandbox, config))
    return SandboxCheck(sandbox, bridge, issues)


def _not_found(wanted: str, matches: tuple[Sandbox, ...]) -> Issue:
    if len(matches) > 1:
        vmids = ", ".join(sorted(str(item.vmid) for item in matches))
        return _error(
            CODE_AMBIGUOUS,
            f"{len(matches)} containers are named {wanted!r} (vmids {vmids}): "
            "give the vmid instead",
        )
    kind = "vmid" if wanted.isdigit() else "name"
    return _error(
        CODE_NOT_FOUND,
        f"no LXC container with {kind} {wanted!r} in the cluster: "
        "`pod-console sandboxes` lists the sandboxes",
    )


def _first_bridge(config: dict[str, Any]) -> str | None:
    interfaces = sorted(
        (int(match.group(1)), str(value))
        for key, value in config.items()
        if (match := _NET_KEY.match(key))
    )
    for _, value in interfaces:
        bridge = parse_property_string(value).get("bridge")
        if bridge:
            return bridge
    return None


def _address_issues(sandbox: Sandbox, config: dict[str, Any]) -> list[Issue]:
    issues = [
        _error(
            CODE_ADDRESS, f"an address of sandbox {sandbox.vmid} does not parse: {text}"
        )
        for text in sandbox.address_errors
    ]
    for key, value in sorted(config.items()):
        if not _NET_KEY.match(key):
            continue
        fields = parse_property_string(value)
        for part in ("gw", "gw6"):
            address = fields.get(part)
            if address:
                issues.extend(_parse_address(address, f"`{part}` of {key}"))
    return issues


def _parse_address(text: str, where: str) -> list[Issue]:
    try:
        ipaddress.ip_address(text)
    except ValueError:
        return [_invalid_address(text, where)]
    return []


def _invalid_address(text: str, where: str) -> Issue:
    return _error(
        CODE_ADDRESS,
        f"{where} is {text!r}, which is not an IP address: fix the sandbox's "
        "network configuration in Proxmox",
    )


def _error(code: str, message: str) -> Issue:
    return Issue(PATH, code, Severity.ERROR, message)


def _failed(code: str, message: str) -> SandboxCheck:
    return SandboxCheck(None, None, [_error(code, message)])
