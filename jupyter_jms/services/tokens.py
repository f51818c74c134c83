"""Personal member tokens for service mode: shown once, stored as sha256, revocable."""

from __future__ import annotations

import hashlib
import secrets
from typing import Any

from sqlalchemy import select

from ..store.models import Member, MemberToken, utcnow
from .context import Context, record
from .errors import NotFound
from .inputs import object_id

TOKEN_PREFIX = "jms_"


def hash_token(token: str) -> str:
    return hashlib.sha256(token.encode("utf-8")).hexdigest()


class TokenService:
    def __init__(self, ctx: Context) -> None:
        self.ctx = ctx

    def create(self, username: str, *, actor: str, note: str = "") -> tuple[str, dict[str, Any]]:
        """A new token for a member: returns the token (never stored) and its record."""
        token = TOKEN_PREFIX + secrets.token_urlsafe(32)
        with self.ctx.write() as s:
            if s.get(Member, username) is None:
                raise NotFound(f"No member '{username}': import the roster first.")
            row = MemberToken(
                username=username, token_hash=hash_token(token), prefix=token[:8], note=note
            )
            s.add(row)
            s.flush()
            record(
                s,
                actor=actor,
                action="token.created",
                subject_type="token",
                subject_id=row.id,
                data={"username": username, "prefix": row.prefix},
            )
            return token, self._dict(row)

    def revoke(self, token_or_id: str, *, actor: str) -> dict[str, Any]:
        """Revoke by the token itself, its id, or its 8-character prefix."""
        with self.ctx.write() as s:
            row = s.scalar(
                select(MemberToken).where(MemberToken.token_hash == hash_token(token_or_id))
            )
            if row is None and token_or_id.isascii() and token_or_id.isdecimal():
                row = s.get(MemberToken, object_id(token_or_id, "token"))
            if row is None:
                row = s.scalar(
                    select(MemberToken).where(
                        MemberToken.prefix == token_or_id, MemberToken.revoked_at.is_(None)
                    )
                )
            if row is None:
                raise NotFound("No such token.")
            if row.revoked_at is None:
                row.revoked_at = utcnow()
                record(
                    s,
                    actor=actor,
                    action="token.revoked",
                    subject_type="token",
                    subject_id=row.id,
                    data={"username": row.username, "prefix": row.prefix},
                )
            return self._dict(row)

    def list(self, username: str | None = None) -> list[dict[str, Any]]:
        with self.ctx.read() as s:
            q = select(MemberToken).order_by(MemberToken.id)
            if username:
                q = q.where(MemberToken.username == username)
            return [self._dict(t) for t in s.scalars(q)]

    def resolve(self, token: str) -> str | None:
        """The member a live token belongs to, or None."""
        if not token.startswith(TOKEN_PREFIX):
            return None
        return self.resolve_hash(hash_token(token))

    def resolve_hash(self, token_hash: str) -> str | None:
        """The member whose live token has this hash, or None."""
        with self.ctx.read() as s:
            row = s.execute(
                select(MemberToken.username, MemberToken.revoked_at).where(
                    MemberToken.token_hash == token_hash
                )
            ).first()
        if row is None or row.revoked_at is not None:
            return None
        return row.username

    @staticmethod
    def _dict(row: MemberToken) -> dict[str, Any]:
        return {
            "id": str(row.id),
            "username": row.username,
            "prefix": row.prefix,
            "note": row.note,
            "created_at": row.created_at.isoformat() if row.created_at else None,
            "revoked_at": row.revoked_at.isoformat() if row.revoked_at else None,
        }
