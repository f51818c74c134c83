"""A realistic example history: two years of a working group, for the demo and the tests.

Members join and leave, a bi-weekly meeting series runs in a zone with daylight-saving
changes (with cancellations, moved meetings, ad hoc meetings, regrets, one member going
through a long absence and gaps in the records), and posts go through every state of the
review workflow at realistic intervals.

Everything goes through the services, as a person using the product would; only the
timestamps are moved back afterwards to the simulated day, since the services stamp rows
with the real clock.
"""

from __future__ import annotations

import json
import random
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta, timezone
from typing import Any

from sqlalchemy import select, update

from ..container import Services
from ..domain.access import Caller
from ..domain.checklist import all_passed
from ..services.registry.roster import parse_roster
from ..store.models import (
    Comment,
    Draft,
    Event,
    Publication,
    Review,
    Revision,
    Vetting,
    utcnow,
)
from .posts import LOREM, LOREM_ES, make_post

TZ = "America/Los_Angeles"
SERIES_TITLE = "JMS bi-weekly meeting"
CHAIR = "jon"

# username, name, affiliation, roles as (role, months ago since, months ago until | None),
# attendance profile: (attended, excused) probabilities, the rest absent.
PEOPLE: list[tuple[str, str, str, list[tuple[str, int, int | None]], tuple[float, float]]] = [
    (
        "jon",
        "Jon Chair",
        "Example Foundation",
        [("admin", 30, None), ("chair", 26, None)],
        (0.95, 0.04),
    ),
    ("kim", "Kim Editor", "Example University", [("editor", 30, None)], (0.85, 0.10)),
    ("lena", "Lena Editor", "Example Corp", [("editor", 30, None)], (0.80, 0.10)),
    ("mo", "Mo Editor", "Another Corp", [("editor", 28, 11)], (0.75, 0.10)),
    ("noor", "Noor Editor", "Independent", [("editor", 16, None)], (0.85, 0.10)),
    ("omar", "Omar Editor", "Example Corp", [("editor", 7, None)], (0.90, 0.05)),
    (
        "pia",
        "Pia Editor",
        "Example University",
        [("editor", 30, 20), ("editor", 9, None)],
        (0.8, 0.1),
    ),
    ("quim", "Quim Consell", "Comunitat Oberta", [("council", 30, None)], (0.0, 0.0)),
]
AUTHORS = [
    ("rae", "Rae Author", "Example Labs"),
    ("sol", "Sol Author", "Another Corp"),
    ("tao", "Tao Author", "Example University"),
    ("uma", "Uma Author", ""),
]
ALIASES = {"lena": ["lena-old"], "kim": ["kimberly"]}
# The member whose long absence the attendance rule flags (five meetings in a row).
ABSENT_MEMBER = "lena"

CHECK_ALL = all_passed()
# Ten kinds of post the Jupyter blog runs (the count is kept: the history draws one per post
# from the same seeded random sequence, so the rest of the story stays as it was).
TOPICS = [
    "JupyterLab {lab} is out",
    "Jupyter Notebook {notebook} released",
    "JupyterHub community call recap",
    "Teaching with Jupyter: notes from a semester of notebooks",
    "What's new in Jupyter Server {server}",
    "A year of the Jupyter accessibility effort",
    "JupyterCon: the call for proposals is open",
    "Voilà and Jupyter widgets in production",
    "Meet the people behind Jupyter's translations",
    "How Jupyter handles security advisories",
]
LANGUAGES = ["en"] * 8 + ["es", "pt"]
SOCIAL = ["mastodon", "bluesky", "linkedin"]


def _months_ago(today: date, months: int) -> date:
    year, month = divmod(today.year * 12 + today.month - 1 - months, 12)
    return date(year, month + 1, 1)


