"""Checks a front asks for while a person types: post metadata, character counts, checklist.

Nothing here changes anything. The submit form's live validation and counters, and the
review form's checklist, come from the same rules the server applies on submit and review
(and from the same active channels) instead of a copy in the frontend.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from ...domain import charcount, checklist, publishing
from ...domain.metadata import validate_post
from ...domain.prechecks import ChannelInfo
from ..kernel.context import Context
from .drafts import active_channels


def channel_counts(social: Any, channels: Mapping[str, ChannelInfo]) -> list[dict[str, Any]]:
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
        platform = info.platform or ""
        limit = charcount.limit_for(platform, info.char_limit)
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


class CheckService:
    def __init__(self, ctx: Context) -> None:
        self.ctx = ctx

    def post(self, post: Any) -> dict[str, Any]:
        """What the submit form shows: every field error and every social text's count,
        against the channels a submit would accept now."""
        with self.ctx.read() as s:
            active = active_channels(s)
        errors = validate_post(post, known_channels=active.keys())
        social = post.get("social") if isinstance(post, Mapping) else None
        return {
            "valid": not errors,
            "errors": [{"field": f, "message": m} for f, m in errors],
            "counts": channel_counts(social, active),
        }

    def checklist(self, *, third_party: bool, needs_vetting: bool) -> dict[str, Any]:
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
