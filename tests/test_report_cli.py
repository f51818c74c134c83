"""`jupyter jms report`: what it says it reads, what it refuses, a quiet kernel, the HTML.

Every run here is a real papermill run with the python3 kernel (a few seconds each).
"""

# The fixtures are imported from report_fixtures and named as test arguments, as pytest wants.
# ruff: noqa: F811

from __future__ import annotations

import re
from pathlib import Path

import nbformat
import papermill as pm
from nbformat.v4 import new_code_cell, new_notebook
from report_fixtures import history_db  # noqa: F401 (fixtures)
from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url

from jupyter_jms.cli import main
from jupyter_jms.reports.catalog import REPORTS, Report
from jupyter_jms.reports.runner import execute, report_title
from jupyter_jms.store.db import Store, describe_url

# What a kernel logs on a run that went well, and must not.
KERNEL_NOISE = ("[IPKernelApp]", "without encryption", "KeyboardInterrupt")
PASSWORD = "pw-never-shown-41e9"


def counted(url: str) -> tuple[int, int, int]:
    """Members, stored meetings and drafts, counted with plain SQL beside the command."""
    engine = create_engine(url)
    with engine.connect() as conn:
        n = [
            conn.execute(text(f"SELECT count(*) FROM {table}")).scalar_one()
            for table in ("members", "meeting_occurrences", "drafts")
        ]
    engine.dispose()
    return n[0], n[1], n[2]


def check_html(html: str, title: str) -> None:
    """A page for people: its title, nothing from another host, no code, images with alt."""
    assert f"<title>{title}</title>" in html
    viewport = re.search(r"<meta\b[^>]*\bname=\"viewport\"[^>]*>", html)
    assert viewport and "width=device-width" in viewport.group(0)
    assert "<script" not in html  # no require.js, MathJax, mermaid or widget manager
    outside = re.findall(r"""(?:src|href)\s*=\s*["']?\s*(?:https?:)?//""", html)
    assert outside == []
    assert "@import" not in html and "cdnjs" not in html
    body = html.split("<body", 1)[1]
    for code in ("jp-InputPrompt", "jp-OutputPrompt", "jp-CodeMirrorEditor", "hl-ipython3"):
        assert code not in body, code
    images = re.findall(r"<img\b[^>]*>", body)
    assert images and all(re.search(r'\balt="[^"]{10,}"', img) for img in images), images


def test_the_report_says_what_it_reads_runs_quietly_and_exports_a_titled_page(
    history_db, tmp_path, capfd
):
    code = main(
        [
            "report",
            "attendance",
            "--db",
            history_db,
            "-p",
            "as_of",
            "2026-11-30",
            "-o",
            str(tmp_path),
            "--no-progress",
        ]
    )
    out, err = capfd.readouterr()
    assert code == 0, err
    members, meetings, drafts = counted(history_db)
    assert members and meetings and drafts
    assert (
        f"reading {describe_url(history_db)}: {members} members, {meetings} recorded meetings, "
        f"{drafts} drafts" in err
    )
    assert 'as_of="2026-11-30", months=12 (default), threshold="2/3" (default)' in err
    assert "Attendance report, as of 2026-11-30" in err
    for noise in KERNEL_NOISE:
        assert noise not in err and noise not in out, err
    html = (tmp_path / "attendance.html").read_text()
    check_html(html, "Attendance report, as of 2026-11-30")
    assert "celltag_parameters" not in html and "celltag_injected-parameters" not in html
    assert "attendance.load(" not in html


def test_the_publication_page_is_titled_with_its_period(history_db, tmp_path, capfd):
    args = ["-p", "start", "2026-01-01", "-p", "end", "2026-07-01", "-o", str(tmp_path)]
    # The database option of `jupyter jms` itself works as well as the report's own.
    assert main(["--db", history_db, "report", "publication", *args, "--no-progress"]) == 0
    err = capfd.readouterr().err
    assert 'start="2026-01-01", end="2026-07-01", months=12 (default)' in err
    for noise in KERNEL_NOISE:
        assert noise not in err, err
    check_html(
        (tmp_path / "publication.html").read_text(), "Publication report, 2026-01-01 to 2026-06-30"
    )


