"""The Proxmox calls of a submission: find, pull, create, set env, start.

Each call retries the failures worth retrying: "CT <id> already exists" (the id from
`/cluster/nextid` is not reserved, so a parallel create can take it) moves to the
next id, and a config lock held by another task is waited out with backoff.
"""

from __future__ import annotations

import logging
import re
import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from proxmoxer import ResourceException

from console.proxmox.lxc_params import request_tag
from console.proxmox.plan import Plan
from console.proxmox.replies import api_object, api_rows, api_vmid
from console.proxmox.wire import as_int, as_text, split_tags

log = logging.getLogger(__name__)

# Seconds to wait before each retry of a call that met a held config lock.
LOCK_RETRY_DELAYS = (0.5, 1.0, 2.0, 4.0)
# How many other vmids to try after "already exists".
VMID_ATTEMPTS = 5

_ALREADY_EXISTS = re.compile(r"\b(?:CT|VM) (\d+) already exists")
_LOCK_HELD = re.compile(r"can't lock file|got timeout|is locked")
_FILE_EXISTS = re.compile(r"refusing to override existing file")
_MISSING_CONFIG = re.compile(r"does not exist")


@dataclass(frozen=True, slots=True)
class FoundContainer:
    """A container that already carries the request's tag."""

    vmid: int
    node: str
    status: str
    lock: str | None


class CreateRefused(Exception):
    """Proxmox refused the create call for good; `error` is its exception."""

    def __init__(self, error: ResourceException, plan: Plan) -> None:
        super().__init__(str(error))
        self.error = error
        self.plan = plan


class CreatedMeanwhile(Exception):
    """Another submission of the request took the vmid; `found` is its container."""

    def __init__(self, found: FoundContainer) -> None:
        super().__init__(f"container {found.vmid} on {found.node}")
        self.found = found


def find_by_request(api: Any, request_id: str) -> FoundContainer | None:
    """Return the container tagged with `request_id` (one `/cluster/resources` call)."""
    tag = request_tag(request_id)
    resources = api_rows(api.cluster.resources.get(type="vm"), "resource list")
    for item in resources:
        if item.get("type") == "lxc" and tag in split_tags(item.get("tags")):
            return FoundContainer(
                vmid=as_int(item.get("vmid")),
                node=str(item.get("node")),
                status=str(item.get("status", "unknown")),
                lock=as_text(item.get("lock")),
            )
    return None


def wait_for_create_lock(
    api: Any,
    found: FoundContainer,
    *,
    timeout: float,
    poll_interval: float = 0.5,
    sleep: Callable[[float], None] = time.sleep,
) -> FoundContainer | None:
    """Wait while an earlier create task still has the container locked.

    Returns the container once its `create` lock is gone, or None when it vanished
    (the earlier task failed and Proxmox removed the half-made container). Raises
    TimeoutError when the lock outlasts `timeout`.
    """
    started = time.monotonic()
    current = found
    while current.lock == "create":
        if time.monotonic() - started > timeout:
            raise TimeoutError(
                f"container {found.vmid} is still being created by an earlier "
                f"submission after {timeout:.0f} s"
            )
        sleep(poll_interval)
        try:
            reply = api.nodes(found.node).lxc(found.vmid).status.current.get()
            status = api_object(reply, f"status of container {found.vmid}")
        except ResourceException as error:
            if _MISSING_CONFIG.search(str(error.content)):
                return None
            raise
        current = FoundContainer(
            vmid=found.vmid,
            node=found.node,
            status=str(status.get("status", "unknown")),
            lock=as_text(status.get("lock")),
        )
    return current


def pull_image(api: Any, node: str, storage: str, reference: str) -> str | None:
    """Start `oci-registry-pull`; return its UPID, or None if the file is there."""
    try:
        upid = (
            api.nodes(node)
            .storage(storage)("oci-registry-pull")
            .post(reference=reference)
        )
    except ResourceException as error:
        if _FILE_EXISTS.search(str(error.content)):
            return None
        raise
    return str(upid)


