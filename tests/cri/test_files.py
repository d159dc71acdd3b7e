"""Reading request files: positions of issues, crictl pairs, and bad files."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from console.cri.files import (
    MAX_FILE_SIZE,
    RequestFileError,
    load_crictl_pair,
    load_document,
    load_request_file,
)

COMBINED_YAML = """\
pod_sandbox_id: ""
config:
  metadata:
    name: web
  image:
    image: docker.io/library/nginx:1.27
  command: nginx
  envs:
    - key: A
      value: "1"
    - key: A
      value: "2"
sandbox_config:
  metadata:
    name: pod
    namespace: default
    uid: u-1
  log_directry: /var/log/pods
"""

CONTAINER_JSON = """\
{
  "metadata": {"name": "web"},
  "image": {"image": "docker.io/library/nginx:1.27"},
  "command": ["nginx"],
  "tier": "front"
}
"""

SANDBOX_JSON = """\
{
  "metadata": {"name": "pod", "namespace": "default", "uid": "u-1"},
  "dns_options": ["ndots:2"]
}
"""


def write(tmp_path: Path, name: str, text: str | bytes) -> Path:
    path = tmp_path / name
    if isinstance(text, bytes):
        path.write_bytes(text)
    else:
        path.write_text(text, encoding="utf-8")
    return path


def test_combined_file_issue_positions(tmp_path: Path) -> None:
    path = write(tmp_path, "request.yaml", COMBINED_YAML)

    checked = load_request_file(path)

    by_path = {issue.path: issue for issue in checked.issues}
    command = by_path["config.command"]
    assert (
        command.message
        == "`config.command` should be a list of strings, found a string"
    )
    assert (command.file, command.line, command.column) == (str(path), 7, 3)
    missing_id = by_path["pod_sandbox_id"]
    assert (missing_id.line, missing_id.column) == (1, 1)
    unknown = by_path["sandbox_config.log_directry"]
    assert (unknown.line, unknown.column) == (18, 3)


def test_json_file_issue_positions(tmp_path: Path) -> None:
    data = (
        '{"pod_sandbox_id": "1",\n "config": {"metadata": {"name": "w"},\n'
        '  "image": {"image": "a:1"}, "command": ["x"], "tty": "yes"},\n'
        ' "sandbox_config": {"metadata": {"name": "p", "namespace": "n", "uid": "u"}}}'
    )
    path = write(tmp_path, "request", data)

    checked = load_request_file(path)

    assert [(i.path, i.line, i.column) for i in checked.issues] == [
        ("config.tty", 3, 48)
    ]


def test_pair_issues_point_to_their_file(tmp_path: Path) -> None:
    container = write(tmp_path, "container.json", CONTAINER_JSON)
    sandbox = write(tmp_path, "sandbox.json", SANDBOX_JSON)

    checked = load_crictl_pair("101", container, sandbox)

    located = {(i.path, i.file, i.line, i.column) for i in checked.issues}
    assert ("config.tier", str(container), 5, 3) in located
    assert ("sandbox_config.dns_options", str(sandbox), 3, 3) in located
    assert len(checked.issues) == 2


def test_pair_without_sandbox_id_has_no_file(tmp_path: Path) -> None:
    container = write(tmp_path, "container.json", CONTAINER_JSON)
    sandbox = write(tmp_path, "sandbox.json", SANDBOX_JSON)

    checked = load_crictl_pair("", container, sandbox)

    issue = next(i for i in checked.issues if i.path == "pod_sandbox_id")
    assert issue.is_error
    assert (issue.file, issue.line, issue.column) == (None, None, None)


def test_pair_request_contains_both_parts(tmp_path: Path) -> None:
    container = write(tmp_path, "container.yaml", "metadata: {name: web}\n")
    sandbox = write(tmp_path, "sandbox.yaml", "metadata: {name: pod}\n")

    request = load_crictl_pair("7", container, sandbox).request

    assert request.pod_sandbox_id == "7"
    assert request.config is not None and request.config.metadata is not None
    assert request.config.metadata.name == "web"
    assert request.sandbox_config is not None
    assert request.sandbox_config.metadata is not None
    assert request.sandbox_config.metadata.name == "pod"


def test_format_comes_from_content(tmp_path: Path) -> None:
    yaml_named_json = write(tmp_path, "c.json", "metadata:\n  name: web\n")
    json_named_yaml = write(tmp_path, "s.yaml", '{"metadata": {"name": "pod"}}')

    request = load_crictl_pair("1", yaml_named_json, json_named_yaml).request

    assert request.config is not None and request.config.metadata is not None
    assert request.config.metadata.name == "web"
    assert request.sandbox_config is not None
    assert request.sandbox_config.metadata is not None
    assert request.sandbox_config.metadata.name == "pod"


def test_yaml_flow_style_is_read() -> None:
    data, _ = load_document("{config: {command: [sleep, 9]}}", "f")

    assert data == {"config": {"command": ["sleep", 9]}}


def test_yaml_dates_stay_strings() -> None:
    data, _ = load_document("labels:\n  built: 2024-01-02\n", "f")

    assert data == {"labels": {"built": "2024-01-02"}}


def test_yaml_scalars_read_as_crictl_does() -> None:
    text = 'a: [y, N, "y", yes, 1:30, "=", =, 0x1F, 1.5]\n'

    data, _ = load_document(text, "f")

    assert data["a"] == [True, False, "y", True, "1:30", "=", "=", 31, 1.5]


def test_yaml_merge_key_applies() -> None:
    text = "base: &b {a: 1, b: 2}\nother:\n  <<: *b\n  b: 3\n"

    data, positions = load_document(text, "f")

    assert data["other"] == {"a": 1, "b": 3}
    assert positions[("other", "b")] == (4, 3)


def test_yaml_positions_of_list_items() -> None:
    _, positions = load_document("command:\n  - a\n  - b\n", "f")

    assert positions[("command",)] == (1, 1)
    assert positions[("command", 1)] == (3, 5)


def test_map_keys_differing_in_case_allowed() -> None:
    data, _ = load_document('{"labels": {"App": "a", "app": "b"}}', "f")

    assert data == {"labels": {"App": "a", "app": "b"}}


def test_utf8_bom_is_ignored() -> None:
    data, _ = load_document("\ufeffa: 1\n", "f")

    assert data == {"a": 1}


BAD_DOCUMENTS = {
    "json syntax": ('{"a": 1,,}', "1:9: not valid JSON or YAML"),
    "yaml syntax": ("a: [1\nb: 2\n", "2:2: not valid JSON or YAML"),
    "list at top": ("- a\n- b\n", "1:1: the top level is a list"),
    "string at top": ("just text\n", "1:1: the top level is a string"),
    "empty file": ("", "1:1: the file contains no request"),
    "two documents": ("a: 1\n---\nb: 2\n", "2:1: the file contains more than one YAML"),
    "duplicate json key": (
        '{"a": 1,\n "a": 2}',
        "2:2: duplicate key `a` (first at line 1)",
    ),
    "duplicate yaml key": ("a: 1\nb: 2\na: 3\n", "3:1: duplicate key `a`"),
    "case-only duplicate": (
        "metadata:\n  name: a\n  Name: b\n",
        "3:3: key `Name` repeats `name` from line 2",
    ),
    "python tag": (
        "a: !!python/object/apply:os.system [ls]\n",
        "1:4: the YAML tag `tag:yaml.org,2002:python/object/apply:os.system`",
    ),
    "local tag": ("a: !secret x\n", "1:4: the YAML tag `!secret` is not allowed"),
    "set tag": ("a: !!set {x, y}\n", "the YAML tag `tag:yaml.org,2002:set`"),
    "number key": ("1: a\n", "1:1: a key must be a string, found a number `1`"),
    "boolean key": ("yes: a\n", "1:1: a key must be a string, found a boolean"),
    "null key": ("~: a\n", "1:1: a key must be a string, found null"),
    "mapping key": ("? {a: 1}\n: b\n", "a key must be a string, found a mapping"),
    "deep json": ("[" * 5000 + "]" * 5000, "1:65: the document nests more than 64"),
    "deep yaml": (
        "a: " + "[" * 200 + "]" * 200,
        "1:67: the document nests more than 64",
    ),
    "deeper than libyaml": ("a: " + "[" * 5000 + "]" * 5000, "nesting depth"),
    "deep json object": ('{"a":' * 5000 + "1" + "}" * 5000, "nests more than 64"),
    "integer past 64 bits": ('{"a": 18446744073709551616}', "does not fit in 64 bits"),
    "negative past 64 bits": ("a: -9223372036854775809\n", "does not fit in 64 bits"),
    "float overflow": ('{"a": 1e999}', "too large for a 64-bit float"),
    "yaml float overflow": ("a: 1.0e+999\n", "1:4: the number 1.0e+999 is too large"),
    "undefined alias": (
        "a: *nowhere\n",
        "1:4: the alias `*nowhere` refers to no anchor",
    ),
    "recursive alias": ("a: &x [*x]\n", "the alias `*x` refers to no anchor"),
}


@pytest.mark.parametrize("text, expected", BAD_DOCUMENTS.values(), ids=BAD_DOCUMENTS)
def test_bad_document_is_rejected(text: str, expected: str) -> None:
    with pytest.raises(RequestFileError) as caught:
        load_document(text, "req.yaml")

    message = str(caught.value)
    assert message.startswith("req.yaml:")
    assert expected in message
    assert "\n" not in message


def test_alias_bomb_is_rejected() -> None:
    lines = ["a0: &a0 [x, x, x, x, x, x, x, x, x, x]"]
    for level in range(1, 9):
        aliases = ", ".join([f"*a{level - 1}"] * 10)
        lines.append(f"a{level}: &a{level} [{aliases}]")

    with pytest.raises(RequestFileError, match="YAML aliases expand to"):
        load_document("\n".join(lines) + "\n", "bomb.yaml")


def test_modest_aliases_are_read() -> None:
    text = "env: &e [{key: A, value: b}]\nfirst: *e\nsecond: *e\n"

    data, _ = load_document(text, "f")

    assert data["first"] == data["second"] == [{"key": "A", "value": "b"}]


def test_missing_file(tmp_path: Path) -> None:
    path = tmp_path / "absent.yaml"

    with pytest.raises(RequestFileError) as caught:
        load_request_file(path)

    assert str(caught.value) == f"{path}: file not found; check the path"


def test_directory(tmp_path: Path) -> None:
    with pytest.raises(RequestFileError, match="is a directory"):
        load_request_file(tmp_path)


def test_fifo_is_not_opened(tmp_path: Path) -> None:
    fifo = tmp_path / "pipe"
    os.mkfifo(fifo)

    with pytest.raises(RequestFileError, match="not a regular file"):
        load_request_file(fifo)


@pytest.mark.skipif(os.geteuid() == 0, reason="root reads files without permission")
def test_unreadable_file(tmp_path: Path) -> None:
    path = write(tmp_path, "secret.yaml", "a: 1\n")
    path.chmod(0)

    with pytest.raises(RequestFileError, match="permission denied"):
        load_request_file(path)


def test_not_utf8_names_byte_offset(tmp_path: Path) -> None:
    path = write(tmp_path, "latin1.yaml", "a: 1\nb: caf\xe9\n".encode("latin-1"))

    with pytest.raises(RequestFileError) as caught:
        load_request_file(path)

    assert str(caught.value) == (
        f"{path}:2:7: not UTF-8: invalid byte 0xe9 at byte offset 11; "
        "save the file as UTF-8"
    )


def test_file_over_limit(tmp_path: Path) -> None:
    path = write(tmp_path, "big.yaml", "a: " + "x" * MAX_FILE_SIZE + "\n")

    with pytest.raises(RequestFileError, match="larger than 1 MiB"):
        load_request_file(path)


def test_file_at_limit_is_read(tmp_path: Path) -> None:
    text = "a: " + "x" * (MAX_FILE_SIZE - 4) + "\n"
    path = write(tmp_path, "edge.yaml", text)

    checked = load_request_file(path)
    assert any(issue.path == "a" for issue in checked.issues)


def test_container_config_as_request_file(tmp_path: Path) -> None:
    path = write(tmp_path, "container.json", CONTAINER_JSON)

    with pytest.raises(RequestFileError) as caught:
        load_request_file(path)

    assert str(caught.value) == (
        f"{path}: this is a crictl container config (it has `image` at the top "
        "level), not a combined request file; give it as the container config of "
        "a crictl pair"
    )


def test_swapped_pair_is_rejected(tmp_path: Path) -> None:
    container = write(tmp_path, "container.json", CONTAINER_JSON)
    sandbox = write(tmp_path, "sandbox.yaml", "metadata: {name: p}\nhostname: web\n")

    with pytest.raises(RequestFileError) as caught:
        load_crictl_pair("1", sandbox, container)

    assert str(caught.value).startswith(
        f"{sandbox}: this is a crictl pod sandbox config (it has `hostname` at the "
        "top level), not a crictl container config"
    )


def test_request_file_as_pair_half(tmp_path: Path) -> None:
    combined = write(tmp_path, "request.yaml", COMBINED_YAML)
    sandbox = write(tmp_path, "sandbox.json", SANDBOX_JSON)

    with pytest.raises(RequestFileError, match="read it as a request file on its own"):
        load_crictl_pair("1", combined, sandbox)


def test_mixed_keys_are_left_to_rules(tmp_path: Path) -> None:
    path = write(tmp_path, "mixed.yaml", "image: {image: 'a:1'}\nhostname: web\n")

    checked = load_request_file(path)

    assert {"image", "hostname"} <= {issue.path for issue in checked.issues}