@dataclass
class Summary:
    members: int = 0
    meetings: int = 0
    cancelled: int = 0
    moved: int = 0
    ad_hoc: int = 0
    records: int = 0
    drafts: dict[str, int] = field(default_factory=dict)

    def as_dict(self) -> dict[str, Any]:
        return dict(self.__dict__)


class _Clock:
    """Moves the rows a service call wrote to the simulated time."""

    COLUMNS = (
        (Draft, "created_at"),
        (Draft, "updated_at"),
        (Revision, "created_at"),
        (Review, "created_at"),
        (Vetting, "created_at"),
        (Comment, "created_at"),
        (Publication, "published_at"),
        (Event, "at"),
    )

    def __init__(self, services: Services) -> None:
        self.services = services

    def at(self, when: datetime, fn: Any, *args: Any, **kwargs: Any) -> Any:
        marker = utcnow() - timedelta(seconds=1)
        out = fn(*args, **kwargs)
        with self.services.store.write() as s:
            for model, column in self.COLUMNS:
                col = getattr(model, column)
                s.execute(
                    update(model)
                    .where(col >= marker)
                    .values({column: when})
                    .execution_options(synchronize_session=False)
                )
            # Keep the stored list entry in step with the moved timestamps.
            for draft in s.scalars(select(Draft).where(Draft.updated_at == when)):
                entry = json.loads(draft.summary or "{}")
                if entry:
                    entry["updated_at"] = when.isoformat().replace("+00:00", "Z")
                    entry["created_at"] = draft.created_at.isoformat().replace("+00:00", "Z")
                    draft.summary = json.dumps(entry)
        return out


def _roster(today: date) -> list[dict[str, Any]]:
    members = []
    for username, name, affiliation, roles, _ in PEOPLE:
        spans = []
        for role, since, until in roles:
            span: dict[str, Any] = {"role": role, "since": _months_ago(today, since).isoformat()}
            if until is not None:
                span["until"] = _months_ago(today, until).isoformat()
            if role == "council":
                span["languages"] = ["es", "pt"]
            spans.append(span)
        members.append(
            {
                "username": username,
                "name": name,
                "affiliation": affiliation,
                "aliases": ALIASES.get(username, []),
                "roles": spans,
            }
        )
    for username, name, affiliation in AUTHORS:
        members.append({"username": username, "name": name, "affiliation": affiliation})
    return members


def generate(
    services: Services, *, today: date | None = None, years: int = 2, seed: int = 7
) -> dict[str, Any]:
    """Fill ``services``' database with ``years`` of history ending ``today``.

    Expects the channel list to be imported (the demo and the tests do that first).
    Returns counts of what it made.
    """
    rng = random.Random(seed)
    today = today or datetime.now(timezone.utc).date()
    summary = Summary()
    entries = parse_roster({"members": _roster(today)})
    services.members.import_roster(entries, actor="history")
    summary.members = len(entries)
    chair = Caller(CHAIR, frozenset({"admin", "chair"}))
    _meetings(services, chair, today, years, rng, summary)
    _drafts(services, today, years, rng, summary)
    return summary.as_dict()


