"""Reading input as crictl does: key spellings, enums, wrappers, scalars, shapes."""

from __future__ import annotations

from typing import Any

import pytest

from console.cri import check_request
from console.cri.enums import MountPropagation, NamespaceMode, Protocol, Signal

from .conftest import IssuesAt

ERROR = "error"
WARNING = "warning"


def test_keys_match_case_insensitively(valid: dict[str, Any]) -> None:
    valid["sandbox_config"]["LOG_DIRECTORY"] = valid["sandbox_config"].pop(
        "log_directory"
    )
    valid["config"]["Metadata"] = {"Name": "web"}
    del valid["config"]["metadata"]

    checked = check_request(valid)

    assert checked.issues == []
    assert checked.request.sandbox_config is not None
    assert checked.request.sandbox_config.log_directory.startswith("/var/log/pods")
    assert checked.request.config is not None
    assert checked.request.config.metadata is not None
    assert checked.request.config.metadata.name == "web"


def test_camel_case_key_is_read_with_warning(
    valid: dict[str, Any], issues_at: IssuesAt
) -> None:
    sandbox = valid["sandbox_config"]
    sandbox["logDirectory"] = sandbox.pop("log_directory")

    checked = check_request(valid)

    assert checked.request.sandbox_config is not None
    assert checked.request.sandbox_config.log_directory == sandbox["logDirectory"]
    assert issues_at(valid, "sandbox_config.log_directory") == [
        ("crictl-dialect", WARNING)
    ]
    assert "write `log_directory`" in checked.issues[0].message


@pytest.mark.parametrize("key", ["uidMappings", "uid_mappings", "UIDMAPPINGS"])
def test_odd_proto_name_uid_mappings(valid: dict[str, Any], key: str) -> None:
    valid["config"]["mounts"][0][key] = [
        {"host_id": 100000, "container_id": 0, "length": 65536}
    ]

    checked = check_request(valid)

    assert checked.request.config is not None
    mapping = checked.request.config.mounts[0].uid_mappings[0]
    assert mapping.host_id == 100000
    assert mapping.length == 65536


@pytest.mark.parametrize(
    ("key", "dialect_warning"),
    [("CDI_devices", False), ("cdi_devices", False), ("CDIDevices", True)],
)
def test_odd_proto_name_cdi_devices(
    valid: dict[str, Any], key: str, dialect_warning: bool
) -> None:
    valid["config"][key] = [{"name": "vendor.com/gpu=0"}]

    checked = check_request(valid)

    assert checked.request.config is not None
    assert checked.request.config.cdi_devices[0].name == "vendor.com/gpu=0"
    assert bool(checked.issues) is dialect_warning


@pytest.mark.parametrize(
    ("value", "expected", "codes"),
    [
        (1, Protocol.UDP, []),
        ("UDP", Protocol.UDP, ["crictl-dialect"]),
        ("sctp", Protocol.SCTP, ["crictl-dialect"]),
        (" tcp ", Protocol.TCP, ["crictl-dialect"]),
    ],
)
def test_enum_numbers_and_names(
    valid: dict[str, Any], value: object, expected: Protocol, codes: list[str]
) -> None:
    valid["sandbox_config"]["port_mappings"][0]["protocol"] = value

    checked = check_request(valid)

    assert checked.request.sandbox_config is not None
    assert checked.request.sandbox_config.port_mappings[0].protocol is expected
    assert [issue.code for issue in checked.issues] == codes


@pytest.mark.parametrize("value", [15, "SIGNAL_SIGPOLL", "SIGPOLL", "sigpoll"])
def test_signal_names_new_and_old(valid: dict[str, Any], value: object) -> None:
    valid["config"]["stop_signal"] = value

    checked = check_request(valid)

    assert checked.request.config is not None
    assert checked.request.config.stop_signal is Signal.SIGNAL_SIGPOLL


