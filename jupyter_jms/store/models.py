"""SQLAlchemy 2 typed models.

Nothing here is ever deleted by the application: withdrawn drafts, revoked tokens,
voided approvals and ended roles stay, so the history can always be read back.
"""

from __future__ import annotations

from datetime import date, datetime, timezone
from typing import Any

from sqlalchemy import (
    JSON,
    BigInteger,
    Boolean,
    Date,
    DateTime,
    ForeignKey,
    Index,
    Integer,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column, relationship
from sqlalchemy.types import TypeDecorator

# SQLite stores integers in one INTEGER type; PostgreSQL wants BIGINT for growing ids.
BigId = BigInteger().with_variant(Integer(), "sqlite")


def utcnow() -> datetime:
    return datetime.now(timezone.utc)


class UTCDateTime(TypeDecorator[datetime]):
    """Timestamps stored naive-in-UTC on every backend and read back timezone-aware."""

    impl = DateTime
    cache_ok = True

    def process_bind_param(self, value: datetime | None, dialect: Any) -> datetime | None:
        if value is None:
            return None
        if value.tzinfo is None:
            value = value.replace(tzinfo=timezone.utc)
        return value.astimezone(timezone.utc).replace(tzinfo=None)

    def process_result_value(self, value: datetime | None, dialect: Any) -> datetime | None:
        if value is None:
            return None
        return value.replace(tzinfo=timezone.utc)


class Base(DeclarativeBase):
    pass


class Member(Base):
    __tablename__ = "members"

    username: Mapped[str] = mapped_column(String(100), primary_key=True)
    name: Mapped[str] = mapped_column(String(200), default="")
    affiliation: Mapped[str] = mapped_column(String(200), default="")
    aliases: Mapped[list[str]] = mapped_column(JSON, default=list)
    version: Mapped[int] = mapped_column(Integer, default=1)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    roles: Mapped[list[RoleInterval]] = relationship(
        back_populates="member", order_by="RoleInterval.id", lazy="selectin"
    )


class RoleInterval(Base):
    """A role held over the half-open interval [since, until)."""

    __tablename__ = "member_roles"

    id: Mapped[int] = mapped_column(BigId, primary_key=True, autoincrement=True)
    username: Mapped[str] = mapped_column(ForeignKey("members.username"), index=True)
    role: Mapped[str] = mapped_column(String(20))
    since: Mapped[date] = mapped_column(Date)
    until: Mapped[date | None] = mapped_column(Date, nullable=True)
    languages: Mapped[list[str]] = mapped_column(JSON, default=list)

    member: Mapped[Member] = relationship(back_populates="roles")


class MemberToken(Base):
    """A personal member token for service mode; only its sha256 is kept."""

    __tablename__ = "member_tokens"

    id: Mapped[int] = mapped_column(BigId, primary_key=True, autoincrement=True)
    username: Mapped[str] = mapped_column(ForeignKey("members.username"), index=True)
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    prefix: Mapped[str] = mapped_column(String(12))
    note: Mapped[str] = mapped_column(String(200), default="")
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    revoked_at: Mapped[datetime | None] = mapped_column(UTCDateTime, nullable=True)


class Channel(Base):
    """An official channel. The registry issue grows this; the core needs ids and limits."""

    __tablename__ = "channels"

    id: Mapped[str] = mapped_column(String(64), primary_key=True)
    name: Mapped[str] = mapped_column(String(200))
    platform: Mapped[str] = mapped_column(String(40))
    kind: Mapped[str] = mapped_column(String(20))
    url: Mapped[str] = mapped_column(String(500), default="")
    handle: Mapped[str] = mapped_column(String(200), default="")
    stewardship: Mapped[str] = mapped_column(String(20), default="primary")
    mode: Mapped[str] = mapped_column(String(20), default="broadcast")
    status: Mapped[str] = mapped_column(String(20), default="active")
    preferred: Mapped[bool] = mapped_column(Boolean, default=False)
    char_limit: Mapped[int | None] = mapped_column(Integer, nullable=True)
    owners: Mapped[list[str]] = mapped_column(JSON, default=list)
    delegates: Mapped[list[str]] = mapped_column(JSON, default=list)
    version: Mapped[int] = mapped_column(Integer, default=1)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    # Added by the registry (0002).
    description: Mapped[str] = mapped_column(Text, default="", server_default="")
    retired_on: Mapped[date | None] = mapped_column(Date, nullable=True)
    # Added by publishing (0004): how the service posts to it, and where.
    connector: Mapped[str] = mapped_column(String(20), default="manual", server_default="manual")
    api_url: Mapped[str] = mapped_column(String(500), default="", server_default="")


class Draft(Base):
    __tablename__ = "drafts"

    id: Mapped[int] = mapped_column(BigId, primary_key=True, autoincrement=True)
    path: Mapped[str] = mapped_column(String(1000))
    title: Mapped[str] = mapped_column(String(300))
    subtitle: Mapped[str] = mapped_column(String(300), default="")
    language: Mapped[str] = mapped_column(String(35), default="en")
    third_party: Mapped[bool] = mapped_column(Boolean, default=False)
    state: Mapped[str] = mapped_column(String(30), index=True)
    revision: Mapped[int] = mapped_column(Integer, default=1)
    version: Mapped[int] = mapped_column(Integer, default=1)
    submitted_by: Mapped[str] = mapped_column(String(100))
    post: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    # The draft's list entry as JSON, rewritten in the same transaction as every change to the
    # draft or its reviews: the review queue is read far more often than drafts change, and
    # serving it must not rebuild fifty drafts' approval status per request.
    summary: Mapped[str] = mapped_column(Text, default="{}", deferred=True)
    publish_at: Mapped[datetime | None] = mapped_column(UTCDateTime, nullable=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    authors: Mapped[list[DraftAuthor]] = relationship(
        order_by="DraftAuthor.position", lazy="selectin", cascade="all, delete-orphan"
    )
    channels: Mapped[list[DraftChannel]] = relationship(
        order_by="DraftChannel.position", lazy="selectin", cascade="all, delete-orphan"
    )

    __table_args__ = (Index("ix_drafts_state_id", "state", "id"),)


class DraftAuthor(Base):
    __tablename__ = "draft_authors"

    draft_id: Mapped[int] = mapped_column(ForeignKey("drafts.id"), primary_key=True)
    username: Mapped[str] = mapped_column(String(100), primary_key=True)
    position: Mapped[int] = mapped_column(Integer, default=0)

    __table_args__ = (Index("ix_draft_authors_username", "username", "draft_id"),)


class DraftChannel(Base):
    __tablename__ = "draft_channels"

    draft_id: Mapped[int] = mapped_column(ForeignKey("drafts.id"), primary_key=True)
    channel: Mapped[str] = mapped_column(String(64), primary_key=True)
    position: Mapped[int] = mapped_column(Integer, default=0)

    __table_args__ = (Index("ix_draft_channels_channel", "channel", "draft_id"),)


class Revision(Base):
    __tablename__ = "revisions"

    id: Mapped[int] = mapped_column(BigId, primary_key=True, autoincrement=True)
    draft_id: Mapped[int] = mapped_column(ForeignKey("drafts.id"), index=True)
    n: Mapped[int] = mapped_column(Integer)
    sha256: Mapped[str] = mapped_column(String(64))
    size: Mapped[int] = mapped_column(Integer)
    path: Mapped[str] = mapped_column(String(1000))
    notebook: Mapped[str] = mapped_column(Text)
    post: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    submitted_by: Mapped[str] = mapped_column(String(100))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    __table_args__ = (UniqueConstraint("draft_id", "n", name="uq_revisions_draft_n"),)


class Review(Base):
    __tablename__ = "reviews"

    id: Mapped[int] = mapped_column(BigId, primary_key=True, autoincrement=True)
    draft_id: Mapped[int] = mapped_column(ForeignKey("drafts.id"), index=True)
    revision: Mapped[int] = mapped_column(Integer)
    reviewer: Mapped[str] = mapped_column(String(100), index=True)
    verdict: Mapped[str] = mapped_column(String(20))
    checklist: Mapped[dict[str, str]] = mapped_column(JSON, default=dict)
    comment: Mapped[str] = mapped_column(Text, default="")
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)


class Vetting(Base):
    __tablename__ = "vettings"

    id: Mapped[int] = mapped_column(BigId, primary_key=True, autoincrement=True)
    draft_id: Mapped[int] = mapped_column(ForeignKey("drafts.id"), index=True)
    revision: Mapped[int] = mapped_column(Integer)
    vetter: Mapped[str] = mapped_column(String(100))
    language: Mapped[str] = mapped_column(String(35))
    verdict: Mapped[str] = mapped_column(String(20))
    comment: Mapped[str] = mapped_column(Text, default="")
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)


