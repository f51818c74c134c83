"""`jupyter jms report | meetings | attendance`: reports, meetings and the attendance rule.

The command line acts with the authority of whoever owns the database (``owner_caller``);
the REST API is where members' roles are checked.
"""

from __future__ import annotations

import argparse
import json
import sys
from datetime import date, timedelta
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ..domain.access import Caller
from ..errors import InvalidInput
from ..reports.catalog import REPORTS, ParameterError, Report, check_parameters, get_report
from ..reports.runner import execute, report_title, unavailable_reason
from ..store.db import describe_url
from .context import open_services, owner_caller

if TYPE_CHECKING:
    from ..container import Services


def _fail(message: str, errors: list[tuple[str, str]] | None = None) -> int:
    print(f"error: {message}", file=sys.stderr)
    for field, msg in errors or []:
        print(f"  {field}: {msg}", file=sys.stderr)
    return 2


# -- report ---------------------------------------------------------------------------------


WHERE_TO_POINT = (
    "give the service's database with --db URL or JMS_DATABASE_URL "
    "(`jupyter jms demo` prints its URL on its `database:` line)"
)


def _report_database(db: str | None) -> tuple[str, dict[str, int]] | str:
    """The database a report reads and what it holds, or why it cannot be reported on.

    Never creates anything: without ``--db`` a report would otherwise open (and create) an
    empty SQLite file under the Jupyter data dir and say there is nothing yet, which reads
    like a true statement about the group.
    """
    from sqlalchemy import func, select
    from sqlalchemy.engine import make_url

    from ..store.db import Store, describe_url, normalize_url
    from ..store.models import Draft, MeetingOccurrence, Member
    from .context import settings

    url = normalize_url(settings(db).database_url)
    shown = describe_url(url)
    parsed = make_url(url)
    if parsed.get_backend_name() == "sqlite":
        path = parsed.database or ""
        if path in ("", ":memory:") or not Path(path).is_file():
            return f"there is no database at {shown}: {WHERE_TO_POINT}."
    store = Store(url)
    try:
        if store.is_empty():
            return f"the database at {shown} has no jupyter-jms tables: {WHERE_TO_POINT}."
        store.ensure_schema()  # a stale schema is reported before the kernel starts
        with store.query() as conn:
            counts = {
                label: int(conn.execute(select(func.count()).select_from(model)).scalar_one())
                for label, model in (
                    ("members", Member),
                    ("meetings", MeetingOccurrence),
                    ("drafts", Draft),
                )
            }
    finally:
        store.dispose()
    if not any(counts.values()):
        return f"the database at {shown} holds no members, meetings or drafts: {WHERE_TO_POINT}."
    return url, counts


def _describe_parameters(report: Report, given: dict[str, Any]) -> str:
    shown = []
    for name, p in report.parameters.items():
        value = given.get(name, p.default)
        text = json.dumps(value) if isinstance(value, str) else str(value)
        shown.append(f"{name}={text}" + ("" if name in given else " (default)"))
    return ", ".join(shown) or "none"


def cmd_report(args: argparse.Namespace) -> int:
    if args.list or not args.name:
        for r in REPORTS.values():
            print(f"{r.name}: {r.description}")
            for p in r.parameters.values():
                print(f"    -p {p.name} <{p.type}> (default {p.default!r}) {p.help}")
        return 0 if args.list else _fail("name a report: " + ", ".join(REPORTS))
    report = get_report(args.name)
    if report is None:
        return _fail(f"no report '{args.name}' (known: {', '.join(REPORTS)})")
    try:
        params = check_parameters(report, dict(args.param or []), from_text=True)
    except ParameterError as exc:
        return _fail(f"the {report.name} report's parameters are not right", exc.errors)
    reason = unavailable_reason()
    if reason:
        return _fail(reason)
    found = _report_database(args.db)
    if isinstance(found, str):
        return _fail(found)
    db_url, counts = found
    holds = ", ".join(
        f"{n} {what if n == 1 else what + 's'}"
        for n, what in (
            (counts["members"], "member"),
            (counts["meetings"], "recorded meeting"),
            (counts["drafts"], "draft"),
        )
    )
    print(f"reading {describe_url(db_url)}: {holds}", file=sys.stderr)
    print(f"parameters: {_describe_parameters(report, params)}", file=sys.stderr)
    out = Path(args.output).resolve()
    print(f"running the report ({report_title(report, params)}) into {out}", file=sys.stderr)
    outcome = execute(report, out, params, db_url=db_url, progress=not args.no_progress)
    for name in outcome.files():
        print(out / name)
    if not outcome.ok:
        return _fail(f"the report failed: {outcome.error} (the partial notebook is kept)")
    return 0


