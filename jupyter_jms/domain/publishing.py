"""Publishing rules: connectors, the outbox states, the text that goes out, and when a draft
is published. Pure: no I/O (the connectors and vault resolvers live in services/publishing).

The safe-publishing rule: a posting call whose outcome is unknown (a timeout, a 5xx, a
process that died between claiming the row and hearing back) is never repeated by the
service; the row becomes ``unconfirmed`` and a person checks the platform and marks it.
"""

from __future__ import annotations

import os
import re
import time
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from . import charcount

CONNECTORS = ("mastodon", "bluesky", "blog_export", "manual")
# Connectors the service posts through itself; the others wait for a person to record a URL.
AUTOMATIC = frozenset({"mastodon", "bluesky"})

QUEUED = "queued"
CLAIMED = "claimed"
POSTED = "posted"
FAILED = "failed"
UNCONFIRMED = "unconfirmed"
DONE = "done"
JOB_STATES = (QUEUED, CLAIMED, POSTED, FAILED, UNCONFIRMED, DONE)
# A channel is through when it went out (posted) or a person said it did (done).
SETTLED = frozenset({POSTED, DONE})
# Rows that wait for a person: it failed, its outcome is unknown, or a URL must be recorded.
NEEDS_PERSON = frozenset({FAILED, UNCONFIRMED})
# What a person may do to a row, from which states.
MARKS: dict[str, frozenset[str]] = {
    # it went out (a URL is recorded): the blog, a manual channel, an unconfirmed post found
    "done": frozenset({QUEUED, FAILED, UNCONFIRMED}),
    # try again: after a definite failure, or an unconfirmed post a person found missing
    "retry": frozenset({FAILED, UNCONFIRMED}),
}

BLOG_URL = "{blog_url}"
_URL_RE = re.compile(r"^https?://[^\s<>\"']+$")


