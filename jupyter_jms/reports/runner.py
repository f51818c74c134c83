"""Run a report notebook with papermill and export it to HTML without the code.

``execute`` is what the CLI calls in its own process. The server never calls it: it starts
``python -m jupyter_jms.report_worker --run ID`` in a child process, which executes the
run recorded under that id and writes its outcome back to the database.

The database URL reaches the kernel through ``JMS_DATABASE_URL`` in the kernel's
environment, never as a notebook parameter, so a password in it never lands in the
executed notebook that people download.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from importlib.util import find_spec
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
def _database_env(db_url: str | None) -> Iterator[None]:
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


def unavailable_reason(kernel_name: str = KERNEL) -> str:
    """Why reports cannot run here, in one sentence naming what to install; "" when they can.

    papermill, nbconvert and ipykernel are dependencies of jupyter-jms, so this only finds
    a damaged environment or a kernel that was removed.
    """
    missing = [m for m in ("papermill", "nbconvert", "ipykernel") if find_spec(m) is None]
    if missing:
        return (
            f"Reports need {', '.join(missing)}, which jupyter-jms depends on: "
            "reinstall it with pip install --force-reinstall jupyter-jms."
        )
    from jupyter_client.kernelspec import KernelSpecManager, NoSuchKernel

    try:
        KernelSpecManager().get_kernel_spec(kernel_name)
    except NoSuchKernel:
        return (
            f"Reports run on the '{kernel_name}' Jupyter kernel, which is not installed: "
            f"python -m ipykernel install --user --name {kernel_name}."
        )
    return ""


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
