"""Access grants: who holds which access on which channel, since when, and why.

A grant records where the credential lives (a vault reference), never the credential.
Revoking keeps the row, so "who had access to X" stays answerable.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date, datetime
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from ...domain.access import Caller
from ...domain.channels import ACCESS_LEVELS, grant_stale_reasons, may_hold_grant
from ...domain.roles import active_roles
from ...domain.secrets import vault_ref_error
from ...errors import Conflict, Forbidden, InvalidInput, NotFound
from ...store.locks import get_for_update
from ...store.models import Channel, Grant, Member, utcnow
from ..kernel.common import bump, clean_text, history, iso, require_admin, today
from ..kernel.context import Context, record
from ..kernel.inputs import object_id, require_version, timestamp
from .channel_changes import carried_decision
from .members import spans_of

MAX_REASON = 2000
ACTIONS = ("revoke", "reauthorize", "verified_post")


def grant_dict(g: Grant, *, now: datetime, stale_days: int) -> dict[str, Any]:
    live = g.revoked_at is None
    reasons = (
        grant_stale_reasons(
            access=g.access,
            granted_at=g.granted_at,
            reauthorized_at=g.reauthorized_at,
            verified_post_at=g.verified_post_at,
            now=now,
            days=stale_days,
        )
        if live
        else []
    )
    return {
        **grant_record(g),
        "id": str(g.id),
        "decision": str(g.decision_id) if g.decision_id else None,
        "live": live,
        "stale": bool(reasons),
        "stale_reasons": reasons,
        "version": g.version,
    }


def grant_record(g: Grant) -> dict[str, Any]:
    """A grant's facts as stored (registry files keep the numeric ids)."""
    return {
        "id": g.id,
        "channel": g.channel_id,
        "username": g.username,
        "access": g.access,
        "vault_ref": g.vault_ref,
        "reason": g.reason,
        "granted_by": g.granted_by,
        "granted_at": iso(g.granted_at),
        "reauthorized_at": iso(g.reauthorized_at),
        "verified_post_at": iso(g.verified_post_at),
        "revoked_by": g.revoked_by,
        "revoked_at": iso(g.revoked_at),
        "revoke_reason": g.revoke_reason,
        "decision": g.decision_id,
    }


def _timestamp(value: Any, field: str) -> datetime:
    if value is None:
        return utcnow()
    ts = timestamp(value, field)
    if ts > utcnow():
        raise InvalidInput("The timestamp is in the future.", field=field)
    return ts


def _vault_ref(body: Mapping[str, Any]) -> str:
    ref = body.get("vault_ref")
    if ref is None:
        ref = ""
    if not isinstance(ref, str):
        raise InvalidInput("vault_ref is a string.", field="vault_ref")
    error = vault_ref_error(ref.strip())
    if error:
        raise InvalidInput(f"vault_ref: {error}.", field="vault_ref")
    return ref.strip()


def _access(body: Mapping[str, Any]) -> str:
    access = body.get("access")
    if access not in ACCESS_LEVELS:
        raise InvalidInput(f"access is one of {', '.join(ACCESS_LEVELS)}.", field="access")
    return str(access)


def _may_hold(member: Member, channel: Channel, day: date) -> bool:
    return may_hold_grant(
        member.username,
        bool(active_roles(spans_of(member), day)),
        channel.owners or [],
        channel.delegates or [],
    )


