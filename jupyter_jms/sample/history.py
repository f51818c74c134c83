"""A realistic example history: two years of a working group, for the demo and the tests.

Members join and leave, a bi-weekly meeting series runs in a zone with daylight-saving
changes (with cancellations, moved meetings, ad hoc meetings, regrets, one member going
through a long absence and gaps in the records), and posts go through every state of the
review workflow at realistic intervals (``history_posts``).

Everything goes through the services, as a person using the product would; only the
timestamps are moved back afterwards to the simulated day, since the services stamp rows
with the real clock.
"""

from __future__ import annotations

import random
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta, timezone
from typing import Any

from ..container import Services
from ..domain.access import Caller
from ..services.registry.roster import parse_roster
from ..store.models import utcnow
from .history_posts import AUTHORS, generate_posts

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
ALIASES = {"lena": ["lena-old"], "kim": ["kimberly"]}
# The member whose long absence the attendance rule flags (five meetings in a row).
ABSENT_MEMBER = "lena"


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
    summary.drafts = generate_posts(services, today, years, rng)
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