class PublishingRuleError(ValueError):
    """A request the publishing rules refuse; ``field`` names the input when there is one."""

    def __init__(self, message: str, field: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.field = field


# -- channel fields ----------------------------------------------------------------------------
def validate_channel_fields(
    data: Mapping[str, Any], pre: str, *, partial: bool
) -> tuple[dict[str, Any], list[tuple[str, str]]]:
    """``connector`` and ``api_url`` of a channel (see ``domain.channels.validate_fields``)."""
    out: dict[str, Any] = {}
    errors: list[tuple[str, str]] = []
    if "connector" in data or not partial:
        value = data.get("connector")
        value = "manual" if value is None else value
        if value not in CONNECTORS:
            errors.append((pre + "connector", f"one of {', '.join(CONNECTORS)}"))
        else:
            out["connector"] = value
    if "api_url" in data or not partial:
        value = data.get("api_url")
        value = "" if value is None else value
        if not isinstance(value, str) or len(value) > 500:
            errors.append((pre + "api_url", "a string of at most 500 characters"))
        elif value.strip() and not _URL_RE.match(value.strip()):
            errors.append((pre + "api_url", "an http(s) URL (the Mastodon instance, the PDS)"))
        else:
            out["api_url"] = value.strip().rstrip("/")
    return out, errors


# -- what goes out -------------------------------------------------------------------------
@dataclass(frozen=True)
class ChannelPlan:
    """One channel of a post, as scheduling sees it."""

    id: str
    connector: str
    platform: str
    kind: str
    char_limit: int | None
    template: str  # metadata.jms.social[channel] of the approved revision ('' if none)

    @property
    def automatic(self) -> bool:
        return self.connector in AUTOMATIC

    @property
    def needs_blog_url(self) -> bool:
        return BLOG_URL in self.template


def blog_channel(plans: Iterable[ChannelPlan]) -> ChannelPlan | None:
    """The post's blog channel: the one exported for the blog (else the one of kind blog)."""
    plans = list(plans)
    for p in plans:
        if p.connector == "blog_export":
            return p
    return next((p for p in plans if p.kind == "blog"), None)


def schedule_problems(plans: list[ChannelPlan]) -> list[tuple[str, str]]:
    """Why these channels cannot be published by the service as approved (empty when they
    can). Only the channels the service posts to matter: the others wait for a person."""
    problems: list[tuple[str, str]] = []
    blog = blog_channel(plans)
    for p in plans:
        if p.automatic and not p.template.strip():
            problems.append(
                (
                    f"social.{p.id}",
                    f"the approved revision has no text for '{p.id}' (metadata.jms.social)",
                )
            )
        if p.automatic and p.needs_blog_url and (blog is None or blog.id == p.id):
            problems.append(
                (f"social.{p.id}", f"the text for '{p.id}' uses {BLOG_URL} but no blog is named")
            )
    return problems


def fill(template: str, blog_url: str | None) -> str:
    """The text that goes out: ``{blog_url}`` replaced by the recorded blog URL.

    Only that one placeholder is filled (no str.format): a text may hold other braces."""
    if BLOG_URL in template:
        if not blog_url:
            raise PublishingRuleError("the text waits for the blog's URL")
        return template.replace(BLOG_URL, blog_url)
    return template


def over_limit(text: str, platform: str, limit: int | None) -> str | None:
    """A sentence when ``text`` is over ``limit`` as ``platform`` counts it, else None."""
    if limit is None:
        return None
    n = charcount.count(text, platform)
    if n > limit:
        return (
            f"The text is {n} characters as {platform.capitalize()} counts them; "
            f"the limit is {limit}. Shorten it in a new revision."
        )
    return None


# Platforms where every link counts the same, whatever its length (charcount.URL_WEIGHT).
FIXED_URL_WEIGHT = frozenset({"mastodon", "x", "twitter"})
# Any URL the counters recognise as one (a known top-level domain) stands in for it there.
_PROBE_URL = "https://example.org/"


def blog_url_room(template: str, platform: str, limit: int | None) -> int | None:
    """The longest blog URL with which ``template`` still fits ``limit``, before the URL is
    known; None when any URL fits (no limit, no placeholder, or a platform where a link
    counts the same whatever its length). 0: no URL fits.

    The blog's URL is only known once it is published (Medium makes it from the title and
    an id of its own), so until it is recorded the text is counted without it and this room
    is what a URL may take; the exact count happens when the URL is recorded."""
    if limit is None or BLOG_URL not in template:
        return None
    n = template.count(BLOG_URL)
    if platform.lower() in FIXED_URL_WEIGHT:
        probe = template.replace(BLOG_URL, _PROBE_URL)
        return None if charcount.count(probe, platform) <= limit else 0
    rest = charcount.count(template.replace(BLOG_URL, ""), platform)
    return max(0, (limit - rest) // n)


def count_text(text: str, platform: str) -> int:
    """A social text's count as shown before posting. With ``{blog_url}`` still in it: exact
    where every link counts the same (Mastodon: 23); elsewhere the text without the URL,
    which then has ``blog_url_room`` characters left."""
    if BLOG_URL not in text:
        return charcount.count(text, platform) if text else 0
    if platform.lower() in FIXED_URL_WEIGHT:
        return charcount.count(text.replace(BLOG_URL, _PROBE_URL), platform)
    return charcount.count(text.replace(BLOG_URL, ""), platform)


def url_too_long(template: str, platform: str, limit: int | None, url: str) -> str | None:
    """A sentence when ``template`` filled with the blog ``url`` goes over ``limit``."""
    if limit is None or BLOG_URL not in template:
        return None
    n = charcount.count(template.replace(BLOG_URL, url), platform)
    if n <= limit:
        return None
    room = blog_url_room(template, platform, limit) or 0
    said = (
        f"with this blog URL the text is {n} characters as {platform.capitalize()} counts "
        f"them; the limit is {limit}."
    )
    if room:
        return f"{said} Record a blog URL of at most {room} characters (a short link, say)."
    return f"{said} No blog URL fits: shorten the text in a new revision."


def draft_published(states: Iterable[str]) -> bool:
    """A draft is published when every one of its channels is posted or marked done."""
    states = list(states)
    return bool(states) and all(s in SETTLED for s in states)


def check_mark(state: str, mark: str) -> None:
    allowed = MARKS.get(mark)
    if allowed is None:
        raise PublishingRuleError(f"mark is one of {', '.join(MARKS)}", field="mark")
    if state not in allowed:
        raise PublishingRuleError(f"A channel that is {state} cannot be marked {mark}.")


def check_url(value: Any, field: str = "url") -> str:
    if not isinstance(value, str) or len(value) > 1000 or not _URL_RE.match(value.strip()):
        raise PublishingRuleError("an http(s) URL of where it went out", field=field)
    return value.strip()


# -- the cover image ---------------------------------------------------------------------------
@dataclass(frozen=True)
class CoverImage:
    name: str
    mime: str
    data: bytes
    alt: str


def cover_image(notebook: Mapping[str, Any], post: Mapping[str, Any]) -> CoverImage | None:
    """The post's cover image (``metadata.jms.image``) when the notebook carries it as a
    Markdown cell attachment, the one form that travels with the notebook to the service."""
    image = post.get("image")
    if not isinstance(image, Mapping) or not isinstance(image.get("path"), str):
        return None
    name = image["path"].removeprefix("attachment:").rsplit("/", 1)[-1]
    for cell in notebook.get("cells") or []:
        found = (cell.get("attachments") or {}).get(name)
        if not isinstance(found, Mapping):
            continue
        for mime, b64 in found.items():
            if isinstance(mime, str) and mime.startswith("image/") and isinstance(b64, str):
                import base64
                import binascii

                try:
                    data = base64.b64decode(b64, validate=False)
                except (binascii.Error, ValueError):
                    return None
                return CoverImage(name, mime, data, str(image.get("alt") or ""))
    return None


# -- Bluesky record keys ---------------------------------------------------------------------
_S32 = "234567abcdefghijklmnopqrstuvwxyz"


def new_tid(now_us: int | None = None, clock_id: int | None = None) -> str:
    """An AT Protocol TID (13 characters, base32-sortable): 53 bits of microseconds since the
    epoch and a 10-bit clock id. Written here because the atproto package validates TIDs but
    does not make them; the layout is the protocol's own (atproto.com/specs/tid)."""
    us = time.time_ns() // 1000 if now_us is None else now_us
    cid = int.from_bytes(os.urandom(2), "big") & 0x3FF if clock_id is None else clock_id
    value = ((us & ((1 << 53) - 1)) << 10) | (cid & 0x3FF)
    out = []
    for _ in range(13):
        out.append(_S32[value & 31])
        value >>= 5
    return "".join(reversed(out))
