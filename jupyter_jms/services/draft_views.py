"""Turning draft rows into the API's JSON shapes."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Sequence
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from ..domain import approval
from ..domain.roles import is_english
from ..store.models import Draft, Review, Vetting


def iso(value: Any) -> str | None:
    return value.isoformat().replace("+00:00", "Z") if value is not None else None


def review_facts(reviews: Iterable[Review]) -> list[approval.ReviewFact]:
    return [
        approval.ReviewFact(r.reviewer, r.revision, r.verdict, dict(r.checklist or {}))
        for r in reviews
    ]


def vetting_facts(vettings: Iterable[Vetting]) -> list[approval.VettingFact]:
    # The language was checked against the vetter's council languages when recorded.
    return [
        approval.VettingFact(v.vetter, v.revision, v.language, v.verdict, frozenset({v.language}))
        for v in vettings
    ]


def status_of(
    draft: Draft, reviews: Sequence[Review], vettings: Sequence[Vetting], required: int
) -> approval.ApprovalStatus:
    return approval.evaluate(
        revision=draft.revision,
        authors=owners(draft),
        language=draft.language,
        third_party=draft.third_party,
        reviews=review_facts(reviews),
        vettings=vetting_facts(vettings),
        required_approvals=required,
    )


def owners(draft: Draft) -> set[str]:
    return {a.username for a in draft.authors} | {draft.submitted_by}


def summary(draft: Draft, status: approval.ApprovalStatus) -> dict[str, Any]:
    post = draft.post or {}
    return {
        "id": str(draft.id),
        "path": draft.path,
        "title": draft.title,
        "subtitle": draft.subtitle,
        "summary": post.get("summary", ""),
        "language": draft.language,
        "authors": [a.username for a in draft.authors],
        "channels": [c.channel for c in draft.channels],
        "tags": list(post.get("tags") or []),
        "third_party": draft.third_party,
        "state": draft.state,
        "revision": draft.revision,
        "version": draft.version,
        "submitted_by": draft.submitted_by,
        "created_at": iso(draft.created_at),
        "updated_at": iso(draft.updated_at),
        "publish_at": iso(draft.publish_at),
        "approvals": status.approvals,
        "required_approvals": status.required,
        "open_change_requests": status.open_change_requests,
        "needs_vetting": not is_english(draft.language),
        "vetted": status.vetted,
    }


def summaries(session: Session, drafts: Sequence[Draft], required: int) -> list[dict[str, Any]]:
    """Summaries for a page of drafts with two queries for all their current reviews."""
    if not drafts:
        return []
    current = {d.id: d.revision for d in drafts}
    reviews: dict[int, list[Review]] = defaultdict(list)
    q = select(Review).where(Review.draft_id.in_(current)).order_by(Review.id)
    for r in session.scalars(q):
        if r.revision == current[r.draft_id]:
            reviews[r.draft_id].append(r)
    vettings: dict[int, list[Vetting]] = defaultdict(list)
    foreign = [d.id for d in drafts if not is_english(d.language)]
    if foreign:
        q2 = select(Vetting).where(Vetting.draft_id.in_(foreign)).order_by(Vetting.id)
        for v in session.scalars(q2):
            if v.revision == current[v.draft_id]:
                vettings[v.draft_id].append(v)
    return [summary(d, status_of(d, reviews[d.id], vettings[d.id], required)) for d in drafts]
