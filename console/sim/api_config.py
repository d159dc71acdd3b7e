"""`PUT /nodes/{node}/lxc/{vmid}/config`: change a container's config."""

from __future__ import annotations

import re

from console.sim.api import Context, Reply
from console.sim.api_create import check_networks, check_root_only
from console.sim.api_power import lock_timeout
from console.sim.errors import ApiError, ParameterError
from console.sim.lxc_schema import CONFIG_PARAMS
from console.sim.normalise import normalise_features, normalise_net, normalise_tags
from console.sim.schema import lookup_param
from console.sim.views import config_digest

# Keys that need more than VM.Config.Options, by the privilege PVE checks.
PRIVILEGE_BY_KEY = (
    (r"net\d+", "VM.Config.Network"),
    (r"(rootfs|mp\d+|unused\d+)", "VM.Config.Disk"),
    (r"(memory|swap|cores|cpulimit|cpuunits)", "VM.Config.CPU"),
)


def _privilege(key: str) -> str:
    for pattern, privilege in PRIVILEGE_BY_KEY:
        if re.fullmatch(pattern, key):
            # The simulator has no CPU privilege of its own: it checks Options.
            return privilege if privilege != "VM.Config.CPU" else "VM.Config.Options"
    return "VM.Config.Options"


def put_config(context: Context) -> Reply:
    """Apply set and `delete` keys at once, after the lock and digest checks."""
    container = context.container()
    vmid = container.vmid
    params = context.params
    changes = {
        key: value
        for key, value in params.items()
        if key not in ("node", "vmid", "delete", "digest", "revert")
    }
    deletions = [
        key for key in re.split(r"[,; ]+", str(params.get("delete", ""))) if key
    ]

    paths = context.vm_paths(container)
    for key in list(changes) + deletions:
        context.access.check(context.identity, _privilege(key), *paths)
        if key in changes:
            check_root_only(context, key, str(changes[key]))

    errors: dict[str, str] = {}
    for key in deletions:
        if key == "rootfs":
            errors[key] = f"unable to delete required option '{key}'"
        elif lookup_param(CONFIG_PARAMS, key) is None:
            errors[key] = f"unknown option '{key}'"
    errors.update(
        {key: "conflicting set and delete" for key in deletions if key in changes}
    )
    if errors:
        raise ParameterError(errors)
    check_networks(changes)

    if vmid in context.faults.held_locks:
        raise ApiError(500, lock_timeout(vmid))
    if container.lock is not None and "lock" not in deletions:
        raise ApiError(500, f"CT is locked ({container.lock})")
    digest = params.get("digest")
    if digest is not None and digest != config_digest(container):
        raise ApiError(
            500,
            "detected modified configuration - file changed by other user? Try again.",
        )

    config = dict(container.config)
    for key in deletions:
        config.pop(key, None)
    for key, value in changes.items():
        if re.fullmatch(r"net\d+", key):
            config[key] = normalise_net(str(value), f"{vmid}/{key}")
        elif key == "tags":
            config[key] = normalise_tags(str(value))
        elif key == "features":
            config[key] = normalise_features(str(value))
        else:
            config[key] = value
    container.config = dict(sorted(config.items()))
    return Reply(None)