# -- meetings -------------------------------------------------------------------------------


def _print_json(data: Any) -> None:
    print(json.dumps(data, indent=1, ensure_ascii=False))


def cmd_meetings(args: argparse.Namespace) -> int:
    svc = open_services(args.db)
    who = owner_caller()
    if args.action == "series":
        if args.create:
            body = {
                "title": args.title,
                "rrule": args.rrule,
                "tz": args.tz,
                "dtstart": args.dtstart,
                "wkst": args.wkst,
                "duration_minutes": args.duration,
            }
            _print_json(svc.meetings.create_series(who, {k: v for k, v in body.items() if v}))
        else:
            for s in svc.meetings.list_series(who):
                print(f"{s['id']}\t{s['title']}\t{s['rrule']}\t{s['tz']}\tnext {s['next']}")
        return 0
    if args.action == "occurrences":
        got = svc.meetings.list_occurrences(who, start=args.start, end=args.end, series=args.series)
        for o in got["items"]:
            flags = [o["status"]] + (["moved"] if o["moved"] else []) + [o["kind"]]
            print(f"{o['id']}\t{o['local_start']}\t{o['title']}\t{','.join(flags)}")
        return 0
    if args.action == "import-minutes":
        occurrence = args.occurrence or _occurrence_on(svc, who, args.date, args.series)
        text = Path(args.file).read_text(encoding="utf-8")
        # The service holds the default; pass the option only when it was given.
        given = {"unlisted": args.unlisted} if args.unlisted else {}
        out = svc.attendance.import_minutes(who, occurrence, text, **given)
        for change in out["changed"]:
            print(f"{change['username']}: {change['from'] or 'no record'} -> {change['to']}")
        for handle, username in out["resolved"].items():
            print(f"@{handle} is {username} (alias)")
        print(f"{len(out['changed'])} record(s) changed for {occurrence}")
        return 0
    if args.ics_action == "export":
        text = svc.calendar.export_ics(who, args.series)
        if args.output:
            Path(args.output).write_text(text, encoding="utf-8")
            print(f"wrote {args.output}", file=sys.stderr)
        else:
            sys.stdout.write(text)
        return 0
    if not args.file:
        return _fail("meetings ics import needs a FILE")
    _print_json(svc.calendar.import_ics(who, Path(args.file).read_text(encoding="utf-8")))
    return 0


def _occurrence_on(svc: Services, who: Caller, day: str | None, series: str | None) -> str:
    if not day:
        raise InvalidInput("Give --occurrence ID or --date YYYY-MM-DD.", field="occurrence")
    try:
        d = date.fromisoformat(day)
    except ValueError:
        raise InvalidInput(f"'{day}' is not a date (YYYY-MM-DD).", field="date") from None
    got = svc.meetings.list_occurrences(
        who,
        start=(d - timedelta(days=1)).isoformat() + "T00:00:00Z",
        end=(d + timedelta(days=2)).isoformat() + "T00:00:00Z",
        series=series,
    )
    found: list[str] = [o["id"] for o in got["items"] if o["date"] == d.isoformat()]
    if len(found) != 1:
        what = "no meeting" if not found else f"{len(found)} meetings ({', '.join(found)})"
        raise InvalidInput(f"{what} on {d}: give --occurrence ID.", field="date")
    return found[0]


# -- attendance -----------------------------------------------------------------------------