class Comment(Base):
    __tablename__ = "comments"

    id: Mapped[int] = mapped_column(BigId, primary_key=True, autoincrement=True)
    draft_id: Mapped[int] = mapped_column(ForeignKey("drafts.id"), index=True)
    revision: Mapped[int] = mapped_column(Integer)
    cell_id: Mapped[str | None] = mapped_column(String(100), nullable=True)
    author: Mapped[str] = mapped_column(String(100))
    body: Mapped[str] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)


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


class Event(Base):
    """The audit trail: one row per state change, in order."""

    __tablename__ = "events"

    id: Mapped[int] = mapped_column(BigId, primary_key=True, autoincrement=True)
    at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    actor: Mapped[str] = mapped_column(String(100))
    action: Mapped[str] = mapped_column(String(60))
    subject_type: Mapped[str] = mapped_column(String(30))
    subject_id: Mapped[str] = mapped_column(String(100))
    data: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)

    __table_args__ = (Index("ix_events_subject", "subject_type", "subject_id", "id"),)


# -- registry: access grants, decisions and votes ----------------------------------------


class Grant(Base):
    """Access a member holds on a channel. Revoking sets ``revoked_at``; the row stays."""

    __tablename__ = "channel_grants"

    id: Mapped[int] = mapped_column(BigId, primary_key=True, autoincrement=True)
    channel_id: Mapped[str] = mapped_column(ForeignKey("channels.id"), index=True)
    username: Mapped[str] = mapped_column(ForeignKey("members.username"), index=True)
    access: Mapped[str] = mapped_column(String(20))
    # Where the credential lives (a vault reference), never the credential itself.
    vault_ref: Mapped[str] = mapped_column(String(500), default="")
    reason: Mapped[str] = mapped_column(Text, default="")
    granted_by: Mapped[str] = mapped_column(String(100))
    granted_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    reauthorized_at: Mapped[datetime | None] = mapped_column(UTCDateTime, nullable=True)
    verified_post_at: Mapped[datetime | None] = mapped_column(UTCDateTime, nullable=True)
    revoked_by: Mapped[str | None] = mapped_column(String(100), nullable=True)
    revoked_at: Mapped[datetime | None] = mapped_column(UTCDateTime, nullable=True)
    revoke_reason: Mapped[str] = mapped_column(Text, default="")
    decision_id: Mapped[int | None] = mapped_column(ForeignKey("decisions.id"), nullable=True)
    version: Mapped[int] = mapped_column(Integer, default=1)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    __table_args__ = (Index("ix_channel_grants_live", "channel_id", "username", "revoked_at"),)


