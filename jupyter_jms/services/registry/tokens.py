"""Personal member tokens for service mode: shown once, stored as sha256, revocable."""

from __future__ import annotations

import hashlib
import secrets
import time
from datetime import date
from typing import Any

from sqlalchemy import select

from ...domain.access import Caller
from ...errors import Forbidden, InvalidInput, NotFound
from ...store.models import Member, MemberToken, RoleInterval, utcnow
from ..kernel.common import today
from ..kernel.context import Context, record
from ..kernel.inputs import object_id
from .members import ROLE_COLUMNS, caller_from_roles

TOKEN_PREFIX = "jms_"
MAX_NOTE = 200
CALLER_CACHE_SIZE = 10_000


def hash_token(token: str) -> str:
    # surrogatepass: a lone surrogate typed as a token hashes to nothing stored, not a 500.
    return hashlib.sha256(token.encode("utf-8", "surrogatepass")).hexdigest()


class TokenService:
    def __init__(self, ctx: Context) -> None:
        self.ctx = ctx
        # token hash -> (store writes, day, expiry on the monotonic clock, caller)
        self._callers: dict[str, tuple[int, date, float, Caller]] = {}

    def create(
        self, caller: Caller, username: Any = None, *, note: Any = ""
    ) -> tuple[str, dict[str, Any]]:
        """A new token for ``username`` (default: the caller): returns the token (never
        stored) and its record. Members create their own; admins create anyone's."""
        username = caller.username if username in (None, "") else username
        if not isinstance(username, str):
            raise InvalidInput("username must be a string.", field="username")
        if username != caller.username and not caller.is_admin:
            raise Forbidden("Only admins create tokens for other members.")
        if not isinstance(note, str) or len(note) > MAX_NOTE:
            raise InvalidInput(f"note is a string of at most {MAX_NOTE} characters.", field="note")
        actor = caller.username
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

    def revoke(self, caller: Caller, token_or_id: str) -> dict[str, Any]:
        """Revoke by the token itself, its id, or its 8-character prefix: one's own tokens,
        or (admins) anyone's. Another member's token is not found, not forbidden, so its
        existence is not given away."""
        actor = caller.username
        if not isinstance(token_or_id, str) or "\x00" in token_or_id:
            raise NotFound("No such token.")
        mine = () if caller.is_admin else (MemberToken.username == caller.username,)
        with self.ctx.write() as s:
            row = s.scalar(
                select(MemberToken).where(MemberToken.token_hash == hash_token(token_or_id), *mine)
            )
            if row is None and token_or_id.isascii() and token_or_id.isdecimal():
                row = s.get(MemberToken, object_id(token_or_id, "token"))
            if row is None:
                row = s.scalar(
                    select(MemberToken)
                    .where(
                        MemberToken.prefix == token_or_id,
                        MemberToken.revoked_at.is_(None),
                        *mine,
                    )
                    .order_by(MemberToken.id)
                    .limit(1)
                )
            if row is None or not (caller.is_admin or row.username == caller.username):
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

    def list(self, caller: Caller, username: str | None = None) -> list[dict[str, Any]]:
        """The caller's tokens; admins see everyone's, or one member's with ``username``."""
        if not caller.is_admin:
            username = caller.username
        with self.ctx.read() as s:
            q = select(MemberToken).order_by(MemberToken.id)
            if username:
                q = q.where(MemberToken.username == username)
            return [self._dict(t) for t in s.scalars(q)]

    def resolve(self, token: str) -> str | None:
        """The member a live token belongs to, or None; always read from the database."""
        if not token.startswith(TOKEN_PREFIX):
            return None
        return self.resolve_hash(hash_token(token))

    def resolve_hash(self, token_hash: str) -> str | None:
        """The member whose live token has this hash, or None; always read from the database."""
        caller = self._lookup(token_hash, today())
        return caller.username if caller else None

    def caller(self, token: str) -> Caller | None:
        """The member a live token belongs to, with the roles they hold today, or None."""
        if not token.startswith(TOKEN_PREFIX):
            return None
        return self.caller_for_hash(hash_token(token))

    def caller_for_hash(self, token_hash: str) -> Caller | None:
        """``caller`` by the token's hash.

        Asked on every request, so the token and the member's roles come back in one
        statement (a row per role, or one with no role), and a live token's answer is reused
        for ``Settings.caller_cache_seconds``. A reuse ends at once when anything is written
        through this process's store (a revocation, a role change, anything) or the day
        changes; a token revoked or a role changed by another process (the CLI, another
        server on the same database) takes effect here within ``caller_cache_seconds``.
        """
        ttl = self.ctx.settings.caller_cache_seconds
        writes, day, now = self.ctx.store.writes, today(), time.monotonic()
        if ttl > 0:
            hit = self._callers.get(token_hash)
            if hit is not None and hit[:2] == (writes, day) and hit[2] > now:
                return hit[3]
        caller = self._lookup(token_hash, day)
        if caller is not None and ttl > 0:
            # A plain dict: entries are tiny and short-lived; emptied when it grows past a
            # bound rather than evicted one by one, which needs no bookkeeping per hit.
            if len(self._callers) >= CALLER_CACHE_SIZE:
                self._callers.clear()
            # Tagged with the write count read *before* the lookup, so a write that commits
            # while the lookup runs already invalidates what it returned.
            self._callers[token_hash] = (writes, day, now + ttl, caller)
        return caller

    def _lookup(self, token_hash: str, day: date) -> Caller | None:
        with self.ctx.query() as conn:
            rows = conn.execute(
                select(MemberToken.username, MemberToken.revoked_at, *ROLE_COLUMNS)
                .outerjoin(RoleInterval, RoleInterval.username == MemberToken.username)
                .where(MemberToken.token_hash == token_hash)
            ).all()
        if not rows or rows[0].revoked_at is not None:
            return None
        return caller_from_roles(rows[0].username, rows, day)

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