def post_create(
    api: Any,
    plan: Plan,
    *,
    on_retry: Callable[[str], None] = lambda message: None,
    sleep: Callable[[float], None] = time.sleep,
) -> tuple[Plan, str]:
    """Send the create call, retrying on a taken vmid or a held lock.

    Returns the plan as finally sent (its vmid may have moved on) and the task's
    UPID. Raises CreateRefused when Proxmox refuses it for another reason, or
    when the retries run out.
    """
    lock_retries = iter(LOCK_RETRY_DELAYS)
    vmid_attempts = 0
    while True:
        try:
            upid = api.nodes(plan.node).lxc.post(**plan.params)
            return plan, str(upid)
        except ResourceException as error:
            text = f"{error.content} {error.errors or ''}"
            taken = _ALREADY_EXISTS.search(text)
            if taken and vmid_attempts < VMID_ATTEMPTS:
                # Two submissions of one request that looked before either created
                # race for the same vmid: the loser finds the winner's tag on it.
                mine = find_by_request(api, plan.request_id)
                if mine is not None:
                    raise CreatedMeanwhile(mine) from error
                vmid_attempts += 1
                next_vmid = _next_free_vmid(api, int(taken.group(1)))
                log.info("vmid %s is taken, retrying with %s", plan.vmid, next_vmid)
                on_retry(f"vmid {plan.vmid} is taken; trying {next_vmid}")
                plan = plan.with_vmid(next_vmid)
                continue
            delay = next(lock_retries, None) if _LOCK_HELD.search(text) else None
            if delay is not None:
                log.info(
                    "config lock of %s is held, retrying in %s s", plan.vmid, delay
                )
                on_retry(
                    f"a config lock is held by another task; retrying in {delay:g} s"
                )
                sleep(delay)
                continue
            raise CreateRefused(error, plan) from error


def put_env(
    api: Any,
    node: str,
    vmid: int,
    env: str,
    *,
    sleep: Callable[[float], None] = time.sleep,
) -> None:
    """Set `env` in the container's config, waiting out a held config lock."""
    with_lock_retries(
        lambda: api.nodes(node).lxc(vmid).config.put(env=env), sleep=sleep
    )


def start_container(
    api: Any, node: str, vmid: int, *, sleep: Callable[[float], None] = time.sleep
) -> str:
    """Start the container; return the start task's UPID."""
    upid = with_lock_retries(
        lambda: api.nodes(node).lxc(vmid).status.start.post(), sleep=sleep
    )
    return str(upid)


def current_env(api: Any, node: str, vmid: int) -> str | None:
    """Return the container's `env` setting, or None when it has none."""
    reply = api.nodes(node).lxc(vmid).config.get()
    return as_text(api_object(reply, f"config of container {vmid}").get("env"))


def merged_env(image_env: str | None, request_env: str) -> str:
    """Return the image's `env` with the request's variables set over it.

    CRI adds `envs` to the image's environment rather than replacing it, so PATH
    and the like from the image stay unless the request sets them.
    """
    variables: dict[str, str] = {}
    for text in (image_env or "", request_env):
        for pair in text.split("\0"):
            if pair:
                key, _, value = pair.partition("=")
                variables[key] = value
    return "\0".join(f"{key}={value}" for key, value in variables.items())


def with_lock_retries(
    call: Callable[[], Any], *, sleep: Callable[[float], None] = time.sleep
) -> Any:
    """Run `call`, retrying with backoff while it fails on a held config lock."""
    for delay in (*LOCK_RETRY_DELAYS, None):
        try:
            return call()
        except ResourceException as error:
            if delay is None or not _LOCK_HELD.search(str(error.content)):
                raise
            log.info("config lock is held, retrying in %s s: %s", delay, error.content)
            sleep(delay)
    raise AssertionError("unreachable: the last attempt returns or raises")


def _next_free_vmid(api: Any, taken: int) -> int:
    proposed = api_vmid(api.cluster.nextid.get())
    # nextid may not see a container whose create is still being registered.
    return proposed if proposed > taken else taken + 1