class Decision(Base):
    """A proposal, a consensus record or a vote (Jupyter Decision-Making Guide).

    ``outcome`` and ``tally`` are computed when a vote closes, never typed in.
    """

    __tablename__ = "decisions"

    id: Mapped[int] = mapped_column(BigId, primary_key=True, autoincrement=True)
    title: Mapped[str] = mapped_column(String(300))
    body: Mapped[str] = mapped_column(Text, default="")
    # consensus | yes_no | ranked
    method: Mapped[str] = mapped_column(String(20))
    # proposed | open | closed | withdrawn
    status: Mapped[str] = mapped_column(String(20), index=True)
    options: Mapped[list[str]] = mapped_column(JSON, default=list)
    created_by: Mapped[str] = mapped_column(String(100))
    called_by: Mapped[str | None] = mapped_column(String(100), nullable=True)
    seconded_by: Mapped[str | None] = mapped_column(String(100), nullable=True)
    eligible: Mapped[list[str]] = mapped_column(JSON, default=list)
    period_days: Mapped[int] = mapped_column(Integer, default=7)
    # Voting members present when the vote was called: a period under 7 days needs them all.
    present: Mapped[list[str]] = mapped_column(JSON, default=list)
    # Where the discussion happened (meeting notes, an issue, a forum thread).
    link: Mapped[str] = mapped_column(String(500), default="")
    round: Mapped[int] = mapped_column(Integer, default=1)
    opened_at: Mapped[datetime | None] = mapped_column(UTCDateTime, nullable=True)
    closes_at: Mapped[datetime | None] = mapped_column(UTCDateTime, nullable=True)
    closed_at: Mapped[datetime | None] = mapped_column(UTCDateTime, nullable=True)
    closed_by: Mapped[str | None] = mapped_column(String(100), nullable=True)
    outcome: Mapped[str | None] = mapped_column(String(30), nullable=True)
    winner: Mapped[str | None] = mapped_column(String(200), nullable=True)
    tally: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    # The channel change this decision makes when it passes (create, delegate, retire, ...).
    channel_id: Mapped[str | None] = mapped_column(String(64), nullable=True, index=True)
    channel_action: Mapped[str | None] = mapped_column(String(20), nullable=True)
    channel_change: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    version: Mapped[int] = mapped_column(Integer, default=1)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    votes: Mapped[list[Vote]] = relationship(order_by="Vote.id", lazy="selectin")


