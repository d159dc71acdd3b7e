"""The `pod-console schema` subcommand: JSON Schema of request files for editors."""

from __future__ import annotations

import argparse
import json
import logging
import sys
from typing import Any

from pydantic import BaseModel

from console.cli.logs import LogFileError, add_logging_options, configure_from_args
from console.cri import CreateContainerRequest
from console.cri.models import ContainerConfig, PodSandboxConfig

logger = logging.getLogger(__name__)

_SCHEMA_DIALECT = "https://json-schema.org/draft/2020-12/schema"

_PARTS: dict[str, tuple[type[BaseModel], str]] = {
    "request": (
        CreateContainerRequest,
        "pod-console combined request file: pod_sandbox_id, config, sandbox_config",
    ),
    "container": (ContainerConfig, "crictl container config file"),
    "sandbox": (PodSandboxConfig, "crictl pod sandbox config file"),
}


def add_parser(subparsers: Any) -> None:
    parser: argparse.ArgumentParser = subparsers.add_parser(
        "schema",
        help="print the JSON Schema of request files, for editors",
        description=(
            "Print the JSON Schema (draft 2020-12) of a request file, derived from "
            "the request models. It describes the form the console writes: "
            "snake_case keys, numeric enums and {value: N} wrappers."
        ),
    )
    parser.add_argument(
        "--part",
        choices=tuple(_PARTS),
        default="request",
        help=(
            "which file: the combined request file, or one half of a crictl pair "
            "(default: request)"
        ),
    )
    add_logging_options(parser)
    parser.set_defaults(handler=run)


def request_schema(part: str = "request") -> dict[str, Any]:
    """Return the JSON Schema of one kind of request file."""
    model, title = _PARTS[part]
    schema = model.model_json_schema(by_alias=True, mode="validation")
    return {"$schema": _SCHEMA_DIALECT, **schema, "title": title}


def run(args: argparse.Namespace) -> int:
    """Print the schema as JSON."""
    try:
        configure_from_args(args)
    except LogFileError as error:
        print(f"pod-console schema: {error}", file=sys.stderr)
        return 2

    print(json.dumps(request_schema(args.part), indent=2))
    logger.debug("printed the JSON Schema of the %s file", args.part)
    return 0
