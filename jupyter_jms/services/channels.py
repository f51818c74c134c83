"""Channels: the part of the registry the review workflow needs (ids, platforms, limits)."""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any

import yaml
from sqlalchemy import select

from ..store.models import Channel, utcnow
from .context import Context, record
from .errors import InvalidInput

KINDS = ("blog", "social", "forum", "chat", "video", "newsletter")
STEWARDSHIP = ("primary", "community")
MODES = ("broadcast", "two_way")
ID_RE = re.compile(r"^[a-z0-9][a-z0-9_-]{0,63}$")


def channel_dict(c: Channel) -> dict[str, Any]:
    return {
        "id": c.id,
        "name": c.name,
        "platform": c.platform,
        "kind": c.kind,
        "url": c.url,
        "handle": c.handle,
        "stewardship": c.stewardship,
        "mode": c.mode,
        "status": c.status,
        "preferred": c.preferred,
        "char_limit": c.char_limit,
        "owners": list(c.owners or []),
        "delegates": list(c.delegates or []),
        "version": c.version,
    }


def parse_channels(data: Any) -> tuple[list[dict[str, Any]], str | None]:
    """Validate a channel list shaped like data/jupyter-channels.yaml; all errors at once."""
    if not isinstance(data, Mapping) or not isinstance(data.get("channels"), list):
        raise InvalidInput("A channel file is a mapping with a 'channels' list.", field="channels")
    errors: list[tuple[str, str]] = []
    out: list[dict[str, Any]] = []
    seen: set[str] = set()
    groups = [
        ("channels", "active", data["channels"]),
        ("retired", "retired", data.get("retired") or []),
    ]
    for group, status, items in groups:
        if not isinstance(items, list):
            errors.append((group, "must be a list"))
            continue
        for i, c in enumerate(items):
            where = f"{group}[{i}]"
            if not isinstance(c, Mapping):
                errors.append((where, "must be a mapping"))
                continue
            cid = c.get("id")
            if not isinstance(cid, str) or not ID_RE.match(cid):
                errors.append((f"{where}.id", "lower-case letters, digits, - and _"))
                continue
            if cid in seen:
                errors.append((f"{where}.id", f"'{cid}' appears twice"))
            seen.add(cid)
            kind = c.get("kind", "social")
            if kind not in KINDS:
                errors.append((f"{where}.kind", f"one of {', '.join(KINDS)}"))
            stewardship = c.get("stewardship", "primary")
            if stewardship not in STEWARDSHIP:
                errors.append((f"{where}.stewardship", "primary or community"))
            mode = c.get("mode", "broadcast")
            if mode not in MODES:
                errors.append((f"{where}.mode", "broadcast or two_way"))
            limit = c.get("char_limit")
            if limit is not None and (not isinstance(limit, int) or limit <= 0):
                errors.append((f"{where}.char_limit", "a positive integer"))
            out.append(
                {
                    "id": cid,
                    "name": str(c.get("name") or cid),
                    "platform": str(c.get("platform") or cid),
                    "kind": kind,
                    "url": str(c.get("url") or ""),
                    "handle": str(c.get("handle") or ""),
                    "stewardship": stewardship,
                    "mode": mode,
                    "status": status,
                    "char_limit": limit,
                }
            )
    preferred = data.get("preferred")
    if preferred is not None and preferred not in {c["id"] for c in out if c["status"] == "active"}:
        errors.append(("preferred", f"'{preferred}' is not an active channel in the file"))
    if errors:
        raise InvalidInput(f"The channel file has {len(errors)} error(s).", errors=errors)
    return out, preferred


class ChannelService:
    def __init__(self, ctx: Context) -> None:
        self.ctx = ctx

    def list(self) -> list[dict[str, Any]]:
        with self.ctx.read() as s:
            return [channel_dict(c) for c in s.scalars(select(Channel).order_by(Channel.id))]

    def import_text(self, text: str, *, actor: str) -> dict[str, int]:
        try:
            data = yaml.safe_load(text)
        except yaml.YAMLError as exc:
            raise InvalidInput(f"The channel file is not valid YAML: {exc}") from exc
        entries, preferred = parse_channels(data)
        return self.import_channels(entries, preferred, actor=actor)

    def import_channels(
        self, entries: list[dict[str, Any]], preferred: str | None, *, actor: str
    ) -> dict[str, int]:
        """Add or update channels in one transaction; the preferred flag moves atomically."""
        counts = {"created": 0, "updated": 0}
        with self.ctx.write() as s:
            for e in entries:
                row = s.get(Channel, e["id"])
                if row is None:
                    row = Channel(**e, preferred=False)
                    s.add(row)
                    s.flush()
                    counts["created"] += 1
                    record(
                        s,
                        actor=actor,
                        action="channel.created",
                        subject_type="channel",
                        subject_id=row.id,
                        data={"status": row.status},
                    )
                    continue
                changed = {k: v for k, v in e.items() if getattr(row, k) != v}
                if changed:
                    for k, v in changed.items():
                        setattr(row, k, v)
                    row.version += 1
                    row.updated_at = utcnow()
                    counts["updated"] += 1
                    record(
                        s,
                        actor=actor,
                        action="channel.updated",
                        subject_type="channel",
                        subject_id=row.id,
                        data={"fields": sorted(changed)},
                    )
            if preferred is not None:
                for row in s.scalars(select(Channel).where(Channel.preferred.is_(True))):
                    if row.id != preferred:
                        row.preferred = False
                        row.version += 1
                target = s.get(Channel, preferred)
                if target is not None and not target.preferred:
                    target.preferred = True
                    target.version += 1
                    record(
                        s,
                        actor=actor,
                        action="channel.preferred",
                        subject_type="channel",
                        subject_id=target.id,
                        data={},
                    )
        return counts
