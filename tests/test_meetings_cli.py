"""`jupyter jms meetings ...` and `jupyter jms attendance flags` on the command line."""

from __future__ import annotations

from pathlib import Path

import pytest
from meetings_fixtures import create_series, import_roster, record_attendance

from jupyter_jms.cli import main


@pytest.fixture
def db(tmp_path: Path) -> str:
    url = f"sqlite:///{tmp_path / 'jms.sqlite'}"
    import_roster(url)
    return url


def series(db: str, capsys) -> str:
    create_series(db)
    capsys.readouterr()
    return "1"


def test_series_are_created_and_listed_with_their_week_start(db, capsys):
    series(db, capsys)
    assert main(["--db", db, "meetings", "series"]) == 0
    out = capsys.readouterr().out
    assert "FREQ=WEEKLY;INTERVAL=2;BYDAY=TU;WKST=MO" in out and "America/New_York" in out
    assert (
        main(
            [
                "--db",
                db,
                "meetings",
                "occurrences",
                "--from",
                "2024-03-01T00:00:00Z",
                "--to",
                "2024-04-01T00:00:00Z",
            ]
        )
        == 0
    )
    lines = capsys.readouterr().out.splitlines()
    # 12:00 in New York: EST before 10 March, EDT after.
    assert [line.split("\t")[1] for line in lines] == [
        "2024-03-05T12:00:00-05:00",
        "2024-03-19T12:00:00-04:00",
    ]


def test_a_malformed_rule_or_zone_exits_with_the_reason(db, capsys):
    for extra in (
        ["--rrule", "FREQ=SOMETIMES", "--tz", "UTC"],
        ["--rrule", "FREQ=DAILY", "--tz", "Nowhere/City"],
    ):
        code = main(
            [
                "--db",
                db,
                "meetings",
                "series",
                "--create",
                "--title",
                "x",
                "--dtstart",
                "2024-03-05T12:00",
                *extra,
            ]
        )
        assert code == 2
    err = capsys.readouterr().err
    assert "FREQ=SOMETIMES" in err and "Nowhere/City" in err


def test_minutes_import_by_date_and_unknown_handles_reported(db, tmp_path, capsys):
    series(db, capsys)
    minutes = tmp_path / "minutes.md"
    minutes.write_text(
        "# 5 March\n\n## Present\n- @ada\n- @dana\n\n## Regrets\n- @finn\n- @nobody\n"
    )
    code = main(["--db", db, "meetings", "import-minutes", str(minutes), "--date", "2024-03-05"])
    assert code == 2
    err = capsys.readouterr().err
    assert "@nobody is not on the roster" in err and "@finn" not in err
    minutes.write_text("## Present\n- @ada\n- @dana\n\n## Regrets\n- @finn\n")
    assert (
        main(["--db", db, "meetings", "import-minutes", str(minutes), "--date", "2024-03-05"]) == 0
    )
    out = capsys.readouterr().out
    assert "ada: no record -> attended" in out and "finn: no record -> excused" in out
    code = main(["--db", db, "meetings", "import-minutes", str(minutes), "--date", "2024-03-06"])
    assert code == 2 and "no meeting on 2024-03-06" in capsys.readouterr().err


def test_calendar_export_then_import_skips_known_series(db, tmp_path, capsys):
    series(db, capsys)
    ics = tmp_path / "jms.ics"
    assert main(["--db", db, "meetings", "ics", "export", "-o", str(ics)]) == 0
    assert "RRULE:FREQ=WEEKLY;INTERVAL=2;BYDAY=TU;WKST=MO" in ics.read_text()
    capsys.readouterr()
    assert main(["--db", db, "meetings", "ics", "import", str(ics)]) == 0
    assert '"skipped": [' in capsys.readouterr().out
    other = tmp_path / "other.sqlite"
    assert main(["--db", f"sqlite:///{other}", "meetings", "ics", "import", str(ics)]) == 0
    assert main(["--db", f"sqlite:///{other}", "meetings", "series"]) == 0
    assert "FREQ=WEEKLY;INTERVAL=2;BYDAY=TU;WKST=MO" in capsys.readouterr().out


def test_attendance_flags_are_recorded_once(db, capsys):
    series(db, capsys)
    record_attendance(db, "ada", "AMMMMMAAAAA")
    assert main(["--db", db, "attendance", "flags", "--as-of", "2024-09-01", "--record"]) == 0
    first = capsys.readouterr().out
    assert "FLAG ada: missed 5 of" in first and "1 raised" in first
    assert (
        "flagged in 62 window(s) starting 2024-01-18 to 2024-03-19, the last ending 2024-06-16;"
        " not open on 2024-09-01"
    ) in first
    assert main(["--db", db, "attendance", "flags", "--as-of", "2024-09-01", "--record"]) == 0
    assert "0 raised, 0 updated, 0 cleared, 1 unchanged" in capsys.readouterr().out
    assert main(["--db", db, "attendance", "flags", "--as-of", "someday"]) == 2
