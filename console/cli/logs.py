"""Logging setup: one log file, text or JSON lines, never the terminal."""

from __future__ import annotations

import argparse
import json
import logging
import re
from datetime import UTC, datetime
from pathlib import Path

from console import settings

LOG_FILE_NAME = "pod-console.log"
_TEXT_FORMAT = "%(asctime)s %(levelname)s %(name)s: %(message)s"

# The handler this module installed, so a second call replaces it instead of
# logging every record twice.
_installed: logging.Handler | None = None


class LogFileError(Exception):
    """The log file cannot be opened; the message is one line for the user."""


# Controls other than tab and newline, C1 controls and bidi overrides. Messages
# carry text from Proxmox (task logs, error replies); written raw, an escape
# sequence would act on the terminal of whoever reads the log with `tail -f`.
_UNSAFE = re.compile(
    r"[\x00-\x08\x0b-\x1f\x7f-\x9f\u200e\u200f\u202a-\u202e\u2066-\u2069]"
)


def _escape_controls(text: str) -> str:
    """Write each unsafe character as `\\uXXXX`, which JSON reads back as well."""
    return _UNSAFE.sub(lambda match: f"\\u{ord(match.group()):04x}", text)


class TextLineFormatter(logging.Formatter):
    """Formats records as text lines with control characters escaped."""

    def format(self, record: logging.LogRecord) -> str:
        return _escape_controls(super().format(record))


class JsonLineFormatter(logging.Formatter):
    """Formats each record as one JSON object on one line."""

    def format(self, record: logging.LogRecord) -> str:
        entry: dict[str, object] = {
            "time": datetime.fromtimestamp(record.created, UTC).isoformat(),
            "level": record.levelname,
            "logger": record.name,
            "message": record.getMessage(),
        }
        if record.exc_info:
            entry["exception"] = self.formatException(record.exc_info)
        return _escape_controls(json.dumps(entry, ensure_ascii=False))


def add_logging_options(parser: argparse.ArgumentParser) -> None:
    """Add `--log`, `--log-format` and `--debug` to a subcommand's parser.

    The top-level parser has the same options; the defaults here are suppressed
    so that `pod-console --debug validate ...` keeps the top-level value.
    """
    parser.add_argument(
        "--log",
        metavar="FILE",
        default=argparse.SUPPRESS,
        help=f"write the log to FILE instead of {LOG_FILE_NAME} in the user log dir",
    )
    parser.add_argument(
        "--log-format",
        choices=("text", "json"),
        default=argparse.SUPPRESS,
        help="log format: text lines or one JSON object per line (default: text)",
    )
    parser.add_argument(
        "--debug",
        action="store_true",
        default=argparse.SUPPRESS,
        help="log at debug level",
    )


def configure_logging(
    *, log_file: Path | None, log_format: str = "text", debug: bool = False
) -> Path:
    """Send the console's log records to a file and return the file's path.

    Records of `console.*` are kept from INFO (DEBUG with `debug`), other
    libraries' from WARNING. Raises `LogFileError` when the file cannot be opened.
    """
    global _installed

    path = log_file if log_file is not None else settings.log_dir() / LOG_FILE_NAME
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        handler: logging.Handler = logging.FileHandler(path, encoding="utf-8")
    except OSError as error:
        raise LogFileError(
            f"{path}: cannot open the log file: {error.strerror or error}; "
            "give another file with --log"
        ) from None
    if log_format == "json":
        handler.setFormatter(JsonLineFormatter())
    else:
        handler.setFormatter(TextLineFormatter(_TEXT_FORMAT))

    root = logging.getLogger()
    if _installed is not None:
        root.removeHandler(_installed)
        _installed.close()
    root.addHandler(handler)
    root.setLevel(logging.WARNING)
    logging.getLogger("console").setLevel(logging.DEBUG if debug else logging.INFO)
    _installed = handler
    return path


def configure_from_args(args: argparse.Namespace) -> Path:
    """Configure logging from the `--log`, `--log-format` and `--debug` options."""
    log = getattr(args, "log", None)
    return configure_logging(
        log_file=Path(log) if log else None,
        log_format=getattr(args, "log_format", "text"),
        debug=bool(getattr(args, "debug", False)),
    )