def test_titles_follow_the_notebooks_parameter_defaults():
    from datetime import date

    today = date(2026, 12, 6)
    attendance, publication = REPORTS["attendance"], REPORTS["publication"]
    assert report_title(attendance, {}, today) == "Attendance report, as of 2026-12-06"
    assert report_title(publication, {}, today) == "Publication report, 2025-12-07 to 2026-12-06"
    assert (
        report_title(publication, {"months": 6, "end": "2026-07-01"}, today)
        == "Publication report, 2026-01-01 to 2026-06-30"
    )


def test_a_missing_or_empty_database_is_refused_in_one_sentence(db_url, tmp_path, capfd):
    if db_url.startswith("postgresql"):
        # A password in the URL (the test cluster trusts local connections and ignores it)
        # is never printed.
        db_url = make_url(db_url).set(password=PASSWORD).render_as_string(hide_password=False)
    run = ["report", "attendance", "--db", db_url, "-o", str(tmp_path / "out"), "--no-progress"]
    if db_url.startswith("sqlite"):
        assert main(run) == 2
        err = capfd.readouterr().err
        assert err.startswith(f"error: there is no database at {describe_url(db_url)}: ")
        assert "--db URL or JMS_DATABASE_URL" in err and err.count("\n") == 1
        assert not (tmp_path / "jms.sqlite").exists()  # nothing was created
        (tmp_path / "jms.sqlite").touch()  # a file, but no tables in it
    assert main(run) == 2
    err = capfd.readouterr().err
    assert "has no jupyter-jms tables" in err and err.count("\n") == 1
    store = Store(db_url)
    store.ensure_schema()
    assert main(run) == 2
    err = capfd.readouterr().err
    assert "holds no members, meetings or drafts" in err and err.count("\n") == 1
    assert not (tmp_path / "out").exists()
    with store.write() as s:
        from jupyter_jms.store.models import Member

        s.add(Member(username="ada", name="Ada"))
    store.dispose()
    assert main(run) == 0
    err = capfd.readouterr().err
    assert f"reading {describe_url(db_url)}: 1 member, 0 recorded meetings, 0 drafts" in err
    assert PASSWORD not in err
    assert not [noise for noise in KERNEL_NOISE if noise in err], err
    assert "Nothing yet" in (tmp_path / "out" / "attendance.html").read_text()


def test_parameter_errors_are_in_plain_words(tmp_path, capsys):
    code = main(["report", "attendance", "-p", "months", "twelve"])
    assert code == 2
    err = capsys.readouterr().err
    assert "months: must be an integer, got 'twelve'" in err
    assert " int," not in err and "a int" not in err


# -- the kernel's shutdown ----------------------------------------------------------------------

# The cell makes the kernel, when idle, write a file on SIGINT instead of ignoring it (ipykernel
# restores `saved_sigint_handler` after each request), so the probe sees any interrupt sent
# after the cells have run.
PROBE = """
import signal
from pathlib import Path

def _record(signum, frame):
    Path("interrupted").write_text("SIGINT")

get_ipython().kernel.saved_sigint_handler = _record
"""


def probe_notebook(folder: Path) -> Path:
    nb = new_notebook(cells=[new_code_cell(PROBE)])
    nb.metadata["kernelspec"] = {
        "name": "python3",
        "display_name": "Python 3",
        "language": "python",
    }
    path = folder / "probe.ipynb"
    nbformat.write(nb, path)
    return path


def test_a_report_kernel_is_shut_down_without_an_interrupt(tmp_path):
    path = probe_notebook(tmp_path)
    # papermill's own kernel manager interrupts before it shuts down: the probe notices.
    plain = tmp_path / "plain"
    plain.mkdir()
    pm.execute_notebook(
        str(path), str(plain / "out.ipynb"), kernel_name="python3", progress_bar=False, cwd=plain
    )
    assert (plain / "interrupted").exists()
    # A report run only asks the kernel to shut down.
    report = Report("probe", "Probe", "", path)
    outcome = execute(report, tmp_path / "run", {}, progress=False)
    assert outcome.ok, outcome.error
    # Only the outputs are left in the folder: the kernel's sockets were elsewhere.
    assert sorted(f.name for f in (tmp_path / "run").iterdir()) == ["probe.html", "probe.ipynb"]
