"""SQLAlchemy 2 typed models, one module per area: ``registry``, ``editorial``, ``publishing``,
``governance`` and the audit trail (``events``), on the shared ``base``.

Nothing here is ever deleted by the application: withdrawn drafts, revoked tokens,
voided approvals and ended roles stay, so the history can always be read back.

Every model is imported here, so ``Base.metadata`` (which Alembic's env.py compares
against) holds every table, and ``from jupyter_jms.store.models import X`` keeps naming
any model.
"""

from __future__ import annotations

from .base import Base, BigId, UTCDateTime, utcnow
from .editorial import Comment, Draft, DraftAuthor, DraftChannel, Review, Revision, Vetting
from .events import Event
from .governance import (
    Attendance,
    AttendanceFlag,
    MeetingOccurrence,
    MeetingSeries,
    ReportRun,
)
from .publishing import Publication, PublicationJob
from .registry import (
    Channel,
    ChannelDecision,
    Decision,
    Grant,
    Member,
    MemberToken,
    RoleInterval,
    Vote,
)

__all__ = [
    "Attendance",
    "AttendanceFlag",
    "Base",
    "BigId",
    "Channel",
    "ChannelDecision",
    "Comment",
    "Decision",
    "Draft",
    "DraftAuthor",
    "DraftChannel",
    "Event",
    "Grant",
    "MeetingOccurrence",
    "MeetingSeries",
    "Member",
    "MemberToken",
    "Publication",
    "PublicationJob",
    "ReportRun",
    "Review",
    "Revision",
    "RoleInterval",
    "UTCDateTime",
    "Vote",
    "Vetting",
    "utcnow",
]
