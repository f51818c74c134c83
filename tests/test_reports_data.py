"""The report notebooks' data, sections and charts, without running a kernel.

The reports read the database with plain SQL (``jupyter_jms.reports.source``) so a report
runs fast in a fresh kernel; these tests pin that they find what the services find, on
SQLite and on PostgreSQL, and that what they draw stays text.
"""

from __future__ import annotations

import base64
import re
import xml.etree.ElementTree as ET
from datetime import date
from pathlib import Path

import pytest
from report_fixtures import write_history
from sqlalchemy import text

from jupyter_jms.reports import attendance, attendance_view, charts, publication
from jupyter_jms.reports.source import head_revision, reading
from jupyter_jms.store.db import SchemaMismatch, Store


def test_the_attendance_report_finds_what_the_attendance_service_finds(db_url):
    from jupyter_jms.domain.attendance_policy import Policy
    from jupyter_jms.services.governance.attendance_rule import compute, flags_dict

    write_history(db_url)
    today = date.today()
    for settings in ({}, {"excused": "missed", "threshold": "1/2", "min_eligible": 2}):
        policy = Policy.from_mapping(settings)
        store = Store(db_url)
        with store.read() as s:
            expected = flags_dict(compute(s, policy, today), {})
        store.dispose()
        report = attendance.load(db_url, months=120, **settings)
        for flag in expected["flags"]:
            del flag["stored"]
        assert report.flags == expected["flags"]
        assert report.incomplete == expected["incomplete"]
        by_member = {m["username"]: m for m in expected["members"]}
        assert report.rates, "the generated history has members with meetings"
        for row in report.rates:
            service = by_member[row["username"]]
            assert (row["attended"], row["absent"], row["excused"], row["unknown"]) == (
                service["attended"],
                service["absent"],
                service["excused"],
                service["unknown"],
            )
    # Cancelled meetings are left out of the grid and counted; moved ones keep their slot.
    report = attendance.load(db_url, months=120)
    assert report.cancelled >= 1 and any(m["moved"] for m in report.meetings)
    assert len(report.grid) == len(report.members) == len(report.rates)
    assert all(len(row) == len(report.meetings) for row in report.grid)


def test_the_publication_report_reads_drafts_with_their_channels_and_authors(db_url):
    from sqlalchemy import func, select

    from jupyter_jms.store.models import Draft, Publication

    write_history(db_url)
    report = publication.load(db_url, months=36)
    store = Store(db_url)
    with store.read() as s:
        drafts = s.scalar(select(func.count()).select_from(Draft))
        published = set(s.scalars(select(Publication.draft_id)))
        one = s.scalars(select(Draft).order_by(Draft.id)).first()
        assert one is not None
        channels = [c.channel for c in one.channels]
        authors = [a.username for a in one.authors] or [one.submitted_by]
    store.dispose()
    assert len(report.drafts) == drafts
    assert {f.id for f in report.drafts if f.published_at is not None} == published
    first = report.drafts[0]
    assert first.channels == channels and first.authors == authors
    assert all(f.submitted_at.tzinfo is not None for f in report.drafts)
    assert report.amplification["blog_posts"] >= report.amplification["amplified"] > 0
    assert sum(report.languages.values()) == drafts


def test_a_report_never_writes_to_the_database(db_url):
    Store(db_url).ensure_schema()
    with reading(db_url) as db, pytest.raises(Exception):  # noqa: B017 - driver-specific
        db.rows("DELETE FROM members")


def test_the_head_revision_read_from_the_files_is_alembics(tmp_path):
    store = Store(f"sqlite:///{tmp_path / 'jms.sqlite'}")
    assert head_revision() == store.head_revision()
    store.dispose()


def test_a_report_creates_a_new_database_and_refuses_one_at_another_revision(tmp_path):
    url = f"sqlite:///{tmp_path / 'new.sqlite'}"
    assert attendance.load(url).empty and publication.load(url).empty
    store = Store(url)
    assert store.current_revision() == store.head_revision()
    with store.engine.begin() as conn:
        conn.execute(text("UPDATE alembic_version SET version_num = '0001'"))
    store.dispose()
    with pytest.raises(SchemaMismatch, match="jupyter jms db upgrade"):
        attendance.load(url)


# -- what the reports show ---------------------------------------------------------------------


def _svg(chart: charts.Chart) -> ET.Element:
    """The chart's SVG as the browser gets it: from the data URI in the HTML."""
    html = chart._repr_html_()
    encoded = html.split("data:image/svg+xml;base64,", 1)[1].split('"', 1)[0]
    return ET.fromstring(base64.b64decode(encoded))


