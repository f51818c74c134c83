"""Report runs: papermill executes report notebooks in a child process, never in the server.

A run is a row (queued → running → succeeded | failed) plus a folder with the executed
notebook and its HTML. The server starts ``python -m jupyter_jms.report_worker`` and goes
on serving; the child marks the run running, executes, and records the outcome. A thread
waits on the child only to reap it and to record a crash the child could not report.

Who may run and read reports: editors, admins and the chair (the attendance report names
members and their absences, so it is not for everyone).
"""

from __future__ import annotations

import builtins
import logging
import os
import subprocess
import sys
import threading
from datetime import timedelta
from pathlib import Path
from typing import Any

from sqlalchemy import func, select

from ...domain.access import Caller
from ...errors import Conflict, Forbidden, InvalidInput, NotFound, ServiceError
from ...reports.catalog import REPORTS, ParameterError, Report, check_parameters, get_report
from ...reports.runner import Outcome, unavailable_reason
from ...store.locks import get_for_update
from ...store.models import ReportRun, utcnow
from ..kernel.common import iso
from ..kernel.context import Context, record
from ..kernel.inputs import object_id

log = logging.getLogger(__name__)


QUEUED, RUNNING, SUCCEEDED, FAILED = "queued", "running", "succeeded", "failed"
ACTIVE = (QUEUED, RUNNING)
MAX_LIST = 100
# A run still "running" this long after it started has lost its process.
STALE_AFTER = timedelta(hours=2)
CONTENT_TYPES = {".ipynb": "application/x-ipynb+json", ".html": "text/html; charset=UTF-8"}


class Unavailable(ServiceError):
    """The server cannot run reports: a piece they need is missing (the message names it)."""

    status = 503
    reason = "unavailable"


def default_output_root(store_url: str) -> Path:
    """Beside a SQLite database file; otherwise under the Jupyter data dir."""
    from sqlalchemy.engine import make_url

    url = make_url(store_url)
    if url.get_backend_name() == "sqlite" and url.database and url.database != ":memory:":
        return Path(url.database).resolve().parent / "reports"
    from jupyter_core.paths import jupyter_data_dir

    return Path(jupyter_data_dir()) / "jms" / "reports"


def require_runner(caller: Caller) -> None:
    if not caller.run_reports:
        raise Forbidden("Reports are for editors, admins and the chair.")


def run_files(run: ReportRun) -> list[str]:
    folder = Path(run.output_dir) if run.output_dir else None
    if folder is None or not folder.is_dir():
        return []
    wanted = (f"{run.report}.ipynb", f"{run.report}.html")
    return [name for name in wanted if (folder / name).is_file()]


def run_dict(run: ReportRun) -> dict[str, Any]:
    return {
        "id": str(run.id),
        "report": run.report,
        "parameters": run.parameters,
        "status": run.status,
        "requested_by": run.requested_by,
        "created_at": iso(run.created_at),
        "started_at": iso(run.started_at),
        "finished_at": iso(run.finished_at),
        "error": run.error or None,
        "failed_cell": run.failed_cell,
        "files": run_files(run),
    }


def start_run_row(
    ctx: Context, run_id: int, pid: int
) -> tuple[Report, Path, dict[str, Any]] | None:
    """Claim a queued run for the child process; None when it is not queued any more."""
    with ctx.write() as s:
        run = get_for_update(s, ReportRun, run_id)
        if run is None or run.status != QUEUED:
            return None
        report = get_report(run.report)
        if report is None:
            run.status, run.error, run.finished_at = FAILED, "unknown report", utcnow()
            return None
        run.status, run.started_at, run.pid = RUNNING, utcnow(), pid
        return report, Path(run.output_dir), dict(run.parameters or {})


def finish_run(ctx: Context, run_id: int, outcome: Outcome) -> None:
    with ctx.write() as s:
        run = get_for_update(s, ReportRun, run_id)
        if run is None or run.status not in ACTIVE:
            return
        run.status = SUCCEEDED if outcome.ok else FAILED
        run.error = outcome.error
        run.failed_cell = outcome.failed_cell
        run.finished_at = utcnow()
        data: dict[str, Any] = {"report": run.report, "status": run.status}
        if not outcome.ok:
            data |= {"error": outcome.error[:500], "failed_cell": outcome.failed_cell}
        record(
            s,
            actor=run.requested_by,
            action="report.run_succeeded" if outcome.ok else "report.run_failed",
            subject_type="report",
            subject_id=run.id,
            data=data,
        )


