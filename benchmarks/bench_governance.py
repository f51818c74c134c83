"""Speed of the attendance rule and of the report notebooks, measured in the same run.

    python benchmarks/bench_governance.py [--members 40] [--years 5] [--runs 3]
        [--skip-reports | --reports-only]

Prints:
  1. the attendance rule for M members over Y years of bi-weekly meetings: the pure rule
     (the fast window search; target: < 1 s), the brute-force reference on the same data,
     and the whole computation reading a SQLite database;
  2. each report notebook's papermill run on two years of generated history against an
     empty notebook's papermill run with the same kernel (median of N; target: <= 2x),
     and the HTML export on top.
"""

from __future__ import annotations

import argparse
import json
import random
import statistics
import sys
import tempfile
import time
from datetime import date, datetime, timedelta, timezone
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from jupyter_jms.domain.attendance import RosterEntry, evaluate_all, evaluate_brute_force  # noqa: E402
from jupyter_jms.domain.attendance_counts import Meeting  # noqa: E402
from jupyter_jms.domain.attendance_policy import ABSENT, ATTENDED, EXCUSED, Policy  # noqa: E402
from jupyter_jms.domain.roles import RoleSpan  # noqa: E402


def best_of(fn, runs: int) -> tuple[float, object]:
    times, out = [], None
    for _ in range(runs):
        t = time.perf_counter()
        out = fn()
        times.append(time.perf_counter() - t)
    return min(times), out


