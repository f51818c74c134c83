"""The attendance rule's flags as kept in the database: raised when the rule finds a new
episode, updated when its evidence changes, cleared when the rule no longer finds it, never
doubled (an episode's key is stable across runs, see ``domain.attendance.Episode.key``).
"""

from __future__ import annotations

from datetime import date
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from ...domain import attendance_policy
from ...store.models import AttendanceFlag, utcnow
from ..kernel.common import bump
from ..kernel.context import record
from .attendance_rule import compute, flags_dict


def open_flags(s: Session) -> dict[str, AttendanceFlag]:
    """The flags kept open, by key."""
    return {
        f.key: f for f in s.scalars(select(AttendanceFlag).where(AttendanceFlag.status == "open"))
    }


def keep_flags(
    s: Session, actor: str, policy: attendance_policy.Policy, day: date
) -> dict[str, Any]:
    """Bring the kept flags in step with the rule as of ``day``, each change in the history
    as done by ``actor``; the flags as ``flags_dict`` shows them, with what changed."""
    counts = {"raised": 0, "updated": 0, "cleared": 0, "unchanged": 0}
    comp = compute(s, policy, day)
    current = {e.key: e for r in comp.results for e in r.flags}
    rows = {f.key: f for f in s.scalars(select(AttendanceFlag).with_for_update())}
    now = utcnow()
    for key, ep in current.items():
        evidence = ep.as_dict(policy)
        row = rows.get(key)
        if row is None:
            row = AttendanceFlag(
                key=key,
                username=ep.username,
                window_start=ep.window.start,
                window_end=ep.window.end,
                status="open",
                evidence=evidence,
                policy=policy.as_dict(),
            )
            s.add(row)
            s.flush()
            counts["raised"] += 1
            action = "attendance.flag_raised"
        elif row.status != "open" or row.evidence != evidence:
            counts["updated" if row.status == "open" else "raised"] += 1
            action = "attendance.flag_updated" if row.status == "open" else "attendance.flag_raised"
            row.status, row.evidence, row.cleared_at = "open", evidence, None
            row.window_end = ep.window.end
            row.policy = policy.as_dict()
            bump(row)
        else:
            counts["unchanged"] += 1
            row.last_seen_at = now
            continue
        row.last_seen_at = now
        record(
            s,
            actor=actor,
            action=action,
            subject_type="attendance",
            subject_id=key,
            data={
                "as_of": day.isoformat(),
                "window": evidence["window"],
                "missed": ep.window.missed,
                "eligible": ep.window.eligible,
            },
        )
    for key, row in rows.items():
        # A flag whose window ends after as_of was judged with later data: keep it.
        if key in current or row.status != "open" or row.window_end > day:
            continue
        row.status, row.cleared_at = "cleared", now
        bump(row)
        counts["cleared"] += 1
        record(
            s,
            actor=actor,
            action="attendance.flag_cleared",
            subject_type="attendance",
            subject_id=key,
            data={"as_of": day.isoformat(), "reason": "the rule no longer finds it"},
        )
    s.flush()
    out = flags_dict(comp, open_flags(s))
    out["counts"] = counts
    return out
