"""The publication outbox in the database: one row per draft x channel.

Claims are safe with several service processes on one database: on PostgreSQL a claim
locks the row with ``FOR UPDATE SKIP LOCKED`` (another process skips it); on SQLite every
write transaction starts with ``BEGIN IMMEDIATE`` (see store/db.py), so claims queue.
"""

from __future__ import annotations

import uuid
from datetime import datetime
from typing import Any

from sqlalchemy import exists, select
from sqlalchemy.orm import Session

from ...domain import charcount, states
from ...domain import publishing as rules
from ...errors import Conflict
from ...store.models import Channel, Draft, Publication, PublicationJob, Revision, utcnow
from ..editorial.draft_views import load_status, store_summary
from ..kernel.common import bump, iso
from ..kernel.context import record


def plans(session: Session, draft: Draft) -> list[rules.ChannelPlan]:
    """The post's channels with their connectors and the approved revision's texts."""
    rev = session.scalar(
        select(Revision).where(Revision.draft_id == draft.id, Revision.n == draft.revision)
    )
    post = (rev.post if rev is not None else draft.post) or {}
    social = post.get("social") or {}
    ids = [c.channel for c in draft.channels]
    rows = {c.id: c for c in session.scalars(select(Channel).where(Channel.id.in_(ids)))}
    out = []
    for cid in ids:
        c = rows.get(cid)
        if c is None:
            continue
        text = social.get(cid)
        out.append(
            rules.ChannelPlan(
                id=cid,
                connector=c.connector or "manual",
                platform=c.platform,
                kind=c.kind,
                char_limit=c.char_limit,
                template=text if isinstance(text, str) else "",
            )
        )
    return out


def enqueue(session: Session, draft: Draft, due_at: datetime, tz: str, actor: str) -> None:
    """Create the draft's outbox rows (or move the queued ones to ``due_at``).

    Refuses (409, with every reason) a post whose automatic channels cannot go out as
    approved: no text for a channel, or ``{blog_url}`` with no blog named."""
    have = {
        j.channel: j
        for j in session.scalars(select(PublicationJob).where(PublicationJob.draft_id == draft.id))
    }
    todo = plans(session, draft)
    problems = rules.schedule_problems(todo)
    if problems:
        raise Conflict("The post cannot be published as approved.", errors=problems)
    known = blog_url(session, draft.id)
    blog = rules.blog_channel(todo)
    blog_row = session.get(Channel, blog.id) if blog is not None else None
    for p in todo:
        _check_fits(p, known, blog_row)
        job = have.get(p.id)
        if job is not None:
            if job.state == rules.QUEUED:
                job.due_at = due_at
                job.tz = tz
                bump(job)
            continue
        session.add(
            PublicationJob(
                draft_id=draft.id,
                channel=p.id,
                revision=draft.revision,
                connector=p.connector,
                state=rules.QUEUED,
                due_at=due_at,
                tz=tz,
                template=p.template,
                waiting=p.automatic and p.needs_blog_url,
                key=rules.new_tid() if p.connector == "bluesky" else uuid.uuid4().hex,
                attempts=[],
            )
        )
    session.flush()
    record(
        session,
        actor=actor,
        action="publication.queued",
        subject_type="draft",
        subject_id=draft.id,
        data={"due_at": iso(due_at), "tz": tz, "channels": [p.id for p in todo]},
    )


def _check_fits(p: rules.ChannelPlan, known: str | None, blog_row: Channel | None) -> None:
    """Refuse (409) an automatic channel's text that cannot fit its limit."""
    if not p.automatic:
        return
    limit = charcount.limit_for(p.platform, p.char_limit)
    # Counted again before posting, against the instance's own limit.
    if not p.needs_blog_url:
        why = rules.over_limit(p.template, p.platform, limit)
    elif known:
        why = rules.url_too_long(p.template, p.platform, limit, known)
    else:
        # The URL is not known yet: the text must leave room for at least the blog's
        # own address; the exact count happens when the URL is recorded (mark done).
        room = rules.blog_url_room(p.template, p.platform, limit)
        address = blog_row.url if blog_row is not None and blog_row.url else ""
        why = None
        if room is not None and room < max(len(address), 1):
            why = (
                f"the text for '{p.id}' leaves room for a blog URL of {room} characters as "
                f"{p.platform.capitalize()} counts them (the limit is {limit})"
                + (
                    f", and the blog's address alone ({address}) is {len(address)}"
                    if address
                    else ""
                )
                + ". Shorten it in a new revision."
            )
    if why:
        raise Conflict(why[:1].upper() + why[1:], errors=[(f"social.{p.id}", why)])