def _meetings(
    services: Services, chair: Caller, today: date, years: int, rng: random.Random, summary: Summary
) -> None:
    first = today - timedelta(days=365 * years)
    first += timedelta(days=(1 - first.weekday()) % 7)  # a Tuesday
    series = services.meetings.create_series(
        chair,
        {
            "title": SERIES_TITLE,
            "rrule": "FREQ=WEEKLY;INTERVAL=2;BYDAY=TU",
            "wkst": "MO",
            "tz": TZ,
            "dtstart": datetime.combine(first, time(9, 0)).isoformat(),
            "duration_minutes": 60,
        },
    )
    now = utcnow()
    occurrences = services.meetings.list_occurrences(
        chair,
        start=datetime.combine(first, time(), tzinfo=timezone.utc).isoformat(),
        end=now.isoformat(),
        series=series["id"],
    )["items"]
    summary.meetings = len(occurrences)
    people = {p[0]: p for p in PEOPLE}
    # A run of five meetings in a row that one member misses, about eight months ago.
    streak_start = max(0, len(occurrences) - 18)
    streak = set(range(streak_start, streak_start + 5))
    last_index = len(occurrences) - 1
    for i, occ in enumerate(occurrences):
        day = date.fromisoformat(occ["date"])
        holiday = day.month == 12 and day.day > 20
        if i not in streak and (holiday or rng.random() < 0.05):
            services.meetings.update_occurrence(chair, occ["id"], {"status": "cancelled"})
            summary.cancelled += 1
            continue
        if rng.random() < 0.04:
            moved = datetime.fromisoformat(occ["start"].replace("Z", "+00:00")) + timedelta(days=1)
            if moved < now:
                services.meetings.update_occurrence(chair, occ["id"], {"start": moved.isoformat()})
                summary.moved += 1
        if i == last_index:
            continue  # the latest meeting's records are not in yet
        sheet = services.attendance.get(chair, occ["id"])
        records = []
        partial = rng.random() < 0.04
        for item in sheet["items"]:
            username = item["username"]
            if partial and rng.random() < 0.5:
                continue  # gaps in the records: unknown, never absent
            p_attend, p_excused = people[username][4] if username in people else (0.9, 0.05)
            roll = rng.random()
            status = (
                "attended"
                if roll < p_attend
                else "excused"
                if roll < p_attend + p_excused
                else "absent"
            )
            if username == ABSENT_MEMBER and i in streak:
                status = "absent"
            records.append({"username": username, "status": status})
        if records:
            services.attendance.set_records(chair, occ["id"], {"records": records})
            summary.records += len(records)
    for k, when in enumerate((today - timedelta(days=200), today - timedelta(days=45))):
        services.meetings.create_ad_hoc(
            chair,
            {
                "title": ["Channel strategy workshop", "Mastodon instance discussion"][k],
                "tz": TZ,
                "start": datetime.combine(when, time(8, 0)).isoformat(),
            },
        )
        summary.ad_hoc += 1


OUTCOMES = (
    ["published"] * 14
    + ["scheduled"] * 2
    + ["approved"] * 3
    + ["rejected"] * 3
    + ["withdrawn"] * 3
    + ["changes_requested"] * 3
    + ["in_review"] * 2
    + ["submitted"] * 4
    + ["resubmitted_published"] * 4
)
RECENT = {"submitted", "in_review", "changes_requested", "approved", "scheduled"}
EDITORS = ["kim", "noor", "omar", "lena"]


class _Story:
    """One post's way through the workflow, each step a few days after the last."""

    def __init__(
        self, services: Services, clock: _Clock, rng: random.Random, start: datetime
    ) -> None:
        self.services = services
        self.clock = clock
        self.rng = rng
        self.t = start
        self.now = utcnow()
        self.revision = 1
        self.draft: dict[str, Any] = {}

    def step(self, days: float) -> datetime:
        self.t = min(self.t + timedelta(days=days), self.now - timedelta(minutes=5))
        return self.t

    def do(self, days: float, fn: Any, *args: Any) -> Any:
        return self.clock.at(self.step(days), fn, *args)

    def review(
        self, reviewer: Caller, verdict: str, checklist: dict[str, str], comment: str = ""
    ) -> Any:
        body: dict[str, Any] = {
            "revision": self.revision,
            "verdict": verdict,
            "checklist": checklist,
        }
        if comment:
            body["comment"] = comment
        days = self.rng.uniform(0.5, 9)
        return self.do(days, self.services.reviews.review, reviewer, self.draft["id"], body)


