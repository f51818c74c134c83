"""Turning draft rows into the API's JSON shapes."""

from __future__ import annotations

import json
from collections.abc import Iterable, Sequence
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from ...domain import approval
from ...domain.roles import is_english
from ...domain.states import COLLECTING_APPROVALS
from ...store.models import Comment, Draft, Publication, Review, Revision, Vetting
from ..kernel.common import iso


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
        "collects_approvals": draft.state in COLLECTING_APPROVALS,
        "open_change_requests": status.open_change_requests,
        "needs_vetting": not is_english(draft.language),
        "vetted": status.vetted,
    }


def store_summary(draft: Draft, status: approval.ApprovalStatus) -> dict[str, Any]:
    """Compute the draft's list entry and keep it on the row (see ``Draft.summary``)."""
    out = summary(draft, status)
    draft.summary = json.dumps(out)
    return out


def load_status(session: Session, draft: Draft, required: int) -> approval.ApprovalStatus:
    """The approval rule's status on the draft's current revision, from the database."""
    reviews = list(
        session.scalars(
            select(Review)
            .where(Review.draft_id == draft.id, Review.revision == draft.revision)
            .order_by(Review.id)
        )
    )
    vettings: list[Vetting] = []
    if not is_english(draft.language):
        vettings = list(
            session.scalars(
                select(Vetting)
                .where(Vetting.draft_id == draft.id, Vetting.revision == draft.revision)
                .order_by(Vetting.id)
            )
        )
    return status_of(draft, reviews, vettings, required)


def revision_dict(r: Revision) -> dict[str, Any]:
    return {
        "n": r.n,
        "sha256": r.sha256,
        "size": r.size,
        "path": r.path,
        "submitted_by": r.submitted_by,
        "created_at": iso(r.created_at),
    }


def review_dict(r: Review, current_revision: int) -> dict[str, Any]:
    return {
        "id": str(r.id),
        "draft": str(r.draft_id),
        "revision": r.revision,
        "reviewer": r.reviewer,
        "verdict": r.verdict,
        "checklist": r.checklist,
        "comment": r.comment,
        "created_at": iso(r.created_at),
        "voided": r.revision != current_revision,
    }


def vetting_dict(v: Vetting, current_revision: int) -> dict[str, Any]:
    return {
        "id": str(v.id),
        "draft": str(v.draft_id),
        "revision": v.revision,
        "vetter": v.vetter,
        "language": v.language,
        "verdict": v.verdict,
        "comment": v.comment,
        "created_at": iso(v.created_at),
        "voided": v.revision != current_revision,
    }


def comment_dict(c: Comment) -> dict[str, Any]:
    return {
        "id": str(c.id),
        "draft": str(c.draft_id),
        "revision": c.revision,
        "cell_id": c.cell_id,
        "author": c.author,
        "body": c.body,
        "created_at": iso(c.created_at),
    }


def publication_dict(p: Publication) -> dict[str, Any]:
    return {
        "channel": p.channel,
        "url": p.url,
        "published_at": iso(p.published_at),
        "recorded_by": p.recorded_by,
    }