def test_enum_names_of_other_enums(valid: dict[str, Any]) -> None:
    valid["config"]["mounts"][0]["propagation"] = "PROPAGATION_BIDIRECTIONAL"
    context = valid["config"]["linux"]["security_context"]
    context["namespace_options"] = {"pid": "container", "network": 2}
    context["seccomp"] = {"profile_type": "Localhost", "localhost_ref": "/s.json"}

    checked = check_request(valid)

    config = checked.request.config
    assert config is not None and config.linux is not None
    security = config.linux.security_context
    assert security is not None and security.namespace_options is not None
    assert config.mounts[0].propagation is MountPropagation.PROPAGATION_BIDIRECTIONAL
    assert security.namespace_options.pid is NamespaceMode.CONTAINER
    assert security.namespace_options.network is NamespaceMode.NODE
    assert security.seccomp is not None
    assert security.seccomp.profile_type.name == "Localhost"


def test_unknown_enum_number_is_error(
    valid: dict[str, Any], issues_at: IssuesAt
) -> None:
    valid["config"]["stop_signal"] = 66

    assert issues_at(valid, "config.stop_signal") == [("enum-value", ERROR)]


def test_run_as_user_wrapper_and_bare(
    valid: dict[str, Any], issues_at: IssuesAt
) -> None:
    context = valid["config"]["linux"]["security_context"]
    context["run_as_user"] = 0

    checked = check_request(valid)

    assert checked.request.config is not None
    linux = checked.request.config.linux
    assert linux is not None and linux.security_context is not None
    assert linux.security_context.run_as_user is not None
    assert linux.security_context.run_as_user.value == 0
    assert issues_at(valid, "config.linux.security_context.run_as_user") == [
        ("crictl-dialect", WARNING)
    ]


def test_run_as_user_presence(valid: dict[str, Any]) -> None:
    context = valid["config"]["linux"]["security_context"]
    context["run_as_user"] = {"value": 0}
    root = check_request(valid).request
    del context["run_as_user"]
    context["run_as_username"] = "nobody"
    absent = check_request(valid).request

    assert root.config is not None and root.config.linux is not None
    assert root.config.linux.security_context is not None
    assert root.config.linux.security_context.run_as_user is not None
    assert absent.config is not None and absent.config.linux is not None
    assert absent.config.linux.security_context is not None
    assert absent.config.linux.security_context.run_as_user is None


def test_yaml_scalars_become_strings(valid: dict[str, Any]) -> None:
    valid["config"]["command"] = ["sleep", 9999]
    valid["config"]["labels"] = {"batch": False, "version": 1.1, 7: "seven"}

    checked = check_request(valid)

    assert checked.issues == []
    assert checked.request.config is not None
    assert checked.request.config.command == ["sleep", "9999"]
    assert checked.request.config.labels == {
        "batch": "false",
        "version": "1.1",
        "7": "seven",
    }


def test_env_value_scalar_is_warned(valid: dict[str, Any], issues_at: IssuesAt) -> None:
    valid["config"]["envs"] = [{"key": "PORT", "value": 8080}]

    checked = check_request(valid)

    assert checked.request.config is not None
    assert checked.request.config.envs[0].value == "8080"
    assert issues_at(valid, "config.envs[0].value") == [("env-value-scalar", WARNING)]


def test_empty_values_mean_not_set(valid: dict[str, Any]) -> None:
    valid["config"]["working_dir"] = ""
    valid["config"]["stdin"] = False
    valid["config"]["metadata"]["attempt"] = 0
    valid["sandbox_config"]["port_mappings"][0]["host_port"] = 0
    valid["config"]["labels"] = {}
    valid["config"]["annotations"] = None

    assert check_request(valid).issues == []


@pytest.mark.parametrize(
    ("path", "value", "found"),
    [
        (("config", "command"), "nginx", "a string"),
        (("config", "envs"), {"A": "1"}, "a mapping"),
        (("config", "metadata"), "web", "a string"),
        (("config", "tty"), "yes", "a string"),
        (("config", "labels"), ["a=b"], "a list"),
        (("config", "metadata", "attempt"), 1.5, "a number (1.5)"),
        (("config", "metadata", "attempt"), 1e21, "a number (1e+21)"),
        (("config", "metadata", "attempt"), True, "a boolean (true)"),
        (("sandbox_config", "port_mappings"), 80, "an integer (80)"),
    ],
)
def test_wrong_shape_is_type_mismatch(
    valid: dict[str, Any], path: tuple[str, ...], value: object, found: str
) -> None:
    node = valid
    for part in path[:-1]:
        node = node[part]
    node[path[-1]] = value

    checked = check_request(valid)

    dotted = ".".join(path)
    (issue,) = [issue for issue in checked.issues if issue.path == dotted]
    assert issue.code == "type-mismatch"
    assert issue.message.startswith(f"`{dotted}` should be ")
    assert issue.message.endswith(f"found {found}")