class Vote(Base):
    """One ballot. Ballots of an earlier round (before an amendment) stay but do not count."""

    __tablename__ = "decision_votes"

    id: Mapped[int] = mapped_column(BigId, primary_key=True, autoincrement=True)
    decision_id: Mapped[int] = mapped_column(ForeignKey("decisions.id"), index=True)
    round: Mapped[int] = mapped_column(Integer)
    voter: Mapped[str] = mapped_column(String(100))
    # yes | no | blank for yes/no questions; ranked | blank for ranked choice.
    choice: Mapped[str] = mapped_column(String(20))
    ranking: Mapped[list[str]] = mapped_column(JSON, default=list)
    cast_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    __table_args__ = (
        UniqueConstraint("decision_id", "round", "voter", name="uq_decision_votes_round_voter"),
    )


class ChannelDecision(Base):
    """The decision behind a channel's creation, delegation, retirement or other change."""

    __tablename__ = "channel_decisions"

    id: Mapped[int] = mapped_column(BigId, primary_key=True, autoincrement=True)
    channel_id: Mapped[str] = mapped_column(ForeignKey("channels.id"), index=True)
    decision_id: Mapped[int] = mapped_column(ForeignKey("decisions.id"), index=True)
    action: Mapped[str] = mapped_column(String(20))
    at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)


# -- governance: meetings, attendance, attendance flags, report runs ----------------------


class MeetingSeries(Base):
    """A recurring meeting: an RRULE (with its WKST) from a wall-clock start in an IANA zone."""

    __tablename__ = "meeting_series"

    id: Mapped[int] = mapped_column(BigId, primary_key=True, autoincrement=True)
    uid: Mapped[str] = mapped_column(String(255), unique=True)
    title: Mapped[str] = mapped_column(String(300))
    rrule: Mapped[str] = mapped_column(String(500))
    tz: Mapped[str] = mapped_column(String(64))
    # Local wall-clock time in ``tz`` (naive on purpose: 17:00 stays 17:00 across DST).
    dtstart: Mapped[datetime] = mapped_column(DateTime)
    duration_minutes: Mapped[int] = mapped_column(Integer, default=60)
    # Slots at or after this instant are not generated (a series is ended, never deleted).
    ends_at: Mapped[datetime | None] = mapped_column(UTCDateTime, nullable=True)
    created_by: Mapped[str] = mapped_column(String(100))
    version: Mapped[int] = mapped_column(Integer, default=1)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)


