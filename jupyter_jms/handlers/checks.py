"""Checks a front asks for while a person types: post metadata, character counts, checklist.

These endpoints change nothing. They exist so that the submit form's live validation and
counters, and the review form's checklist, come from the same rules the server applies on
submit and review instead of a copy in the frontend.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

from jupyter_server.auth.decorator import authorized
from tornado import web

from ..domain import charcount, checklist, publishing
from ..domain.metadata import validate_post
from ..errors import InvalidInput
from .base import JmsHandler


def channel_counts(social: Any, channels: Mapping[str, Mapping[str, Any]]) -> list[dict[str, Any]]:
    """The length of each social text as its channel's platform counts it, with its limit.

    Texts for unknown or inactive channels get no count: ``validate_post`` already names them.
    """
    if not isinstance(social, Mapping):
        return []
    out = []
    for channel_id, text in social.items():
        info = channels.get(channel_id)
        if info is None or not isinstance(text, str):
            continue
        platform = str(info.get("platform") or "")
        limit = charcount.limit_for(platform, info.get("char_limit"))
        n = publishing.count_text(text, platform)
        out.append(
            {
                "channel": channel_id,
                "platform": platform,
                "count": n,
                "limit": limit,
                "over": limit is not None and n > limit,
                "blog_url_room": publishing.blog_url_room(text, platform, limit),
            }
        )
    return out


def post_report(post: Any, channels: Iterable[Mapping[str, Any]]) -> dict[str, Any]:
    """What the submit form shows: every field error and every social text's count."""
    active = {str(c["id"]): c for c in channels if c.get("status") == "active"}
    errors = validate_post(post, known_channels=active.keys())
    social = post.get("social") if isinstance(post, Mapping) else None
    return {
        "valid": not errors,
        "errors": [{"field": f, "message": m} for f, m in errors],
        "counts": channel_counts(social, active),
    }


def checklist_report(*, third_party: bool, needs_vetting: bool) -> dict[str, Any]:
    """The checklist items in order, which apply to such a post, and which are derived."""
    applicable = set(
        checklist.applicable_items(third_party=third_party, needs_vetting=needs_vetting)
    )
    return {
        "values": list(checklist.VALUES),
        "items": [
            {
                "id": key,
                "label": label,
                "applies": key in applicable,
                "derived": key in checklist.DERIVED,
            }
            for key, label in checklist.ITEMS.items()
        ],
    }


class PostCheckHandler(JmsHandler):
    auth_resource = "jms:checks"

    @web.authenticated
    @authorized
    async def post(self) -> None:
        """Validate post metadata and count its social texts per channel; changes nothing."""
        body = self.json_body()
        if "metadata" not in body:
            raise InvalidInput(
                "The body is {'metadata': {...}}: the notebook's metadata.jms.", field="metadata"
            )
        channels = await self.call(self.jms.channels.list)
        self.reply(post_report(body["metadata"], channels))


class ChecklistHandler(JmsHandler):
    auth_resource = "jms:checks"

    @web.authenticated
    @authorized
    async def get(self) -> None:
        """The editorial checklist and which items apply to a post of the given kind."""
        self.reply(
            checklist_report(
                third_party=self.query_flag("third_party"),
                needs_vetting=self.query_flag("needs_vetting"),
            )
        )


ROUTES = [
    (r"checks/post", PostCheckHandler),
    (r"checks/checklist", ChecklistHandler),
]
