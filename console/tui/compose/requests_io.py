"""Loading and saving request files from the compose screen."""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path
from typing import Any

from textual.screen import Screen

from console.cri import CheckedRequest, check_request
from console.cri.files import (
    RequestFileError,
    load_crictl_pair,
    load_document,
    load_request_file,
    read_request_text,
    save_crictl_pair,
    save_request,
)
from console.cri.issues import Issue
from console.cri.models import CreateContainerRequest
from console.cri.sensitive import is_credential_name
from console.tui.compose.dialogs import LoadDialog, LoadRequest, SaveDialog, SaveRequest
from console.tui.compose.state import ComposeState
from console.tui.plain import plain_line


def read_request(
    choice: LoadRequest, profile: str
) -> tuple[dict[str, Any], list[Issue]]:
    """Read the files of `choice` as request data, with the issues `validate` reports.

    Raises `RequestFileError` when a file cannot be read as a request at all.
    """
    if choice.sandbox_path is None:
        data, _ = load_document(read_request_text(choice.path), str(choice.path))
        checked: CheckedRequest = load_request_file(choice.path, profile=profile)
        return data, list(checked.issues)
    container, _ = load_document(read_request_text(choice.path), str(choice.path))
    sandbox, _ = load_document(
        read_request_text(choice.sandbox_path), str(choice.sandbox_path)
    )
    checked = load_crictl_pair(
        choice.pod_sandbox_id, choice.path, choice.sandbox_path, profile=profile
    )
    data = {
        "pod_sandbox_id": choice.pod_sandbox_id,
        "config": container,
        "sandbox_config": sandbox,
    }
    return data, list(checked.issues)


def write_request(choice: SaveRequest, request: CreateContainerRequest) -> list[Path]:
    """Write `request` to the files of `choice` and return the paths written.

    One path gets the combined request; with `sandbox_path` the container config
    and the pod sandbox config go to two files, as `crictl create` takes them.
    Raises `RequestFileError` when a file cannot be written.
    """
    if choice.sandbox_path is None:
        save_request(request, choice.path)
        return [choice.path]
    save_crictl_pair(request, choice.path, choice.sandbox_path)
    return [choice.path, choice.sandbox_path]


def without_credentials(
    request: CreateContainerRequest,
) -> tuple[CreateContainerRequest, list[str]]:
    """Return `request` with the values of credential-named variables emptied.

    A saved file must not hold a secret (as the draft does not): the names stay,
    so the operator sees which values to add at creation.
    """
    config = request.config
    if config is None:
        return request, []
    withheld = [
        env.key for env in config.envs if env.value and is_credential_name(env.key)
    ]
    if not withheld:
        return request, []
    envs = [
        env.model_copy(update={"value": ""}) if env.key in withheld else env
        for env in config.envs
    ]
    config = config.model_copy(update={"envs": envs})
    return request.model_copy(update={"config": config}), withheld


class RequestFiles(Screen[None]):
    """The load and save actions of the compose screen."""

    state: ComposeState

    def load_data(
        self, data: Mapping[str, Any], issues: list[Issue] | None = None
    ) -> None:
        raise NotImplementedError

    def action_load(self) -> None:
        self.app.push_screen(LoadDialog(), self._load_chosen)

    def _load_chosen(self, choice: LoadRequest | None) -> None:
        if choice is None:
            return
        try:
            data, issues = read_request(choice, self.state.profile)
        except RequestFileError as error:
            # The form is left as it was, so nothing typed is lost.
            self.notify(
                plain_line(str(error)),
                title="Not loaded",
                severity="error",
                markup=False,
            )
            return
        self.load_data(data, issues)
        errors = sum(1 for issue in issues if issue.is_error)
        warnings = len(issues) - errors
        message = (
            f"Loaded {choice.path}: {errors} error{'' if errors == 1 else 's'}, "
            f"{warnings} warning{'' if warnings == 1 else 's'}"
        )
        self.notify(plain_line(message), markup=False)

    def action_save(self) -> None:
        self.app.push_screen(SaveDialog(), self._save_chosen)

    def _save_chosen(self, choice: SaveRequest | None) -> None:
        if choice is None:
            return
        checked = check_request(self.state.document.data, profile=self.state.profile)
        request, withheld = without_credentials(checked.request)
        try:
            paths = write_request(choice, request)
        except RequestFileError as error:
            self.notify(
                plain_line(str(error)),
                title="Not saved",
                severity="error",
                markup=False,
            )
            return
        names = " and ".join(str(path) for path in paths)
        message = f"Saved {names}"
        if withheld:
            message += (
                f"; the values of {', '.join(withheld)} were left out, as secrets "
                "are never saved: add them to the file where it is used"
            )
        self.notify(plain_line(message), markup=False)
