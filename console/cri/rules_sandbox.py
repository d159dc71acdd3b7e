"""Rules on the sandbox config: metadata, hostname, log directory, ports, DNS."""

from __future__ import annotations

import ipaddress
import re

from console.cri import codes
from console.cri.findings import Findings
from console.cri.models import PodSandboxConfig
from console.cri.rules_paths import check_path
from console.cri.shapes import quote

HOSTNAME_MAX = 64
SEED_HOSTNAME_MAX = 63
DNS_NAME_MAX = 253
PORT_MAX = 65535
_LABEL = re.compile(r"[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?")


def check_sandbox(findings: Findings, sandbox: PodSandboxConfig) -> None:
    """Apply the sandbox rules to `sandbox` (reported under `sandbox_config.`)."""
    check_metadata(findings, sandbox)
    check_hostname(findings, sandbox.hostname)
    check_path(findings, "sandbox_config.log_directory", sandbox.log_directory)
    check_ports(findings, sandbox)
    check_dns(findings, sandbox)


def check_metadata(findings: Findings, sandbox: PodSandboxConfig) -> None:
    metadata = sandbox.metadata
    prefix = "sandbox_config.metadata"
    if metadata is None or not metadata.name:
        findings.error(
            f"{prefix}.name",
            codes.SANDBOX_NAME_REQUIRED,
            f"`{prefix}.name` is empty: set the pod's name, as given to `crictl runp`",
        )
    if metadata is None or not metadata.namespace:
        findings.error(
            f"{prefix}.namespace",
            codes.SANDBOX_NAMESPACE_REQUIRED,
            f"`{prefix}.namespace` is empty: set the pod's namespace, such as "
            f"`default`",
        )
    if metadata is None or not metadata.uid:
        findings.seed_error(
            f"{prefix}.uid",
            codes.SANDBOX_UID_MISSING,
            f"`{prefix}.uid` is empty, so one is generated at submission "
            f"(as crictl does): set the uid the sandbox was started with",
        )


def _dns_label_problem(label: str, *, hostname: bool = False) -> str | None:
    if not label:
        return "has an empty label (two dots in a row, or a leading dot)"
    if "_" in label:
        return "contains `_`, which Proxmox rejects" if hostname else "contains `_`"
    if len(label) > 63:
        return f"has a label of {len(label)} characters, over 63"
    if label.startswith("-") or label.endswith("-"):
        return f"has the label {quote(label)}, which starts or ends with `-`"
    if _LABEL.fullmatch(label) is None:
        return f"has the label {quote(label)}; use letters, digits and `-` only"
    return None


def check_hostname(findings: Findings, hostname: str) -> None:
    path = "sandbox_config.hostname"
    if not hostname:
        return
    if findings.seed:
        if "." in hostname:
            findings.error(
                path,
                codes.HOSTNAME_SYNTAX,
                f"`{path}` is {quote(hostname)}; the seed rules allow a single DNS "
                f"label without dots: use {quote(hostname.split('.')[0])}",
            )
        limit = SEED_HOSTNAME_MAX
    else:
        limit = HOSTNAME_MAX
    # Under `seed` the dots are reported above; each label is still checked alone,
    # so no error names a label that the hostname does not have.
    for label in hostname.split("."):
        problem = _dns_label_problem(label, hostname=True)
        if problem is not None:
            advice = "use a DNS name of letters, digits and `-` joined by dots"
            if "_" in hostname:
                advice = f"use {quote(hostname.replace('_', '-'))}"
            findings.error(
                path,
                codes.HOSTNAME_SYNTAX,
                f"`{path}` is {quote(hostname)}, which {problem}: {advice}",
            )
            break
    if len(hostname) > limit:
        findings.error(
            path,
            codes.HOSTNAME_LENGTH,
            f"`{path}` is {quote(hostname, 24)}: use at most {limit} characters",
        )


def check_ports(findings: Findings, sandbox: PodSandboxConfig) -> None:
    for index, mapping in enumerate(sandbox.port_mappings):
        prefix = f"sandbox_config.port_mappings[{index}]"
        port = mapping.container_port
        if not 1 <= port <= PORT_MAX:
            shown = "not set" if port == 0 else str(port)
            findings.error(
                f"{prefix}.container_port",
                codes.CONTAINER_PORT_RANGE,
                f"`{prefix}.container_port` is {shown}: use a port from 1 to "
                f"{PORT_MAX}",
            )
        host_port = mapping.host_port
        if findings.seed and host_port == 0:
            findings.error(
                f"{prefix}.host_port",
                codes.HOST_PORT_RANGE,
                f"`{prefix}.host_port` is not set; the seed rules publish every "
                f"mapping: use a port from 1 to {PORT_MAX}",
            )
        elif not 0 <= host_port <= PORT_MAX:
            allowed = f"a port from 1 to {PORT_MAX}"
            if not findings.seed:
                allowed = f"0 (not published) or {allowed}"
            findings.error(
                f"{prefix}.host_port",
                codes.HOST_PORT_RANGE,
                f"`{prefix}.host_port` is {host_port}: use {allowed}",
            )


def check_dns(findings: Findings, sandbox: PodSandboxConfig) -> None:
    dns = sandbox.dns_config
    if dns is None:
        return
    for index, server in enumerate(dns.servers):
        path = f"sandbox_config.dns_config.servers[{index}]"
        try:
            ipaddress.ip_address(server)
        except ValueError:
            findings.error(
                path,
                codes.DNS_SERVER,
                f"`{path}` is {quote(server)}, not an IP address: use an IPv4 or "
                f"IPv6 address such as `10.0.0.10`",
            )
    for index, search in enumerate(dns.searches):
        path = f"sandbox_config.dns_config.searches[{index}]"
        if _is_ipv4_address(search):
            # Proxmox accepts `8.8.8.8` as a search domain (its labels are valid),
            # but an address here most likely names a server.
            findings.warning(
                path,
                codes.DNS_SEARCH,
                f"`{path}` is {quote(search)}, an IP address, not a search domain: "
                f"move it to `sandbox_config.dns_config.servers`",
            )
            continue
        name = search.removesuffix(".")
        problem = next(
            (found for found in map(_dns_label_problem, name.split(".")) if found),
            None,
        )
        if problem is None and len(name) > DNS_NAME_MAX:
            problem = f"is {len(name)} characters long, over {DNS_NAME_MAX}"
        if problem is not None:
            findings.error(
                path,
                codes.DNS_SEARCH,
                f"`{path}` is {quote(search)}, which {problem}: use a DNS domain "
                f"such as `svc.cluster.local`",
            )


def _is_ipv4_address(text: str) -> bool:
    try:
        ipaddress.IPv4Address(text)
    except ValueError:
        return False
    return True
