"""The line forms of list fields, and where their issues show."""

from __future__ import annotations

from console.cri import check_request
from console.tui.compose.fields import FIELDS_BY_PATH, text_to_value, value_to_text
from console.tui.compose.lines import (
    DeviceLines,
    EnvLines,
    MapLines,
    MountLines,
    PortLines,
)
from console.tui.compose.review import shown_value
from console.tui.compose.state import ComposeState


def test_env_lines_split_at_first_equals() -> None:
    parsed = EnvLines().parse("A=1\n\nB=x=y\nC")
    assert parsed.value == [
        {"key": "A", "value": "1"},
        {"key": "B", "value": "x=y"},
        {"key": "C", "value": ""},
    ]
    assert parsed.entry_lines == (1, 3, 4)


def test_mount_lines_read_only_and_image_volume() -> None:
    parsed = MountLines().parse("/srv:/data:ro\n:/image-volume\n/a:/b")
    assert parsed.value[0] == {
        "host_path": "/srv",
        "container_path": "/data",
        "readonly": True,
    }
    assert parsed.value[1] == {"host_path": "", "container_path": "/image-volume"}
    assert parsed.value[2] == {"host_path": "/a", "container_path": "/b"}


def test_mount_lines_keep_fields_without_a_line_form() -> None:
    previous = [
        {"host_path": "/srv", "container_path": "/data", "propagation": 2},
    ]
    parsed = MountLines().parse("/other:/data:ro", previous)
    assert parsed.value == [
        {
            "host_path": "/other",
            "container_path": "/data",
            "propagation": 2,
            "readonly": True,
        }
    ]


def test_mount_lines_round_trip() -> None:
    codec = MountLines()
    value = [
        {"host_path": "/srv", "container_path": "/data", "readonly": True},
        {"host_path": "/a", "container_path": "/b"},
    ]
    assert codec.parse(codec.to_text(value), value).value == value


def test_device_lines_permissions_and_single_path() -> None:
    parsed = DeviceLines().parse("/dev/fuse\n/dev/sda:/dev/xvda:rw")
    assert parsed.value == [
        {"host_path": "/dev/fuse", "container_path": "/dev/fuse"},
        {"host_path": "/dev/sda", "container_path": "/dev/xvda", "permissions": "rw"},
    ]


def test_map_lines_report_a_repeated_key() -> None:
    parsed = MapLines().parse("app=web\ntier=front\napp=db")
    assert parsed.value == {"app": "web", "tier": "front"}
    assert parsed.key_lines == {"app": 1, "tier": 2}
    assert len(parsed.issues) == 1
    assert parsed.issues[0].line == 3
    assert "first on line 1" in parsed.issues[0].message


def test_port_lines_protocols_and_bad_numbers() -> None:
    parsed = PortLines().parse("80\n8080:80/udp\nabc/sctp\n53/dns")
    assert parsed.value == [
        {"container_port": 80},
        {"container_port": 8080, "host_port": 80, "protocol": 1},
        {"container_port": "abc", "protocol": 2},
        {"container_port": 53, "protocol": "dns"},
    ]


def test_port_lines_text_of_loaded_entries() -> None:
    text = PortLines().to_text(
        [
            {"container_port": 80, "host_port": 0, "protocol": 0},
            {"container_port": 53, "host_port": 5353, "protocol": 1},
        ]
    )
    assert text == "80\n53:5353/udp"


def test_byte_sizes_accept_units() -> None:
    memory = FIELDS_BY_PATH["config.linux.resources.memory_limit_in_bytes"]
    assert text_to_value(memory, "512Mi") == 512 * 2**20
    assert text_to_value(memory, "1G") == 10**9
    assert text_to_value(memory, "lots") == "lots"
    assert value_to_text(memory, 2**30) == "1Gi"


def test_wrapped_integer_reads_both_shapes() -> None:
    user = FIELDS_BY_PATH["config.linux.security_context.run_as_user"]
    assert text_to_value(user, "1000") == {"value": 1000}
    assert value_to_text(user, {"value": 0}) == "0"
    assert text_to_value(user, "") is None


def test_env_issue_points_at_its_line() -> None:
    state = ComposeState()
    state.edit(FIELDS_BY_PATH["config.envs"], "A=1\n\nB=2\n=3")
    placement = state.validate()
    texts = [item.text for item in placement.by_field["config.envs"]]
    assert any(text.startswith("line 4: ") for text in texts), texts


def test_label_issue_points_at_its_key_line() -> None:
    state = ComposeState()
    state.edit(FIELDS_BY_PATH["config.labels"], "app=web\napp=db")
    placement = state.validate()
    texts = [item.text for item in placement.by_field["config.labels"]]
    assert texts == [
        "line 2: key 'app' is set again here (first on line 1); keep one of the "
        "two lines"
    ]


def test_unknown_key_is_unplaced() -> None:
    state = ComposeState()
    state.load({"config": {"logDirectory": "/var/log"}})
    placement = state.validate()
    unplaced = [item.issue.path for item in placement.unplaced]
    assert "config.logDirectory" in unplaced


def test_edit_keeps_the_key_spelling_of_the_document() -> None:
    state = ComposeState()
    state.load({"config": {"Metadata": {"Name": "a"}}})
    state.edit(FIELDS_BY_PATH["config.metadata.name"], "b")
    assert state.document.data == {"config": {"Metadata": {"Name": "b"}}}


def test_emptied_field_is_removed() -> None:
    state = ComposeState()
    state.edit(FIELDS_BY_PATH["config.working_dir"], "/srv")
    state.edit(FIELDS_BY_PATH["config.working_dir"], "")
    assert state.document.get(("config", "working_dir")) is None


def test_form_values_validate_like_the_document() -> None:
    state = ComposeState()
    for path, text in {
        "pod_sandbox_id": "101",
        "config.metadata.name": "web",
        "config.image.image": "nginx",
        "config.envs": "A=1",
        "sandbox_config.port_mappings": "80:8080/udp",
    }.items():
        state.edit(FIELDS_BY_PATH[path], text)
    state.validate()
    direct = check_request(state.document.data)
    assert [issue.path for issue in state.issues] == [
        issue.path for issue in direct.issues
    ]


def test_env_value_with_line_break_locks_the_field() -> None:
    state = ComposeState()
    state.load({"config": {"envs": [{"key": "CERT", "value": "a\nb"}]}})
    envs = FIELDS_BY_PATH["config.envs"]
    reason = state.lock_reason(envs)
    assert reason is not None
    assert "raw view" in reason


def test_plain_lists_are_not_locked() -> None:
    state = ComposeState()
    state.load(
        {
            "config": {
                "envs": [{"key": "A", "value": "1"}],
                "command": ["sleep", "1"],
                "labels": {"app": "web"},
                "working_dir": "/srv",
            }
        }
    )
    for path in (
        "config.envs",
        "config.command",
        "config.labels",
        "config.working_dir",
    ):
        assert state.lock_reason(FIELDS_BY_PATH[path]) is None, path


def test_list_where_a_string_belongs_locks_the_field() -> None:
    state = ComposeState()
    state.load({"config": {"working_dir": ["/srv"]}})
    assert state.lock_reason(FIELDS_BY_PATH["config.working_dir"]) is not None


def test_review_hides_secret_env_values() -> None:
    shown = shown_value("env", "MODE=prod\0DB_PASSWORD=hunter2\0API_TOKEN=abc")
    assert "hunter2" not in shown
    assert "abc" not in shown
    assert "MODE=prod" in shown
    assert shown_value("hostname", "web") == "web"
