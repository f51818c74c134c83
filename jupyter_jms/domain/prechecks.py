"""Automated pre-checks shown to editors. They warn; they never block on their own."""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from . import charcount, publishing
from .metadata import validate_post

_MD_IMAGE = re.compile(r"!\[([^\]]*)\]\(([^)]+)\)")
_HTML_IMG = re.compile(r"<img\b[^>]*>", re.IGNORECASE)
_ALT_ATTR = re.compile(r"\balt\s*=\s*([\"'])(.*?)\1", re.IGNORECASE | re.DOTALL)

# A few very common words per language: enough to notice a post declared English that is
# plainly written in Spanish, not a language identifier.
_STOPWORDS: dict[str, set[str]] = {
    "en": {"the", "and", "is", "of", "to", "in", "that", "with", "for", "this", "are", "you"},
    "es": {"el", "la", "los", "las", "de", "que", "y", "en", "es", "para", "con", "una", "por"},
    "pt": {"o", "os", "as", "de", "que", "e", "em", "para", "com", "uma", "não", "por", "é"},
    "fr": {"le", "la", "les", "de", "et", "est", "que", "pour", "avec", "une", "dans", "des"},
    "de": {"der", "die", "das", "und", "ist", "mit", "für", "ein", "eine", "nicht", "von", "zu"},
}


@dataclass(frozen=True)
class ChannelInfo:
    id: str
    platform: str
    char_limit: int | None
    preferred: bool = False
    kind: str = "social"


@dataclass
class Check:
    id: str
    status: str  # ok | warning
    message: str
    cells: list[str] = field(default_factory=list)

    def as_dict(self) -> dict[str, Any]:
        return {"id": self.id, "status": self.status, "message": self.message, "cells": self.cells}


def _source(cell: Mapping[str, Any]) -> str:
    src = cell.get("source", "")
    return "".join(src) if isinstance(src, list) else str(src)


def _cell_id(cell: Mapping[str, Any], index: int) -> str:
    return str(cell.get("id") or f"#{index}")


def detect_language(text: str) -> tuple[str | None, float]:
    """The language whose common words dominate, with that share; None on too little text."""
    words = re.findall(r"[a-záéíóúñãõçàèêâôüöäß]+", text.lower())
    if len(words) < 30:
        return None, 0.0
    scores = {lang: sum(1 for w in words if w in sw) for lang, sw in _STOPWORDS.items()}
    best = max(scores, key=lambda k: scores[k])
    total = sum(scores.values()) or 1
    return best, scores[best] / total


def run_checks(
    notebook: Mapping[str, Any],
    post: Mapping[str, Any],
    channels: Mapping[str, ChannelInfo],
) -> list[Check]:
    cells: Sequence[Mapping[str, Any]] = notebook.get("cells") or []
    checks: list[Check] = []

    errors = validate_post(post, known_channels=channels.keys())
    checks.append(
        Check("metadata", "warning", " ".join(m for _, m in errors))
        if errors
        else Check("metadata", "ok", "Post metadata is valid.")
    )

    bad = [
        _cell_id(c, i)
        for i, c in enumerate(cells)
        if c.get("cell_type") == "code"
        and any(o.get("output_type") == "error" for o in c.get("outputs") or [])
    ]
    checks.append(
        Check("error_outputs", "warning", f"{len(bad)} cell(s) still show an error output.", bad)
        if bad
        else Check("error_outputs", "ok", "No error outputs.")
    )

    no_alt: list[str] = []
    for i, c in enumerate(cells):
        if c.get("cell_type") != "markdown":
            continue
        text = _source(c)
        missing = any(not alt.strip() for alt, _ in _MD_IMAGE.findall(text))
        for tag in _HTML_IMG.findall(text):
            m = _ALT_ATTR.search(tag)
            if not m or not m.group(2).strip():
                missing = True
        if missing:
            no_alt.append(_cell_id(c, i))
    image = post.get("image")
    cover_missing = isinstance(image, Mapping) and not str(image.get("alt") or "").strip()
    if no_alt or cover_missing:
        what = f"{len(no_alt)} cell(s) have images without alt text" if no_alt else ""
        if cover_missing:
            what = (what + "; " if what else "") + "the cover image has no alt text"
        checks.append(Check("image_alt", "warning", what[0].upper() + what[1:] + ".", no_alt))
    else:
        checks.append(Check("image_alt", "ok", "Every image has alt text."))

    social = post.get("social") or {}
    over: list[str] = []
    for ch_id, text in social.items():
        info = channels.get(ch_id)
        if info is None or not isinstance(text, str):
            continue
        limit = charcount.limit_for(info.platform, info.char_limit)
        if limit is not None:
            # {blog_url} becomes a link: exact where every link counts the same (Mastodon,
            # X); elsewhere the text without it (the URL is counted once recorded).
            n = publishing.count_text(text, info.platform)
            if n > limit:
                over.append(f"{ch_id}: {n}/{limit}")
    checks.append(
        Check("char_limits", "warning", "Over the limit: " + ", ".join(over) + ".")
        if over
        else Check("char_limits", "ok", "Every social text fits its channel.")
    )

    unlinked = [
        ch_id
        for ch_id, text in social.items()
        if isinstance(text, str)
        and not charcount.URL_RE.search(text)
        # {blog_url} is filled with the blog post's URL when it goes out (domain/publishing).
        and "{blog_url}" not in text
        and not (channels.get(ch_id) and channels[ch_id].preferred)
    ]
    checks.append(
        Check(
            "blog_link",
            "warning",
            "Social text without a link to the blog post: " + ", ".join(unlinked) + ".",
        )
        if unlinked
        else Check("blog_link", "ok", "Social texts link to the post.")
    )

    text = "\n".join(_source(c) for c in cells if c.get("cell_type") == "markdown")
    declared = str(post.get("language") or "en").split("-")[0].lower()
    found, share = detect_language(text)
    if found and found != declared and share >= 0.5 and declared in _STOPWORDS:
        checks.append(
            Check(
                "language",
                "warning",
                f"Declared language '{declared}' but the text reads like '{found}'.",
            )
        )
    else:
        checks.append(Check("language", "ok", "The text matches the declared language."))
    return checks
