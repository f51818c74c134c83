"""Data for the publication report notebook.

Times come from the records the workflow keeps: submission is revision 1, the first review
is the earliest review row, approval is the first move to ``approved`` in the audit trail,
publication is the earliest recorded publication. The state as of the report's moment (the
end of the period, or now when the period has not ended yet) is replayed from the audit
trail, so a report on a past period shows that period's backlog, and ages are measured to
that same moment.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta, timezone
from typing import Any

from dateutil.relativedelta import relativedelta

from ..domain.states import state_label
from .source import data, reading, utc
from .tables import median, percentile

OPEN_STATES = ("submitted", "in_review", "changes_requested", "approved", "scheduled")
STATE_EVENTS = {
    "draft.submitted",
    "draft.resubmitted",
    "draft.state_changed",
    "draft.withdrawn",
    "draft.scheduled",
    "draft.published",
}
STAGES = (
    ("first_review", "submission → first review"),
    ("approval", "submission → approval"),
    ("publication", "submission → publication"),
)
NO_AFFILIATION = "(no affiliation on the roster)"
NO_CHANNEL = "(no channel)"


@dataclass
class DraftFacts:
    id: int
    title: str
    language: str
    third_party: bool
    channels: list[str]
    authors: list[str]
    submitted_at: datetime
    first_review_at: datetime | None = None
    approved_at: datetime | None = None
    published_at: datetime | None = None
    published_on: list[str] = field(default_factory=list)
    state_at_end: str = "submitted"


@dataclass
class PublicationReport:
    start: date
    end: date
    # The moment the backlog and its ages are as of: the end of the period, or now when
    # that is earlier.
    as_of: datetime = field(default_factory=lambda: datetime.now(timezone.utc))
    months: list[str] = field(default_factory=list)
    # stage -> channel -> month -> count of (post, channel) pairs, for stage in submitted /
    # approved / published: a post for two channels counts once in each.
    by_channel_month: dict[str, dict[str, dict[str, int]]] = field(default_factory=dict)
    # stage -> month -> count of posts, each post once.
    posts_by_month: dict[str, dict[str, int]] = field(default_factory=dict)
    turnaround: list[dict[str, Any]] = field(default_factory=list)
    backlog: list[dict[str, Any]] = field(default_factory=list)
    languages: dict[str, int] = field(default_factory=dict)
    third_party: dict[str, Any] = field(default_factory=dict)
    affiliations: dict[str, float] = field(default_factory=dict)
    amplification: dict[str, Any] = field(default_factory=dict)
    drafts: list[DraftFacts] = field(default_factory=list)

    @property
    def empty(self) -> bool:
        """Nothing was submitted in the period and nothing is waiting: nothing to show."""
        return not self.drafts and not self.backlog


def _utc(d: date) -> datetime:
    return datetime.combine(d, time(), tzinfo=timezone.utc)


def _month(ts: datetime) -> str:
    return ts.strftime("%Y-%m")


def _days(a: datetime, b: datetime | None) -> float | None:
    return None if b is None else (b - a).total_seconds() / 86400


def load(db_url: str = "", start: str = "", end: str = "", months: int = 12) -> PublicationReport:
    """Read the database at ``db_url`` (default: ``$JMS_DATABASE_URL``) for the report.

    The period is ``[start, end)``; by default the ``months`` months up to today.
    """
    end_day = date.fromisoformat(end) if end else date.today() + timedelta(days=1)
    start_day = date.fromisoformat(start) if start else end_day - relativedelta(months=months)
    lo, hi = _utc(start_day), _utc(end_day)
    moment = min(hi, datetime.now(timezone.utc))
    report = PublicationReport(start_day, end_day, moment)
    with reading(db_url) as db:
        kinds: dict[str, str] = dict(db.rows("SELECT id, kind FROM channels"))
        affiliation = {
            username: aff or NO_AFFILIATION
            for username, aff in db.rows("SELECT username, affiliation FROM members")
        }
        submitted = {
            draft_id: utc(at)
            for draft_id, at in db.rows("SELECT draft_id, created_at FROM revisions WHERE n = 1")
        }
        first_review: dict[int, datetime] = {}
        for draft_id, at in db.rows(
            "SELECT draft_id, created_at FROM reviews ORDER BY created_at, id"
        ):
            first_review.setdefault(draft_id, utc(at))
        published: dict[int, list[tuple[datetime, str]]] = {}
        for draft_id, at, channel in db.rows(
            "SELECT draft_id, published_at, channel FROM publications ORDER BY published_at, id"
        ):
            published.setdefault(draft_id, []).append((utc(at), channel))
        approved: dict[int, datetime] = {}
        state_at_end: dict[int, str] = {}
        for subject_id, action, at, payload in db.rows(
            "SELECT subject_id, action, at, data FROM events"
            " WHERE subject_type = 'draft' ORDER BY id"
        ):
            if action not in STATE_EVENTS:
                continue
            when = utc(at)
            details = data(payload) or {}
            target = details.get("to") or details.get("state")
            did = int(subject_id)
            if target == "approved":
                approved.setdefault(did, when)
            if target and when <= moment:
                state_at_end[did] = target
        authors: dict[int, list[str]] = {}
        for draft_id, username in db.rows(
            "SELECT draft_id, username FROM draft_authors ORDER BY draft_id, position"
        ):
            authors.setdefault(draft_id, []).append(username)
        channels: dict[int, list[str]] = {}
        for draft_id, channel in db.rows(
            "SELECT draft_id, channel FROM draft_channels ORDER BY draft_id, position"
        ):
            channels.setdefault(draft_id, []).append(channel)
        facts = [
            DraftFacts(
                id=did,
                title=title,
                language=language or "en",
                third_party=bool(third_party),
                channels=channels.get(did, []),
                authors=authors.get(did) or [submitted_by],
                submitted_at=submitted.get(did) or utc(created_at),
                first_review_at=first_review.get(did),
                approved_at=approved.get(did),
                published_at=published[did][0][0] if did in published else None,
                published_on=[ch for _, ch in published.get(did, [])],
                state_at_end=state_at_end.get(did, "submitted"),
            )
            for did, title, language, third_party, submitted_by, created_at in db.rows(
                "SELECT id, title, language, third_party, submitted_by, created_at"
                " FROM drafts ORDER BY id"
            )
        ]
    _summarize(report, facts, kinds, affiliation, lo, hi)
    return report


def _summarize(
    report: PublicationReport,
    facts: list[DraftFacts],
    kinds: dict[str, str],
    affiliation: dict[str, str],
    lo: datetime,
    hi: datetime,
) -> None:
    in_period = [f for f in facts if lo <= f.submitted_at < hi]
    report.drafts = in_period
    month = report.start.replace(day=1)
    while month < report.end:
        report.months.append(month.strftime("%Y-%m"))
        month += relativedelta(months=1)
    stages: dict[str, dict[str, dict[str, int]]] = {
        "submitted": {},
        "approved": {},
        "published": {},
    }

    posts: dict[str, dict[str, int]] = {stage: {} for stage in stages}

    def bump(stage: str, channel: str, ts: datetime | None) -> None:
        if ts is not None and lo <= ts < hi:
            per = stages[stage].setdefault(channel, {})
            per[_month(ts)] = per.get(_month(ts), 0) + 1

    def once(stage: str, ts: datetime | None) -> None:
        if ts is not None and lo <= ts < hi:
            posts[stage][_month(ts)] = posts[stage].get(_month(ts), 0) + 1

    for f in facts:
        for ch in f.channels or [NO_CHANNEL]:
            bump("submitted", ch, f.submitted_at)
            bump("approved", ch, f.approved_at)
        for ch in dict.fromkeys(f.published_on):
            bump("published", ch, f.published_at)
        once("submitted", f.submitted_at)
        once("approved", f.approved_at)
        once("published", f.published_at)
    report.by_channel_month = stages
    report.posts_by_month = posts

    for key, label in STAGES:
        attr = {"first_review": "first_review_at", "approval": "approved_at"}.get(
            key, "published_at"
        )
        waits = [d for f in in_period if (d := _days(f.submitted_at, getattr(f, attr))) is not None]
        report.turnaround.append(
            {
                "stage": key,
                "label": label,
                "n": len(waits),
                "of": len(in_period),
                "median_days": median(waits),
                "p90_days": percentile(waits, 90),
            }
        )

    as_of = report.as_of
    for f in facts:
        if f.submitted_at <= as_of and f.state_at_end in OPEN_STATES:
            report.backlog.append(
                {
                    "id": f.id,
                    "title": f.title,
                    "state": f.state_at_end,
                    "state_label": state_label(f.state_at_end),
                    "submitted": f.submitted_at,
                    "age_days": (as_of - f.submitted_at).total_seconds() / 86400,
                }
            )
    report.backlog.sort(key=lambda b: (-b["age_days"], b["id"]))

    report.languages = dict(Counter(f.language for f in in_period).most_common())
    third = sum(1 for f in in_period if f.third_party)
    report.third_party = {
        "count": third,
        "of": len(in_period),
        "share": third / len(in_period) if in_period else None,
    }
    # Each draft's authors share one vote between them, so a post by five colleagues does
    # not weigh five times a post by one person.
    weights: dict[str, float] = {}
    for f in in_period:
        for a in f.authors:
            key = affiliation.get(a, NO_AFFILIATION)
            weights[key] = weights.get(key, 0.0) + 1 / len(f.authors)
    ranked = sorted(weights.items(), key=lambda kv: (-kv[1], kv[0]))
    report.affiliations = {k: round(v, 2) for k, v in ranked}

    blog_posts = [
        f
        for f in facts
        if f.published_at is not None
        and lo <= f.published_at < hi
        and any(kinds.get(ch) == "blog" for ch in f.published_on)
    ]
    amplified = [f for f in blog_posts if any(kinds.get(ch) == "social" for ch in f.published_on)]
    report.amplification = {
        "blog_posts": len(blog_posts),
        "amplified": len(amplified),
        "share": len(amplified) / len(blog_posts) if blog_posts else None,
    }
