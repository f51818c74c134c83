"""drafts: the list entry says whether the draft still collects approvals

Revision ID: 0005
Revises: 0004
Create Date: 2026-12-06 23:55:00

Each draft keeps its list entry as JSON (``drafts.summary``). Entries stored before this
revision lack ``collects_approvals``; this adds it from the draft's state, so the lists the
fronts show say it for every draft, old and new.
"""

from __future__ import annotations

import json

import sqlalchemy as sa
from alembic import op

revision = "0005"
down_revision = "0004"
branch_labels = None
depends_on = None

# The states of domain.states.COLLECTING_APPROVALS when this revision was written (a
# migration keeps its own copy: it must do the same thing whatever the code becomes).
_COLLECTING = ("submitted", "in_review", "changes_requested")

_drafts = sa.table(
    "drafts", sa.column("id", sa.Integer), sa.column("state", sa.String), sa.column("summary")
)


def _rewrite(add: bool) -> None:
    conn = op.get_bind()
    rows = conn.execute(sa.select(_drafts.c.id, _drafts.c.state, _drafts.c.summary)).all()
    for draft_id, state, stored in rows:
        if not stored:
            continue
        entry = json.loads(stored)
        if add:
            entry["collects_approvals"] = state in _COLLECTING
        else:
            entry.pop("collects_approvals", None)
        conn.execute(
            _drafts.update().where(_drafts.c.id == draft_id).values(summary=json.dumps(entry))
        )


def upgrade() -> None:
    _rewrite(add=True)


def downgrade() -> None:
    _rewrite(add=False)
