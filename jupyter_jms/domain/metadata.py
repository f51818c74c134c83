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


# Plain-word names of the fields, for the sentences below.
LABELS = {
    "title": "Title",
    "subtitle": "Subtitle",
    "summary": "Summary",
    "authors": "Authors",
    "language": "Language",
    "channels": "Channels",
    "third_party": "Third party",
    "third_party_benefit": "Benefit to the community",
    "tags": "Tags",
    "publish_after": "Publish after",
    "image": "Image",
    "social": "Social text",
}
PUBLISH_AFTER_HELP = "use a date and time with its zone, such as 2026-12-01T09:00:00Z."
_KINDS = {
    "string": "text",
    "array": "a list",
    "boolean": "true or false",
    "object": "an object",
}


def _label(path: Iterable[Any]) -> str:
    parts = [str(p) for p in path]
    if not parts:
        return "The post's metadata"
    label = LABELS.get(parts[0], parts[0])
    if parts[0] == "image" and len(parts) > 1:
        return {"path": "Image path", "alt": "Image description"}.get(parts[1], label)
    if parts[0] == "social" and len(parts) > 1:
        return f"Social text for {parts[1]}"
    return label


def _sentence(err: Any, extra: str | None) -> str:
    """One jsonschema error in plain words, led by the field's name.

    jsonschema's own messages quote the schema ("'' should be non-empty", "'english' does
    not match '^[A-Za-z]{2,3}…'"); people filling in a form need what to do instead."""
    path = list(err.path)
    label = _label(path)
    v, arg = err.validator, err.validator_value
    if v == "required" and extra:
        if extra == "third_party_benefit":
            return (
                "Benefit to the community: a third-party post must say how it benefits "
                "the community."
            )
        if extra == "title":
            return "Title: give the post a title."
        return f"{_label([*path, extra])}: this is required."
    if v == "minLength":
        return f"{label}: must not be empty."
    if v == "maxLength":
        return f"{label}: at most {arg} characters."
    if v == "maxItems":
        return f"{label}: at most {arg}."
    if v == "uniqueItems":
        return f"{label}: each only once."
    if v == "type":
        return f"{label}: must be {_KINDS.get(str(arg), str(arg))}."
    if v == "format" or (path and path[0] == "publish_after"):
        return f"{label}: {PUBLISH_AFTER_HELP}"
    if v == "pattern" and path and path[0] == "language":
        return "Language: use a language code such as en or es."
    if v == "pattern" and path and path[0] == "authors":
        return f"Authors: '{err.instance}' is not a username."
    return f"{label}: {err.message}."


def validate_post(
    post: Any, *, known_channels: Iterable[str] | None = None
) -> list[tuple[str, str]]:
    """Every field error of a post's metadata, as (field, message) pairs; empty when valid.

    Each message is a sentence in plain words that names the field, given once."""
    if not isinstance(post, Mapping):
        return [("metadata.jms", "The post's metadata is missing: give it at least a title.")]
    errors: list[tuple[str, str]] = []
    for err in sorted(_validator.iter_errors(post), key=lambda e: list(map(str, e.path))):
        extra = None
        if err.validator == "required":
            missing = re.findall(r"'([^']+)' is a required property", err.message)
            extra = missing[0] if missing else None
        if err.validator == "additionalProperties":
            for name in sorted(set(err.instance) - set(err.schema.get("properties", {}))):
                where = "" if not err.path else f" in {_label(err.path)}"
                errors.append(
                    (
                        _field(err.path),
                        f"Unknown field '{name}'{where}: remove it or check its spelling.",
                    )
                )
            continue
        errors.append((_field(err.path, extra), _sentence(err, extra)))
    if isinstance(post.get("publish_after"), str) and not _DATETIME.match(post["publish_after"]):
        errors.append((_field(["publish_after"]), f"Publish after: {PUBLISH_AFTER_HELP}"))
    for key, single in (("title", True), ("subtitle", True), ("summary", False)):
        value = post.get(key)
        if isinstance(value, str):
            problem = text_problem(value, max_length=10_000, single_line=single)
            if problem:
                errors.append((_field([key]), f"{LABELS[key]}: {problem}."))
    if known_channels is not None:
        known = set(known_channels)
        for i, ch in enumerate(post.get("channels") or []):
            if isinstance(ch, str) and ch not in known:
                errors.append(
                    (_field(["channels", i]), f"Channels: '{ch}' is not an active channel.")
                )
        for ch in post.get("social") or {}:
            if ch not in known:
                errors.append(
                    (_field(["social", ch]), f"Social text: '{ch}' is not an active channel.")
                )
    # The same message once: one field error per field (a bad date-time fails both the
    # schema's format and the zone check, with the same sentence).
    seen: set[str] = set()
    out = []
    for field, message in errors:
        if message not in seen:
            seen.add(message)
            out.append((field, message))
    return out


def normalized(post: Mapping[str, Any]) -> dict[str, Any]:
    """The post with defaults filled in, as stored on a revision."""
    out = dict(post)
    out.setdefault("language", "en")
    out.setdefault("authors", [])
    out.setdefault("channels", [])
    out.setdefault("third_party", False)
    out.setdefault("subtitle", "")
    return out
