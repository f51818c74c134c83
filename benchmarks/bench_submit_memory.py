"""Peak memory of the server for one large submission against eight at once.

    python benchmarks/bench_submit_memory.py [--mb 19.9] [--concurrent 8] [--slots 1] [--backend sqlite|postgres]

Starts a real Jupyter server with jupyter-jms (fresh SQLite database, or a fresh database on
$JMS_TEST_POSTGRES_URL), sends one warm-up submission, then resets the kernel's peak-RSS
counter (/proc/<pid>/clear_refs) and reads VmHWM after: (a) one submission of a notebook of
the given size, in the content form {"notebook", "path"}; (b) N of them at once, on a new
server. Prints each peak's growth over the resident size before it, and their ratio (target:
under 2). ``--slots`` is JmsApp.max_concurrent_large_submissions (0: no bound).
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import tempfile
import threading
import time
import uuid
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "benchmarks"))

from bench_api import Server, big_notebook  # noqa: E402
from sqlalchemy import create_engine, text  # noqa: E402
from sqlalchemy.engine import make_url  # noqa: E402

from jupyter_jms.container import Services  # noqa: E402
from jupyter_jms.domain.access import ADMIN_ROLES, Caller  # noqa: E402
from jupyter_jms.store.db import Store  # noqa: E402


def proc_kb(pid: int, field: str) -> int:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith(field + ":"):
            return int(line.split()[1])
    raise KeyError(field)


def seed(url: str) -> str:
    store = Store(url)
    store.ensure_schema()
    svc = Services(store)
    data = ROOT / "jupyter_jms" / "data"
    svc.members.import_roster_text((data / "demo-roster.yaml").read_text(), actor="bench")
    svc.channels.import_text((data / "jupyter-channels.yaml").read_text(), actor="bench")
    token = svc.tokens.create(Caller("bench", ADMIN_ROLES), "eve")[0]
    svc.close()
    return token


def body_for(nb: dict, path: str) -> bytes:
    return json.dumps({"notebook": nb, "path": path}).encode()


class SlottedServer(Server):
    """bench_api's server with the submission bound set on its command line."""

    def __init__(self, url: str, root: Path, slots: int) -> None:
        config = root / "jupyter_server_config.json"
        config.write_text(json.dumps({"JmsApp": {"max_concurrent_large_submissions": slots}}))
        os.environ["JUPYTER_CONFIG_DIR"] = str(root)
        super().__init__(url, root)


def measure(url: str, nb: dict, clients: int, slots: int) -> tuple[int, int, float]:
    """(RSS before in kB, peak growth in kB, seconds) for ``clients`` submissions at once."""
    token = seed(url)
    with tempfile.TemporaryDirectory() as tmp:
        server = SlottedServer(url, Path(tmp), slots)
        try:
            small = {"cells": [], "metadata": {"jms": {"title": "Warm-up"}}, "nbformat": 4}
            small["nbformat_minor"] = 5
            status, data = server.request(
                "POST", "/jms/api/drafts", token, body_for(small, "warm.ipynb")
            )
            assert status == 201, data
            bodies = [body_for(nb, f"big-{i}.ipynb") for i in range(clients)]
            time.sleep(1)
            pid = server.proc.pid
            before = proc_kb(pid, "VmRSS")
            Path(f"/proc/{pid}/clear_refs").write_text("5")  # resets VmHWM to VmRSS
            results: list[int] = []

            def send(body: bytes) -> None:
                results.append(server.request("POST", "/jms/api/drafts", token, body)[0])

            threads = [threading.Thread(target=send, args=(b,)) for b in bodies]
            t0 = time.perf_counter()
            for t in threads:
                t.start()
            for t in threads:
                t.join()
            spent = time.perf_counter() - t0
            assert results == [201] * clients, results
            peak = proc_kb(pid, "VmHWM")
            return before, peak - before, spent
        finally:
            server.stop()


def fresh_url(backend: str, tmp: Path, tag: str) -> tuple[str, object]:
    if backend == "sqlite":
        return f"sqlite:///{tmp / f'{tag}.sqlite'}", lambda: None
    pg = os.environ["JMS_TEST_POSTGRES_URL"]
    name = f"jms_bench_{uuid.uuid4().hex[:10]}"
    admin = create_engine(pg, isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(text(f'CREATE DATABASE "{name}"'))

    def drop() -> None:
        with admin.connect() as conn:
            conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))

    return make_url(pg).set(database=name).render_as_string(hide_password=False), drop


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--mb", type=float, default=19.9)
    ap.add_argument("--concurrent", type=int, default=8)
    ap.add_argument("--slots", type=int, default=1)
    ap.add_argument("--backend", choices=["sqlite", "postgres"], default="sqlite")
    args = ap.parse_args()
    nb = big_notebook(int(args.mb * 1e6))
    size = len(json.dumps(nb).encode())
    print(f"notebook: {size / 1e6:.1f} MB, backend {args.backend}, slots {args.slots}")
    with tempfile.TemporaryDirectory() as tmp:
        growth = {}
        for clients in (1, args.concurrent):
            url, drop = fresh_url(args.backend, Path(tmp), f"n{clients}")
            try:
                before, grew, spent = measure(url, nb, clients, args.slots)
            finally:
                drop()  # type: ignore[operator]
            growth[clients] = grew
            print(
                f"{clients} at once: RSS before {before / 1024:.0f} MB, peak growth "
                f"{grew / 1024:.0f} MB, {spent:.1f} s"
            )
        ratio = growth[args.concurrent] / max(growth[1], 1)
        print(f"ratio {args.concurrent} at once / one: {ratio:.2f} (target: under 2)")


if __name__ == "__main__":
    main()