class ReportService:
    def __init__(
        self, ctx: Context, output_root: Path | None = None, *, max_active: int = 2
    ) -> None:
        self.ctx = ctx
        self.output_root = Path(output_root or default_output_root(ctx.store.url))
        self.max_active = max_active
        self._children: dict[int, subprocess.Popen[bytes]] = {}
        self._lock = threading.Lock()

    # -- catalog --------------------------------------------------------------------------
    def list(self, caller: Caller) -> list[dict[str, Any]]:
        require_runner(caller)
        return [r.as_dict() for r in REPORTS.values()]

    def _report(self, name: str) -> Report:
        report = get_report(name)
        if report is None:
            raise NotFound(f"No report '{name}' (known: {', '.join(REPORTS)}).")
        return report

    # -- runs -----------------------------------------------------------------------------
    def start(self, caller: Caller, name: str, body: dict[str, Any]) -> dict[str, Any]:
        """Queue a run and start its child process; answers at once with the queued run."""
        require_runner(caller)
        report = self._report(name)
        given = body.get("parameters") or {}
        if not isinstance(given, dict):
            raise InvalidInput("parameters is an object of name: value.", field="parameters")
        try:
            params = check_parameters(report, given)
        except ParameterError as exc:
            raise InvalidInput(
                "The report parameters are not valid.",
                errors=[(f"parameters.{f}", m) for f, m in exc.errors],
            ) from None
        reason = unavailable_reason()
        if reason:
            raise Unavailable(reason)
        self.reap()
        with self.ctx.write() as s:
            active = s.scalar(
                select(func.count()).select_from(ReportRun).where(ReportRun.status.in_(ACTIVE))
            )
            if (active or 0) >= self.max_active:
                raise Conflict(
                    f"{active} report run(s) are in progress: try again when one has finished."
                )
            run = ReportRun(
                report=report.name, parameters=params, status=QUEUED, requested_by=caller.username
            )
            s.add(run)
            s.flush()
            run.output_dir = str(self.output_root / str(run.id))
            record(
                s,
                actor=caller.username,
                action="report.run_requested",
                subject_type="report",
                subject_id=run.id,
                data={"report": report.name, "parameters": params},
            )
            run_id = run.id
        self._spawn(run_id)
        return self.get(caller, str(run_id))

    def _spawn(self, run_id: int) -> None:
        env = {**os.environ, "JMS_DATABASE_URL": self.ctx.store.url}
        try:
            child = subprocess.Popen(
                [sys.executable, "-m", "jupyter_jms.report_worker", "--run", str(run_id)],
                env=env,
                stdin=subprocess.DEVNULL,
                stdout=subprocess.DEVNULL,
                stderr=subprocess.DEVNULL,
                start_new_session=True,
            )
        except OSError as exc:
            self._fail(run_id, f"The report process could not start: {exc}")
            return
        with self._lock:
            self._children[run_id] = child
        threading.Thread(
            target=self._wait, args=(run_id, child), name=f"jms-report-{run_id}", daemon=True
        ).start()

    def _wait(self, run_id: int, child: subprocess.Popen[bytes]) -> None:
        code = child.wait()
        with self._lock:
            self._children.pop(run_id, None)
        if code == 0:
            return  # the child recorded the outcome itself
        try:
            self._fail(run_id, f"The report process ended unexpectedly (exit code {code}).")
        except Exception:  # noqa: BLE001 - the database may be gone (server shutting down)
            log.warning("could not record the end of report run %s", run_id, exc_info=True)

    def _fail(self, run_id: int, message: str) -> None:
        """Mark a run failed unless its process already recorded how it ended."""
        with self.ctx.write() as s:
            run = get_for_update(s, ReportRun, run_id)
            if run is None or run.status not in ACTIVE:
                return
            run.status, run.error, run.finished_at = FAILED, message, utcnow()
            record(
                s,
                actor=run.requested_by,
                action="report.run_failed",
                subject_type="report",
                subject_id=run.id,
                data={"report": run.report, "status": FAILED, "error": message},
            )

    def reap(self) -> None:
        """Fail runs left active by a process that is gone (e.g. a server restart)."""
        with self.ctx.read() as s:
            rows = list(s.scalars(select(ReportRun).where(ReportRun.status.in_(ACTIVE))))
        now = utcnow()
        for run in rows:
            with self._lock:
                ours = run.id in self._children
            if ours:
                continue
            started = run.started_at or run.created_at
            alive = run.pid is not None and _pid_alive(run.pid)
            if (run.status == RUNNING and not alive) or now - started > STALE_AFTER:
                self._fail(run.id, "The report process was interrupted.")

    def get(self, caller: Caller, run_id: str) -> dict[str, Any]:
        require_runner(caller)
        with self.ctx.read() as s:
            run = s.get(ReportRun, object_id(run_id, "report run"))
            if run is None:
                raise NotFound(f"No report run '{run_id}'.")
            return run_dict(run)

    def list_runs(
        self, caller: Caller, name: str, limit: int = 20
    ) -> builtins.list[dict[str, Any]]:
        require_runner(caller)
        self._report(name)
        if not 1 <= limit <= MAX_LIST:
            raise InvalidInput(f"limit must be between 1 and {MAX_LIST}.", field="limit")
        with self.ctx.read() as s:
            rows = s.scalars(
                select(ReportRun)
                .where(ReportRun.report == name)
                .order_by(ReportRun.id.desc())
                .limit(limit)
            )
            return [run_dict(r) for r in rows]

    def output_file(self, caller: Caller, run_id: str, filename: str) -> tuple[bytes, str]:
        """One of the run's output files (only the names the run lists) and its type."""
        require_runner(caller)
        with self.ctx.read() as s:
            run = s.get(ReportRun, object_id(run_id, "report run"))
            if run is None:
                raise NotFound(f"No report run '{run_id}'.")
            if filename not in run_files(run):
                raise NotFound(f"Report run {run_id} has no file '{filename}'.")
            path = Path(run.output_dir) / filename
        return path.read_bytes(), CONTENT_TYPES[path.suffix]

    def wait(self, run_id: int, timeout: float | None = None) -> None:
        """Block until the run's child process exits (tests and the CLI use this)."""
        with self._lock:
            child = self._children.get(run_id)
        if child is not None:
            child.wait(timeout)


def _pid_alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True
