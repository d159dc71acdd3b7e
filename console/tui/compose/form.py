"""The form part of the compose screen: one tab per section, plus raw and issues."""

from __future__ import annotations

from collections.abc import Iterator

from textual.app import ComposeResult
from textual.containers import Horizontal, VerticalScroll
from textual.widget import Widget
from textual.widgets import Button, Select, Static, TabbedContent, TabPane

from console.tui.compose.field_row import FieldRow
from console.tui.compose.fields import FIELDS, Section
from console.tui.compose.issues_panel import IssuesPanel
from console.tui.compose.raw import RawView

SECTION_PANES: dict[Section, str] = {
    Section.SANDBOX: "pane-sandbox",
    Section.CONTAINER: "pane-container",
    Section.LISTS: "pane-lists",
    Section.SECURITY: "pane-security",
    Section.POD: "pane-pod",
}
RAW_PANE = "pane-raw"
ISSUES_PANE = "pane-issues"
PANE_ORDER = (*SECTION_PANES.values(), RAW_PANE, ISSUES_PANE)


class SectionScroll(VerticalScroll, can_focus=False):
    """A scrolling form section; Tab moves between its fields, not onto it."""


def _section_widgets(section: Section) -> Iterator[Widget]:
    for form_field in FIELDS:
        if form_field.section is not section:
            continue
        yield FieldRow(form_field)
        if form_field.path == "pod_sandbox_id":
            yield Select[str](
                [],
                prompt="Choose a ready sandbox",
                id="ready-sandboxes",
                compact=True,
            )
            yield Static("", id="sandbox-check", markup=False)
        elif form_field.path == "config.image.image":
            yield Select[str](
                [],
                prompt="Choose a template or OCI image found in the storages",
                id="image-choices",
                compact=True,
            )
    if section is Section.SANDBOX:
        yield Static("", id="cluster-facts", markup=False)
        yield Horizontal(
            Button(
                "Use the sandbox's hostname and DNS",
                id="use-sandbox-dns",
                compact=True,
                disabled=True,
            ),
            classes="helper-buttons",
        )


def compose_form() -> ComposeResult:
    """Yield the tabbed form: the request sections, the raw view, the issues."""
    with TabbedContent(id="compose-tabs"):
        for section, pane_id in SECTION_PANES.items():
            with TabPane(section.value, id=pane_id):
                with SectionScroll(classes="section"):
                    yield from _section_widgets(section)
        with TabPane("Raw", id=RAW_PANE):
            yield RawView(id="raw-view")
        with TabPane("Issues", id=ISSUES_PANE):
            yield IssuesPanel(id="issues-panel")
