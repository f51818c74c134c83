"""Every figure of both reports, recomputed from the example history by plain code.

The example history (``jupyter_jms.sample.history``: two years of meetings, records and
posts) plus one formal vote is written through the services once per database. Each test
then computes what a report should say with its own straightforward code (every start
day of every window tried, records read through the models and the services' public
calls, no function of the reports or of the attendance rule), and compares it with what
the report's data layer returns and with what the executed notebook shows.
"""

from __future__ import annotations

import re
import statistics
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date, datetime, timedelta, timezone
from fractions import Fraction
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

import nbformat
import pytest
from conftest import BACKENDS, fresh_postgres_database
from dateutil.relativedelta import relativedelta
from sqlalchemy import delete, select

from jupyter_jms.container import Services
from jupyter_jms.domain.access import Caller
from jupyter_jms.reports import attendance, publication
from jupyter_jms.sample import history
from jupyter_jms.store.db import Store
from jupyter_jms.store.models import (
    Attendance,
    Channel,
    Decision,
    Draft,
    DraftAuthor,
    DraftChannel,
    MeetingOccurrence,
    Member,
    Publication,
    Review,
    Revision,
    RoleInterval,
    Vote,
)

ROOT = Path(__file__).resolve().parent.parent
DATA = ROOT / "jupyter_jms" / "data"
VOTING_ROLES = {"editor", "admin", "chair"}  # the charter's JMS members
WINDOW = 90
MONTHS = 24  # the whole example history is in the period
OPEN_STATES = {"submitted", "in_review", "changes_requested", "approved", "scheduled"}


@dataclass
class History:
    url: str
    services: Services
    today: date


