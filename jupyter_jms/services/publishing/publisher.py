"""The publisher: runs due outbox rows, one claim at a time, inside the service.

Per row: claim it (committed), resolve the grant's credential, count the text against the
platform's limit, call the platform once, record the outcome (committed). Nothing is ever
posted twice: a row is only claimed from ``queued``; a claimed row whose process went away
becomes ``unconfirmed`` (``recover``) and waits for a person.
"""

from __future__ import annotations

import json
import logging
import os
import socket
import uuid
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta, timezone
from typing import Any

from sqlalchemy import select

from ...domain import charcount
from ...domain import publishing as rules
from ...store.locks import get_for_update
from ...store.models import Channel, Draft, Grant, PublicationJob, Revision, utcnow
from ..kernel.common import iso
from ..kernel.context import Context, record
from . import connectors, outbox, vault
from .connectors.protocol import (
    DEFAULT_TIMEOUT,
    Card,
    Connector,
    Media,
    Outgoing,
    Posted,
    Refused,
    Unknown,
)

log = logging.getLogger(__name__)

BuildFn = Callable[[str, str, str, str, float], Connector]


@dataclass(frozen=True)
class Claimed:
    """What one posting call needs, read in the claim's transaction."""

    job_id: int
    draft_id: int
    channel: str
    connector: str
    platform: str
    api_url: str
    handle: str
    char_limit: int | None
    template: str
    key: str
    language: str
    retry: bool
    blog_url: str | None
    grant_id: int | None
    vault_ref: str
    media: tuple[Media, ...] = ()
    # The blog post's card (Bluesky): its title and description from the approved revision.
    title: str = ""
    description: str = ""
    # Media an earlier attempt uploaded, and when (reused by a retry while the platform
    # still keeps them).
    media_ids: tuple[str, ...] = ()
    media_at: str = ""


# Mastodon removes media never attached to a status after a day (its media cleanup job);
# ids younger than this are reused by a retry, older ones are uploaded again.
MEDIA_KEPT = timedelta(hours=20)


def earlier_media(attempts: list[dict[str, Any]], now: datetime) -> tuple[tuple[str, ...], str]:
    """The media ids the last call uploaded, when still young enough to reuse. Only the
    last attempt that called the platform counts: one whose ids were refused kept none."""
    for a in reversed(attempts or []):
        if a.get("outcome") not in (rules.POSTED, rules.FAILED, rules.UNCONFIRMED):
            continue  # this claim, or a person's retry: no call
        ids, at = a.get("media_ids"), a.get("media_uploaded_at")
        if not ids or not isinstance(at, str):
            return (), ""
        try:
            when = datetime.fromisoformat(at.replace("Z", "+00:00"))
        except ValueError:
            return (), ""
        if when.tzinfo is None:
            when = when.replace(tzinfo=timezone.utc)
        return (tuple(str(i) for i in ids), at) if now - when < MEDIA_KEPT else ((), "")
    return (), ""


def live_publisher_grant(s: Any, channel: str) -> Grant | None:
    """The channel's live publishing grant that says where its credential lives."""
    rows = s.scalars(
        select(Grant)
        .where(
            Grant.channel_id == channel,
            Grant.revoked_at.is_(None),
            Grant.access.in_(["publisher", "admin"]),
            Grant.vault_ref != "",
        )
        .order_by(Grant.access != "publisher", Grant.id.desc())
    )
    return next(iter(rows), None)


