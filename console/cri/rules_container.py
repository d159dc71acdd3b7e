"""Rules on the container config: name, image, command, env, mounts, devices."""

from __future__ import annotations

from console.cri import codes
from console.cri.findings import Findings
from console.cri.image_reference import ImageKind, parse_image
from console.cri.models import ContainerConfig, ImageSpec
from console.cri.rules_paths import check_path
from console.cri.shapes import quote

NAME_MAX = 63
ELEMENT_MAX = 1024
ENV_KEY_MAX = 63
ENV_VALUE_MAX = 4096
DEVICE_PERMISSIONS = frozenset("rwm")
_EXAMPLES = (
    "a reference with a tag such as `docker.io/library/alpine:3.20`, one with a "
    "digest (`name@sha256:<64 hex digits>`) or a template volume such as "
    "`local:vztmpl/debian-12-standard_12.7-1_amd64.tar.zst`"
)


def check_container(findings: Findings, config: ContainerConfig) -> None:
    """Apply the container rules to `config` (reported under `config.`)."""
    check_name(findings, config)
    check_image(findings, "config.image", config.image)
    check_entrypoint(findings, config)
    check_path(findings, "config.working_dir", config.working_dir)
    check_envs(findings, config)
    check_mounts(findings, config)
    check_devices(findings, config)


def check_name(findings: Findings, config: ContainerConfig) -> None:
    name = config.metadata.name if config.metadata is not None else ""
    path = "config.metadata.name"
    if not name:
        findings.error(
            path,
            codes.CONTAINER_NAME_REQUIRED,
            f"`{path}` is empty: name the container (it becomes the hostname)",
        )
    elif len(name) > NAME_MAX:
        findings.error(
            path,
            codes.CONTAINER_NAME_LENGTH,
            f"`{path}` is {quote(name, 24)}: use at most {NAME_MAX} characters",
        )


def check_image(findings: Findings, prefix: str, spec: ImageSpec | None) -> None:
    """Check the image string of an ImageSpec found at `prefix`."""
    path = f"{prefix}.image"
    image = spec.image if spec is not None else ""
    if not image:
        findings.error(
            path, codes.IMAGE_REQUIRED, f"`{path}` is empty: set {_EXAMPLES}"
        )
        return

    parsed = parse_image(image)
    if parsed.kind is ImageKind.IMAGE_ID:
        findings.error(
            path,
            codes.IMAGE_ID,
            f"`{path}` is the image id {quote(image, 24)}, which exists only in one "
            f"runtime's image store: use {_EXAMPLES}",
        )
    elif parsed.kind is ImageKind.INVALID:
        findings.error(
            path,
            codes.IMAGE_REFERENCE,
            f"`{path}` is {quote(image)}, not a valid image reference because "
            f"{parsed.problem}: use {_EXAMPLES}",
        )
    elif parsed.kind is ImageKind.REFERENCE and not (parsed.tag or parsed.digest):
        findings.error(
            path,
            codes.IMAGE_REFERENCE,
            f"`{path}` is {quote(image)}, which has no tag or digest: add one, "
            f"as in `{parsed.name}:<tag>` or `{parsed.name}@sha256:<64 hex digits>`",
        )


def check_entrypoint(findings: Findings, config: ContainerConfig) -> None:
    if not config.command and not config.args:
        findings.seed_error(
            "config.command",
            codes.ENTRYPOINT_DEFAULT,
            "`config.command` and `config.args` are both empty, so the image's "
            "entrypoint runs: set `command` to run something else",
        )
    for index, element in enumerate(config.command):
        path = f"config.command[{index}]"
        if not element:
            findings.error(
                path,
                codes.COMMAND_ELEMENT_EMPTY,
                f"`{path}` is an empty string, which runs nothing: remove the element",
            )
        elif len(element) > ELEMENT_MAX:
            findings.seed_error(
                path,
                codes.COMMAND_ELEMENT_LENGTH,
                f"`{path}` is {len(element)} characters long: keep it to at most "
                f"{ELEMENT_MAX} (pass long text in a file or an env value)",
            )
    for index, element in enumerate(config.args):
        path = f"config.args[{index}]"
        if len(element) > ELEMENT_MAX:
            findings.seed_error(
                path,
                codes.ARGS_ELEMENT_LENGTH,
                f"`{path}` is {len(element)} characters long: keep it to at most "
                f"{ELEMENT_MAX} (pass long text in a file or an env value)",
            )


def check_envs(findings: Findings, config: ContainerConfig) -> None:
    first_index: dict[str, int] = {}
    for index, env in enumerate(config.envs):
        key_path = f"config.envs[{index}].key"
        value_path = f"config.envs[{index}].value"
        key = env.key
        if not key:
            findings.error(
                key_path,
                codes.ENV_KEY_EMPTY,
                f"`{key_path}` is empty: name the variable",
            )
        elif "=" in key or "\0" in key:
            bad = "`=`" if "=" in key else "a NUL character"
            findings.error(
                key_path,
                codes.ENV_KEY_CHARACTER,
                f"`{key_path}` is {quote(key)}, which contains {bad}: env names "
                f"cannot contain `=` or NUL",
            )
        elif len(key) > ENV_KEY_MAX:
            findings.seed_error(
                key_path,
                codes.ENV_KEY_LENGTH,
                f"`{key_path}` is {quote(key, 24)}: use at most {ENV_KEY_MAX} "
                f"characters",
            )
        if key and key in first_index:
            findings.error(
                key_path,
                codes.ENV_KEY_DUPLICATE,
                f"`{key_path}` {quote(key)} is already set by "
                f"`config.envs[{first_index[key]}]`: keep only one of them",
            )
        first_index.setdefault(key, index)

        if "\0" in env.value:
            findings.error(
                value_path,
                codes.ENV_VALUE_NUL,
                f"`{value_path}` contains a NUL character, which ends an env value "
                f"early: remove it",
            )
        if len(env.value) > ENV_VALUE_MAX:
            findings.seed_error(
                value_path,
                codes.ENV_VALUE_LENGTH,
                f"`{value_path}` is {len(env.value)} characters long: keep it to at "
                f"most {ENV_VALUE_MAX}",
            )


def check_mounts(findings: Findings, config: ContainerConfig) -> None:
    for index, mount in enumerate(config.mounts):
        prefix = f"config.mounts[{index}]"
        check_path(
            findings, f"{prefix}.container_path", mount.container_path, required=True
        )
        if mount.image is None:
            check_path(findings, f"{prefix}.host_path", mount.host_path, required=True)
            continue

        if mount.host_path:
            findings.error(
                f"{prefix}.host_path",
                codes.MOUNT_IMAGE_HOST_PATH,
                f"`{prefix}.host_path` is {quote(mount.host_path)} but the mount "
                f"is an image volume (`image` is set): leave `host_path` empty",
            )
        check_image(findings, f"{prefix}.image", mount.image)


def check_devices(findings: Findings, config: ContainerConfig) -> None:
    for index, device in enumerate(config.devices):
        prefix = f"config.devices[{index}]"
        for name in ("container_path", "host_path"):
            check_path(
                findings,
                f"{prefix}.{name}",
                getattr(device, name),
                required=True,
                parent_segments=False,
            )
        permissions = device.permissions
        if set(permissions) - DEVICE_PERMISSIONS or len(set(permissions)) != len(
            permissions
        ):
            findings.error(
                f"{prefix}.permissions",
                codes.DEVICE_PERMISSIONS,
                f"`{prefix}.permissions` is {quote(permissions)}: use a combination "
                f"of `r` (read), `w` (write) and `m` (mknod), such as `rwm`",
            )