class MeetingOccurrence(Base):
    """A stored occurrence: a series slot that was cancelled, moved or given attendance,
    or an ad hoc meeting. Slots nobody touched are computed from the rule."""

    __tablename__ = "meeting_occurrences"

    id: Mapped[int] = mapped_column(BigId, primary_key=True, autoincrement=True)
    series_id: Mapped[int | None] = mapped_column(ForeignKey("meeting_series.id"), nullable=True)
    # Where the rule put it: the slot's identity, kept when the meeting moves.
    slot_start: Mapped[datetime | None] = mapped_column(UTCDateTime, nullable=True)
    start: Mapped[datetime] = mapped_column(UTCDateTime, index=True)
    tz: Mapped[str] = mapped_column(String(64))
    duration_minutes: Mapped[int] = mapped_column(Integer, default=60)
    kind: Mapped[str] = mapped_column(String(20))
    status: Mapped[str] = mapped_column(String(20))
    title: Mapped[str] = mapped_column(String(300), default="")
    note: Mapped[str] = mapped_column(Text, default="")
    created_by: Mapped[str] = mapped_column(String(100))
    version: Mapped[int] = mapped_column(Integer, default=1)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    __table_args__ = (
        UniqueConstraint("series_id", "slot_start", name="uq_meeting_occurrences_slot"),
    )


class Attendance(Base):
    """One member's status at one occurrence; a change keeps the old value in the audit trail."""

    __tablename__ = "attendance"

    id: Mapped[int] = mapped_column(BigId, primary_key=True, autoincrement=True)
    occurrence_id: Mapped[int] = mapped_column(ForeignKey("meeting_occurrences.id"), index=True)
    username: Mapped[str] = mapped_column(ForeignKey("members.username"), index=True)
    status: Mapped[str] = mapped_column(String(20))
    note: Mapped[str] = mapped_column(String(500), default="")
    source: Mapped[str] = mapped_column(String(20), default="api")
    recorded_by: Mapped[str] = mapped_column(String(100))
    recorded_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    version: Mapped[int] = mapped_column(Integer, default=1)

    __table_args__ = (
        UniqueConstraint("occurrence_id", "username", name="uq_attendance_occurrence_member"),
    )


class AttendanceFlag(Base):
    """A flag raised by the attendance rule, with its evidence. Cleared flags stay."""

    __tablename__ = "attendance_flags"

    id: Mapped[int] = mapped_column(BigId, primary_key=True, autoincrement=True)
    key: Mapped[str] = mapped_column(String(200), unique=True)
    username: Mapped[str] = mapped_column(String(100), index=True)
    window_start: Mapped[date] = mapped_column(Date)
    window_end: Mapped[date] = mapped_column(Date)
    status: Mapped[str] = mapped_column(String(20))
    evidence: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    policy: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    first_seen_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    last_seen_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    cleared_at: Mapped[datetime | None] = mapped_column(UTCDateTime, nullable=True)
    version: Mapped[int] = mapped_column(Integer, default=1)


class ReportRun(Base):
    """One papermill run of a report notebook, executed in a separate process."""

    __tablename__ = "report_runs"

    id: Mapped[int] = mapped_column(BigId, primary_key=True, autoincrement=True)
    report: Mapped[str] = mapped_column(String(64), index=True)
    parameters: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    status: Mapped[str] = mapped_column(String(20))
    requested_by: Mapped[str] = mapped_column(String(100))
    output_dir: Mapped[str] = mapped_column(String(1000), default="")
    error: Mapped[str] = mapped_column(Text, default="")
    failed_cell: Mapped[int | None] = mapped_column(Integer, nullable=True)
    pid: Mapped[int | None] = mapped_column(Integer, nullable=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    started_at: Mapped[datetime | None] = mapped_column(UTCDateTime, nullable=True)
    finished_at: Mapped[datetime | None] = mapped_column(UTCDateTime, nullable=True)
