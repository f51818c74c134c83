"""The approval rule, as DESIGN.md §4 writes it."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from .roles import covers_language, is_english


@dataclass(frozen=True)
class ReviewFact:
    reviewer: str
    revision: int
    verdict: str  # approve | request_changes | reject
    checklist: Mapping[str, str]
    reviewer_is_editor: bool = True


@dataclass(frozen=True)
class VettingFact:
    vetter: str
    revision: int
    language: str
    verdict: str  # approve | reject
    vetter_languages: frozenset[str]


@dataclass(frozen=True)
class ApprovalStatus:
    approvals: int
    required: int
    open_change_requests: int
    needs_vetting: bool
    vetted: bool
    vetting_rejected: bool
    third_party_ok: bool

    @property
    def approved(self) -> bool:
        return (
            self.approvals >= self.required
            and self.open_change_requests == 0
            and (not self.needs_vetting or self.vetted)
            and self.third_party_ok
        )


def latest_per_reviewer(reviews: Iterable[ReviewFact], revision: int) -> dict[str, ReviewFact]:
    """Each reviewer's last word on a revision: a later review replaces an earlier one."""
    latest: dict[str, ReviewFact] = {}
    for r in reviews:
        if r.revision == revision:
            latest[r.reviewer] = r
    return latest


def evaluate(
    *,
    revision: int,
    authors: Iterable[str],
    language: str,
    third_party: bool,
    reviews: Iterable[ReviewFact],
    vettings: Iterable[VettingFact],
    required_approvals: int,
) -> ApprovalStatus:
    """Approved when, on the current revision: enough distinct non-author editor approvals,
    no open request for changes, council vetting for non-English posts, and third-party
    benefit passed. Reviews of earlier revisions count for nothing."""
    owners = set(authors)
    latest = latest_per_reviewer(reviews, revision)
    approvals = [
        r
        for r in latest.values()
        if r.verdict == "approve" and r.reviewer not in owners and r.reviewer_is_editor
    ]
    open_requests = sum(1 for r in latest.values() if r.verdict == "request_changes")
    needs_vetting = not is_english(language)
    vetted = False
    vetting_rejected = False
    if needs_vetting:
        last_vet: dict[str, VettingFact] = {}
        for v in vettings:
            if v.revision == revision:
                last_vet[v.vetter] = v
        vetting_rejected = any(v.verdict == "reject" for v in last_vet.values())
        vetted = not vetting_rejected and any(
            v.verdict == "approve"
            and v.vetter not in owners
            and covers_language(v.vetter_languages, language)
            for v in last_vet.values()
        )
    third_party_ok = (not third_party) or any(
        r.checklist.get("third_party_benefit") == "pass" for r in approvals
    )
    return ApprovalStatus(
        approvals=len(approvals),
        required=required_approvals,
        open_change_requests=open_requests,
        needs_vetting=needs_vetting,
        vetted=vetted,
        vetting_rejected=vetting_rejected,
        third_party_ok=third_party_ok,
    )


def state_after(status: ApprovalStatus, verdict: str | None) -> str:
    """The state a reviewable draft lands in once a review or vetting is recorded."""
    from . import states

    if verdict == "reject":
        return states.REJECTED
    if status.approved:
        return states.APPROVED
    if status.open_change_requests or status.vetting_rejected:
        return states.CHANGES_REQUESTED
    return states.IN_REVIEW
