"""`pod-console validate`: output formats, exit codes and unreadable input."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from importlib import resources
from pathlib import Path

import pytest

from console.__main__ import main

EXAMPLES = resources.files("console") / "examples"

VALID = """\
pod_sandbox_id: "101"
config:
  metadata: {name: web}
  image: {image: "docker.io/library/nginx:1.27"}
  command: [nginx]
sandbox_config:
  metadata: {name: pod, namespace: default, uid: u-1}
"""

# An unknown key (a warning) on line 6 and a string command (an error) on line 5.
INVALID = """\
pod_sandbox_id: "101"
config:
  metadata: {name: web}
  image: {image: "docker.io/library/nginx:1.27"}
  command: nginx
  tier: front
sandbox_config:
  metadata: {name: pod, namespace: default, uid: u-1}
"""


def run_validate(
    capsys: pytest.CaptureFixture[str], *argv: str
) -> tuple[int, str, str]:
    code = main(["validate", *argv])
    captured = capsys.readouterr()
    return code, captured.out, captured.err


@pytest.fixture
def request_file(tmp_path: Path) -> Path:
    path = tmp_path / "request.yaml"
    path.write_text(VALID, encoding="utf-8")
    return path


def test_valid_file_exits_zero(
    capsys: pytest.CaptureFixture[str], request_file: Path
) -> None:
    code, out, err = run_validate(capsys, str(request_file))

    assert code == 0
    assert out == f"0 errors, 0 warnings in {request_file}: the request is valid\n"
    assert err == ""


def test_errors_exit_one_sorted_by_position(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    path = tmp_path / "bad.yaml"
    path.write_text(INVALID, encoding="utf-8")

    code, out, _ = run_validate(capsys, str(path))

    lines = out.splitlines()
    assert code == 1
    assert lines[0] == (
        f"{path}:5:3: error config.command: `config.command` should be a list of "
        "strings, found a string [type-mismatch]"
    )
    assert lines[1].startswith(f"{path}:6:3: warning config.tier: ")
    assert lines[1].endswith("[unknown-key]")
    assert lines[2] == f"1 error, 1 warning in {path}: the request is not valid"
    assert len(lines) == 3


def test_warnings_only_exit_zero(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    path = tmp_path / "warn.yaml"
    path.write_text(VALID + "tier: front\n", encoding="utf-8")

    code, out, _ = run_validate(capsys, str(path))

    assert code == 0
    assert out.splitlines()[-1] == (
        f"0 errors, 1 warning in {path}: the request is valid"
    )


def test_json_format(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    path = tmp_path / "bad.yaml"
    path.write_text(INVALID, encoding="utf-8")

    code, out, _ = run_validate(capsys, "--format", "json", str(path))

    document = json.loads(out)
    assert code == 1
    assert document["valid"] is False
    first = document["issues"][0]
    assert first == {
        "path": "config.command",
        "code": "type-mismatch",
        "severity": "error",
        "message": "`config.command` should be a list of strings, found a string",
        "file": str(path),
        "line": 5,
        "column": 3,
    }
    assert [issue["line"] for issue in document["issues"]] == [5, 6]


def test_json_format_valid(
    capsys: pytest.CaptureFixture[str], request_file: Path
) -> None:
    code, out, _ = run_validate(capsys, "--format", "json", str(request_file))

    assert code == 0
    assert json.loads(out) == {"valid": True, "issues": []}


def test_crictl_pair(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    container = tmp_path / "container.json"
    container.write_text('{"metadata": {"name": "web"}, "tier": 1}', encoding="utf-8")
    sandbox = tmp_path / "sandbox.yaml"
    sandbox.write_text("metadata:\n  name: pod\ndns_options: [a]\n", encoding="utf-8")

    code, out, _ = run_validate(
        capsys,
        "--pod-sandbox-id",
        "101",
        "--config",
        str(container),
        "--sandbox-config",
        str(sandbox),
    )

    lines = out.splitlines()
    assert code == 1
    files = [line.split(":", 1)[0] for line in lines[:-1]]
    assert files == sorted(files, key=[str(container), str(sandbox)].index)
    assert any(
        line.startswith(f"{container}:1:31: warning config.tier") for line in lines
    )
    assert any(
        line.startswith(f"{sandbox}:3:1: warning sandbox_config.dns_options")
        for line in lines
    )
    assert lines[-1].endswith(f"in {container} and {sandbox}: the request is not valid")


def test_pair_without_sandbox_id(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    container = EXAMPLES / "container-config.json"
    sandbox = EXAMPLES / "sandbox-config.json"

    code, out, _ = run_validate(
        capsys, "--config", str(container), "--sandbox-config", str(sandbox)
    )

    assert code == 1
    assert out.splitlines()[0].startswith("--pod-sandbox-id: error pod_sandbox_id: ")


@pytest.mark.parametrize("name", ["web-1.yaml"])
def test_bundled_example_valid_both_profiles(
    capsys: pytest.CaptureFixture[str], name: str
) -> None:
    for profile in ("proxmox", "seed"):
        code, out, _ = run_validate(capsys, "--rules", profile, str(EXAMPLES / name))

        assert code == 0, out
        assert out.startswith("0 errors, 0 warnings")


def test_bundled_pair_valid(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run_validate(
        capsys,
        "--pod-sandbox-id",
        "101",
        "--config",
        str(EXAMPLES / "container-config.json"),
        "--sandbox-config",
        str(EXAMPLES / "sandbox-config.json"),
    )

    assert code == 0, out
    assert out.startswith("0 errors, 0 warnings")


def alias_bomb() -> bytes:
    """Return YAML of a few lines whose aliases expand to a million strings."""
    lines = ["a0: &a0 [x, x, x, x, x, x, x, x, x, x]"]
    for level in range(1, 7):
        aliases = ", ".join([f"*a{level - 1}"] * 10)
        lines.append(f"a{level}: &a{level} [{aliases}]")
    return ("\n".join(lines) + "\n").encode()


UNREADABLE = {
    "missing": (None, "file not found; check the path"),
    "not utf-8": (b"a: caf\xe9\n", "not UTF-8: invalid byte 0xe9 at byte offset 6"),
    "not json or yaml": (b'{"config": [}', "not valid JSON or YAML"),
    "top level list": (b"- a\n", "the top level is a list"),
    "two documents": (b"a: 1\n---\na: 2\n", "more than one YAML document"),
    "duplicate keys": (b"config: {}\nconfig: {}\n", "duplicate key `config`"),
    "object tag": (b"config: !!python/name:os.system\n", "is not allowed"),
    "too large": (b"a: " + b"x" * (1024 * 1024), "larger than 1 MiB"),
    "deep": (b"[" * 100 + b"]" * 100, "nests more than 64 levels"),
    "huge number": (b"a: 99999999999999999999\n", "does not fit in 64 bits"),
    "number key": (b"config:\n  1: x\n", "a key must be a string"),
    "case-only duplicate": (b"config: {}\nConfig: {}\n", "matches keys ignoring case"),
    "alias bomb": (alias_bomb(), "YAML aliases expand to"),
    "container config": (
        b"image: {image: 'a:1'}\n",
        "this is a crictl container config",
    ),
}


@pytest.mark.parametrize("content, expected", UNREADABLE.values(), ids=UNREADABLE)
def test_unreadable_input_exits_two(
    capsys: pytest.CaptureFixture[str],
    tmp_path: Path,
    content: bytes | None,
    expected: str,
) -> None:
    path = tmp_path / "input.yaml"
    if content is not None:
        path.write_bytes(content)

    code, out, err = run_validate(capsys, str(path))

    assert code == 2
    assert out == ""
    assert err.startswith(str(path))
    assert expected in err
    assert err.count("\n") == 1
    assert "Traceback" not in err


def test_directory_exits_two(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    code, _, err = run_validate(capsys, str(tmp_path))

    assert code == 2
    assert (
        err
        == f"{tmp_path}: is a directory; give the path of a JSON or YAML request file\n"
    )


def test_file_and_pair_together_is_usage_error(
    capsys: pytest.CaptureFixture[str], request_file: Path
) -> None:
    code, _, err = run_validate(capsys, str(request_file), "--config", "c.json")

    assert code == 2
    assert "--config cannot go with REQUEST_FILE" in err
    assert "give REQUEST_FILE alone" in err


def test_nothing_given_is_usage_error(capsys: pytest.CaptureFixture[str]) -> None:
    code, _, err = run_validate(capsys)

    assert code == 2
    assert "give a REQUEST_FILE" in err


def test_control_characters_escaped(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    path = tmp_path / "escape.yaml"
    path.write_text(VALID + '"bad\\e[31mkey": 1\n', encoding="utf-8")

    code, out, _ = run_validate(capsys, str(path))

    assert code == 0
    assert "\x1b" not in out
    assert "bad\\x1b[31mkey" in out


def test_log_written_to_file_not_terminal(
    capsys: pytest.CaptureFixture[str], request_file: Path, tmp_path: Path
) -> None:
    log = tmp_path / "logs" / "validate.log"

    code, out, err = run_validate(
        capsys, "--log", str(log), "--log-format", "json", "--debug", str(request_file)
    )

    assert code == 0
    records = [json.loads(line) for line in log.read_text().splitlines()]
    assert any(
        record["message"].startswith(f"validated {request_file}") for record in records
    )
    assert all(record["logger"].startswith("console") for record in records)
    assert "validated" not in err


def test_default_log_in_user_log_dir(
    capsys: pytest.CaptureFixture[str], request_file: Path, tmp_path: Path
) -> None:
    from console import settings

    run_validate(capsys, str(request_file))

    log = settings.log_dir() / "pod-console.log"
    assert "INFO console.cli.validate: validated" in log.read_text()


def test_top_level_log_option_kept(
    capsys: pytest.CaptureFixture[str], request_file: Path, tmp_path: Path
) -> None:
    log = tmp_path / "top.log"

    code = main(["--log", str(log), "validate", str(request_file)])
    capsys.readouterr()

    assert code == 0
    assert "validated" in log.read_text()


def test_second_run_logs_once(
    capsys: pytest.CaptureFixture[str], request_file: Path, tmp_path: Path
) -> None:
    first = tmp_path / "first.log"
    second = tmp_path / "second.log"

    run_validate(capsys, "--log", str(first), str(request_file))
    run_validate(capsys, "--log", str(second), str(request_file))

    assert first.read_text().count("validated") == 1
    assert second.read_text().count("validated") == 1


def test_unwritable_log_exits_two(
    capsys: pytest.CaptureFixture[str], request_file: Path, tmp_path: Path
) -> None:
    code, _, err = run_validate(capsys, "--log", str(tmp_path), str(request_file))

    assert code == 2
    assert "cannot open the log file" in err


def test_console_script_runs_bundled_example() -> None:
    example = str(EXAMPLES / "web-1.yaml")
    result = subprocess.run(
        [sys.executable, "-m", "console", "validate", example],
        capture_output=True,
        text=True,
        check=False,
        env={**os.environ},
    )

    assert result.returncode == 0, result.stderr
    assert result.stdout.endswith("the request is valid\n")
