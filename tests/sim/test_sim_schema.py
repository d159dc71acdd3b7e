"""The simulator's own property-string parser and parameter checks."""

from __future__ import annotations

import pytest

from console.sim.errors import ParameterError
from console.sim.lxc_schema import CREATE_PARAMS
from console.sim.normalise import normalise_net, normalise_tags
from console.sim.propstring import PropertyStringError, parse_property_string
from console.sim.schema import check_params

KEYS = frozenset({"volume", "size", "ro"})


def test_bare_value_is_default_key() -> None:
    parsed = parse_property_string("local-lvm:8,ro=1", KEYS, "volume")
    assert parsed == {"volume": "local-lvm:8", "ro": "1"}


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("size=8G,oops", "missing key in comma-separated list property"),
        ("a,b", "missing key in comma-separated list property"),
        ("colour=red", "invalid key in comma-separated list property: colour"),
        ("ro=1,ro=0", "duplicate key in comma-separated list property: ro"),
    ],
)
def test_property_string_errors(text: str, message: str) -> None:
    default = "volume" if text == "a,b" else None
    with pytest.raises(PropertyStringError) as caught:
        parse_property_string(text, KEYS, default)
    assert str(caught.value) == message


def test_net_normalised_name_first() -> None:
    text = normalise_net("ip=dhcp,bridge=vmbr0,name=eth0,hwaddr=bc:24:11:00:00:01", "x")
    assert text == "name=eth0,bridge=vmbr0,hwaddr=BC:24:11:00:00:01,ip=dhcp,type=veth"


def test_tags_sorted_and_deduplicated() -> None:
    assert normalise_tags("b c;A,a  b") == "a;b;c"


@pytest.mark.parametrize(
    ("name", "value", "message"),
    [
        ("vmid", "1000000000", "value must have a maximum value of 999999999"),
        ("vmid", "abc", "type check ('integer') failed - got 'abc'"),
        ("cores", "0", "value must have a minimum value of 1"),
        ("onboot", "yes", "type check ('boolean') failed - got 'yes'"),
        ("password", "abc", "value must be at least 5 characters long"),
        ("cmode", "pty", "value 'pty' does not have a value in the enumeration "
         "'shell, console, tty'"),
        ("hostname", "-bad", "invalid format - value does not look like a valid DNS "
         "name\n"),
        ("net0", "bridge=vmbr0", "invalid format - format error\nnet0.name: property "
         "is missing and it is not optional\n"),
        ("net32", "name=eth0", "property is not defined in schema and the schema does "
         "not allow additional properties"),
        ("tags", "ok;b@d", "invalid format - invalid tag 'b@d'\n"),
        ("nameserver", "10.0.0.1 nope", "invalid format - value 'nope' does not look "
         "like a valid IP address\n"),
    ],
)  # fmt: skip
def test_create_parameter_checks(name: str, value: str, message: str) -> None:
    raw = {"node": "pve1", "vmid": "200", "ostemplate": "local:vztmpl/x.tar"}
    raw[name] = value
    with pytest.raises(ParameterError) as caught:
        check_params(CREATE_PARAMS, raw, (9, 1))
    assert caught.value.errors == {name: message}


def test_good_parameters_converted() -> None:
    raw = {
        "node": "pve1",
        "vmid": "200",
        "ostemplate": "local:vztmpl/x.tar",
        "start": "1",
        "cpulimit": "1.5",
        "net0": "name=eth0,bridge=vmbr0,ip=10.0.0.2/24,gw=10.0.0.1,ip6=auto",
    }
    values = check_params(CREATE_PARAMS, raw, (9, 1))
    assert values["vmid"] == 200
    assert values["start"] == 1
    assert values["cpulimit"] == 1.5
