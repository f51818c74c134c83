"""Use cases of publishing: schedule or publish now, read a post's publication, mark a
channel done or retry it, export the blog post."""

from __future__ import annotations

import json
from datetime import timezone
from typing import Any

from sqlalchemy import select

from ...domain import charcount, states
from ...domain import publishing as rules
from ...domain.access import Caller
from ...domain.meetings import RuleError, zone
from ...errors import Conflict, Forbidden, InvalidInput
from ...store.models import Channel, Draft, PublicationJob, Revision, utcnow
from ..editorial.draft_views import load_status, store_summary
from ..editorial.drafts import DraftService
from ..kernel.common import bump, iso
from ..kernel.context import Context, record
from ..kernel.inputs import enum, require_version, timestamp
from . import export, outbox


def _job_dict(job: PublicationJob, channel: Channel | None, blog_url: str | None) -> dict[str, Any]:
    platform = channel.platform if channel else job.connector
    text = job.text
    if not text and job.template:
        text = job.template.replace(rules.BLOG_URL, blog_url) if blog_url else job.template
    limit = charcount.limit_for(platform, channel.char_limit if channel else None)
    return {
        "channel": job.channel,
        "name": channel.name if channel else job.channel,
        "connector": job.connector,
        "state": job.state,
        "text": text,
        "count": rules.count_text(text, platform),
        "limit": limit,
        "waiting_for_blog_url": job.waiting,
        # Until the blog URL is known: the longest one the text leaves room for (null: any).
        "blog_url_room": (
            rules.blog_url_room(job.template, platform, limit)
            if job.waiting and not blog_url
            else None
        ),
        "url": job.url or None,
        "remote_id": job.remote_id or None,
        "error": job.error or None,
        "attempts": list(job.attempts or []),
        "done_at": iso(job.done_at),
        "done_by": job.done_by or None,
        "marks": [m for m, allowed in rules.MARKS.items() if job.state in allowed],
        "version": job.version,
    }


