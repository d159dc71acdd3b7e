"""Stable rule codes of the request checks, with what each one catches.

Codes are part of the console's output (`[CODE]` in text, `code` in JSON), so a
code keeps its meaning once released. `RULE_CODES` lists every code the `cri`
package emits.
"""

from __future__ import annotations

# Shape of the input: what the normaliser finds while reading a mapping.
TYPE_MISMATCH = "type-mismatch"
INT_RANGE = "int-range"
ENUM_VALUE = "enum-value"
UNKNOWN_KEY = "unknown-key"
DUPLICATE_KEY = "duplicate-key"
CRICTL_DIALECT = "crictl-dialect"
ENV_VALUE_SCALAR = "env-value-scalar"
PLAN_SHAPE = "plan-shape"

# Request rules.
SANDBOX_ID_REQUIRED = "sandbox-id-required"
CONTAINER_NAME_REQUIRED = "container-name-required"
CONTAINER_NAME_LENGTH = "container-name-length"
IMAGE_REQUIRED = "image-required"
IMAGE_REFERENCE = "image-reference"
IMAGE_ID = "image-id"
ENTRYPOINT_DEFAULT = "entrypoint-default"
COMMAND_ELEMENT_EMPTY = "command-element-empty"
COMMAND_ELEMENT_LENGTH = "command-element-length"
ARGS_ELEMENT_LENGTH = "args-element-length"
PATH_REQUIRED = "path-required"
PATH_NOT_ABSOLUTE = "path-not-absolute"
PATH_PARENT_SEGMENT = "path-parent-segment"
PATH_LENGTH = "path-length"
ENV_KEY_EMPTY = "env-key-empty"
ENV_KEY_CHARACTER = "env-key-character"
ENV_KEY_LENGTH = "env-key-length"
ENV_KEY_DUPLICATE = "env-key-duplicate"
ENV_VALUE_NUL = "env-value-nul"
ENV_VALUE_LENGTH = "env-value-length"
MOUNT_IMAGE_HOST_PATH = "mount-image-host-path"
DEVICE_PERMISSIONS = "device-permissions"
ID_RANGE = "id-range"
GROUP_WITHOUT_USER = "group-without-user"
SECURITY_PROFILE = "security-profile"
SANDBOX_NAME_REQUIRED = "sandbox-name-required"
SANDBOX_NAMESPACE_REQUIRED = "sandbox-namespace-required"
SANDBOX_UID_MISSING = "sandbox-uid-missing"
HOSTNAME_SYNTAX = "hostname-syntax"
HOSTNAME_LENGTH = "hostname-length"
LOG_PATH_WITHOUT_DIRECTORY = "log-path-without-directory"
CONTAINER_PORT_RANGE = "container-port-range"
HOST_PORT_RANGE = "host-port-range"
DNS_SERVER = "dns-server"
DNS_SEARCH = "dns-search"

RULE_CODES: dict[str, str] = {
    TYPE_MISMATCH: "a value of the wrong type (a string where a list is expected, ...)",
    INT_RANGE: "an integer outside its proto type's range",
    ENUM_VALUE: "an enum number or name the proto does not define",
    UNKNOWN_KEY: "a key the proto does not know, which crictl ignores",
    DUPLICATE_KEY: "two spellings of the same field in one mapping; the last wins",
    CRICTL_DIALECT: "a camelCase key, enum name or bare run_as_user crictl cannot read",
    ENV_VALUE_SCALAR: "an env value YAML typed as a number or boolean",
    PLAN_SHAPE: "config.privileged / config.security_context moved under linux",
    SANDBOX_ID_REQUIRED: "pod_sandbox_id is empty",
    CONTAINER_NAME_REQUIRED: "config.metadata.name is empty",
    CONTAINER_NAME_LENGTH: "config.metadata.name is over 63 characters",
    IMAGE_REQUIRED: "config.image.image is empty",
    IMAGE_REFERENCE: "the image is no reference with a tag or digest, nor a template",
    IMAGE_ID: "the image is a bare image id, which exists in one runtime's store only",
    ENTRYPOINT_DEFAULT: "command and args are both empty",
    COMMAND_ELEMENT_EMPTY: "an empty command element",
    COMMAND_ELEMENT_LENGTH: "a command element over 1024 characters",
    ARGS_ELEMENT_LENGTH: "an args element over 1024 characters",
    PATH_REQUIRED: "a required path is empty",
    PATH_NOT_ABSOLUTE: "a path that must be absolute is relative",
    PATH_PARENT_SEGMENT: "a path with a `..` segment (seed: `..` anywhere)",
    PATH_LENGTH: "a path over 4096 characters",
    ENV_KEY_EMPTY: "an env entry without a key",
    ENV_KEY_CHARACTER: "an env key containing `=` or NUL",
    ENV_KEY_LENGTH: "an env key over 63 characters",
    ENV_KEY_DUPLICATE: "the same env key twice",
    ENV_VALUE_NUL: "an env value containing NUL",
    ENV_VALUE_LENGTH: "an env value over 4096 characters",
    MOUNT_IMAGE_HOST_PATH: "an image-volume mount with a host_path",
    DEVICE_PERMISSIONS: "device permissions other than a combination of r, w, m",
    ID_RANGE: "a user or group id outside 0 to 2^31-1",
    GROUP_WITHOUT_USER: "run_as_group set without a user",
    SECURITY_PROFILE: "a seccomp or AppArmor profile in no accepted form",
    SANDBOX_NAME_REQUIRED: "sandbox_config.metadata.name is empty",
    SANDBOX_NAMESPACE_REQUIRED: "sandbox_config.metadata.namespace is empty",
    SANDBOX_UID_MISSING: "sandbox_config.metadata.uid is empty",
    HOSTNAME_SYNTAX: "a sandbox hostname that is no DNS name",
    HOSTNAME_LENGTH: "a sandbox hostname over 64 characters (seed: 63)",
    LOG_PATH_WITHOUT_DIRECTORY: "log_path set while log_directory is empty",
    CONTAINER_PORT_RANGE: "a container_port outside 1..65535",
    HOST_PORT_RANGE: "a host_port outside 0..65535 (seed: 1..65535)",
    DNS_SERVER: "a DNS server that is no IP address",
    DNS_SEARCH: "a DNS search domain that is no DNS name",
}