def test_chart_labels_members_wrote_stay_text():
    name = '<script>alert("x")</script> & Co\x01'
    chart = charts.bars(
        [name, "Example Labs"],
        [3.5, 1],
        title="Authorship <by> affiliation",
        description=f"{name}: 3.5",
        horizontal=True,
    )
    root = _svg(chart)  # well-formed XML despite the control character
    ns = "{http://www.w3.org/2000/svg}"
    assert root.find(f"{ns}script") is None and "<script" not in chart.svg
    labels = [t.text for t in root.iter(f"{ns}text")]
    assert any(label and label.startswith("<script>") for label in labels)
    assert root.find(f"{ns}title").text == "Authorship <by> affiliation"
    assert root.get("role") == "img" and root.get("aria-labelledby") == "t d"
    html = chart._repr_html_()
    assert 'alt="Authorship &lt;by&gt; affiliation. &lt;script&gt;' in html
    bundle = chart._repr_mimebundle_()
    assert set(bundle) == {"text/html", "text/plain"}


def test_the_heatmap_has_a_cell_colour_per_status_and_a_legend():
    grid = [[3, 2, 0, 1, None], [None, None, 3, 3, 3]]
    chart = charts.heatmap(
        ["ada", "ben (former)"],
        ["2025-01-07", "2025-01-21", "2025-02-04", "2025-02-18", "2025-03-04"],
        grid,
        attendance_view.CATEGORIES,
        title="Attendance at regular meetings",
        description="two members",
        bars=[0.5, None],
        bars_title="Attendance rate",
    )
    root = _svg(chart)
    ns = "{http://www.w3.org/2000/svg}"
    fills = {p.get("fill") for p in root.iter(f"{ns}path")}
    assert fills == {c.colour for c in attendance_view.CATEGORIES}
    words = [t.text for t in root.iter(f"{ns}text")]
    for label in ("attended", "excused", "absent", "no record", "not a member then"):
        assert label in words
    assert "50%" in words and "–" in words and "ben (former)" in words


def test_long_periods_keep_the_heatmap_small():
    columns = [f"m{i}" for i in range(260)]
    grid = [[3] * 200 + [0] * 60 for _ in range(40)]
    chart = charts.heatmap(
        [f"member{i:02d}" for i in range(40)],
        columns,
        grid,
        attendance_view.CATEGORIES,
        title="t",
        description="d",
    )
    assert chart.width < 1000 and len(chart.svg) < 60_000
    _svg(chart)


def test_stacked_panels_share_one_scale_and_one_legend():
    chart = charts.stacked_panels(
        [
            ("submitted", {"blog": [1, 4], "mastodon": [0, 2]}),
            ("published", {"blog": [1, 0], "bluesky": [3, 0]}),
        ],
        ["2025-01", "2025-02"],
        title="Posts by channel and month",
        description="d",
        y_label="posts",
    )
    root = _svg(chart)
    ns = "{http://www.w3.org/2000/svg}"
    words = [t.text for t in root.iter(f"{ns}text")]
    assert [w for w in words if w in ("blog", "mastodon", "bluesky")] == [
        "blog",
        "mastodon",
        "bluesky",
    ]
    assert "6" in words  # the tallest stack (4 + 2) sets the shared scale
    assert charts.nice_ticks(6) == [0, 2, 4, 6] and charts.nice_ticks(0) == [0, 1]


# -- the plain SQL the reports read with, against the models ----------------------------------

_STATEMENT = re.compile(
    r"^SELECT (?P<columns>.+?) FROM (?P<table>\w+)"
    r"(?: WHERE (?P<where>.+?))?(?: ORDER BY (?P<order>.+))?$"
)
_WORDS = {"in", "and", "or", "not", "is", "null", "asc", "desc"}


def _names(sql: str) -> tuple[str, set[str]]:
    """The table a single-table SELECT reads and every column it names."""
    m = _STATEMENT.match(sql)
    assert m, f"not a plain single-table SELECT: {sql}"
    clauses = [m["columns"], m["where"] or "", m["order"] or ""]
    # Constants in quotes and numbers are values, not columns.
    words = re.findall(r"\b[a-z_][a-z0-9_]*\b", re.sub(r"'[^']*'", "", " ".join(clauses)))
    return m["table"], {w for w in words if w not in _WORDS}


def test_every_table_and_column_the_reports_read_is_in_the_models(tmp_path, monkeypatch):
    from jupyter_jms.reports import source
    from jupyter_jms.store.models import Base

    url = f"sqlite:///{tmp_path / 'jms.sqlite'}"
    write_history(url)
    seen: list[str] = []
    rows = source.Reader.rows

    def recording(self: source.Reader, sql: str) -> list[tuple]:
        seen.append(" ".join(sql.split()))
        return rows(self, sql)

    monkeypatch.setattr(source.Reader, "rows", recording)
    attendance.load(url, months=24)
    publication.load(url, months=24)
    statements = {s for s in seen if "alembic_version" not in s}
    # Every statement written in the reports' code ran (none is hidden behind a condition).
    written = sum(
        path.read_text().count('"SELECT ')
        for path in (Path(attendance.__file__), Path(publication.__file__))
    )
    assert len(statements) == written
    tables = Base.metadata.tables
    for sql in statements:
        table, columns = _names(sql)
        assert table in tables, sql
        assert columns <= set(tables[table].c.keys()), (sql, columns - set(tables[table].c.keys()))
