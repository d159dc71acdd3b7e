"""The corpus of real crictl config files: each loads and gets the expected issues.

Each container config is checked with a fixed valid sandbox config and each
sandbox config with a fixed valid container config, so every issue comes from
the corpus file itself. The expected paths were worked out by reading each file
against the request rules of the design, not taken from the console's output.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from conftest import CORPUS_DIR

from console.cri import CheckedRequest
from console.cri.files import load_crictl_pair, load_request_file, save_request

pytestmark = pytest.mark.skipif(
    not CORPUS_DIR.is_dir(), reason=f"the CRI corpus is not at {CORPUS_DIR}"
)

VALID_CONTAINER = """\
metadata: {name: probe}
image: {image: "docker.io/library/busybox:1.36"}
command: [sleep, "60"]
"""

VALID_SANDBOX = """\
metadata: {name: probe, namespace: default, uid: 0b6c3f1e}
hostname: probe
log_directory: /var/log/pods/probe
"""

_ENTRY = re.compile(r"^- `(?P<path>[^`]+)` \((?P<kind>container|sandbox) config\)")


def corpus_kinds() -> dict[str, str]:
    """Map each corpus file to `container` or `sandbox`, as SOURCES.md lists it."""
    if not CORPUS_DIR.is_dir():
        return {}
    kinds = {}
    for line in (CORPUS_DIR / "SOURCES.md").read_text(encoding="utf-8").splitlines():
        match = _ENTRY.match(line)
        if match:
            kinds[match["path"]] = match["kind"]
    return kinds


KINDS = corpus_kinds()

# Paths shared by many sandbox files of the cri-o test data.
_CRIO_SANDBOX = ({"sandbox_config.hostname"}, {"sandbox_config.resources"})
# `8.8.8.8` among the search domains, where an address most likely names a server.
_SEARCH_IP = "sandbox_config.dns_config.searches[0]"
_CRIO_SANDBOX_SEARCH_IP = (
    {"sandbox_config.hostname"},
    {"sandbox_config.resources", _SEARCH_IP},
)
_DNS_OPTIONS = "sandbox_config.dns_options"
_MOVED_PRIVILEGED = "config.linux.security_context.privileged"

# file -> (paths with an error, paths with a warning) under the proxmox rules.
EXPECTED: dict[str, tuple[set[str], set[str]]] = {
    # `%VALUE%` and `${IMAGE}` are placeholders, not image references.
    "cri-o/container_config.json": (set(), set()),
    "cri-o/container_config_by_imageid.json": ({"config.image.image"}, set()),
    "cri-o/container_config_hostport.json": (set(), set()),
    "cri-o/container_config_logging.json": (set(), set()),
    # A top-level `privileged` is moved under linux.security_context, with a
    # warning, on the field it now sets, that crictl ignores it at the top level.
    "cri-o/container_config_ping.json": (set(), {_MOVED_PRIVILEGED}),
    "cri-o/container_config_privileged.json": (set(), set()),
    "cri-o/container_config_resolvconf.json": (set(), set()),
    "cri-o/container_config_resolvconf_ro.json": (set(), {_MOVED_PRIVILEGED}),
    "cri-o/container_config_seccomp.json": (
        {"config.linux.security_context.seccomp_profile_path"},
        set(),
    ),
    "cri-o/container_config_sleep.json": (set(), set()),
    "cri-o/container_exit_test.json": (set(), set()),
    "cri-o/container_heavy_logging.json": (set(), set()),
    "cri-o/container_light_logging.json": (set(), set()),
    "cri-o/container_medium_logging.json": (set(), set()),
    "cri-o/container_redis.json": (set(), set()),
    "cri-o/container_redis_apparmor.json": (
        {"config.linux.security_context.apparmor_profile"},
        set(),
    ),
    # Placeholders where absolute paths belong.
    "cri-o/container_redis_default_mounts.json": (
        {"config.mounts[0].container_path", "config.mounts[0].host_path"},
        set(),
    ),
    # A placeholder device path, and a string where a boolean belongs.
    "cri-o/container_redis_device.json": (
        {
            "config.devices[0].container_path",
            "config.linux.security_context.privileged",
        },
        set(),
    ),
    "cri-o/container_redis_env_custom.json": (set(), set()),
    "cri-o/container_redis_namespace.json": (set(), set()),
    # `readonly_rootfs` belongs under linux.security_context; crictl drops it.
    "cri-o/container_redis_user.json": (set(), {"config.readonly_rootfs"}),
    "cri-o/container_sleep.json": (set(), set()),
    "cri-o/labeled_container_redis.json": (set(), set()),
    # `command` is a string placeholder, not a list.
    "cri-o/template_container_config.json": (
        {"config.image.image", "config.command"},
        set(),
    ),
    # `alpine`, `nginx`, `docker.io/busybox` and `ghcr.io/containerd/alpine` have
    # no tag; no command and no args means the image's entrypoint runs.
    "critest-rootless-cgroup2/container-config.json": ({"config.image.image"}, set()),
    "seccomp-operator/container-config.json": (
        {"config.image.image"},
        {"config.command"},
    ),
    "mock-cri/container_config.json": (set(), set()),
    "cri-tools/container-config.json": ({"config.image.image"}, set()),
    "cri-tools/container-config.yaml": (set(), set()),
    "containerd/container_sleep.json": ({"config.image.image"}, set()),
    # A bind mount (no image) needs an absolute host_path; "" is not one.
    "containerd/container_psql.json": (
        {"config.mounts[0].host_path"},
        {"config.command"},
    ),
    "containerd/ollama-container-config.json": (set(), set()),
    # ContainerMetadata has no `namespace`.
    "kata-containers/busybox_container_config.json": (
        set(),
        {"config.metadata.namespace"},
    ),
    "kata-containers/redis_client_container_config.json": (
        set(),
        {"config.metadata.namespace"},
    ),
    "kata-containers/redis_server_container_config.json": (
        set(),
        {"config.metadata.namespace", "config.command"},
    ),
    # `crictl_host` has an underscore, which Proxmox rejects in a hostname; the
    # top-level `resources` is no PodSandboxConfig field.
    "cri-o/sandbox1_config.json": _CRIO_SANDBOX_SEARCH_IP,
    "cri-o/sandbox2_config.json": _CRIO_SANDBOX_SEARCH_IP,
    "cri-o/sandbox3_config.json": _CRIO_SANDBOX_SEARCH_IP,
    "cri-o/sandbox_config.json": _CRIO_SANDBOX,
    # `dns_options` is no field (dns_config is), and the sandbox security
    # context has no `apparmor_profile`.
    "cri-o/sandbox_config_apparmor.json": (
        {"sandbox_config.hostname"},
        {
            "sandbox_config.resources",
            _DNS_OPTIONS,
            "sandbox_config.linux.security_context.apparmor_profile",
        },
    ),
    "cri-o/sandbox_config_hostnet.json": (
        {"sandbox_config.hostname"},
        {"sandbox_config.resources", _DNS_OPTIONS},
    ),
    "cri-o/sandbox_config_hostport.json": (
        {"sandbox_config.hostname"},
        {"sandbox_config.resources", _DNS_OPTIONS},
    ),
    "cri-o/sandbox_config_privileged.json": _CRIO_SANDBOX_SEARCH_IP,
    "cri-o/sandbox_config_seccomp.json": (
        {
            "sandbox_config.hostname",
            "sandbox_config.linux.security_context.seccomp_profile_path",
        },
        {"sandbox_config.resources", _DNS_OPTIONS},
    ),
    "cri-o/sandbox_config_selinux.json": _CRIO_SANDBOX_SEARCH_IP,
    "cri-o/sandbox_config_shmsize.json": _CRIO_SANDBOX_SEARCH_IP,
    "cri-o/sandbox_config_sysctl.json": _CRIO_SANDBOX_SEARCH_IP,
    # host_network, host_pid and host_ipc are the pre-v1 shape of namespace options.
    "cri-o/sandbox_pidnamespacemode_config.json": (
        {"sandbox_config.hostname"},
        {
            "sandbox_config.resources",
            _SEARCH_IP,
            "sandbox_config.linux.security_context.namespace_options.host_network",
            "sandbox_config.linux.security_context.namespace_options.host_pid",
            "sandbox_config.linux.security_context.namespace_options.host_ipc",
        },
    ),
    "cri-o/template_sandbox_config.json": _CRIO_SANDBOX_SEARCH_IP,
    "critest-rootless-cgroup2/pod-config.json": (set(), set()),
    # crictl ignores `logDirectory`, so with crictl the sandbox logs nothing.
    "seccomp-operator/pod-config.json": (set(), {"sandbox_config.log_directory"}),
    "mock-cri/sandbox_spoof_config.json": _CRIO_SANDBOX,
    "cri-tools/podsandbox-config.json": (set(), set()),
    # LinuxPodSandboxConfig has no `namespaces`.
    "cri-tools/podsandbox-config.yaml": (set(), {"sandbox_config.linux.namespaces"}),
    "cri-tools/sandbox-config.json": (set(), set()),
    "cri-tools/sandbox-config.yaml": (set(), {"sandbox_config.linux.namespaces"}),
    "containerd/sandbox_config.json": _CRIO_SANDBOX,
    "containerd/ollama-pod-config.json": (set(), set()),
    "kata-containers/busybox_sandbox_config.json": _CRIO_SANDBOX,
    "kata-containers/redis_client_sandbox_config.json": (
        set(),
        {"sandbox_config.resources", _SEARCH_IP},
    ),
    "kata-containers/redis_server_sandbox_config.json": (
        set(),
        {"sandbox_config.resources", _SEARCH_IP},
    ),
    "kata-containers/rootless-pod.json": (set(), set()),
}


@pytest.fixture
def valid_halves(tmp_path: Path) -> tuple[Path, Path]:
    container = tmp_path / "valid-container.yaml"
    container.write_text(VALID_CONTAINER, encoding="utf-8")
    sandbox = tmp_path / "valid-sandbox.yaml"
    sandbox.write_text(VALID_SANDBOX, encoding="utf-8")
    return container, sandbox


def load_corpus_file(
    name: str, valid_halves: tuple[Path, Path], profile: str = "proxmox"
) -> CheckedRequest:
    path = CORPUS_DIR / name
    container, sandbox = valid_halves
    if KINDS[name] == "container":
        return load_crictl_pair("101", path, sandbox, profile=profile)
    return load_crictl_pair("101", container, path, profile=profile)


def test_sources_list_every_file() -> None:
    on_disk = {
        str(path.relative_to(CORPUS_DIR))
        for path in CORPUS_DIR.rglob("*")
        if path.is_file() and path.name != "SOURCES.md"
    }

    assert set(KINDS) == on_disk
    assert set(EXPECTED) == on_disk


def test_valid_halves_have_no_issues(valid_halves: tuple[Path, Path]) -> None:
    container, sandbox = valid_halves

    assert load_crictl_pair("101", container, sandbox).issues == []


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_corpus_file_issues(name: str, valid_halves: tuple[Path, Path]) -> None:
    checked = load_corpus_file(name, valid_halves)

    errors = {issue.path for issue in checked.issues if issue.is_error}
    warnings = {issue.path for issue in checked.issues if not issue.is_error}
    expected_errors, expected_warnings = EXPECTED[name]
    assert errors == expected_errors
    assert warnings == expected_warnings


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_corpus_issues_point_into_file(
    name: str, valid_halves: tuple[Path, Path]
) -> None:
    checked = load_corpus_file(name, valid_halves)

    for issue in checked.issues:
        assert issue.file == str(CORPUS_DIR / name)
        assert issue.line is not None and issue.line >= 1
        assert issue.column is not None and issue.column >= 1


@pytest.mark.parametrize("fmt", ["json", "yaml"])
@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_corpus_round_trip(
    name: str, fmt: str, valid_halves: tuple[Path, Path], tmp_path: Path
) -> None:
    request = load_corpus_file(name, valid_halves).request
    saved = tmp_path / f"saved.{fmt}"

    save_request(request, saved)

    assert load_request_file(saved).request == request


def seed_expectation(name: str) -> tuple[set[str], set[str]]:
    """Return what the seed rules report for a corpus file.

    In the corpus only one seed rule differs from the proxmox ones: no command
    and no args is an error there. No file has a hostname with dots, a `..`
    path segment, an over-long element, a missing uid or a host_port of 0.
    """
    errors, warnings = EXPECTED[name]
    entrypoint = {"config.command"} & warnings
    return errors | entrypoint, warnings - entrypoint


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_corpus_file_issues_seed(name: str, valid_halves: tuple[Path, Path]) -> None:
    checked = load_corpus_file(name, valid_halves, profile="seed")

    errors = {issue.path for issue in checked.issues if issue.is_error}
    warnings = {issue.path for issue in checked.issues if not issue.is_error}
    expected_errors, expected_warnings = seed_expectation(name)
    assert errors == expected_errors
    assert warnings == expected_warnings
