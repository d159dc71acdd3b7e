"""Which profile the command-line options choose, and how they change it."""

from __future__ import annotations

import argparse
import os
from pathlib import Path

import pytest

from console.cli.connect import choose_profile
from console.proxmox.connection import ConnectionFailed
from console.settings import Profile, Settings


def options(**values: object) -> argparse.Namespace:
    defaults: dict[str, object] = {
        "demo": False,
        "profile": None,
        "host": None,
        "user": None,
        "ca_file": None,
        "insecure": False,
        "timeout": None,
    }
    return argparse.Namespace(**{**defaults, **values})


def profile(name: str) -> Profile:
    return Profile(name=name, host=f"{name}.example.test", user="ops@pve", password="x")


@pytest.fixture(autouse=True)
def no_pvesh(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("PATH", os.defpath.replace("/usr/bin", "/nonexistent"))


def test_named_profile_wins() -> None:
    settings = Settings(
        profiles={"a": profile("a"), "b": profile("b")}, default_profile="a"
    )

    assert choose_profile(options(profile="b"), settings).name == "b"


def test_default_profile() -> None:
    settings = Settings(
        profiles={"a": profile("a"), "b": profile("b")}, default_profile="b"
    )

    assert choose_profile(options(), settings).name == "b"


def test_only_profile_needs_no_name() -> None:
    settings = Settings(profiles={"a": profile("a")})

    assert choose_profile(options(), settings).name == "a"


def test_several_profiles_need_a_choice() -> None:
    settings = Settings(profiles={"a": profile("a"), "b": profile("b")})

    with pytest.raises(ConnectionFailed, match=r"--profile NAME \(a, b\)"):
        choose_profile(options(), settings)


def test_unknown_profile_lists_known() -> None:
    settings = Settings(profiles={"a": profile("a")})

    with pytest.raises(ConnectionFailed, match="no profile named 'c'"):
        choose_profile(options(profile="c"), settings)


def test_host_and_profile_conflict() -> None:
    with pytest.raises(ConnectionFailed, match="either --host or --profile"):
        choose_profile(options(host="pve", profile="a"), Settings())


def test_host_with_token_from_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("PVE_TOKEN_NAME", "ops@pve!console")
    monkeypatch.setenv("PVE_TOKEN_VALUE", "aaaa-bbbb")

    chosen = choose_profile(options(host="[fd00::5]:8443", user="ops@pve"))

    assert chosen.host == "fd00::5"
    assert chosen.port == 8443
    assert chosen.address == "[fd00::5]:8443"
    assert chosen.token_id == "console"
    assert chosen.token_secret == "aaaa-bbbb"
    assert chosen.password is None


def test_host_with_password_from_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("PVE_PASSWORD", "hunter22")

    chosen = choose_profile(options(host="pve", user="root@pam"))

    assert chosen.port == 8006
    assert chosen.password == "hunter22"
    assert not chosen.uses_token


def test_host_token_without_value(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("PVE_TOKEN_NAME", "console")

    with pytest.raises(ConnectionFailed, match="PVE_TOKEN_VALUE"):
        choose_profile(options(host="pve", user="ops@pve"))


def test_host_needs_user() -> None:
    with pytest.raises(ConnectionFailed, match="--host needs --user"):
        choose_profile(options(host="pve"))


def test_bad_user_is_explained() -> None:
    with pytest.raises(ConnectionFailed, match="--user: 'root' is not a Proxmox user"):
        choose_profile(options(host="pve", user="root"))


def test_options_override_profile(tmp_path: Path) -> None:
    insecure = Profile(name="a", host="h", user="ops@pve", insecure=True)
    settings = Settings(profiles={"a": insecure})

    with_ca = choose_profile(
        options(ca_file=str(tmp_path / "ca.pem"), timeout=3), settings
    )
    without_check = choose_profile(
        options(insecure=True), Settings(profiles={"a": profile("a")})
    )

    assert with_ca.ca_file == tmp_path / "ca.pem"
    assert not with_ca.insecure
    assert with_ca.timeout == 3.0
    assert without_check.insecure
    assert without_check.ca_file is None
