"""Reading config.toml: profiles, secrets, and the messages for bad files."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from console.settings import (
    Profile,
    SettingsError,
    config_file,
    load_settings,
    split_host,
    split_user,
)


def write_config(text: str, mode: int = 0o600) -> Path:
    path = config_file()
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    os.chmod(path, mode)
    return path


def test_missing_file_gives_defaults() -> None:
    settings = load_settings()

    assert settings.profiles == {}
    assert settings.default_profile is None
    assert settings.refresh_interval == 5.0


def test_full_profile_is_read(tmp_path: Path) -> None:
    secret_file = tmp_path / "lab.token"
    secret_file.write_text("aaaa-bbbb\n")
    secret_file.chmod(0o600)
    ca = tmp_path / "ca.pem"
    write_config(
        f"""
default_profile = "lab"
refresh_interval = 2.5
theme = "nord"

[keymap]
refresh = "ctrl+r"

[profiles.lab]
host = "pve.example.test:8443"
user = "ops@pve"
token_id = "console"
token_secret_file = "{secret_file}"
ca_file = "{ca}"
timeout = 30
read_only = true
rules = "seed"
""",
        mode=0o644,
    )

    settings = load_settings()
    profile = settings.profile("lab")

    assert settings.default_profile == "lab"
    assert settings.refresh_interval == 2.5
    assert settings.theme == "nord"
    assert settings.keymap == {"refresh": "ctrl+r"}
    assert profile.host == "pve.example.test"
    assert profile.port == 8443
    assert profile.user == "ops@pve"
    assert profile.token_id == "console"
    assert profile.token_secret is None
    assert profile.ca_file == ca
    assert profile.timeout == 30.0
    assert profile.read_only is True
    assert profile.rules == "seed"
    assert profile.with_secrets().token_secret == "aaaa-bbbb"


def test_secret_in_readable_file_is_refused() -> None:
    path = write_config(
        """
[profiles.lab]
host = "pve.example.test"
user = "ops@pve"
token_id = "console"
token_secret = "aaaa-bbbb"
""",
        mode=0o644,
    )

    with pytest.raises(SettingsError) as raised:
        load_settings()

    assert f"chmod 600 {path}" in raised.value.message
    assert "aaaa-bbbb" not in raised.value.message


def test_secret_in_private_file_is_read() -> None:
    write_config(
        """
[profiles.lab]
host = "pve.example.test"
user = "ops@pve!console"
token_secret = "aaaa-bbbb"
"""
    )

    profile = load_settings().profile("lab")

    assert profile.token_id == "console"
    assert profile.with_secrets().token_secret == "aaaa-bbbb"


def test_secret_never_in_repr() -> None:
    profile = Profile(name="x", token_secret="aaaa-bbbb", password="hunter22")

    assert "aaaa-bbbb" not in repr(profile)
    assert "hunter22" not in repr(profile)


def test_secret_from_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    write_config(
        """
[profiles.lab]
host = "pve.example.test"
user = "ops@pve"
token_id = "console"
token_secret_env = "LAB_SECRET"
""",
        mode=0o644,
    )
    profile = load_settings().profile("lab")

    with pytest.raises(SettingsError, match="LAB_SECRET"):
        profile.with_secrets()
    monkeypatch.setenv("LAB_SECRET", "cccc")
    assert profile.with_secrets().token_secret == "cccc"


def test_readable_secret_file_is_refused(tmp_path: Path) -> None:
    secret_file = tmp_path / "lab.token"
    secret_file.write_text("aaaa")
    secret_file.chmod(0o640)
    profile = Profile(
        name="lab",
        host="h",
        user="ops@pve",
        token_id="c",
        token_secret_file=secret_file,
    )

    with pytest.raises(SettingsError, match=f"chmod 600 {secret_file}"):
        profile.with_secrets()


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            '[profiles.lab]\nhost = "h"\nuser = "a@pve"\nport = "x"\n',
            ":4: profiles.lab.port",
        ),
        ('[profiles.lab]\nhost = "h"\nusr = "a@pve"\n', ":3: profiles.lab.usr"),
        ('colour = "red"\n', ":1: colour: unknown setting"),
        ('[profiles.lab]\nhost = "h"\nuser = "admin"\n', ":3: profiles.lab.user"),
        ('[profiles.lab]\nhost = "h"\nuser = "a@pve"\ninsecure = "yes"\n', ":4:"),
        ('[profiles.lab]\nhost = "h"\nuser = "a@pve"\nrules = "strict"\n', "rules"),
        ('[profiles.lab]\nhost = "h"\nuser = "a@pve"\ntimeout = 0\n', "timeout"),
        ('[profiles.lab]\nhost = "h:99999"\nuser = "a@pve"\n', "profiles.lab.host"),
        ('default_profile = "nope"\n', "default_profile: no profile 'nope'"),
        ("[profiles.lab\n", "invalid TOML"),
    ],
)
def test_bad_file_names_key_and_line(text: str, expected: str) -> None:
    write_config(text)

    with pytest.raises(SettingsError) as raised:
        load_settings()

    assert expected in raised.value.message
    assert "\n" not in raised.value.message


def test_unknown_key_suggests_the_known_one() -> None:
    write_config('[profiles.lab]\nhost = "h"\nuser = "a@pve"\ntoken_secrt_env = "X"\n')

    with pytest.raises(SettingsError, match="did you mean token_secret_env"):
        load_settings()


def test_token_without_secret_is_refused() -> None:
    write_config('[profiles.lab]\nhost = "h"\nuser = "a@pve"\ntoken_id = "console"\n')

    with pytest.raises(SettingsError, match="token_id: needs exactly one"):
        load_settings()


def test_password_profile_needs_password() -> None:
    write_config('[profiles.lab]\nhost = "h"\nuser = "a@pve"\n')

    profile = load_settings().profile("lab")

    assert profile.needs_password


def test_unknown_profile_lists_known_ones() -> None:
    write_config('[profiles.lab]\nhost = "h"\nuser = "a@pve"\n')

    with pytest.raises(SettingsError, match=r"profiles: lab"):
        load_settings().profile("prod")


def test_local_and_ssh_backends() -> None:
    write_config(
        """
[profiles.here]
backend = "local"

[profiles.remote]
backend = "ssh"
host = "pve1.example.test"
user = "root"
"""
    )

    settings = load_settings()

    assert settings.profile("here").backend == "local"
    assert settings.profile("remote").port == 22
    assert settings.profile("remote").user == "root"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("pve", ("pve", None)),
        ("pve:8443", ("pve", 8443)),
        ("[::1]:8006", ("::1", 8006)),
        ("::1", ("::1", None)),
        ("[fd00::5]", ("fd00::5", None)),
    ],
)
def test_split_host(text: str, expected: tuple[str, int | None]) -> None:
    assert split_host(text) == expected


def test_split_user() -> None:
    assert split_user("ops@pve") == ("ops@pve", None)
    assert split_user("root@pam!console") == ("root@pam", "console")
    with pytest.raises(ValueError):
        split_user("root")


def test_documented_example_is_valid() -> None:
    from console.settings import reader

    doc = reader.__doc__ or ""
    example = "\n".join(
        line[4:] for line in doc.splitlines() if line.startswith("    ")
    )
    write_config(example)

    settings = load_settings()

    assert settings.default_profile == "lab"
    assert settings.profile("lab").token_id == "console"
    assert settings.profile("lab").ca_file == config_file().parent / "pve-root-ca.pem"
