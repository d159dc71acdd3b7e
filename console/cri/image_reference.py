"""Parse container image references and Proxmox template volumes.

The grammar is the one of distribution/reference (`reference/regexp.go`), which
containerd and CRI-O both use: `[domain[:port]/]path[:tag][@digest]`.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from enum import Enum

_DOMAIN_COMPONENT = r"(?:[a-zA-Z0-9]|[a-zA-Z0-9][a-zA-Z0-9-]*[a-zA-Z0-9])"
_DOMAIN = (
    rf"(?:{_DOMAIN_COMPONENT}(?:\.{_DOMAIN_COMPONENT})*|\[[0-9a-fA-F:.]+\])"
    r"(?::[0-9]+)?"
)
_PATH_COMPONENT = r"[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*"
_TAG = r"[\w][\w.-]{0,127}"
_DIGEST = r"[A-Za-z][A-Za-z0-9]*(?:[-_+.][A-Za-z][A-Za-z0-9]*)*:[0-9a-fA-F]{32,}"
_REFERENCE = re.compile(
    rf"(?P<name>(?:(?P<domain>{_DOMAIN})/)?{_PATH_COMPONENT}(?:/{_PATH_COMPONENT})*)"
    rf"(?::(?P<tag>{_TAG}))?(?:@(?P<digest>{_DIGEST}))?"
)
# Proxmox storage ids: a letter, then letters, digits, `-`, `_`, `.`.
_TEMPLATE = re.compile(r"[a-zA-Z][a-zA-Z0-9_.-]*[a-zA-Z0-9]:vztmpl/[^/\s][^\s]*")
_IMAGE_ID = re.compile(r"(?:sha256:)?[0-9a-fA-F]{64}")
_INVALID_CHARACTER = re.compile(r"[^A-Za-z0-9._:/@\[\]-]")
_DIGEST_LENGTHS = {"sha256": 64, "sha384": 96, "sha512": 128}
NAME_MAX = 255


class ImageKind(Enum):
    """Kind of an image string."""

    REFERENCE = "reference"
    TEMPLATE = "template"
    IMAGE_ID = "image id"
    INVALID = "invalid"


@dataclass(frozen=True, slots=True)
class ParsedImage:
    """An image string split into its parts, with `problem` set when invalid."""

    kind: ImageKind
    name: str = ""
    tag: str = ""
    digest: str = ""
    problem: str = ""


def parse_image(text: str) -> ParsedImage:
    """Classify and split an image string."""
    if _TEMPLATE.fullmatch(text):
        return ParsedImage(ImageKind.TEMPLATE, name=text)
    if _IMAGE_ID.fullmatch(text):
        return ParsedImage(ImageKind.IMAGE_ID, name=text)

    match = _REFERENCE.fullmatch(text)
    if match is None:
        return ParsedImage(ImageKind.INVALID, problem=_syntax_problem(text))

    name = match.group("name")
    tag = match.group("tag") or ""
    digest = match.group("digest") or ""
    if len(name) > NAME_MAX:
        problem = f"its name is {len(name)} characters long, over {NAME_MAX}"
        return ParsedImage(ImageKind.INVALID, name=name, problem=problem)
    if digest:
        algorithm, _, hex_digits = digest.partition(":")
        expected = _DIGEST_LENGTHS.get(algorithm)
        if expected is None:
            problem = f"digest algorithm `{algorithm}` is not sha256, sha384 or sha512"
            return ParsedImage(ImageKind.INVALID, name=name, problem=problem)
        if len(hex_digits) != expected or hex_digits != hex_digits.lower():
            problem = (
                f"a {algorithm} digest is {expected} lowercase hex digits, "
                f"found {len(hex_digits)}"
            )
            return ParsedImage(ImageKind.INVALID, name=name, problem=problem)
    return ParsedImage(ImageKind.REFERENCE, name=name, tag=tag, digest=digest)


def _syntax_problem(text: str) -> str:
    if not text.isprintable() or any(character.isspace() for character in text):
        return "it contains white space or control characters"
    if "://" in text:
        return "an image reference has no URL scheme"
    invalid = sorted(set(_INVALID_CHARACTER.findall(text)))
    if invalid:
        shown = ", ".join(f"`{character}`" for character in invalid)
        return f"it contains {shown}, which no image reference allows"
    name, at, digest = text.partition("@")
    if at and re.fullmatch(_DIGEST, digest) is None:
        return "the part after `@` is no digest like `sha256:<64 hex digits>`"

    first, slash, rest = name.partition("/")
    is_domain = any(mark in first for mark in ".:") or first == "localhost"
    remote = rest if slash and (is_domain or first != first.lower()) else name
    repository = re.sub(r":[^/]*$", "", remote)
    if repository != repository.lower():
        return "repository names must be lowercase"
    return "it does not match `[registry[:port]/]name[:tag][@digest]`"