class Publisher:
    def __init__(
        self,
        ctx: Context,
        *,
        timeout: float = DEFAULT_TIMEOUT,
        claim_timeout: float = 300.0,
        build: BuildFn | None = None,
    ) -> None:
        self.ctx = ctx
        self.timeout = timeout
        # A claim older than this has lost its process (a call times out well before).
        self.claim_timeout = claim_timeout
        self.build = build or connectors.build
        self.worker = f"{socket.gethostname()}:{os.getpid()}:{uuid.uuid4().hex[:8]}"

    # -- the loop's one step --------------------------------------------------------------
    def run_due(self, limit: int = 50) -> int:
        """Recover lost claims, then run due rows until none is left (or ``limit``)."""
        self.recover()
        done = 0
        while done < limit:
            claimed = self._claim()
            if claimed is None:
                break
            self._run(claimed)
            done += 1
        return done

    def recover(self) -> int:
        """Claimed rows older than ``claim_timeout`` become unconfirmed: never retried."""
        cutoff = utcnow() - timedelta(seconds=self.claim_timeout)
        n = 0
        with self.ctx.write() as s:
            rows = s.scalars(
                select(PublicationJob)
                .where(PublicationJob.state == rules.CLAIMED, PublicationJob.claimed_at < cutoff)
                .with_for_update(skip_locked=True)
            ).all()
            for job in rows:
                outbox.settle(
                    s,
                    job,
                    state=rules.UNCONFIRMED,
                    actor="publisher",
                    error=(
                        f"The service stopped while posting to {job.channel}: whether it went "
                        "out is unknown. Check the account, then mark it done (with its URL) "
                        "or retry."
                    ),
                )
                n += 1
        return n

    def _claim(self) -> Claimed | None:
        with self.ctx.write() as s:
            job = outbox.claim(s, self.worker, utcnow())
            if job is None:
                return None
            channel = s.get(Channel, job.channel)
            draft = s.get(Draft, job.draft_id)
            grant = live_publisher_grant(s, job.channel)
            job.grant_id = grant.id if grant else None
            rev = s.scalar(
                select(Revision).where(
                    Revision.draft_id == job.draft_id, Revision.n == job.revision
                )
            )
            post = (rev.post if rev else None) or {}
            cover = rules.cover_image(json.loads(rev.notebook), post) if rev else None
            media_ids, media_at = earlier_media(job.attempts or [], utcnow())
            return Claimed(
                job_id=job.id,
                draft_id=job.draft_id,
                channel=job.channel,
                connector=job.connector,
                platform=channel.platform if channel else job.connector,
                api_url=channel.api_url if channel else "",
                handle=channel.handle if channel else "",
                char_limit=channel.char_limit if channel else None,
                template=job.template,
                key=job.key,
                language=draft.language if draft else "en",
                retry=len(job.attempts or []) > 1,
                blog_url=outbox.blog_url(s, job.draft_id),
                grant_id=grant.id if grant else None,
                vault_ref=grant.vault_ref if grant else "",
                media=((Media(cover.data, cover.mime, cover.alt),) if cover else ()),
                title=str(post.get("title") or (draft.title if draft else "")),
                description=str(post.get("summary") or post.get("subtitle") or ""),
                media_ids=media_ids,
                media_at=media_at,
            )

    def _run(self, c: Claimed) -> None:
        text = ""
        conn: Connector | None = None
        outcome: tuple[str, dict[str, Any]]
        try:
            text = rules.fill(c.template, c.blog_url)
            if c.grant_id is None:
                raise Refused(
                    f"'{c.channel}' has no live publisher grant with a vault reference: an "
                    "admin grants publishing access and records where the credential lives."
                )
            try:
                credential = vault.resolve(c.vault_ref)
            except vault.VaultError as exc:
                raise Refused(exc.message) from None
            conn = self.build(c.connector, c.api_url, credential, c.handle, self.timeout)
            del credential
            out = Outgoing(
                text=text,
                key=c.key,
                language=c.language,
                handle=c.handle,
                media=list(c.media),
                card=(Card(c.blog_url, c.title, c.description) if c.blog_url else None),
                media_ids=c.media_ids,
            )
            if c.retry:
                # An earlier attempt may have created it: look before posting again.
                found = conn.find(out)
                if found is not None:
                    self._finish(c, rules.POSTED, text, posted=found)
                    return
            # The instance's own limit when it says one (Mastodon), else the channel's.
            limit = conn.limit() or charcount.limit_for(c.platform, c.char_limit)
            why = rules.over_limit(text, c.platform, limit)
            if why:
                raise Refused(f"Not posted: {why}")
            posted = conn.post(out)
        except rules.PublishingRuleError as exc:
            outcome = (rules.FAILED, {"error": exc.message})
        except Refused as exc:
            outcome = (rules.FAILED, {"error": exc.message})
        except Unknown as exc:
            outcome = (rules.UNCONFIRMED, {"error": exc.message})
        except Exception as exc:  # noqa: BLE001 (an unexpected error mid-call: outcome unknown)
            log.exception("publishing %s to %s", c.draft_id, c.channel)
            outcome = (rules.UNCONFIRMED, {"error": f"Unexpected error: {exc}"})
        else:
            outcome = (rules.POSTED, {"posted": posted})
        state, kw = outcome
        self._finish(c, state, text, media=self._media_record(c, conn), **kw)

    @staticmethod
    def _media_record(c: Claimed, conn: Connector | None) -> dict[str, Any]:
        """What the attempt keeps of the uploads, so that a retry does not upload again."""
        ids = list(getattr(conn, "uploaded", None) or [])
        if not ids:
            return {}
        reused = bool(c.media_ids) and tuple(ids[: len(c.media_ids)]) == c.media_ids
        at = c.media_at if reused else iso(utcnow())
        return {"media_ids": ids, "media_uploaded_at": at}

    def _finish(
        self,
        c: Claimed,
        state: str,
        text: str,
        *,
        posted: Posted | None = None,
        error: str = "",
        media: dict[str, Any] | None = None,
    ) -> None:
        with self.ctx.write() as s:
            job = get_for_update(s, PublicationJob, c.job_id)
            if job is None or job.claimed_by != self.worker:
                return
            if job.state != rules.CLAIMED and not (posted and job.state == rules.UNCONFIRMED):
                # recovered meanwhile and this outcome adds nothing certain
                return
            outbox.settle(
                s,
                job,
                state=state,
                actor="publisher",
                url=posted.url if posted else "",
                remote_id=posted.remote_id if posted else "",
                error=error,
                text=text,
                required=self.ctx.settings.required_approvals,
                attempt={
                    **(media or {}),
                    **({"notes": list(posted.notes)} if posted and posted.notes else {}),
                },
            )
            if posted and c.grant_id is not None:
                grant = s.get(Grant, c.grant_id)
                if grant is not None:
                    grant.verified_post_at = utcnow()
                    record(
                        s,
                        actor="publisher",
                        action="grant.verified_post",
                        subject_type="grant",
                        subject_id=grant.id,
                        data={"channel": c.channel, "draft": c.draft_id, "url": posted.url},
                    )
