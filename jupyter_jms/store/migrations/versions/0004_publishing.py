"""publishing: channel connectors and the publication outbox

Revision ID: 0004
Revises: 0003
Create Date: 2026-12-06 19:50:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("channels", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column("connector", sa.String(length=20), server_default="manual", nullable=False)
        )
        batch_op.add_column(
            sa.Column("api_url", sa.String(length=500), server_default="", nullable=False)
        )
    op.create_table(
        "publication_jobs",
        sa.Column(
            "id",
            sa.BigInteger().with_variant(sa.Integer(), "sqlite"),
            autoincrement=True,
            nullable=False,
        ),
        sa.Column("draft_id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=False),
        sa.Column("channel", sa.String(length=64), nullable=False),
        sa.Column("revision", sa.Integer(), nullable=False),
        sa.Column("connector", sa.String(length=20), nullable=False),
        sa.Column("state", sa.String(length=20), nullable=False),
        sa.Column("due_at", sa.DateTime(), nullable=False),
        sa.Column("tz", sa.String(length=64), nullable=False),
        sa.Column("template", sa.Text(), nullable=False),
        sa.Column("waiting", sa.Boolean(), nullable=False),
        sa.Column("key", sa.String(length=64), nullable=False),
        sa.Column("text", sa.Text(), nullable=False),
        sa.Column("remote_id", sa.String(length=500), nullable=False),
        sa.Column("url", sa.String(length=1000), nullable=False),
        sa.Column("grant_id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=True),
        sa.Column("claimed_by", sa.String(length=100), nullable=False),
        sa.Column("claimed_at", sa.DateTime(), nullable=True),
        sa.Column("attempts", sa.JSON(), nullable=False),
        sa.Column("error", sa.Text(), nullable=False),
        sa.Column("done_at", sa.DateTime(), nullable=True),
        sa.Column("done_by", sa.String(length=100), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(["draft_id"], ["drafts.id"]),
        sa.ForeignKeyConstraint(["grant_id"], ["channel_grants.id"]),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("draft_id", "channel", name="uq_publication_jobs_draft_channel"),
    )
    with op.batch_alter_table("publication_jobs", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_publication_jobs_draft_id"), ["draft_id"], unique=False
        )
        batch_op.create_index("ix_publication_jobs_due", ["state", "due_at"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("publication_jobs", schema=None) as batch_op:
        batch_op.drop_index("ix_publication_jobs_due")
        batch_op.drop_index(batch_op.f("ix_publication_jobs_draft_id"))
    op.drop_table("publication_jobs")
    with op.batch_alter_table("channels", schema=None) as batch_op:
        batch_op.drop_column("api_url")
        batch_op.drop_column("connector")