def cmd_attendance(args: argparse.Namespace) -> int:
    svc = open_services(args.db)
    who = owner_caller()
    if args.record:
        out = svc.attendance.record_flags(who, args.as_of)
    else:
        out = svc.attendance.flags(who, args.as_of)
    if args.json:
        _print_json(out)
        return 0
    p = out["policy"]
    print(
        f"as of {out['as_of']}: more than {p['threshold']} of meetings missed in a "
        f"{p['window_days']}-day window (at least {p['min_eligible']} counted)"
    )
    for f in out["flags"]:
        print(
            f"FLAG {f['username']}: missed {f['missed']} of {f['eligible']} between "
            f"{f['window']['start']} and {f['window']['end']} (the worst window)"
        )
        print(
            f"    flagged in {f['windows']} window(s) starting {f['first_window_start']} to "
            f"{f['last_window_start']}, the last ending {f['last_window_end']}; "
            + ("open" if f["open"] else f"not open on {out['as_of']}")
        )
        rows = [
            (m["date"], f"{m['status']:<9} ({m['counted_as']})", m["occurrence"], m["moved"])
            for m in f["meetings"]
        ] + [(c["date"], "cancelled (not counted)", c["occurrence"], False) for c in f["cancelled"]]
        for day, how, occurrence, moved in sorted(rows):
            print(f"    {day}  {how}  {occurrence}" + ("  moved" if moved else ""))
    for f in out["incomplete"]:
        print(
            f"incomplete {f['username']}: {f['unknown']} meeting(s) without a record between "
            f"{f['window']['start']} and {f['window']['end']}"
        )
    if not out["flags"]:
        print("no flags")
    if "counts" in out:
        c = out["counts"]
        print(
            f"recorded: {c['raised']} raised, {c['updated']} updated, {c['cleared']} cleared, "
            f"{c['unchanged']} unchanged"
        )
    return 0


def add_governance_commands(sub: Any) -> None:
    """Add ``report``, ``meetings`` and ``attendance`` to the ``jupyter jms`` parser."""
    report = sub.add_parser(
        "report", help="run a report notebook with papermill (executed .ipynb + HTML)"
    )
    report.add_argument("name", nargs="?", help="attendance or publication")
    report.add_argument(
        "-p",
        "--param",
        nargs=2,
        action="append",
        metavar=("KEY", "VALUE"),
        help="a notebook parameter (repeatable)",
    )
    report.add_argument("-o", "--output", default=".", help="output folder (default: here)")
    report.add_argument(
        "--db",
        default=argparse.SUPPRESS,  # keeps `jupyter jms --db URL report ...` working too
        help="the database to report on (default: $JMS_DATABASE_URL, else "
        "c.JmsApp.database_url); it must exist and hold the group's data",
    )
    report.add_argument("--list", action="store_true", help="list reports and their parameters")
    report.add_argument("--no-progress", action="store_true", help="no progress bar")
    report.set_defaults(func=cmd_report)

    meetings = sub.add_parser("meetings", help="meeting series, occurrences, minutes, iCalendar")
    msub = meetings.add_subparsers(dest="action", required=True)
    series = msub.add_parser("series", help="list series, or --create one")
    series.add_argument("--create", action="store_true")
    series.add_argument("--title")
    series.add_argument("--rrule", help="e.g. FREQ=WEEKLY;INTERVAL=2;BYDAY=TU")
    series.add_argument("--tz", help="IANA time zone, e.g. Europe/Berlin")
    series.add_argument("--dtstart", help="local start, e.g. 2025-01-07T17:00")
    series.add_argument("--wkst", help="week start (default MO)")
    series.add_argument("--duration", type=int, help="minutes (default 60)")
    occ = msub.add_parser("occurrences", help="list occurrences")
    occ.add_argument("--from", dest="start", help="ISO timestamp (default: 180 days ago)")
    occ.add_argument("--to", dest="end", help="ISO timestamp (default: in 90 days)")
    occ.add_argument("--series")
    minutes = msub.add_parser("import-minutes", help="attendance from Markdown minutes")
    minutes.add_argument("file")
    minutes.add_argument("--occurrence", help="occurrence id (see `meetings occurrences`)")
    minutes.add_argument("--date", help="or the meeting's local date (YYYY-MM-DD)")
    minutes.add_argument("--series", help="with --date: the series to look in")
    minutes.add_argument(
        "--unlisted",
        choices=["absent", "unknown"],
        help="members expected but not listed: absent (the default) or left unknown",
    )
    ics = msub.add_parser("ics", help="iCalendar import or export")
    ics.add_argument("ics_action", choices=["import", "export"])
    ics.add_argument("file", nargs="?", help="the .ics file to import")
    ics.add_argument("-o", "--output", help="export: write to FILE")
    ics.add_argument("--series", help="export: only this series")
    meetings.set_defaults(func=cmd_meetings)

    attendance = sub.add_parser("attendance", help="the attendance rule's flags")
    attendance.add_argument("action", choices=["flags"])
    attendance.add_argument("--as-of", help="YYYY-MM-DD (default today)")
    attendance.add_argument("--record", action="store_true", help="keep the flags (idempotent)")
    attendance.add_argument("--json", action="store_true")
    attendance.set_defaults(func=cmd_attendance)