def test_command_as_string_message(valid: dict[str, Any]) -> None:
    valid["config"]["command"] = "nginx -g 'daemon off;'"

    (issue,) = check_request(valid).issues

    assert (
        issue.message == "`config.command` should be a list of strings, found a string"
    )


def test_bad_field_left_unset(valid: dict[str, Any]) -> None:
    valid["config"]["metadata"] = "web"

    checked = check_request(valid)

    assert checked.request.config is not None
    assert checked.request.config.metadata is None
    assert checked.request.config.command == ["nginx"]
    assert [issue.path for issue in checked.issues] == ["config.metadata"]


def test_bad_list_element_keeps_indexes(
    valid: dict[str, Any], issues_at: IssuesAt
) -> None:
    valid["config"]["envs"] = ["A=1", {"key": "B", "value": "2"}, {"key": "B"}]

    checked = check_request(valid)

    assert issues_at(valid, "config.envs[0]") == [("type-mismatch", ERROR)]
    assert issues_at(valid, "config.envs[0].key") == []
    assert issues_at(valid, "config.envs[2].key") == [("env-key-duplicate", ERROR)]
    assert checked.request.config is not None
    assert checked.request.config.envs[1].key == "B"


@pytest.mark.parametrize(
    ("path", "value"),
    [
        (("config", "metadata", "attempt"), -1),
        (("config", "metadata", "attempt"), 2**32),
        (("sandbox_config", "port_mappings", 0, "container_port"), 2**31),
        (("config", "linux", "security_context", "run_as_user", "value"), 2**63),
        (("config", "linux", "security_context", "run_as_user", "value"), 10**5000),
    ],
    ids=["negative-uint32", "uint32-overflow", "int32-overflow", "int64", "huge"],
)
def test_integer_out_of_type_range(
    valid: dict[str, Any], path: tuple[str | int, ...], value: int
) -> None:
    node: Any = valid
    for part in path[:-1]:
        node = node[part]
    node[path[-1]] = value

    checked = check_request(valid)

    dotted = ".".join(str(part) for part in path).replace(".0.", "[0].")
    assert [(issue.path, issue.code) for issue in checked.issues] == [
        (dotted, "int-range")
    ]


def test_unknown_key_suggests_nearest(valid: dict[str, Any]) -> None:
    valid["sandbox_config"]["log_directry"] = "/var/log"

    (issue,) = check_request(valid).issues

    assert issue.path == "sandbox_config.log_directry"
    assert issue.code == "unknown-key"
    assert issue.severity.value == WARNING
    assert issue.message.endswith("did you mean `log_directory`?")


def test_unknown_key_without_near_match_lists_fields(valid: dict[str, Any]) -> None:
    valid["config"]["metadata"]["tier"] = "frontend"

    (issue,) = check_request(valid).issues

    assert issue.message.endswith("known fields: name, attempt")


def test_case_variants_of_one_key_warn(
    valid: dict[str, Any], issues_at: IssuesAt
) -> None:
    valid["config"]["metadata"] = {"name": "first", "Name": "last"}

    checked = check_request(valid)

    assert checked.request.config is not None
    assert checked.request.config.metadata is not None
    assert checked.request.config.metadata.name == "last"
    assert issues_at(valid, "config.metadata.name") == [("duplicate-key", WARNING)]


def test_plan_shape_privileged_is_moved(
    valid: dict[str, Any], issues_at: IssuesAt
) -> None:
    valid["config"]["privileged"] = True

    checked = check_request(valid)

    assert checked.request.config is not None and checked.request.config.linux
    context = checked.request.config.linux.security_context
    assert context is not None and context.privileged is True
    assert context.run_as_user is not None
    path = "config.linux.security_context.privileged"
    assert issues_at(valid, path) == [("plan-shape", WARNING)]