class GrantService:
    def __init__(self, ctx: Context) -> None:
        self.ctx = ctx

    @property
    def stale_days(self) -> int:
        return self.ctx.settings.stale_grant_days

    def _dicts(self, rows: Any) -> list[dict[str, Any]]:
        now = utcnow()
        return [grant_dict(g, now=now, stale_days=self.stale_days) for g in rows]

    # -- reading ------------------------------------------------------------------------------
    def for_channel(
        self, caller: Caller, channel_id: str, *, include_history: bool = False
    ) -> dict[str, Any]:
        """Who has (and with history, who had) access to a channel. Members see their own."""
        with self.ctx.read() as s:
            if s.get(Channel, channel_id) is None:
                raise NotFound(f"No channel '{channel_id}'.")
            q = select(Grant).where(Grant.channel_id == channel_id).order_by(Grant.id)
            if not include_history:
                q = q.where(Grant.revoked_at.is_(None))
            if not caller.is_admin:
                q = q.where(Grant.username == caller.username)
            out: dict[str, Any] = {"channel": channel_id, "items": self._dicts(s.scalars(q))}
            if caller.is_admin:
                # What an admin's grant form offers: who may be given access now, and how much.
                out["grantable"] = self._grantable(s, s.get(Channel, channel_id))
                out["access_levels"] = list(ACCESS_LEVELS)
                out["stale_grant_days"] = self.stale_days
            return out

    @staticmethod
    def _grantable(s: Session, channel: Channel | None) -> list[dict[str, str]]:
        """Members who may be granted access to ``channel`` today and hold no live grant on
        it (nobody for a retired channel), by username."""
        if channel is None or channel.status == "retired":
            return []
        holders = set(
            s.scalars(
                select(Grant.username).where(
                    Grant.channel_id == channel.id, Grant.revoked_at.is_(None)
                )
            )
        )
        day = today()
        return [
            {"username": m.username, "name": m.name}
            for m in s.scalars(select(Member).order_by(Member.username))
            if m.username not in holders and _may_hold(m, channel, day)
        ]

    def for_member(
        self, caller: Caller, username: str, *, include_history: bool = False
    ) -> dict[str, Any]:
        """What a member can reach (with history, could reach). Admins, or the member."""
        if not caller.is_admin and caller.username != username:
            raise Forbidden("Grants are visible to admins and to the grantee.")
        with self.ctx.read() as s:
            if s.get(Member, username) is None:
                raise NotFound(f"No member '{username}'.")
            q = select(Grant).where(Grant.username == username).order_by(Grant.id)
            if not include_history:
                q = q.where(Grant.revoked_at.is_(None))
            return {"username": username, "items": self._dicts(s.scalars(q))}

    def all(self, caller: Caller, *, stale_only: bool = False) -> dict[str, Any]:
        """Every live grant (admins), optionally only the stale ones."""
        require_admin(caller, "see every grant")
        with self.ctx.read() as s:
            q = select(Grant).where(Grant.revoked_at.is_(None)).order_by(Grant.id)
            items = self._dicts(s.scalars(q))
        if stale_only:
            items = [g for g in items if g["stale"]]
        # The access levels a grant may give, in the domain's order, for admin forms.
        return {
            "items": items,
            "stale_grant_days": self.stale_days,
            "access_levels": list(ACCESS_LEVELS),
        }

    def get(self, caller: Caller, channel_id: str, grant_id: str) -> dict[str, Any]:
        with self.ctx.read() as s:
            g = s.get(Grant, object_id(grant_id, "grant"))
            if g is None or g.channel_id != channel_id:
                raise NotFound(f"No grant '{grant_id}' on '{channel_id}'.")
            if not caller.is_admin and g.username != caller.username:
                raise NotFound(f"No grant '{grant_id}' on '{channel_id}'.")
            out = self._dicts([g])[0]
            out["history"] = history(s, "grant", str(g.id))
            return out

    # -- writing ------------------------------------------------------------------------------
    def create(self, caller: Caller, channel_id: str, body: Mapping[str, Any]) -> dict[str, Any]:
        """Grant access to a current member (or a delegate of the channel)."""
        require_admin(caller)
        username = body.get("username")
        if not isinstance(username, str) or not username:
            raise InvalidInput("username is required.", field="username")
        access = _access(body)
        ref = _vault_ref(body)
        reason = clean_text(body, "reason", limit=MAX_REASON, required=True)
        with self.ctx.write() as s:
            channel = get_for_update(s, Channel, channel_id)
            if channel is None:
                raise NotFound(f"No channel '{channel_id}'.")
            if channel.status == "retired":
                raise Conflict(f"'{channel_id}' is retired: nobody gets new access to it.")
            self._check_grantee(s, channel, username)
            live = s.scalars(
                select(Grant).where(
                    Grant.channel_id == channel_id,
                    Grant.username == username,
                    Grant.revoked_at.is_(None),
                )
            ).first()
            if live is not None:
                raise Conflict(
                    f"{username} already holds {live.access} access to '{channel_id}' "
                    f"(grant {live.id}): change that grant instead."
                )
            decision = carried_decision(s, body["decision"]) if body.get("decision") else None
            g = Grant(
                channel_id=channel_id,
                username=username,
                access=access,
                vault_ref=ref,
                reason=reason,
                granted_by=caller.username,
                decision_id=decision.id if decision else None,
            )
            s.add(g)
            s.flush()
            record(
                s,
                actor=caller.username,
                action="grant.created",
                subject_type="grant",
                subject_id=g.id,
                data={
                    "channel": channel_id,
                    "username": username,
                    "access": access,
                    "reason": reason,
                    "decision": str(g.decision_id) if g.decision_id else None,
                },
            )
            return self._dicts([g])[0]

    @staticmethod
    def _check_grantee(s: Session, channel: Channel, username: str) -> None:
        member = s.get(Member, username)
        if member is None:
            raise InvalidInput(f"'{username}' is not on the roster.", field="username")
        if not _may_hold(member, channel, today()):
            raise InvalidInput(
                f"'{username}' holds no role today and is not an owner or delegate of "
                f"'{channel.id}': access goes to current members and the channel's delegates.",
                field="username",
            )

    def update(
        self, caller: Caller, channel_id: str, grant_id: str, body: Mapping[str, Any]
    ) -> dict[str, Any]:
        """Change access or vault reference, revoke, mark re-authorised or a verified post."""
        require_admin(caller)
        action = body.get("action")
        if action is not None and action not in ACTIONS:
            raise InvalidInput(f"action is one of {', '.join(ACTIONS)}.", field="action")
        changes: dict[str, Any] = {}
        if "access" in body:
            changes["access"] = _access(body)
        if "vault_ref" in body:
            changes["vault_ref"] = _vault_ref(body)
        if "reason" in body and action is None:
            changes["reason"] = clean_text(body, "reason", limit=MAX_REASON, required=True)
        if action is None and not changes:
            raise InvalidInput("Nothing to change: give access, vault_ref, reason or an action.")
        if action is not None and changes:
            raise InvalidInput("An action (revoke, reauthorize, verified_post) comes alone.")
        with self.ctx.write() as s:
            g = get_for_update(s, Grant, object_id(grant_id, "grant"))
            if g is None or g.channel_id != channel_id:
                raise NotFound(f"No grant '{grant_id}' on '{channel_id}'.")
            require_version(g.version, body.get("if_version"), "grant")
            if g.revoked_at is not None:
                raise Conflict(f"Grant {g.id} was revoked on {iso(g.revoked_at)}; grant anew.")
            now = utcnow()
            data: dict[str, Any] = {"channel": g.channel_id, "username": g.username}
            if action == "revoke":
                g.revoked_at = now
                g.revoked_by = caller.username
                g.revoke_reason = clean_text(body, "reason", limit=MAX_REASON)
                name = "grant.revoked"
                data["reason"] = g.revoke_reason
            elif action == "reauthorize":
                g.reauthorized_at = now
                name = "grant.reauthorized"
            elif action == "verified_post":
                g.verified_post_at = _timestamp(body.get("at"), "at")
                name = "grant.verified_post"
                data["at"] = iso(g.verified_post_at)
            else:
                changed = sorted(k for k, v in changes.items() if getattr(g, k) != v)
                if not changed:
                    return self._dicts([g])[0]
                data["before"] = {k: getattr(g, k) for k in changed}
                data["after"] = {k: changes[k] for k in changed}
                for k in changed:
                    setattr(g, k, changes[k])
                name = "grant.changed"
            bump(g, now)
            record(
                s,
                actor=caller.username,
                action=name,
                subject_type="grant",
                subject_id=g.id,
                data=data,
            )
            return self._dicts([g])[0]