@pytest.fixture(scope="module", params=BACKENDS)
def example(
    request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[History]:
    if request.param == "sqlite":
        url, drop = f"sqlite:///{tmp_path_factory.mktemp('figures') / 'jms.sqlite'}", None
    else:
        url, drop = fresh_postgres_database()
    store = Store(url)
    store.ensure_schema()
    services = Services(store)
    services.channels.import_text((DATA / "jupyter-channels.yaml").read_text(), actor="test")
    history.generate(services)
    # In the middle of the run of meetings the example's absent member misses, one meeting is
    # moved by a day and the next cancelled, so flag evidence has both to show.
    chair = Caller("jon", frozenset({"admin", "chair"}))
    regular = [
        o
        for o in _meetings(services)
        if o["kind"] == "regular" and o["status"] != "cancelled" and not o["moved"]
    ]
    moved, cancelled = regular[-16], regular[-15]
    start = datetime.fromisoformat(moved["start"].replace("Z", "+00:00")) + timedelta(days=1)
    services.meetings.update_occurrence(chair, moved["id"], {"start": start.isoformat()})
    # A meeting that did not take place after all: its records go, then it is cancelled.
    slot = datetime.fromisoformat(cancelled["slot"].replace("Z", "+00:00"))
    with services.store.write() as s:
        for row in s.scalars(select(MeetingOccurrence)):
            if row.slot_start is not None and aware(row.slot_start) == slot:
                s.execute(delete(Attendance).where(Attendance.occurrence_id == row.id))
    services.meetings.update_occurrence(chair, cancelled["id"], {"status": "cancelled"})
    # One formal vote, opened after the history's members joined, that three of them miss.
    jon = services.members.caller("jon")
    vote = services.decisions.create(
        jon,
        {
            "type": "vote",
            "title": "Adopt the channel strategy",
            "seconded_by": "kim",
            "period_days": 0,
            "present": ["jon", "kim", "lena", "noor", "omar", "pia"],
        },
    )
    for voter, choice in (("jon", "yes"), ("kim", "yes"), ("noor", "blank")):
        services.decisions.vote(services.members.caller(voter), vote["id"], {"choice": choice})
    services.decisions.close(jon, vote["id"], {})
    yield History(url, services, datetime.now(timezone.utc).date())
    services.close()
    if drop is not None:
        drop()


def aware(ts: datetime) -> datetime:
    """A timestamp column's value as an aware UTC datetime (SQLite gives it naive)."""
    return ts if ts.tzinfo else ts.replace(tzinfo=timezone.utc)


# -- the facts, read with the models and the services' public calls ---------------------------


def _roles(services: Services) -> dict[str, list[tuple[date, date | None]]]:
    """username -> the intervals [since, until) they held a role that attends and votes."""
    out: dict[str, list[tuple[date, date | None]]] = {}
    with services.store.read() as s:
        for r in s.scalars(select(RoleInterval)):
            if r.role in VOTING_ROLES:
                out.setdefault(r.username, []).append((r.since, r.until))
    return out


def _holds(intervals: list[tuple[date, date | None]], day: date) -> bool:
    return any(since <= day and (until is None or day < until) for since, until in intervals)


def _meetings(services: Services) -> list[dict[str, Any]]:
    """Every occurrence that has started, from the meetings service, 300 days at a time."""
    chair = Caller("jon", frozenset({"admin", "chair"}))
    now = datetime.now(timezone.utc)
    lo = now - timedelta(days=900)
    seen: dict[str, dict[str, Any]] = {}
    while lo < now:
        hi = min(lo + timedelta(days=300), now)
        for occ in services.meetings.list_occurrences(
            chair, start=lo.isoformat(), end=hi.isoformat()
        )["items"]:
            seen[occ["id"]] = occ
        lo = hi
    return sorted(seen.values(), key=lambda o: (o["date"], o["id"]))


def _records(services: Services, meetings: list[dict[str, Any]]) -> dict[str, dict[str, str]]:
    """username -> occurrence id -> recorded status, from the attendance sheets."""
    chair = Caller("jon", frozenset({"admin", "chair"}))
    out: dict[str, dict[str, str]] = {}
    for m in meetings:
        for item in services.attendance.get(chair, m["id"])["items"]:
            if item["recorded"]:
                out.setdefault(item["username"], {})[m["id"]] = item["status"]
    return out


@dataclass
class Expected:
    rates: dict[str, dict[str, Any]]
    flags: list[dict[str, Any]]
    incomplete: list[dict[str, Any]]
    cancelled_in_period: int
    expected_records: int
    recorded: int
    participation: dict[str, tuple[int, int]]


def expected_attendance(ex: History) -> Expected:
    """The attendance report's figures under the default rule (2/3, 90 days, at least 4
    counted meetings, excused records left out), computed the long way."""
    as_of = ex.today
    start = as_of - relativedelta(months=MONTHS)
    roles = _roles(ex.services)
    meetings = [m for m in _meetings(ex.services) if m["kind"] == "regular"]
    records = _records(ex.services, meetings)
    day = {m["id"]: date.fromisoformat(m["date"]) for m in meetings}

    rates: dict[str, dict[str, Any]] = {}
    flags: list[dict[str, Any]] = []
    incomplete: list[dict[str, Any]] = []
    for username in sorted(roles):
        mine = [
            m
            for m in meetings
            if m["status"] != "cancelled"
            and day[m["id"]] <= as_of
            and _holds(roles[username], day[m["id"]])
        ]
        cancelled = [
            m
            for m in meetings
            if m["status"] == "cancelled"
            and day[m["id"]] <= as_of
            and _holds(roles[username], day[m["id"]])
        ]
        status = {m["id"]: records.get(username, {}).get(m["id"], "unknown") for m in mine}
        in_period = [m for m in mine if start <= day[m["id"]] <= as_of]
        if in_period:
            got = [status[m["id"]] for m in in_period]
            attended, absent = got.count("attended"), got.count("absent")
            rates[username] = {
                "meetings": len(got),
                "attended": attended,
                "excused": got.count("excused"),
                "absent": absent,
                "unknown": got.count("unknown"),
                "counted": attended + absent,
                "rate": Fraction(attended, attended + absent) if attended + absent else None,
            }
        if not mine:
            continue
        # Every start day whose window has ended by as_of and can hold a meeting.
        verdicts: list[tuple[date, str, dict[str, Any]]] = []
        d = day[mine[0]["id"]] - timedelta(days=WINDOW - 1)
        while d + timedelta(days=WINDOW - 1) <= as_of:
            end = d + timedelta(days=WINDOW - 1)
            inside = [m for m in mine if d <= day[m["id"]] <= end]
            got = [status[m["id"]] for m in inside]
            eligible = len(got) - got.count("excused")
            missed, unknown = got.count("absent"), got.count("unknown")
            verdict = None
            if eligible >= 4:
                if unknown:
                    verdict = "incomplete" if 3 * (missed + unknown) > 2 * eligible else None
                elif 3 * missed > 2 * eligible:
                    verdict = "flag"
            if verdict:
                window = {
                    "start": d,
                    "end": end,
                    "eligible": eligible,
                    "missed": missed,
                    "unknown": unknown,
                    "excused": got.count("excused"),
                    "meetings": [
                        (day[m["id"]], m["id"], status[m["id"]], m["moved"]) for m in inside
                    ],
                    "cancelled": [
                        (day[m["id"]], m["id"]) for m in cancelled if d <= day[m["id"]] <= end
                    ],
                }
                verdicts.append((d, verdict, window))
            d += timedelta(days=1)
        # Runs of consecutive start days with the same verdict; the worst window of each:
        # most missed (or unknown), then the highest share of them, then the earliest.
        runs: list[list[tuple[date, str, dict[str, Any]]]] = []
        for v in verdicts:
            if runs and runs[-1][-1][1] == v[1] and runs[-1][-1][0] + timedelta(days=1) == v[0]:
                runs[-1].append(v)
            else:
                runs.append([v])
        for run in runs:
            worst = max(
                (w for _, _, w in run),
                key=lambda w: (
                    w["missed"] + w["unknown"],
                    Fraction(w["missed"] + w["unknown"], w["eligible"]),
                    -w["start"].toordinal(),
                ),
            )
            last_end = run[-1][0] + timedelta(days=WINDOW - 1)
            if last_end < start:
                continue
            episode = {
                "username": username,
                "first": run[0][0],
                "last": run[-1][0],
                "last_end": last_end,
                "windows": len(run),
                "open": last_end == as_of,
                "worst": worst,
            }
            (flags if run[0][1] == "flag" else incomplete).append(episode)

    cancelled_in_period = sum(
        1 for m in meetings if m["status"] == "cancelled" and start <= day[m["id"]] <= as_of
    )
    participation = _participation(ex, roles)
    return Expected(
        rates,
        flags,
        incomplete,
        cancelled_in_period,
        sum(r["meetings"] for r in rates.values()),
        sum(r["meetings"] - r["unknown"] for r in rates.values()),
        participation,
    )


def _participation(
    ex: History, roles: dict[str, list[tuple[date, date | None]]]
) -> dict[str, tuple[int, int]]:
    """username -> (took part, eligible) in the formal votes closed this year, for every
    member who held a voting role on some day of the year so far."""
    year = ex.today.year
    days = [
        date(year, 1, 1) + timedelta(days=i) for i in range((ex.today - date(year, 1, 1)).days + 1)
    ]
    out = {u: (0, 0) for u, spans in roles.items() if any(_holds(spans, d) for d in days)}
    with ex.services.store.read() as s:
        for d in s.scalars(select(Decision)):
            if d.method not in ("yes_no", "ranked") or d.status != "closed":
                continue
            assert d.closed_at is not None
            if d.closed_at.year != year:
                continue
            voters = set(
                s.scalars(select(Vote.voter).where(Vote.decision_id == d.id, Vote.round == d.round))
            )
            for u in d.eligible:
                took, of = out.get(u, (0, 0))
                out[u] = (took + (u in voters), of + 1)
    return out


# -- the data layer ---------------------------------------------------------------------------


def _percent(share: Fraction | None) -> str:
    return "–" if share is None else f"{float(share):.0%}"


def test_every_attendance_figure_matches_an_independent_computation(example):
    want = expected_attendance(example)
    report = attendance.load(example.url, as_of=example.today.isoformat(), months=MONTHS)

    assert {r["username"]: r for r in report.rates}.keys() == want.rates.keys()
    for row in report.rates:
        w = want.rates[row["username"]]
        for key in ("meetings", "attended", "excused", "absent", "unknown", "counted"):
            assert row[key] == w[key], (row["username"], key)
        assert (row["rate"] is None) == (w["rate"] is None)
        if w["rate"] is not None:
            assert row["rate"] == pytest.approx(float(w["rate"]))
    # A member never absent is at 100% whatever their excused meetings.
    never_absent = [u for u, r in want.rates.items() if r["absent"] == 0 and r["counted"]]
    assert never_absent and all(
        next(r for r in report.rates if r["username"] == u)["rate"] == 1.0 for u in never_absent
    )

    assert len(report.flags) == len(want.flags) >= 1
    lena = next(f for f in want.flags if f["username"] == "lena")
    assert any(moved for *_, moved in lena["worst"]["meetings"]) and lena["worst"]["cancelled"]
    for got, w in zip(report.flags, want.flags, strict=True):
        _same_episode(got, w)
    assert len(report.incomplete) == len(want.incomplete)
    for got, w in zip(report.incomplete, want.incomplete, strict=True):
        _same_episode(got, w)

    assert report.cancelled == want.cancelled_in_period
    assert report.completeness["expected_records"] == want.expected_records
    assert report.completeness["recorded"] == want.recorded

    rows = {r["username"]: (r["took_part"], r["eligible"]) for r in report.participation["items"]}
    assert rows == want.participation
    assert rows["lena"] == (0, 1) and rows["kim"] == (1, 1)
    assert report.participation["votes"] == 1


def _same_episode(got: dict[str, Any], w: dict[str, Any]) -> None:
    worst = w["worst"]
    assert got["username"] == w["username"]
    assert got["first_window_start"] == w["first"].isoformat()
    assert got["last_window_start"] == w["last"].isoformat()
    assert got["last_window_end"] == w["last_end"].isoformat()
    assert got["windows"] == w["windows"]
    assert got["open"] is w["open"]
    assert got["window"] == {"start": worst["start"].isoformat(), "end": worst["end"].isoformat()}
    for key in ("eligible", "missed", "unknown", "excused"):
        assert got[key] == worst[key], key
    assert [(m["date"], m["occurrence"], m["status"], m["moved"]) for m in got["meetings"]] == [
        (d.isoformat(), i, s, moved) for d, i, s, moved in worst["meetings"]
    ]
    assert [(c["date"], c["occurrence"]) for c in got["cancelled"]] == [
        (d.isoformat(), i) for d, i in worst["cancelled"]
    ]


def test_the_report_and_the_api_give_the_same_flags_with_the_same_evidence(example):
    chair = Caller("jon", frozenset({"admin", "chair"}))
    api = example.services.attendance.flags(chair, as_of=example.today.isoformat())
    report = attendance.load(example.url, as_of=example.today.isoformat(), months=MONTHS)
    for flag in api["flags"]:
        del flag["stored"]
    assert report.flags == api["flags"] and report.incomplete == api["incomplete"]
    rates = {m["username"]: m["rate"] for m in api["members"]}
    assert all(r["rate"] == rates[r["username"]] for r in report.rates if r["meetings"])
    # Vote participation: the same rows, every member who held a voting role this year.
    votes = example.services.attendance.participation(chair, example.today.year)
    assert votes["items"] == report.participation["items"]
    assert {"omar", "pia", "lena"} <= {r["username"] for r in votes["items"]}


def test_a_flag_whose_last_window_ended_is_in_the_period_but_not_open(example):
    want = expected_attendance(example)
    lena = next(f for f in want.flags if f["username"] == "lena")
    # The streak ends months before the report's day: in the period, not open now.
    assert not lena["open"] and lena["last_end"] < example.today
    report = attendance.load(example.url, as_of=example.today.isoformat(), months=MONTHS)
    assert not next(f for f in report.flags if f["username"] == "lena")["open"]
    # As of the last day of its last window it was open.
    then = attendance.load(example.url, as_of=lena["last_end"].isoformat(), months=MONTHS)
    assert next(f for f in then.flags if f["username"] == "lena")["open"]
    # A period that starts after it ended does not show it.
    later = attendance.load(
        example.url,
        as_of=(lena["last_end"] + relativedelta(months=3)).isoformat(),
        months=2,
    )
    assert all(
        f["username"] != "lena" or f["last_window_end"] >= str(later.start) for f in later.flags
    )


def test_every_publication_figure_matches_an_independent_computation(example):
    report = publication.load(example.url, months=MONTHS)
    lo = datetime.combine(report.start, datetime.min.time(), tzinfo=timezone.utc)
    hi = datetime.combine(report.end, datetime.min.time(), tzinfo=timezone.utc)
    now = report.as_of
    assert now <= datetime.now(timezone.utc) and now < hi  # the period has not ended yet

    with example.services.store.read() as s:
        drafts = {d.id: d for d in s.scalars(select(Draft))}
        submitted = {
            r.draft_id: aware(r.created_at)
            for r in s.scalars(select(Revision).where(Revision.n == 1))
        }
        channels: dict[int, list[str]] = {}
        for c in s.scalars(select(DraftChannel)):
            channels.setdefault(c.draft_id, []).append(c.channel)
        authors: dict[int, list[str]] = {}
        for a in s.scalars(select(DraftAuthor)):
            authors.setdefault(a.draft_id, []).append(a.username)
        first_review: dict[int, datetime] = {}
        for r in s.scalars(select(Review)):
            at = aware(r.created_at)
            first_review[r.draft_id] = min(at, first_review.get(r.draft_id, at))
        published: dict[int, list[tuple[datetime, str]]] = {}
        for p in s.scalars(select(Publication)):
            published.setdefault(p.draft_id, []).append((aware(p.published_at), p.channel))
        kinds = {c.id: c.kind for c in s.scalars(select(Channel))}
        affiliation = {m.username: m.affiliation for m in s.scalars(select(Member))}

    in_period = sorted(i for i, at in submitted.items() if lo <= at < hi)
    assert [f.id for f in report.drafts] == in_period

    # The backlog: every post in an open state now, oldest first, aged to the report's moment.
    backlog = sorted(
        (i for i, d in drafts.items() if d.state in OPEN_STATES),
        key=lambda i: (submitted[i], i),
    )
    assert [b["id"] for b in report.backlog] == backlog and len(backlog) >= 10
    for b in report.backlog:
        assert b["age_days"] == pytest.approx((now - submitted[b["id"]]).total_seconds() / 86400)
        assert b["state_label"] == front_labels()[drafts[b["id"]].state]
    youngest = min(report.backlog, key=lambda b: b["age_days"])
    assert youngest["age_days"] < (hi - submitted[youngest["id"]]).total_seconds() / 86400 - 0.01

    # Submitted per month: each post once, and once per channel (post × channel).
    per_month: dict[str, int] = {}
    pairs: dict[str, int] = {}
    for i in in_period:
        month = submitted[i].strftime("%Y-%m")
        per_month[month] = per_month.get(month, 0) + 1
        pairs[month] = pairs.get(month, 0) + max(1, len(channels.get(i, [])))
    assert report.posts_by_month["submitted"] == per_month
    by_channel = report.by_channel_month["submitted"]
    assert {m: sum(c.get(m, 0) for c in by_channel.values()) for m in per_month} == pairs
    published_posts = [i for i, ps in published.items() if lo <= min(t for t, _ in ps) < hi]
    assert sum(report.posts_by_month["published"].values()) == len(published_posts)

    # Turnaround to the first review: how many reached it and the median wait.
    waits = [
        (first_review[i] - submitted[i]).total_seconds() / 86400
        for i in in_period
        if i in first_review
    ]
    first = report.turnaround[0]
    assert (first["stage"], first["n"], first["of"]) == ("first_review", len(waits), len(in_period))
    assert first["median_days"] == pytest.approx(statistics.median(waits))

    languages: dict[str, int] = {}
    for i in in_period:
        languages[drafts[i].language] = languages.get(drafts[i].language, 0) + 1
    assert report.languages == languages
    third = sum(1 for i in in_period if drafts[i].third_party)
    assert (report.third_party["count"], report.third_party["of"]) == (third, len(in_period))

    weights: dict[str, float] = {}
    for i in in_period:
        names = authors.get(i) or [drafts[i].submitted_by]
        for a in names:
            key = affiliation.get(a) or "(no affiliation on the roster)"
            weights[key] = weights.get(key, 0.0) + 1 / len(names)
    assert report.affiliations == {k: round(v, 2) for k, v in weights.items()}

    blog = [
        i
        for i, ps in published.items()
        if lo <= min(t for t, _ in ps) < hi and any(kinds.get(c) == "blog" for _, c in ps)
    ]
    amplified = [i for i in blog if any(kinds.get(c) == "social" for _, c in published[i])]
    assert report.amplification["blog_posts"] == len(blog)
    assert report.amplification["amplified"] == len(amplified)


def front_labels() -> dict[str, str]:
    """The state labels the JupyterLab extension shows (its ``stateLabel``)."""
    source = (ROOT / "labextension" / "src" / "labels.ts").read_text()
    block = source.split("const labels: Record<DraftState, string> = {", 1)[1].split("};", 1)[0]
    return dict(re.findall(r"(\w+): trans\.__\('([^']+)'\)", block))


def test_the_reports_state_labels_are_the_fronts():
    from jupyter_jms.domain.states import STATE_LABELS, STATES

    assert STATE_LABELS == front_labels() and set(STATE_LABELS) == set(STATES)


# -- what the executed notebooks show ---------------------------------------------------------


class _Tables(HTMLParser):
    """The cells of every HTML table, row by row."""

    def __init__(self) -> None:
        super().__init__()
        self.tables: list[list[list[str]]] = []
        self._cell: list[str] | None = None

    def handle_starttag(self, tag: str, attrs: Any) -> None:
        if tag == "table":
            self.tables.append([])
        elif tag == "tr":
            self.tables[-1].append([])
        elif tag in ("td", "th"):
            self._cell = []

    def handle_endtag(self, tag: str) -> None:
        if tag in ("td", "th") and self._cell is not None:
            self.tables[-1][-1].append("".join(self._cell).strip())
            self._cell = None

    def handle_data(self, data: str) -> None:
        if self._cell is not None:
            self._cell.append(data)


def _shown(path: Path) -> tuple[list[str], list[list[list[str]]], list[str]]:
    """The Markdown outputs, the HTML tables and the charts' text alternatives, in order."""
    nb = nbformat.read(path, as_version=4)
    texts, tables, alts = [], [], []
    for cell in nb.cells:
        for out in cell.get("outputs", []):
            assert out["output_type"] != "error", out
            data = out.get("data", {})
            if "text/markdown" in data:
                texts.append(data["text/markdown"])
            elif "<img" in data.get("text/html", ""):
                alts.append(data["text/plain"])
            elif "<table" in data.get("text/html", ""):
                parser = _Tables()
                parser.feed(data["text/html"])
                tables.extend(parser.tables)
    return texts, tables, alts


def _run(example: History, name: str, folder: Path, **parameters: Any) -> Path:
    from jupyter_jms.reports.catalog import REPORTS
    from jupyter_jms.reports.runner import execute

    outcome = execute(REPORTS[name], folder, parameters, db_url=example.url, progress=False)
    assert outcome.ok, outcome.error
    return outcome.notebook


def test_the_attendance_notebook_shows_the_independent_figures(example, tmp_path):
    want = expected_attendance(example)
    path = _run(example, "attendance", tmp_path, as_of=example.today.isoformat(), months=MONTHS)
    texts, tables, alts = _shown(path)
    nb = nbformat.read(path, as_version=4)
    headings = [c.source.splitlines()[0] for c in nb.cells if c.cell_type == "markdown"]
    assert headings == [
        "# Attendance report",
        "## The data and the rule in force",
        "## Attendance over time",
        "## Rates",
        "## Flags in the period",
        "## Data completeness",
        "## Vote participation",
    ]
    assert not any("jupyter_jms" in c.source for c in nb.cells if c.cell_type == "markdown")

    rates = next(t for t in tables if t and "rate" in t[0] and "counted" in t[0])
    shown = {row[0]: row for row in rates[2:]}
    header = rates[0]
    assert shown.keys() == want.rates.keys()
    for username, w in want.rates.items():
        row = dict(zip(header[1:], shown[username][1:], strict=True))
        assert row["attended"] == str(w["attended"]) and row["absent"] == str(w["absent"])
        assert row["counted"] == str(w["counted"]) and row["rate"] == _percent(w["rate"])
        assert f"{username} {_percent(w['rate'])}" in alts[0]  # the heatmap's text alternative

    sentences = [t for t in texts if "flagged in" in t]
    assert len(sentences) == len(want.flags)
    for sentence, w in zip(sentences, want.flags, strict=True):
        worst = w["worst"]
        assert f"**{w['username']}**" in sentence
        assert f"{w['windows']} consecutive windows of 90 days" in sentence
        assert f"the first starting {w['first']}" in sentence
        assert f"the last starting {w['last']} (ending {w['last_end']})" in sentence
        assert (
            f"The worst window, {worst['start']} to {worst['end']}: {worst['missed']} of "
            f"{worst['eligible']} counted meetings missed" in sentence
        )
        assert ("Still open" in sentence) is w["open"]
    evidence = [t for t in tables if t and "counted as" in t[0]]
    for table, w in zip(evidence, want.flags, strict=True):
        dates = [row[0] for row in table[2:]]
        assert dates == sorted(
            [d.isoformat() for d, *_ in w["worst"]["meetings"]]
            + [d.isoformat() for d, _ in w["worst"]["cancelled"]]
        )
    completeness = next(t for t in texts if "expected records are in" in t)
    assert f"**{want.recorded} of {want.expected_records}**" in completeness
    assert f"{want.cancelled_in_period} regular meeting(s)" in completeness

    votes = next(t for t in tables if t and "took part" in t[0])
    assert {row[0]: (int(row[1]), int(row[2])) for row in votes[2:]} == want.participation


def test_the_publication_notebook_shows_every_waiting_post_with_its_label(example, tmp_path):
    report = publication.load(example.url, months=MONTHS)
    path = _run(example, "publication", tmp_path, months=MONTHS)
    texts, tables, alts = _shown(path)
    waiting = next(t for t in texts if "post(s) waiting" in t)
    assert f"**{len(report.backlog)}** post(s) waiting" in waiting
    backlog = next(t for t in tables if t and "age (days)" in t[0])
    labels = front_labels()
    assert [int(row[0]) for row in backlog[2:]] == [b["id"] for b in report.backlog]
    assert {row[2] for row in backlog[2:]} <= set(labels.values())
    channel_chart = next(a for a in alts if a.startswith("Posts by channel and month"))
    posts = sum(report.posts_by_month["submitted"].values())
    pairs = sum(sum(m.values()) for m in report.by_channel_month["submitted"].values())
    assert f"submitted: {posts} posts, {pairs} post × channel pairs" in channel_chart
    assert posts < pairs  # some posts go to several channels
