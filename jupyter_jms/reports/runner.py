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
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import date, timedelta
from functools import lru_cache
from importlib.resources import files
from importlib.util import find_spec
from pathlib import Path
from typing import Any

from dateutil.relativedelta import relativedelta

from .catalog import Report

KERNEL = "python3"
CELL_TIMEOUT = 600
SAVE_EVERY_CELL = False
IPC_NAME = "jms-report"


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


@lru_cache(maxsize=1)
def kernel_manager_class() -> type:
    """The kernel manager papermill runs a report's kernel with (built on first use: importing
    jupyter_client is not needed to list reports).

    Two differences from jupyter_client's default, both to keep a successful run's log quiet
    by removing the cause rather than the message:

    - IPC transport on POSIX: the kernel and papermill talk over Unix sockets in the private
      Jupyter runtime dir instead of TCP ports on localhost, so no other local user can
      connect and the kernel has no reason to warn "Kernel is running over TCP without
      encryption".
    - Shutdown without an interrupt: jupyter_client sends SIGINT before every shutdown to free
      a busy kernel. Papermill shuts down right after the reply to its last kernel_info
      request, while the kernel may still be finishing that request, so the SIGINT lands
      inside the handler and the kernel logs "KeyboardInterrupt caught in kernel." By then
      every cell has replied and there is nothing to interrupt: ask the kernel to shut down,
      and finish_shutdown still sends SIGTERM, then SIGKILL, to one that does not stop.
    """
    from jupyter_client.manager import AsyncKernelManager
    from jupyter_core.paths import jupyter_runtime_dir
    from traitlets import default

    class ReportKernelManager(AsyncKernelManager):
        @default("transport")
        def _transport_default(self) -> str:
            # A Unix socket's path has at most 104 bytes (macOS; 108 on Linux): a runtime dir
            # too deep for the sockets' names keeps TCP.
            fits = len(os.fsencode(jupyter_runtime_dir())) + len(IPC_NAME) + 24 < 104
            return "ipc" if os.name == "posix" and fits else "tcp"

        @default("ip")
        def _ip_default(self) -> str:
            if self.transport != "ipc":
                return str(super()._ip_default())
            # jupyter_client's own default is relative ("kernel-ipc"), which would put the
            # sockets in the report's output folder: keep them in the private runtime dir.
            runtime = jupyter_runtime_dir()
            os.makedirs(runtime, mode=0o700, exist_ok=True)
            return os.path.join(runtime, f"{IPC_NAME}-{uuid.uuid4().hex[:12]}")

        # AsyncKernelManager's shutdown_kernel is a coroutine where KernelManager's is not.
        async def shutdown_kernel(  # type: ignore[override]
            self, now: bool = False, restart: bool = False
        ) -> None:
            if now or restart or not self.owns_kernel or not self.has_kernel:
                await super().shutdown_kernel(now=now, restart=restart)
                return
            self.shutting_down = True
            self.stop_restarter()
            await self.request_shutdown()
            await self.finish_shutdown()
            await self.cleanup_resources()

    return ReportKernelManager


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


TEMPLATE_DIR = Path(str(files("jupyter_jms") / "report_template"))
TEMPLATE = "jms_report"
# Cells people never need in the HTML: papermill's parameter cells have no output anyway.
HIDDEN_TAGS = ("parameters", "injected-parameters")


def _day(value: Any) -> date | None:
    try:
        return date.fromisoformat(str(value)) if value else None
    except ValueError:
        return None


def report_title(report: Report, parameters: dict[str, Any], today: date | None = None) -> str:
    """The HTML's title, with the day or period the report covers.

    The dates follow the notebooks' parameter cells: the attendance report is as of ``as_of``
    (empty: today); the publication period is ``[start, end)``, ``end`` empty meaning
    tomorrow and ``start`` empty meaning ``months`` months before ``end``.
    """
    today = today or date.today()
    given = {**{k: p.default for k, p in report.parameters.items()}, **parameters}
    name = f"{report.title} report"
    if "as_of" in given:
        return f"{name}, as of {_day(given['as_of']) or today}"
    if "end" in given and "start" in given:
        end = _day(given["end"]) or today + timedelta(days=1)
        months = given.get("months")
        start = _day(given["start"]) or (
            end - relativedelta(months=months) if isinstance(months, int) else None
        )
        if start is not None:
            return f"{name}, {start} to {end - timedelta(days=1)}"
    return name


def export_html(notebook: Path, title: str | None = None) -> Path:
    """The executed notebook as one self-contained HTML file for people to read.

    Outputs only: no code, no prompts, no parameter cells. The template
    (``report_template/jms_report``, on nbconvert's lab template) loads nothing from
    another host, gives images their text alternative and reflows on a phone.
    """
    import nbformat
    from nbconvert import HTMLExporter
    from nbconvert.preprocessors import TagRemovePreprocessor

    nb = nbformat.read(notebook, as_version=4)
    if title:
        nb.metadata["title"] = title
    exporter = HTMLExporter(
        template_name=TEMPLATE,
        extra_template_basedirs=[str(TEMPLATE_DIR)],
        exclude_input=True,
        exclude_input_prompt=True,
        exclude_output_prompt=True,
        # Outputs are already in the notebook as data: URIs; nothing is fetched from disk.
        embed_images=True,
    )
    exporter.register_preprocessor(
        TagRemovePreprocessor(remove_cell_tags=HIDDEN_TAGS, enabled=True), enabled=True
    )
    body, _ = exporter.from_notebook_node(nb, resources={"metadata": {"name": notebook.stem}})
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
                kernel_manager_class=kernel_manager_class(),
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
            html = export_html(target, report_title(report, parameters))
        except Exception as exc:  # noqa: BLE001 - the notebook itself is still there
            if ok:
                ok, error = False, f"HTML export failed: {exc}"
    return Outcome(ok, target, html, error, failed)
