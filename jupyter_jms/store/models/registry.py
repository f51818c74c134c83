"""The registry's tables: members with their roles and tokens, channels, access grants,
decisions and their votes, and the decisions a channel's changes link to.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from sqlalchemy import (
    JSON,
    Boolean,
    Date,
    ForeignKey,
    Index,
    Integer,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from .base import Base, BigId, UTCDateTime, utcnow


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
