"""Post metadata (``metadata["jms"]``): its JSON schema and field-by-field validation."""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from typing import Any

from jsonschema import Draft202012Validator

from .text import text_problem

BCP47 = r"^[A-Za-z]{2,3}(-[A-Za-z0-9]{2,8})*$"
USERNAME = r"^[A-Za-z0-9][A-Za-z0-9._@+-]{0,99}$"

POST_SCHEMA: dict[str, Any] = {
    "$schema": "https://json-schema.org/draft/2020-12/schema",
    "type": "object",
    "required": ["title"],
    "additionalProperties": False,
    "properties": {
        "title": {"type": "string", "minLength": 1, "maxLength": 200},
        "subtitle": {"type": "string", "maxLength": 140},
        "summary": {"type": "string", "maxLength": 2000},
        "authors": {
            "type": "array",
            "items": {"type": "string", "pattern": USERNAME},
            "maxItems": 20,
            "uniqueItems": True,
        },
        "language": {"type": "string", "pattern": BCP47},
        "channels": {
            "type": "array",
            "items": {"type": "string", "minLength": 1, "maxLength": 64},
            "uniqueItems": True,
        },
        "third_party": {"type": "boolean"},
        "third_party_benefit": {"type": "string", "maxLength": 2000},
        "tags": {
            "type": "array",
            "items": {"type": "string", "minLength": 1, "maxLength": 50},
            "maxItems": 20,
        },
        "publish_after": {"type": "string", "format": "date-time"},
        "image": {
            "type": "object",
            "additionalProperties": False,
            "required": ["path"],
            "properties": {
                "path": {"type": "string", "minLength": 1},
                "alt": {"type": "string"},
            },
        },
        "social": {
            "type": "object",
            "additionalProperties": {"type": "string", "maxLength": 10000},
        },
    },
    "allOf": [
        {
            "if": {"properties": {"third_party": {"const": True}}, "required": ["third_party"]},
            "then": {
                "required": ["third_party_benefit"],
                "properties": {"third_party_benefit": {"minLength": 1}},
            },
        }
    ],
}

_validator = Draft202012Validator(POST_SCHEMA, format_checker=Draft202012Validator.FORMAT_CHECKER)
_DATETIME = re.compile(r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:\d{2})$")


def _field(path: Iterable[Any], extra: str | None = None) -> str:
    parts = ["metadata.jms"] + [str(p) for p in path]
    if extra:
        parts.append(extra)
    return ".".join(parts)


def validate_post(
    post: Any, *, known_channels: Iterable[str] | None = None
) -> list[tuple[str, str]]:
    """Every field error of a post's metadata, as (field, message) pairs; empty when valid."""
    if not isinstance(post, Mapping):
        return [("metadata.jms", "missing: add a 'jms' object with at least a title")]
    errors: list[tuple[str, str]] = []
    for err in sorted(_validator.iter_errors(post), key=lambda e: list(map(str, e.path))):
        extra = None
        if err.validator == "required":
            missing = re.findall(r"'([^']+)' is a required property", err.message)
            extra = missing[0] if missing else None
        if err.validator == "additionalProperties":
            errors.append((_field(err.path), f"unknown field: {err.message}"))
            continue
        message = err.message
        if extra == "third_party_benefit":
            message = "required when third_party is true: say how it benefits the community"
        errors.append((_field(err.path, extra), message))
    if isinstance(post.get("publish_after"), str) and not _DATETIME.match(post["publish_after"]):
        errors.append((_field(["publish_after"]), "must be an ISO 8601 date-time with a zone"))
    for key, single in (("title", True), ("subtitle", True), ("summary", False)):
        value = post.get(key)
        if isinstance(value, str):
            problem = text_problem(value, max_length=10_000, single_line=single)
            if problem:
                errors.append((_field([key]), problem))
    if known_channels is not None:
        known = set(known_channels)
        for i, ch in enumerate(post.get("channels") or []):
            if isinstance(ch, str) and ch not in known:
                errors.append((_field(["channels", i]), f"unknown or inactive channel '{ch}'"))
        for ch in post.get("social") or {}:
            if ch not in known:
                errors.append((_field(["social", ch]), f"unknown or inactive channel '{ch}'"))
    return list(dict.fromkeys(errors))  # the same error once, in order


def normalized(post: Mapping[str, Any]) -> dict[str, Any]:
    """The post with defaults filled in, as stored on a revision."""
    out = dict(post)
    out.setdefault("language", "en")
    out.setdefault("authors", [])
    out.setdefault("channels", [])
    out.setdefault("third_party", False)
    out.setdefault("subtitle", "")
    return out
