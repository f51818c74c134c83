"""Report notebooks: parameters, the runner, and both reports through the CLI and the API.

Papermill runs take seconds each on a small machine, so the generated history is built once
per module and each report runs once per way in (CLI, API) and per kind of data.
"""

# The fixtures are imported from report_fixtures and named as test arguments, as pytest wants.
# ruff: noqa: F811

from __future__ import annotations

import asyncio
import json
from pathlib import Path

import nbformat
import pytest
from nbformat.v4 import new_code_cell, new_notebook
from report_fixtures import history_db  # noqa: F401 (fixtures)

from jupyter_jms.cli import main
from jupyter_jms.reports.catalog import (
    REPORTS,
    ParameterError,
    Report,
    check_parameters,
    get_report,
)

ROOT = Path(__file__).resolve().parent.parent
PLOT = 'src="data:image/svg+xml'  # an embedded chart in the HTML


# -- parameters -------------------------------------------------------------------------------


def test_parameters_come_from_each_notebooks_parameters_cell():
    att = get_report("attendance").parameters
    assert att["months"].type == "int" and att["months"].default == 12
    assert att["threshold"].default == "2/3" and att["window_days"].default == 90
    assert "db_url" not in att  # set by whoever runs the report, never by the caller
    pub = get_report("publication").parameters
    assert {"start", "end", "months"} <= set(pub)
    assert get_report("../etc/passwd") is None and get_report("nope") is None


@pytest.mark.parametrize(
    ("given", "field"),
    [
        ({"months": "12"}, "months"),  # JSON: a string is not an int
        ({"months": True}, "months"),
        ({"months": 12.5}, "months"),
        ({"as_of": 20250101}, "as_of"),
        ({"as_of": "last tuesday"}, "as_of"),
        ({"threshold": "most"}, "threshold"),
        ({"excused": "sometimes"}, "excused"),
        ({"months": 0}, "months"),
        ({"db_url": "sqlite:////tmp/other.sqlite"}, "db_url"),
        ({"colour": "red"}, "colour"),
    ],
)
def test_a_parameter_of_the_wrong_type_or_value_is_refused(given, field):
    with pytest.raises(ParameterError) as err:
        check_parameters(get_report("attendance"), given)
    assert [f for f, _ in err.value.errors] == [field]


def test_text_parameters_from_the_command_line_are_converted_to_their_type():
    report = get_report("attendance")
    got = check_parameters(report, {"months": "6", "as_of": "2025-06-30"}, from_text=True)
    assert got == {"months": 6, "as_of": "2025-06-30"}
    with pytest.raises(ParameterError):
        check_parameters(report, {"months": "six"}, from_text=True)


def test_repository_notebooks_are_the_packaged_ones():
    for name, report in REPORTS.items():
        assert (ROOT / "notebooks" / f"{name}.ipynb").read_bytes() == report.path.read_bytes()
        nb = nbformat.read(report.path, as_version=4)
        tagged = [c for c in nb.cells if "parameters" in c.metadata.get("tags", [])]
        assert len(tagged) == 1
        assert all(not c.get("outputs") for c in nb.cells if c.cell_type == "code")


# -- the runner -------------------------------------------------------------------------------


def test_a_failed_run_keeps_its_partial_notebook_and_names_the_failed_cell(tmp_path, monkeypatch):
    from jupyter_jms.report_worker import run_recorded
    from jupyter_jms.reports import catalog
    from jupyter_jms.services.governance.report_runs import run_dict
    from jupyter_jms.services.kernel.context import Context
    from jupyter_jms.store.db import Store
    from jupyter_jms.store.models import ReportRun

    nb = new_notebook()
    params = new_code_cell("months: int = 1")
    params.metadata["tags"] = ["parameters"]
    nb.cells = [
        params,
        new_code_cell("print('before the failure')"),
        new_code_cell("1 / 0"),
        new_code_cell("print('never')"),
    ]
    nb.metadata["kernelspec"] = {
        "name": "python3",
        "display_name": "Python 3",
        "language": "python",
    }
    path = tmp_path / "broken.ipynb"
    nbformat.write(nb, path)
    monkeypatch.setitem(catalog.REPORTS, "broken", Report("broken", "Broken", "", path))
    url = f"sqlite:///{tmp_path / 'jms.sqlite'}"
    store = Store(url)
    store.ensure_schema()
    with Context(store).write() as s:
        run = ReportRun(
            report="broken",
            parameters={"months": 2},
            status="queued",
            requested_by="ada",
            output_dir=str(tmp_path / "out"),
        )
        s.add(run)
        s.flush()
        run_id = run.id
    # What the server's child process does: claim the run, execute it, record the outcome.
    assert run_recorded(run_id, url) == 0
    assert run_recorded(run_id, url) == 1  # claimed once only
    with store.read() as s:
        shown = run_dict(s.get(ReportRun, run_id))
    assert shown["status"] == "failed" and "ZeroDivisionError" in shown["error"]
    assert shown["files"] == ["broken.ipynb", "broken.html"]
    partial = nbformat.read(tmp_path / "out" / "broken.ipynb", as_version=4)
    failed = partial.cells[shown["failed_cell"]]
    assert failed.source == "1 / 0" and failed.outputs[0].output_type == "error"
    printed = [o for c in partial.cells for o in c.get("outputs", []) if o.get("name") == "stdout"]
    assert [o.text.strip() for o in printed] == ["before the failure"]
    store.dispose()