def _drafts(
    services: Services, today: date, years: int, rng: random.Random, summary: Summary
) -> None:
    outcomes = list(OUTCOMES)
    rng.shuffle(outcomes)
    clock = _Clock(services)
    for n, outcome in enumerate(outcomes):
        offset = rng.randint(1, 60) if outcome in RECENT else rng.randint(20, 365 * years - 10)
        start = datetime.combine(today - timedelta(days=offset), time(15, 0), tzinfo=timezone.utc)
        _post(services, _Story(services, clock, rng, start), n, outcome, today)
        summary.drafts[outcome] = summary.drafts.get(outcome, 0) + 1


def _post(services: Services, story: _Story, n: int, outcome: str, today: date) -> None:

    rng = story.rng
    caller = services.members.caller
    authors = [a[0] for a in AUTHORS] + ["kim", "noor"]
    language = "es" if outcome == "in_review" else rng.choice(LANGUAGES)
    channels = ["blog"] + rng.sample(SOCIAL, rng.randint(0, 2))
    third = rng.random() < 0.15
    author_list = [rng.choice(authors)] + ([rng.choice(authors)] if rng.random() < 0.2 else [])
    author_list = list(dict.fromkeys(author_list))
    title = rng.choice(TOPICS).format(
        lab=f"4.{n % 6}", notebook=f"7.{n % 5}", server=f"2.{10 + n % 6}"
    )
    post: dict[str, Any] = {
        "authors": author_list,
        "channels": channels,
        "language": language,
        "subtitle": "News from the Jupyter community",
    }
    if third:
        post |= {"third_party": True, "third_party_benefit": "Free resources for the community."}
    social = {ch: f"{title}: https://blog.jupyter.org/post-{n}" for ch in channels if ch != "blog"}
    if social:
        post["social"] = social
    nb = make_post(title, body=LOREM_ES if language != "en" else LOREM, **post)
    submitter = caller(author_list[0])
    story.draft = story.do(
        0, services.drafts.submit, submitter, f"history/post-{n:03d}.ipynb", nb, 4000
    )
    draft_id = story.draft["id"]
    reviewer = caller(next(e for e in rng.sample(EDITORS, len(EDITORS)) if e not in author_list))
    checklist = dict(CHECK_ALL, **({"third_party_benefit": "pass"} if third else {}))
    if outcome == "submitted":
        return
    if outcome == "withdrawn":
        body = {"to": "withdrawn", "if_version": story.draft["version"]}
        story.do(rng.uniform(1, 20), services.reviews.transition, submitter, draft_id, body)
        return
    if outcome == "rejected":
        story.review(reviewer, "reject", checklist, "This is not about Project Jupyter.")
        return
    if outcome in ("changes_requested", "resubmitted_published"):
        story.review(reviewer, "request_changes", checklist, "Please link the release notes.")
        if outcome == "changes_requested":
            return
        nb["cells"][0]["source"] += "\n\nRelease notes: https://jupyter.org/releases"
        story.do(rng.uniform(1, 10), services.drafts.resubmit, submitter, draft_id, nb, 4100)
        story.revision = 2
    story.review(reviewer, "approve", checklist)
    if language != "en":
        if outcome == "in_review":
            return  # approved by an editor, still waiting for council vetting
        body = {"revision": story.revision, "language": language, "verdict": "approve"}
        story.do(rng.uniform(1, 7), services.reviews.vet, caller("quim"), draft_id, body)
    if outcome == "approved":
        return
    version = services.drafts.get(reviewer, draft_id)["version"]
    if outcome == "scheduled":
        when = datetime.combine(today + timedelta(days=rng.randint(2, 20)), time(16, 0))
        body = {
            "to": "scheduled",
            "if_version": version,
            "publish_at": when.replace(tzinfo=timezone.utc).isoformat(),
        }
        story.do(1, services.reviews.transition, reviewer, draft_id, body)
        return
    publications = [{"channel": ch, "url": f"https://example.org/{ch}/post-{n}"} for ch in channels]
    body = {"to": "published", "if_version": version, "publications": publications}
    story.do(rng.uniform(0.5, 12), services.reviews.transition, reviewer, draft_id, body)