def synthetic(members: int, years: int, seed: int = 1):
    """Bi-weekly meetings over ``years`` and ``members`` who join, leave and miss some."""
    rng = random.Random(seed)
    start = date(2020, 1, 7)
    n = years * 26
    meetings = [
        Meeting(f"m{i}", start + timedelta(days=14 * i), cancelled=rng.random() < 0.05)
        for i in range(n)
    ]
    end = meetings[-1].day
    roster = []
    for k in range(members):
        since = start + timedelta(days=rng.randint(0, 365 * years // 2))
        until = since + timedelta(days=rng.randint(200, 365 * years)) if k % 4 == 0 else None
        p_attend = rng.uniform(0.4, 0.95)
        statuses = {}
        for m in meetings:
            roll = rng.random()
            if roll < 0.03:
                continue  # no record: unknown
            statuses[m.id] = (
                ATTENDED if roll < p_attend else EXCUSED if roll < p_attend + 0.1 else ABSENT
            )
        roster.append(RosterEntry(f"member{k:02d}", [RoleSpan("editor", since, until)], statuses))
    return meetings, roster, end + timedelta(days=1)


def bench_rule(members: int, years: int, runs: int) -> None:
    meetings, roster, as_of = synthetic(members, years)
    policy = Policy()
    fast, results = best_of(lambda: evaluate_all(roster, meetings, policy, as_of), runs)
    slow, _ = best_of(
        lambda: [
            evaluate_brute_force(r.username, meetings, r.statuses, r.spans, policy, as_of)
            for r in roster
        ],
        1,
    )
    flags = sum(len(r.flags) for r in results)  # type: ignore[union-attr]
    verdict = "OK" if fast < 1.0 else "OVER TARGET"
    print(
        f"attendance rule, {members} members x {len(meetings)} bi-weekly meetings ({years} years):"
    )
    print(
        f"  fast window search   {fast * 1000:8.1f} ms   (target < 1000 ms: {verdict}); {flags} flags"
    )
    print(f"  brute force (ref.)   {slow * 1000:8.1f} ms   ({slow / fast:.0f}x the fast search)")


def bench_rule_db(members: int, years: int, runs: int, folder: Path) -> None:
    """The same rule reading a SQLite database through the services."""
    from jupyter_jms.container import Services
    from jupyter_jms.domain.access import Caller
    from jupyter_jms.services.governance.attendance_rule import compute
    from jupyter_jms.services.registry.roster import parse_roster
    from jupyter_jms.store.db import Store

    store = Store(f"sqlite:///{folder / 'rule.sqlite'}")
    store.ensure_schema()
    svc = Services(store)
    today = datetime.now(timezone.utc).date()
    first = today - timedelta(days=365 * years)
    rng = random.Random(2)
    roster = [
        {
            "username": f"member{k:02d}",
            "roles": [{"role": "editor", "since": (first - timedelta(days=30)).isoformat()}],
        }
        for k in range(members)
    ]
    roster.append({"username": "chair", "roles": [{"role": "chair", "since": "2000-01-01"}]})
    svc.members.import_roster(parse_roster({"members": roster}), actor="bench")
    chair = Caller("chair", frozenset({"chair", "admin"}))
    series = svc.meetings.create_series(
        chair,
        {
            "title": "JMS",
            "rrule": "FREQ=WEEKLY;INTERVAL=2",
            "tz": "America/New_York",
            "dtstart": f"{first.isoformat()}T12:00",
        },
    )
    occ = svc.meetings.list_occurrences(
        chair,
        start=f"{first.isoformat()}T00:00:00Z",
        end=datetime.now(timezone.utc).isoformat(),
        series=series["id"],
    )["items"]
    t = time.perf_counter()
    for o in occ:
        records = [
            {"username": f"member{k:02d}", "status": rng.choice([ATTENDED] * 6 + [ABSENT, EXCUSED])}
            for k in range(members)
        ]
        svc.attendance.set_records(chair, o["id"], {"records": records})
    load = time.perf_counter() - t

    def run():
        with store.read() as s:
            return compute(s, svc.attendance.policy, today)

    took, _ = best_of(run, runs)
    print(
        f"  through SQLite       {took * 1000:8.1f} ms   ({len(occ)} meetings, "
        f"{len(occ) * members} records; recording them took {load:.1f} s)"
    )
    svc.close()


# -- reports ----------------------------------------------------------------------------------


# Each report's papermill run, against the empty notebook's with the same kernel.
TARGET_RATIO = 2.0


def _empty_notebook(path: Path) -> None:
    import nbformat
    from nbformat.v4 import new_code_cell, new_notebook

    nb = new_notebook()
    cell = new_code_cell('db_url: str = ""')
    cell.metadata["tags"] = ["parameters"]
    nb.cells = [cell]
    nb.metadata["kernelspec"] = {
        "name": "python3",
        "display_name": "Python 3",
        "language": "python",
    }
    nbformat.write(nb, path)


def bench_reports(runs: int, folder: Path) -> None:
    import os

    import papermill as pm

    from jupyter_jms.container import Services
    from jupyter_jms.reports.catalog import REPORTS
    from jupyter_jms.reports.runner import KERNEL, SAVE_EVERY_CELL, execute, export_html
    from jupyter_jms.sample import history
    from jupyter_jms.store.db import Store

    url = f"sqlite:///{folder / 'history.sqlite'}"
    store = Store(url)
    store.ensure_schema()
    svc = Services(store)
    svc.channels.import_text(
        (ROOT / "jupyter_jms" / "data" / "jupyter-channels.yaml").read_text(), actor="bench"
    )
    t = time.perf_counter()
    made = history.generate(svc)
    print(
        f"\nexample history: {made['meetings']} meetings, {made['records']} attendance records, "
        f"{sum(made['drafts'].values())} posts, generated in {time.perf_counter() - t:.1f} s"
    )
    svc.close()
    os.environ["JMS_DATABASE_URL"] = url
    empty = folder / "empty.ipynb"
    _empty_notebook(empty)

    def papermill(src: Path, out: Path) -> float:
        t = time.perf_counter()
        pm.execute_notebook(
            str(src),
            str(out),
            kernel_name=KERNEL,
            progress_bar=False,
            cwd=str(folder),
            request_save_on_cell_execute=SAVE_EVERY_CELL,
        )
        return time.perf_counter() - t

    papermill(empty, folder / "warm-up.ipynb")  # first kernel start pays for cold caches
    timings: dict[str, list[float]] = {"empty": []}
    for name in REPORTS:
        timings[name] = []
    # Interleaved, so load from other processes on the machine hits every notebook alike.
    for i in range(runs):
        timings["empty"].append(papermill(empty, folder / f"empty-{i}.ipynb"))
        for name, report in REPORTS.items():
            timings[name].append(papermill(report.path, folder / f"{name}-{i}.ipynb"))
    base = statistics.median(timings["empty"])
    print(f"papermill runs with kernel '{KERNEL}' (median of {runs}, interleaved):")
    print(f"  empty notebook       {base:6.2f} s")
    for name in REPORTS:
        med = statistics.median(timings[name])
        ratio = med / base
        verdict = "OK" if ratio <= TARGET_RATIO else "OVER TARGET"
        print(
            f"  {name:<20} {med:6.2f} s   {ratio:4.2f}x the empty notebook "
            f"(target <= {TARGET_RATIO:g}x: {verdict})"
        )
    for name in REPORTS:
        nb = json.loads((folder / f"{name}-0.ipynb").read_text())
        cells = [
            c["metadata"].get("papermill", {}).get("duration") or 0.0
            for c in nb["cells"]
            if c["cell_type"] == "code"
        ]
        print(
            f"  {name}: {sum(cells):.2f} s inside its {len(cells)} code cells (the slowest "
            f"{max(cells):.2f} s); the rest is the kernel and papermill"
        )
    for name in REPORTS:
        t = time.perf_counter()
        export_html(folder / f"{name}-0.ipynb")
        print(f"  {name} HTML export (no code) {time.perf_counter() - t:.2f} s")
    t = time.perf_counter()
    outcome = execute(REPORTS["attendance"], folder / "cli", {}, db_url=url, progress=False)
    print(
        f"  attendance end to end (papermill + HTML, as `jupyter jms report`) "
        f"{time.perf_counter() - t:.2f} s, ok={outcome.ok}"
    )


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--members", type=int, default=40)
    parser.add_argument("--years", type=int, default=5)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--skip-reports", action="store_true")
    parser.add_argument(
        "--reports-only", action="store_true", help="only the report notebooks' papermill runs"
    )
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="jms-bench-") as tmp:
        folder = Path(tmp)
        if not args.reports_only:
            bench_rule(args.members, args.years, max(args.runs, 3))
            bench_rule_db(args.members, args.years, max(args.runs, 3), folder)
        if not args.skip_reports:
            bench_reports(args.runs, folder)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
