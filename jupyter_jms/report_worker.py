"""The server's child process for one report run: ``python -m jupyter_jms.report_worker --run ID``.

A front like the CLI: it builds the services with the container, claims the run the server
queued, executes it with ``reports.runner.execute`` and records the outcome through the
report service's helpers.
The database URL comes through ``JMS_DATABASE_URL`` in the environment, never on the command
line, so a password in it does not show in the process list.
"""

from __future__ import annotations

import argparse
import os
import sys

from .container import JmsSettings, Services
from .reports.runner import Outcome, execute
from .services.governance.report_runs import finish_run, start_run_row
from .store.db import Store


def run_recorded(run_id: int, db_url: str) -> int:
    """Execute the run stored under ``run_id`` and record its outcome.

    Exits 0 once the outcome is recorded (a failed report included), 1 when the run was
    not there to claim.
    """
    services = Services(Store(db_url), JmsSettings(database_url=db_url, workers=1))
    ctx = services.ctx
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
        services.close()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m jupyter_jms.report_worker")
    parser.add_argument("--run", type=int, required=True, help="the report run id")
    args = parser.parse_args(argv)
    db_url = os.environ.get("JMS_DATABASE_URL")
    if not db_url:
        print("JMS_DATABASE_URL is not set", file=sys.stderr)
        return 2
    return run_recorded(args.run, db_url)


if __name__ == "__main__":
    raise SystemExit(main())
