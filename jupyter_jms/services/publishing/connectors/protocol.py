"""What every connector takes and gives back: the post going out, its outcomes, the protocol.

A connector either returns where the post went (``Posted``), or raises ``Refused`` (a
definite error: nothing went out, e.g. a refused credential or a 4xx with the platform's
message) or ``Unknown`` (a timeout, a 5xx, a dropped connection during the posting call:
it may have gone out). The publisher turns these into posted / failed / unconfirmed.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Protocol

DEFAULT_TIMEOUT = 30.0


@dataclass(frozen=True)
class Media:
    data: bytes
    mime: str
    description: str


@dataclass(frozen=True)
class Card:
    """A link card for the blog post (Bluesky's ``app.bsky.embed.external``)."""

    uri: str
    title: str
    description: str


@dataclass(frozen=True)
class Outgoing:
    text: str
    key: str  # Mastodon's Idempotency-Key, or Bluesky's record key (a TID)
    language: str = "en"
    handle: str = ""  # the account (Bluesky logs in with it)
    media: list[Media] = field(default_factory=list)
    # The blog post's card, when its URL is in the text (Bluesky builds it client-side).
    card: Card | None = None
    # Media an earlier attempt already uploaded (Mastodon ids): not uploaded again.
    media_ids: tuple[str, ...] = ()


@dataclass(frozen=True)
class Posted:
    remote_id: str
    url: str
    # What a person should know about how it went out (e.g. a mention left as plain text).
    notes: tuple[str, ...] = ()


class Refused(Exception):
    """A definite error: nothing was posted."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


class Unknown(Exception):
    """The posting call's outcome is unknown: it may have gone out."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


class Connector(Protocol):
    # Media ids this connector uploaded in its last ``post`` (kept for a retry), if any.
    uploaded: list[str]

    def limit(self) -> int | None:
        """The platform's character limit for this account, when it says one."""

    def find(self, out: Outgoing) -> Posted | None:
        """An earlier attempt's post, when the platform lets it be looked up by its key."""

    def post(self, out: Outgoing) -> Posted:
        """Post ``out``; raises Refused or Unknown."""


def short(text: Any, n: int = 300) -> str:
    """A platform's message on one line, cut to ``n`` characters for an outcome's text."""
    s = " ".join(str(text).split())
    return s if len(s) <= n else s[: n - 1] + "…"
