"""Request file kinds: a combined request file, a container config, a sandbox config.

A file given in the wrong place (a crictl container config where a combined
request file belongs, or the two halves of a pair swapped) would otherwise
produce a screen of unknown-key warnings instead of one line saying what
happened.
"""

from __future__ import annotations

from typing import Literal

from console.cri.document_limits import RequestFileError

Layout = Literal["request", "container", "sandbox"]

# Top-level keys found in only one kind of file, folded as `_fold` does.
_KEYS: dict[Layout, frozenset[str]] = {
    "request": frozenset({"podsandboxid", "config", "sandboxconfig"}),
    "container": frozenset(
        {"image", "command", "args", "workingdir", "envs", "mounts", "devices"}
    ),
    "sandbox": frozenset({"hostname", "logdirectory", "dnsconfig", "portmappings"}),
}

_NAMES: dict[Layout, str] = {
    "request": "a combined request file",
    "container": "a crictl container config",
    "sandbox": "a crictl pod sandbox config",
}

_ADVICE: dict[Layout, str] = {
    "request": "read it as a request file on its own",
    "container": "give it as the container config of a crictl pair",
    "sandbox": "give it as the pod sandbox config of a crictl pair",
}


def _fold(key: str) -> str:
    """Fold snake_case, camelCase and case variants of a key to one spelling."""
    return key.replace("_", "").casefold()


def detect_layout(data: dict[str, object]) -> tuple[Layout, str] | None:
    """Return the kind of file the top-level keys show, with one key as evidence.

    Returns None when the keys fit no kind, or more than one.
    """
    found: dict[Layout, str] = {}
    for key in data:
        for layout, keys in _KEYS.items():
            if _fold(key) in keys:
                found.setdefault(layout, key)
    if len(found) != 1:
        return None
    layout, key = next(iter(found.items()))
    return layout, key


def check_layout(data: dict[str, object], expected: Layout, file: str) -> None:
    """Raise `RequestFileError` when a document is clearly another kind of file."""
    detected = detect_layout(data)
    if detected is None or detected[0] == expected:
        return
    layout, key = detected
    raise RequestFileError(
        f"this is {_NAMES[layout]} (it has `{key}` at the top level), not "
        f"{_NAMES[expected]}; {_ADVICE[layout]}",
        file=file,
    )
