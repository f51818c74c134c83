"""Run a report notebook with papermill and export it to HTML without the code.

``execute`` is what the CLI calls in its own process. The server never calls it: it starts
``python -m jupyter_jms.reports.runner --run ID`` in a child process, which executes the
run recorded under that id and writes its outcome back to the database.

The database URL reaches the kernel through ``JMS_DATABASE_URL`` in the kernel's
environment, never as a notebook parameter, so a password in it never lands in the
executed notebook that people download.
"""

from __future__ import annotations

import argparse
import os
import sys
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from .catalog import Report

KERNEL = "python3"
CELL_TIMEOUT = 600
SAVE_EVERY_CELL = False


@dataclass
class Outcome:
    ok: bool
    notebook: Path
    html: Path | None
    error: str = ""
    failed_cell: int | None = None

    def files(self) -> list[str]:
        return [p.name for p in (self.notebook, self.html) if p is not None and p.exists()]


@contextmanager
def _database_env(db_url: str | None):
    if not db_url:
        yield
        return
    before = os.environ.get("JMS_DATABASE_URL")
    os.environ["JMS_DATABASE_URL"] = db_url
    try:
        yield
    finally:
        if before is None:
            os.environ.pop("JMS_DATABASE_URL", None)
        else:
            os.environ["JMS_DATABASE_URL"] = before


def export_html(notebook: Path) -> Path:
    """The executed notebook as HTML: outputs and plots, no code cells' inputs or prompts."""
    import nbformat
    from nbconvert import HTMLExporter

    exporter = HTMLExporter(
        exclude_input=True, exclude_input_prompt=True, exclude_output_prompt=True
    )
    body, _ = exporter.from_notebook_node(nbformat.read(notebook, as_version=4))
    target = notebook.with_suffix(".html")
    target.write_text(body, encoding="utf-8")
    return target


def _describe_failure(exc: BaseException) -> tuple[str, int | None]:
    from papermill.exceptions import PapermillExecutionError

    if isinstance(exc, PapermillExecutionError):
        first = (exc.source or "").strip().splitlines()
        where = f"cell {exc.cell_index}" + (f" (In [{exc.exec_count}])" if exc.exec_count else "")
        snippet = f": {first[0][:80]}" if first else ""
        return f"{exc.ename}: {exc.evalue} in {where}{snippet}", exc.cell_index
    return f"{type(exc).__name__}: {exc}", None


def _error_cell(notebook: Path, fallback: int | None) -> int | None:
    import nbformat

    try:
        nb = nbformat.read(notebook, as_version=4)
    except Exception:  # noqa: BLE001 - keep papermill's index
        return fallback
    for i, cell in enumerate(nb.cells):
        if any(o.get("output_type") == "error" for o in cell.get("outputs", [])):
            return i
    return fallback


def execute(
    report: Report,
    output_dir: Path,
    parameters: dict[str, Any],
    *,
    db_url: str | None = None,
    progress: bool = True,
    kernel_name: str = KERNEL,
) -> Outcome:
    """Execute ``report`` into ``output_dir``; a failed run keeps its partial notebook."""
    import papermill as pm

    output_dir.mkdir(parents=True, exist_ok=True)
    target = output_dir / f"{report.name}.ipynb"
    ok, error, failed = True, "", None
    with _database_env(db_url):
        try:
            pm.execute_notebook(
                str(report.path),
                str(target),
                parameters=parameters,
                kernel_name=kernel_name,
                progress_bar=progress,
                cwd=str(output_dir),
                execution_timeout=CELL_TIMEOUT,
                # Writing the notebook (plots included) after every cell costs about a tenth
                # of a run; papermill still writes it when a cell fails or a long cell runs.
                request_save_on_cell_execute=SAVE_EVERY_CELL,
            )
        except Exception as exc:  # noqa: BLE001 - every failure is reported with its cell
            ok = False
            error, failed = _describe_failure(exc)
    if not ok and target.exists():
        # Papermill puts a marker cell on top of a failed notebook: point at the cell as
        # it is in the file people open.
        failed = _error_cell(target, failed)
    html = None
    if target.exists():
        try:
            html = export_html(target)
        except Exception as exc:  # noqa: BLE001 - the notebook itself is still there
            if ok:
                ok, error = False, f"HTML export failed: {exc}"
    return Outcome(ok, target, html, error, failed)


# -- the server's child process -------------------------------------------------------------


def run_recorded(run_id: int, db_url: str) -> int:
    """Execute the run stored under ``run_id`` and record its outcome (child process).

    Exits 0 once the outcome is recorded (a failed report included), 1 when the run was
    not there to claim.
    """
    from ..services.governance.report_runs import finish_run, start_run_row
    from ..services.kernel.context import Context
    from ..store.db import Store

    ctx = Context(Store(db_url))
    try:
        claimed = start_run_row(ctx, run_id, os.getpid())
        if claimed is None:
            return 1
        report, output_dir, parameters = claimed
        try:
            outcome = execute(report, output_dir, parameters, db_url=db_url, progress=False)
        except Exception as exc:  # noqa: BLE001 - recorded, never lost
            outcome = Outcome(False, output_dir / f"{report.name}.ipynb", None, str(exc))
        finish_run(ctx, run_id, outcome)
        # 0: the outcome is recorded, whatever it was; the server only steps in otherwise.
        return 0
    finally:
        ctx.store.dispose()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m jupyter_jms.reports.runner")
    parser.add_argument("--run", type=int, required=True, help="the report run id")
    args = parser.parse_args(argv)
    db_url = os.environ.get("JMS_DATABASE_URL")
    if not db_url:
        print("JMS_DATABASE_URL is not set", file=sys.stderr)
        return 2
    return run_recorded(args.run, db_url)


if __name__ == "__main__":
    raise SystemExit(main())
