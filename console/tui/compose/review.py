"""The review screen: the plan Proxmox will get, confirmed before creating anything."""

from __future__ import annotations

from dataclasses import replace
from typing import TYPE_CHECKING, ClassVar

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, VerticalScroll
from textual.screen import Screen
from textual.widgets import Button, Checkbox, DataTable, Footer, Header, Label, Static

from console.cri.sensitive import is_credential_name
from console.tui.plain import plain_block, plain_line

if TYPE_CHECKING:
    from console.creation import Prepared
    from console.proxmox.plan import Plan

HIDDEN = "(hidden)"


def shown_value(name: str, value: object) -> str:
    """Return a parameter value for the screen, secret-looking env values hidden."""
    text = str(value)
    if name != "env":
        return text
    parts = []
    for item in text.split("\0"):
        key, equals, _ = item.partition("=")
        parts.append(f"{key}={HIDDEN}" if equals and is_credential_name(key) else item)
    return "\\0".join(parts)


def shown_command(plan: Plan) -> str:
    """Return `pct create ...` with secret-looking env values hidden."""
    env = plan.params.get("env")
    if env is None:
        return plan.pct_command()
    hidden = shown_value("env", env).replace("\\0", "\0")
    if hidden == env:
        return plan.pct_command()
    return replace(plan, params={**plan.params, "env": hidden}).pct_command()


class ReviewScreen(Screen[bool | None]):
    """Every LXC parameter, every warning, node and vmid, and `pct create`.

    Dismisses with True to create and start, False to create only, None to go back.
    """

    CSS_PATH = "compose.tcss"
    TITLE = "Review"

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "back", "Back to the form", id="review.back",
                tooltip="Return to the form without creating anything"),
        Binding("ctrl+g", "create", "Create", id="review.create",
                tooltip="Create the container as planned"),
    ]  # fmt: skip

    def __init__(self, prepared: Prepared) -> None:
        super().__init__()
        assert prepared.plan is not None
        self.prepared = prepared
        self.plan: Plan = prepared.plan

    def compose(self) -> ComposeResult:
        plan = self.plan
        warnings = [issue for issue in self.prepared.issues if not issue.is_error]
        yield Header()
        with VerticalScroll(id="review-body"):
            yield Static(self._headline(), id="review-headline", markup=False)
            yield Label(f"Parameters sent to POST /nodes/{plan.node}/lxc:")
            yield DataTable(id="review-params", cursor_type="none", zebra_stripes=True)
            if plan.oci_pull:
                yield Static(
                    plain_line(
                        f"First pulls {plan.oci_pull} into storage {plan.oci_storage}."
                    ),
                    markup=False,
                )
            if plan.env_after_create:
                yield Static(
                    "Sets env again after creation (an OCI image's creation "
                    "replaces it).",
                    markup=False,
                )
            yield Label(f"Warnings ({len(warnings)}):", classes="review-heading")
            yield Static(
                "\n".join(
                    plain_line(f"! {issue.path}: {issue.message}") for issue in warnings
                )
                or "None.",
                id="review-warnings",
                markup=False,
            )
            yield Label("The same on the node's shell:", classes="review-heading")
            yield Static(
                plain_block(shown_command(plan)), id="review-command", markup=False
            )
        with Horizontal(id="review-actions"):
            yield Checkbox(
                "Start after created", value=True, id="review-start", compact=True
            )
            yield Button("Create", id="review-create", variant="primary", compact=True)
            yield Button("Back to the form", id="review-back", compact=True)
        yield Footer()

    def _headline(self) -> str:
        plan = self.plan
        check = self.prepared.check
        sandbox = check.sandbox if check is not None else None
        where = f"sandbox {sandbox.vmid} {sandbox.name}" if sandbox else "the sandbox"
        return plain_line(
            f"Create container {plan.vmid} on node {plan.node} in {where}; "
            f"request id {plan.request_id}. The vmid is the cluster's next free one "
            "now; if another client takes it first, the next is used."
        )

    def on_mount(self) -> None:
        table = self.query_one("#review-params", DataTable)
        table.add_columns("parameter", "value", "from")
        for name, value in self.plan.params.items():
            table.add_row(
                Text(plain_line(name)),
                Text(plain_line(shown_value(name, value))),
                Text(plain_line(self.plan.param_fields.get(name, ""))),
            )
        self.query_one("#review-create", Button).focus()

    @on(Button.Pressed, "#review-create")
    def action_create(self) -> None:
        self.dismiss(self.query_one("#review-start", Checkbox).value)

    @on(Button.Pressed, "#review-back")
    def action_back(self) -> None:
        self.dismiss(None)
