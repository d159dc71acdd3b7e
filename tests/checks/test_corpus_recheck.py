"""Messages on corpus files, rechecked by hand against the rules of the design.

The corpus table in tests/cri/test_corpus.py pins which fields get an issue;
these tests pin what the messages tell the reader about them.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import CORPUS_DIR

from console.cri.files import load_crictl_pair

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
"""


def messages(tmp_path: Path, container: str, sandbox: str) -> dict[str, str]:
    """Map each issue's path to its message for a crictl pair of corpus files."""
    halves = []
    for name, valid in ((container, VALID_CONTAINER), (sandbox, VALID_SANDBOX)):
        if name:
            halves.append(CORPUS_DIR / name)
        else:
            written = tmp_path / f"valid-{len(halves)}.yaml"
            written.write_text(valid, encoding="utf-8")
            halves.append(written)
    checked = load_crictl_pair("101", halves[0], halves[1])
    return {issue.path: issue.message for issue in checked.issues}


@pytest.mark.parametrize(
    ("key", "field"),
    [("host_network", "network"), ("host_pid", "pid"), ("host_ipc", "ipc")],
)
def test_host_namespace_keys_suggest_field(
    tmp_path: Path, key: str, field: str
) -> None:
    found = messages(tmp_path, "", "cri-o/sandbox_pidnamespacemode_config.json")

    path = f"sandbox_config.linux.security_context.namespace_options.{key}"
    assert found[path].endswith(f"did you mean `{field}`?")


def test_dns_options_suggests_dns_config(tmp_path: Path) -> None:
    found = messages(tmp_path, "", "cri-o/sandbox_config_hostport.json")

    assert found["sandbox_config.dns_options"].endswith("did you mean `dns_config`?")


def test_placeholder_path_named_placeholder(tmp_path: Path) -> None:
    found = messages(tmp_path, "cri-o/container_redis_default_mounts.json", "")

    for field in ("container_path", "host_path"):
        message = found[f"config.mounts[0].{field}"]
        assert "placeholder" in message
        assert '"/%' not in message


def test_address_in_searches_points_to_servers(tmp_path: Path) -> None:
    found = messages(tmp_path, "", "kata-containers/redis_client_sandbox_config.json")

    message = found["sandbox_config.dns_config.searches[0]"]
    assert '"8.8.8.8", an IP address' in message
    assert message.endswith("move it to `sandbox_config.dns_config.servers`")


def test_placeholder_profile_says_what_is_wrong(tmp_path: Path) -> None:
    found = messages(tmp_path, "cri-o/container_redis_apparmor.json", "")

    message = found["config.linux.security_context.apparmor_profile"]
    assert message.startswith(
        '`config.linux.security_context.apparmor_profile` is "%VALUE%", '
        "which names no profile: use `runtime/default`"
    )


def seed_messages(tmp_path: Path, sandbox: str) -> list[tuple[str, str]]:
    """Return (code, message) of each issue of `sandbox` under the seed rules."""
    container = tmp_path / "container.yaml"
    container.write_text(VALID_CONTAINER, encoding="utf-8")
    written = tmp_path / "sandbox.yaml"
    written.write_text(sandbox, encoding="utf-8")
    checked = load_crictl_pair("101", container, written, profile="seed")
    return [(issue.code, issue.message) for issue in checked.issues]


def test_seed_dotted_hostname_names_real_labels(tmp_path: Path) -> None:
    hostname = "a" * 52 + "." + "b" * 12
    found = seed_messages(
        tmp_path,
        f"metadata: {{name: p, namespace: d, uid: u}}\nhostname: {hostname}\n",
    )

    codes = [code for code, _message in found]
    assert codes == ["hostname-syntax", "hostname-length"]
    assert "without dots" in found[0][1]


def test_seed_host_port_range_omits_zero(tmp_path: Path) -> None:
    found = seed_messages(
        tmp_path,
        "metadata: {name: p, namespace: d, uid: u}\n"
        "port_mappings: [{container_port: 80, host_port: 70000}]\n",
    )

    ((code, message),) = found
    assert code == "host-port-range"
    assert message.endswith("is 70000: use a port from 1 to 65535")