class PublishingService:
    def __init__(self, ctx: Context, drafts: DraftService) -> None:
        self.ctx = ctx
        self.drafts = drafts

    def publish(self, caller: Caller, draft_id: str, body: dict[str, Any]) -> dict[str, Any]:
        """Schedule an approved post (``publish_at``; absent: now), or move a scheduled one."""
        tz_name = body.get("tz", "UTC")
        try:
            tz = zone(tz_name)
        except RuleError as exc:
            raise InvalidInput(exc.message, field="tz") from None
        raw = body.get("publish_at")
        when = utcnow() if raw is None else timestamp(raw, "publish_at", zone=tz)
        when = when.astimezone(timezone.utc)
        with self.ctx.write() as s:
            draft = self.drafts._load(s, draft_id, caller, lock=True)
            if not caller.can_steer:
                raise Forbidden("Only editors schedule and publish posts.")
            require_version(draft.version, body.get("if_version"), "draft")
            if draft.state not in (states.APPROVED, states.SCHEDULED):
                raise states.IllegalTransition(draft.state, states.SCHEDULED)
            previous = draft.state
            outbox.enqueue(s, draft, when, tz_name, caller.username)
            draft.state = states.SCHEDULED
            draft.publish_at = when
            bump(draft)
            store_summary(draft, load_status(s, draft, self.ctx.settings.required_approvals))
            record(
                s,
                actor=caller.username,
                action="draft.scheduled",
                subject_type="draft",
                subject_id=draft.id,
                data={
                    "from": previous,
                    "to": states.SCHEDULED,
                    "revision": draft.revision,
                    "publish_at": iso(when),
                    "tz": tz_name,
                },
            )
            draft_key = draft.id
        return self.view(caller, str(draft_key))

    def view(self, caller: Caller, draft_id: str) -> dict[str, Any]:
        with self.ctx.read() as s:
            draft = self.drafts._load(s, draft_id, caller)
            jobs = list(
                s.scalars(
                    select(PublicationJob)
                    .where(PublicationJob.draft_id == draft.id)
                    .order_by(PublicationJob.id)
                )
            )
            chans = {c.id: c for c in s.scalars(select(Channel))}
            blog = outbox.blog_url(s, draft.id)
            tz_name = jobs[0].tz if jobs else "UTC"
            when = draft.publish_at
            pending: list[dict[str, Any]] = []
            if not jobs:
                # Not scheduled yet: what would go out, from the approved revision.
                pending = [
                    {
                        "channel": p.id,
                        "name": chans[p.id].name if p.id in chans else p.id,
                        "connector": p.connector,
                        "state": None,
                        "text": p.template,
                        "count": rules.count_text(p.template, p.platform),
                        "limit": charcount.limit_for(p.platform, p.char_limit),
                        "waiting_for_blog_url": p.needs_blog_url,
                        "blog_url_room": rules.blog_url_room(
                            p.template,
                            p.platform,
                            charcount.limit_for(p.platform, p.char_limit),
                        ),
                        "url": None,
                        "remote_id": None,
                        "error": None,
                        "attempts": [],
                        "done_at": None,
                        "done_by": None,
                        "marks": [],
                        "version": 0,
                    }
                    for p in outbox.plans(s, draft)
                ]
            rev = s.scalar(
                select(Revision).where(Revision.draft_id == draft.id, Revision.n == draft.revision)
            )
            image = (rev.post or {}).get("image") if rev is not None else None
            cover = (
                rules.cover_image(json.loads(rev.notebook), rev.post or {})
                if rev is not None and image
                else None
            )
            return {
                "draft": str(draft.id),
                "state": draft.state,
                "image": (
                    {
                        "path": image.get("path"),
                        "alt": image.get("alt") or "",
                        "attached": cover is not None,
                    }
                    if isinstance(image, dict)
                    else None
                ),
                "revision": draft.revision,
                "version": draft.version,
                "publish_at": iso(when),
                "tz": tz_name,
                "publish_at_local": (
                    when.astimezone(zone(tz_name)).isoformat() if when is not None else None
                ),
                "blog_url": blog,
                "channels": (
                    [_job_dict(j, chans.get(j.channel), blog) for j in jobs] if jobs else pending
                ),
                "exports": [
                    {"format": f, "path": f"drafts/{draft.id}/export?format={f}"}
                    for f in export.FORMATS
                ],
            }

    def queue(self, caller: Caller) -> dict[str, Any]:
        """The editors' "to publish" list: approved and scheduled posts, each with its
        channels' states; those with a failed or unconfirmed channel first."""
        if not caller.can_steer:
            raise Forbidden("The list of posts to publish is for editors.")
        with self.ctx.read() as s:
            drafts = list(
                s.scalars(
                    select(Draft)
                    .where(Draft.state.in_([states.APPROVED, states.SCHEDULED]))
                    .order_by(Draft.id)
                )
            )
            jobs: dict[int, list[PublicationJob]] = {}
            for job in s.scalars(
                select(PublicationJob)
                .where(PublicationJob.draft_id.in_([d.id for d in drafts]))
                .order_by(PublicationJob.id)
            ):
                jobs.setdefault(job.draft_id, []).append(job)
        items = []
        for d in drafts:
            mine = jobs.get(d.id, [])
            attention = [j.channel for j in mine if j.state in rules.NEEDS_PERSON]
            chans: list[dict[str, str | None]] = [
                {"channel": j.channel, "state": j.state} for j in mine
            ] or [{"channel": c.channel, "state": None} for c in d.channels]
            items.append(
                {
                    "id": str(d.id),
                    "title": d.title,
                    "state": d.state,
                    "version": d.version,
                    "publish_at": iso(d.publish_at),
                    "tz": mine[0].tz if mine else "UTC",
                    "channels": chans,
                    "needs_attention": attention,
                }
            )
        items.sort(key=lambda i: (not i["needs_attention"], i["publish_at"] or "", i["id"]))
        return {"items": items}

    def mark(
        self, caller: Caller, draft_id: str, channel: str, body: dict[str, Any]
    ) -> dict[str, Any]:
        """A person's word on a channel: ``done`` (with its URL) or ``retry``."""
        mark = enum(body.get("mark"), "mark", rules.MARKS)
        if mark is None:
            raise InvalidInput(f"mark is one of {', '.join(rules.MARKS)}.", field="mark")
        try:
            url = rules.check_url(body.get("url")) if mark == "done" else ""
        except rules.PublishingRuleError as exc:
            raise InvalidInput(exc.message, field=exc.field) from None
        with self.ctx.write() as s:
            draft = self.drafts._load(s, draft_id, caller, lock=True)
            if not caller.can_steer:
                raise Forbidden("Only editors record where a post went out.")
            job = s.scalar(
                select(PublicationJob)
                .where(PublicationJob.draft_id == draft.id, PublicationJob.channel == channel)
                .with_for_update()
            )
            if job is None:
                raise Conflict(f"'{channel}' is not scheduled for draft {draft.id}.")
            if body.get("if_version") is not None:
                require_version(job.version, body.get("if_version"), "channel outcome")
            try:
                rules.check_mark(job.state, mark)
            except rules.PublishingRuleError as exc:
                raise Conflict(exc.message) from None
            if mark == "done":
                outbox.check_blog_url(s, job, url)
                outbox.settle(
                    s,
                    job,
                    state=rules.DONE,
                    actor=caller.username,
                    url=url,
                    required=self.ctx.settings.required_approvals,
                )
            else:
                job.state = rules.QUEUED
                job.error = ""
                job.due_at = utcnow()
                bump(job)
                record(
                    s,
                    actor=caller.username,
                    action="publication.retry",
                    subject_type="draft",
                    subject_id=draft.id,
                    data={"channel": channel},
                )
            key = draft.id
        return self.view(caller, str(key))

    def export(self, caller: Caller, draft_id: str, fmt: str | None) -> export.Export:
        """The blog post made from the approved revision, to paste or import."""
        fmt = "html" if fmt is None else fmt
        if fmt not in export.FORMATS:
            raise InvalidInput(f"format is one of {', '.join(export.FORMATS)}.", field="format")
        with self.ctx.read() as s:
            draft = self.drafts._load(s, draft_id, caller)
            rev = s.scalar(
                select(Revision).where(Revision.draft_id == draft.id, Revision.n == draft.revision)
            )
            assert rev is not None
            nb = json.loads(rev.notebook)
            post = dict(rev.post or {})
            slug = f"draft-{draft.id}"
            published = draft.publish_at or utcnow()
        return export.make(fmt, nb, post, slug, published)
