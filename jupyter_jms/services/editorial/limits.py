"""One member's limits on what they submit: open drafts and stored bytes.

The rules (how many, how much, what the member is told) are ``domain.submission``'s; this
module counts in SQL and makes the count and the insert that follows it one step per member.
``check`` runs in the submit's write transaction, and on PostgreSQL first takes a lock that
only another submit by the same member waits for, held until that transaction ends. Without
it, two submits at the limit would both count the same rows under READ COMMITTED and both
insert. SQLite needs no lock of its own: every write transaction there starts with
``BEGIN IMMEDIATE``, so writers already run one at a time.

A transaction-scoped advisory lock, rather than ``SELECT ... FOR UPDATE`` on the member's
row, because the submitter need not be on the roster (a personal server's user is not).
It is taken after the submit's other locks (the path's, or the draft's row), so no two
submits take locks in opposite orders.

What counts, per member:

- open drafts: drafts they submitted that are not published, rejected or withdrawn;
- stored bytes: every revision they submitted, on every draft except published ones.
  Nothing is ever deleted, so a withdrawn or rejected draft's revisions stay on the service
  and keep counting; a published post is the group's record and stops counting.
"""

from __future__ import annotations

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from ...domain import states, submission
from ...errors import TooLarge, TooMany
from ...store.locks import serialize_on
from ...store.models import Draft, Revision
from ..kernel.context import Settings


def hold(session: Session, username: str) -> None:
    """Make other submits by ``username`` wait until this transaction ends."""
    serialize_on(session, f"jms-member:{username}")


def open_drafts(session: Session, username: str) -> int:
    return int(
        session.scalar(
            select(func.count())
            .select_from(Draft)
            .where(Draft.submitted_by == username, Draft.state.not_in(list(states.FINAL)))
        )
        or 0
    )


def stored_bytes(session: Session, username: str) -> int:
    return int(
        session.scalar(
            select(func.coalesce(func.sum(Revision.size), 0))
            .join(Draft, Draft.id == Revision.draft_id)
            .where(Revision.submitted_by == username, Draft.state != states.PUBLISHED)
        )
        or 0
    )


def check(
    session: Session, settings: Settings, username: str, size: int, *, new_draft: bool
) -> None:
    """Refuse a submission of ``size`` bytes (a new draft, or a revision) over the member's
    limits: 429 for open drafts, 413 for stored bytes. Call inside the write transaction
    that stores it, right before the insert."""
    max_open = settings.max_open_drafts_per_member
    max_bytes = settings.max_stored_bytes_per_member
    if not ((new_draft and max_open > 0) or max_bytes > 0):
        return
    hold(session, username)
    if new_draft:
        message = submission.open_drafts_problem(open_drafts(session, username), max_open)
        if message:
            raise TooMany(message)
    message = submission.stored_bytes_problem(stored_bytes(session, username), size, max_bytes)
    if message:
        raise TooLarge(message)