# -- through the CLI --------------------------------------------------------------------------


def outputs(folder: Path, name: str) -> tuple[dict, str]:
    nb = json.loads((folder / f"{name}.ipynb").read_text())
    errors = [o for c in nb["cells"] for o in c.get("outputs", []) if o["output_type"] == "error"]
    assert errors == []
    return nb, (folder / f"{name}.html").read_text()


def test_attendance_report_through_the_cli_on_generated_history(history_db, tmp_path, capsys):
    assert (
        main(["--db", history_db, "report", "attendance", "-o", str(tmp_path), "--no-progress"])
        == 0
    )
    nb, html = outputs(tmp_path, "attendance")
    assert "attendance.load(" not in html  # no code in the HTML
    assert html.count(PLOT) >= 1  # the heatmap and rates
    assert "lena" in html and "counted meetings missed" in html  # a flag with its evidence
    assert "expected records are in" in html
    assert str(tmp_path / "attendance.html") in capsys.readouterr().out


def test_publication_report_through_the_cli_on_generated_history(history_db, tmp_path):
    code = main(
        [
            "--db",
            history_db,
            "report",
            "publication",
            "-p",
            "months",
            "24",
            "-o",
            str(tmp_path),
            "--no-progress",
        ]
    )
    assert code == 0
    nb, html = outputs(tmp_path, "publication")
    assert "publication.load(" not in html
    assert html.count(PLOT) >= 2
    for text in (
        "submission → first review",
        "90th percentile",
        "post(s) waiting",
        "Third-party posts",
        "also published on a social channel",
        "post × channel",
    ):
        assert text in html, text
    injected = [c for c in nb["cells"] if "injected-parameters" in c["metadata"].get("tags", [])]
    assert "months = 24" in "".join(injected[0]["source"])
    assert "sqlite" not in json.dumps(nb)  # the database URL stays out of the output


def test_the_cli_refuses_an_empty_database_rather_than_report_nothing_yet(tmp_path, capsys):
    # "Nothing yet" on an empty database is checked through the API below; the command
    # line refuses one (tests/test_report_cli.py has the details).
    url = f"sqlite:///{tmp_path / 'empty.sqlite'}"
    assert main(["--db", url, "report", "attendance", "-o", str(tmp_path / "out")]) == 2
    assert "no database at" in capsys.readouterr().err
    assert not (tmp_path / "out").exists() and not (tmp_path / "empty.sqlite").exists()


def test_report_cli_refuses_bad_parameters_before_running(tmp_path, capsys):
    url = f"sqlite:///{tmp_path / 'jms.sqlite'}"
    assert (
        main(["--db", url, "report", "attendance", "-p", "months", "twelve", "-o", str(tmp_path)])
        == 2
    )
    err = capsys.readouterr().err
    assert "months" in err and "int" in err
    assert main(["--db", url, "report", "nope", "-o", str(tmp_path)]) == 2
    assert not list(tmp_path.glob("*.ipynb"))


# -- through the API --------------------------------------------------------------------------


