"""The publishing tables: the URLs a post went out at, and the publisher's outbox."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import (
    JSON,
    Boolean,
    ForeignKey,
    Index,
    Integer,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import Mapped, mapped_column

from .base import Base, BigId, UTCDateTime, utcnow


class Publication(Base):
    __tablename__ = "publications"

    id: Mapped[int] = mapped_column(BigId, primary_key=True, autoincrement=True)
    draft_id: Mapped[int] = mapped_column(ForeignKey("drafts.id"), index=True)
    channel: Mapped[str] = mapped_column(String(64))
    url: Mapped[str] = mapped_column(String(1000))
    recorded_by: Mapped[str] = mapped_column(String(100))
    published_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)


class PublicationJob(Base):
    """One channel of one scheduled draft: the publisher's outbox row.

    ``state``: queued -> claimed -> posted | failed | unconfirmed; a person marks a row done
    (the blog, a manual channel, an unconfirmed post they checked) or queues it again. A
    claimed row whose process went away is never retried blindly: it becomes unconfirmed.
    """

    __tablename__ = "publication_jobs"

    id: Mapped[int] = mapped_column(BigId, primary_key=True, autoincrement=True)
    draft_id: Mapped[int] = mapped_column(ForeignKey("drafts.id"), index=True)
    channel: Mapped[str] = mapped_column(String(64))
    revision: Mapped[int] = mapped_column(Integer)
    connector: Mapped[str] = mapped_column(String(20))
    state: Mapped[str] = mapped_column(String(20))
    due_at: Mapped[datetime] = mapped_column(UTCDateTime)
    tz: Mapped[str] = mapped_column(String(64), default="UTC")
    # The text as approved ({blog_url} not yet filled); empty for the blog and manual channels.
    template: Mapped[str] = mapped_column(Text, default="")
    # Waits for the blog's URL before it may be claimed.
    waiting: Mapped[bool] = mapped_column(Boolean, default=False)
    # Mastodon's Idempotency-Key, or Bluesky's record key (a TID): fixed before the first call.
    key: Mapped[str] = mapped_column(String(64))
    text: Mapped[str] = mapped_column(Text, default="")
    remote_id: Mapped[str] = mapped_column(String(500), default="")
    url: Mapped[str] = mapped_column(String(1000), default="")
    grant_id: Mapped[int | None] = mapped_column(ForeignKey("channel_grants.id"), nullable=True)
    claimed_by: Mapped[str] = mapped_column(String(100), default="")
    claimed_at: Mapped[datetime | None] = mapped_column(UTCDateTime, nullable=True)
    attempts: Mapped[list[dict[str, Any]]] = mapped_column(JSON, default=list)
    error: Mapped[str] = mapped_column(Text, default="")
    done_at: Mapped[datetime | None] = mapped_column(UTCDateTime, nullable=True)
    done_by: Mapped[str] = mapped_column(String(100), default="")
    version: Mapped[int] = mapped_column(Integer, default=1)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    __table_args__ = (
        UniqueConstraint("draft_id", "channel", name="uq_publication_jobs_draft_channel"),
        Index("ix_publication_jobs_due", "state", "due_at"),
    )