def claim(session: Session, worker: str, now: datetime) -> PublicationJob | None:
    """Take one due row for ``worker``: queued, automatic, not waiting, its draft scheduled."""
    q = (
        select(PublicationJob)
        .where(
            PublicationJob.state == rules.QUEUED,
            PublicationJob.waiting.is_(False),
            PublicationJob.due_at <= now,
            PublicationJob.connector.in_(sorted(rules.AUTOMATIC)),
            exists().where(Draft.id == PublicationJob.draft_id, Draft.state == states.SCHEDULED),
        )
        .order_by(PublicationJob.due_at, PublicationJob.id)
        .limit(1)
        .with_for_update(skip_locked=True)
    )
    job = session.scalar(q)
    if job is None:
        return None
    job.state = rules.CLAIMED
    job.claimed_by = worker
    job.claimed_at = now
    job.attempts = [
        *(job.attempts or []),
        {"n": len(job.attempts or []) + 1, "at": iso(now), "by": worker, "outcome": "claimed"},
    ]
    bump(job, now)
    return job


def blog_url(session: Session, draft_id: int) -> str | None:
    """The recorded URL of the post's blog channel, once it is known."""
    rows = list(
        session.execute(
            select(PublicationJob.connector, Channel.kind, PublicationJob.url, PublicationJob.state)
            .join(Channel, Channel.id == PublicationJob.channel)
            .where(PublicationJob.draft_id == draft_id)
        )
    )
    for connector, kind, url, state in sorted(rows, key=lambda r: r[0] != "blog_export"):
        if (connector == "blog_export" or kind == "blog") and state in rules.SETTLED and url:
            return str(url)
    return None


def check_blog_url(session: Session, job: PublicationJob, url: str) -> None:
    """Before ``url`` is recorded for a blog channel: each text waiting for it is counted
    exactly with it, and the recording is refused (409, nothing changed) when one would go
    over its channel's limit, saying how long a URL fits."""
    channel = session.get(Channel, job.channel)
    if not (job.connector == "blog_export" or (channel is not None and channel.kind == "blog")):
        return
    if blog_url(session, job.draft_id):
        return  # the texts already have theirs
    others = session.scalars(
        select(PublicationJob).where(
            PublicationJob.draft_id == job.draft_id,
            PublicationJob.id != job.id,
            PublicationJob.state == rules.QUEUED,
        )
    )
    problems = []
    for other in others:
        ch = session.get(Channel, other.channel)
        if ch is None:
            continue
        limit = charcount.limit_for(ch.platform, ch.char_limit)
        why = rules.url_too_long(other.template, ch.platform, limit, url)
        if why:
            problems.append((f"social.{other.channel}", f"{ch.name}: {why}"))
    if problems:
        raise Conflict(
            "This blog URL would put a social text over its limit: " + problems[0][1],
            errors=problems,
        )


def settle(
    session: Session,
    job: PublicationJob,
    *,
    state: str,
    actor: str,
    url: str = "",
    remote_id: str = "",
    error: str = "",
    text: str | None = None,
    required: int = 1,
    attempt: dict[str, Any] | None = None,
) -> dict[str, Any]:
    """Record one outcome of a row; publish the draft when every channel is through."""
    now = utcnow()
    before = job.state
    job.state = state
    job.error = error
    if text is not None:
        job.text = text
    if url:
        job.url = url
    if remote_id:
        job.remote_id = remote_id
    if state in rules.SETTLED:
        job.done_at = now
        job.done_by = actor
        session.add(
            Publication(draft_id=job.draft_id, channel=job.channel, url=job.url, recorded_by=actor)
        )
    attempts = list(job.attempts or [])
    if attempts and before == rules.CLAIMED:
        attempts[-1] = {
            **attempts[-1],
            "outcome": state,
            "error": error,
            "url": url,
            "finished_at": iso(now),
            **(attempt or {}),
        }
    else:
        attempts.append(
            {
                "n": len(attempts) + 1,
                "at": iso(now),
                "by": actor,
                "outcome": state,
                "error": error,
                "url": url,
                **(attempt or {}),
            }
        )
    job.attempts = attempts
    bump(job, now)
    record(
        session,
        actor=actor,
        action=f"publication.{state}",
        subject_type="draft",
        subject_id=job.draft_id,
        data={
            "channel": job.channel,
            "from": before,
            "url": job.url,
            "remote_id": job.remote_id,
            "error": error,
            "attempt": len(attempts),
            **({"notes": attempt["notes"]} if attempt and attempt.get("notes") else {}),
        },
    )
    if state in rules.SETTLED:
        _after_settled(session, job, actor, required)
    return {"channel": job.channel, "state": job.state}


def _after_settled(session: Session, job: PublicationJob, actor: str, required: int) -> None:
    jobs = list(
        session.scalars(select(PublicationJob).where(PublicationJob.draft_id == job.draft_id))
    )
    if blog_url(session, job.draft_id):
        for other in jobs:
            if other.waiting:
                other.waiting = False
                other.updated_at = utcnow()
    if rules.draft_published(j.state for j in jobs):
        draft = session.get(Draft, job.draft_id)
        if draft is not None and draft.state == states.SCHEDULED:
            draft.state = states.PUBLISHED
            bump(draft)
            store_summary(draft, load_status(session, draft, required))
            record(
                session,
                actor=actor,
                action="draft.published",
                subject_type="draft",
                subject_id=draft.id,
                data={
                    "from": states.SCHEDULED,
                    "to": states.PUBLISHED,
                    "revision": draft.revision,
                    "publications": [{"channel": j.channel, "url": j.url} for j in jobs],
                },
            )