async def run_reports(api, user="ada", **params):
    runs = {}
    for name in ("attendance", "publication"):
        body = {"parameters": params.get(name, {})}
        run = await api.ok(user, "POST", f"reports/{name}/runs", body)
        assert run["status"] in ("queued", "running", "succeeded")
        runs[name] = run["id"]
    done = {}
    for name, run_id in runs.items():
        for _ in range(600):
            run = await api.ok(user, "GET", f"reports/runs/{run_id}")
            if run["status"] not in ("queued", "running"):
                break
            await asyncio.sleep(0.5)
        done[name] = run
    return done


async def download(api, link: str) -> tuple[int, str, dict]:
    parts = link.split("/jms/api/", 1)[1].split("/")
    resp = await api.fetch(
        "jms",
        "api",
        *parts,
        headers={"Authorization": f"token {api.tokens['ada']}"},
        raise_error=False,
    )
    return resp.code, resp.body.decode(), resp.headers


async def test_both_reports_run_through_the_api_on_generated_history(api):
    from jupyter_jms.sample import history

    history.generate(api.services)
    runs = await run_reports(api, publication={"months": 24})
    for name, run in runs.items():
        assert run["status"] == "succeeded", run
        assert set(run["links"]) == {"notebook", "html"}
        code, html, headers = await download(api, run["links"]["html"])
        assert code == 200 and headers["Content-Type"].startswith("text/html")
        assert "attachment" in headers["Content-Disposition"]
        assert PLOT in html and f"{name}.load(" not in html
    listed = await api.ok("ben", "GET", "reports/attendance/runs")
    assert [r["id"] for r in listed["items"]] == [runs["attendance"]["id"]]
    from sqlalchemy import select

    from jupyter_jms.store.models import Event

    with api.services.store.read() as s:
        actions = list(s.scalars(select(Event.action).where(Event.subject_type == "report")))
    assert actions.count("report.run_requested") == 2 and actions.count("report.run_succeeded") == 2


async def test_both_reports_run_through_the_api_on_an_empty_database(api):
    runs = await run_reports(api, user="dana")
    for run in runs.values():
        assert run["status"] == "succeeded", run
        code, html, _ = await download(api, run["links"]["html"])
        assert code == 200 and "Nothing yet" in html
    code, _ = await api.call(
        "ada", "GET", f"reports/runs/{runs['attendance']['id']}/files/../../jms.sqlite"
    )
    assert code == 404


async def test_report_runs_refuse_wrong_parameters_with_the_field(api):
    code, err = await api.call(
        "ada", "POST", "reports/attendance/runs", {"parameters": {"months": "12"}}
    )
    assert code == 400 and err["errors"] == [
        {"field": "parameters.months", "message": "must be an integer, got text"}
    ]
    code, err = await api.call("ada", "POST", "reports/nope/runs", {})
    assert code == 404
    code, err = await api.call("ada", "GET", "reports/runs/999")
    assert code == 404


# -- table helpers ----------------------------------------------------------------------------


def test_percentiles_are_observed_values_and_medians_average_the_middle():
    from jupyter_jms.reports.tables import median, percentile

    values = [5.0, 1.0, 3.0, 2.0, 4.0, 10.0, 6.0, 7.0, 8.0, 9.0]
    assert percentile(values, 90) == 9.0 and percentile(values, 100) == 10.0
    assert percentile([2.5], 90) == 2.5 and percentile([], 90) is None
    assert median(values) == 5.5 and median([3.0, 1.0, 2.0]) == 2.0 and median([]) is None


def test_text_members_wrote_stays_text_in_report_tables_and_sentences():
    from datetime import date, datetime, timezone

    import pandas as pd

    from jupyter_jms.reports import publication_view
    from jupyter_jms.reports.publication import PublicationReport
    from jupyter_jms.reports.tables import plain

    title = "<script>alert(1)</script> [click](javascript:x) *big* | 2"
    report = PublicationReport(date(2025, 1, 1), date(2025, 2, 1))
    submitted = datetime(2025, 1, 5, tzinfo=timezone.utc)
    report.backlog = [
        {
            "id": 7,
            "title": title,
            "state": "in_review",
            "state_label": "In review",
            "submitted": submitted,
            "age_days": 2.25,
        }
    ]
    shown = pd.DataFrame(publication_view.backlog_rows(report))._repr_html_()
    assert "<script>" not in shown and "&lt;script&gt;" in shown
    assert ">In review<" in shown and ">2.2<" in shown
    text = plain(title)
    assert "<script>" not in text and "\\[click\\]" in text and "\\*big\\*" in text