def test_plan_shape_security_context_is_moved(
    valid: dict[str, Any], issues_at: IssuesAt
) -> None:
    del valid["config"]["linux"]
    valid["config"]["security_context"] = {
        "privileged": True,
        "run_as_user": {"value": 7},
    }

    checked = check_request(valid)

    assert checked.request.config is not None and checked.request.config.linux
    context = checked.request.config.linux.security_context
    assert context is not None and context.privileged is True
    assert context.run_as_user is not None and context.run_as_user.value == 7
    assert issues_at(valid, "config.linux.security_context") == [
        ("plan-shape", WARNING)
    ]


def test_plan_shape_context_loses_to_linux_one(
    valid: dict[str, Any], issues_at: IssuesAt
) -> None:
    valid["config"]["security_context"] = {"run_as_user": {"value": 7}}

    checked = check_request(valid)

    assert checked.request.config is not None and checked.request.config.linux
    context = checked.request.config.linux.security_context
    assert context is not None and context.run_as_user is not None
    assert context.run_as_user.value == 1000
    assert issues_at(valid, "config.security_context") == [("plan-shape", WARNING)]


def test_plan_shape_checks_moved_values(
    valid: dict[str, Any], issues_at: IssuesAt
) -> None:
    del valid["config"]["linux"]
    valid["config"]["security_context"] = {"run_as_group": {"value": 1}}

    path = "config.linux.security_context.run_as_group"
    assert issues_at(valid, path) == [("group-without-user", ERROR)]


@pytest.mark.parametrize(
    ("path", "key", "belongs"),
    [
        (("sandbox_config",), "resources", "sandbox_config.linux.resources"),
        (
            ("config",),
            "readonly_rootfs",
            "config.linux.security_context.readonly_rootfs",
        ),
        ((), "log_directory", "sandbox_config.log_directory"),
    ],
)
def test_misplaced_key_names_its_place(
    valid: dict[str, Any], path: tuple[str, ...], key: str, belongs: str
) -> None:
    node = valid
    for part in path:
        node = node[part]
    node[key] = {} if key == "resources" else "/x" if key == "log_directory" else True

    (issue,) = check_request(valid).issues

    assert issue.code == "unknown-key"
    assert issue.message.endswith(f"it belongs at `{belongs}`")


def test_integral_float_reads_as_integer(valid: dict[str, Any]) -> None:
    valid["config"]["metadata"]["attempt"] = 2.0
    valid["sandbox_config"]["port_mappings"][0]["protocol"] = 1.0

    checked = check_request(valid)

    assert checked.issues == []
    assert checked.request.config is not None
    assert checked.request.config.metadata is not None
    assert checked.request.config.metadata.attempt == 2
    assert checked.request.sandbox_config is not None
    assert checked.request.sandbox_config.port_mappings[0].protocol is Protocol.UDP


def test_camel_case_duplicate_keeps_crictl_key(
    valid: dict[str, Any], issues_at: IssuesAt
) -> None:
    sandbox = valid["sandbox_config"]
    sandbox["log_directory"] = "/var/log/pods/read-by-crictl"
    sandbox["logDirectory"] = "/var/log/pods/ignored-by-crictl"

    checked = check_request(valid)

    assert checked.request.sandbox_config is not None
    assert (
        checked.request.sandbox_config.log_directory == "/var/log/pods/read-by-crictl"
    )
    assert issues_at(valid, "sandbox_config.log_directory") == [
        ("duplicate-key", WARNING)
    ]


def test_crictl_key_after_camel_case_wins(
    valid: dict[str, Any], issues_at: IssuesAt
) -> None:
    sandbox = valid["sandbox_config"]
    del sandbox["log_directory"]
    sandbox["logDirectory"] = "/var/log/pods/ignored-by-crictl"
    sandbox["log_directory"] = "/var/log/pods/read-by-crictl"

    checked = check_request(valid)

    assert checked.request.sandbox_config is not None
    assert (
        checked.request.sandbox_config.log_directory == "/var/log/pods/read-by-crictl"
    )
    assert issues_at(valid, "sandbox_config.log_directory") == [
        ("crictl-dialect", WARNING),
        ("duplicate-key", WARNING),
    ]
