"""Speed of the review API against jupyter_server's own endpoints, measured in the same run.

    python benchmarks/bench_api.py [--drafts 10000] [--seconds 30] [--clients 20] [--backend sqlite|postgres|both]

Starts a real Jupyter server with jupyter-jms on a store seeded with N drafts (plus about
1.5 revisions and 1.5 reviews each), then prints:
  1. median latency of GET jms/api/drafts?limit=50 vs GET api/status (target: <= 3x);
  2. submitting a 5 MB notebook vs a Contents API PUT of the same notebook (target: <= 2x);
  3. C concurrent clients mixing reads and reviews for S seconds: requests and errors (target: 0).
"""

from __future__ import annotations

import argparse
import http.client
import json
import os
import random
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from datetime import timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from jupyter_jms.container import Services  # noqa: E402
from jupyter_jms.domain.access import ADMIN_ROLES, Caller  # noqa: E402
from jupyter_jms.domain.checklist import all_passed  # noqa: E402
from jupyter_jms.sample.posts import make_post  # noqa: E402
from jupyter_jms.services.editorial.draft_views import status_of, store_summary  # noqa: E402
from jupyter_jms.store.db import Store  # noqa: E402
from jupyter_jms.store.models import (  # noqa: E402
    Draft,
    DraftAuthor,
    DraftChannel,
    Event,
    Review,
    Revision,
    utcnow,
)

CHECK_ALL = all_passed()


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def seed(url: str, drafts: int) -> dict[str, str]:
    """Roster, channels and tokens through the services; the bulk of drafts by bulk insert."""
    store = Store(url)
    store.ensure_schema()
    svc = Services(store)
    data = ROOT / "jupyter_jms" / "data"
    svc.members.import_roster_text((data / "demo-roster.yaml").read_text(), actor="bench")
    svc.channels.import_text((data / "jupyter-channels.yaml").read_text(), actor="bench")
    tokens = {
        u: svc.tokens.create(Caller("bench", ADMIN_ROLES), u)[0] for u in ("ada", "ben", "eve")
    }
    nb_text = json.dumps(make_post("Benchmark post", channels=["blog"]))
    rng = random.Random(7)
    states = ["submitted", "in_review", "changes_requested", "approved", "published", "withdrawn"]
    start = utcnow() - timedelta(days=700)
    batch = 1000
    with store.write() as s:
        for lo in range(0, drafts, batch):
            rows = []
            for i in range(lo, min(drafts, lo + batch)):
                n_rev = 1 + (i % 2)
                rows.append(
                    Draft(
                        path=f"posts/bench-{i}.ipynb",
                        title=f"Benchmark post {i}",
                        language="es" if i % 10 == 0 else "en",
                        state=rng.choice(states),
                        revision=n_rev,
                        version=n_rev,
                        submitted_by="eve",
                        post={"title": f"Benchmark post {i}"},
                        created_at=start + timedelta(minutes=i),
                        updated_at=start + timedelta(minutes=i),
                        authors=[DraftAuthor(username="eve", position=0)],
                        channels=[DraftChannel(channel="blog", position=0)],
                    )
                )
            s.add_all(rows)
            s.flush()
            for d in rows:
                current = []
                for n in range(1, d.revision + 1):
                    s.add(
                        Revision(
                            draft_id=d.id,
                            n=n,
                            sha256="0" * 64,
                            size=len(nb_text),
                            path=d.path,
                            notebook=nb_text,
                            post=d.post,
                            submitted_by="eve",
                        )
                    )
                    review = Review(
                        draft_id=d.id,
                        revision=n,
                        reviewer=rng.choice(["ada", "ben"]),
                        verdict="request_changes" if n < d.revision else "approve",
                        checklist=CHECK_ALL,
                        comment="ok",
                    )
                    s.add(review)
                    if n == d.revision:
                        current.append(review)
                store_summary(d, status_of(d, current, [], 1))
                s.add(
                    Event(
                        actor="eve",
                        action="draft.submitted",
                        subject_type="draft",
                        subject_id=str(d.id),
                        data={},
                    )
                )
    svc.close()
    # A bulk load leaves statistics and (on PostgreSQL) the visibility map behind; autovacuum
    # would catch up within minutes in a real deployment, so measure that steady state.
    from sqlalchemy import text

    with store.engine.execution_options(isolation_level="AUTOCOMMIT").connect() as conn:
        conn.execute(text("ANALYZE" if store.is_sqlite else "VACUUM ANALYZE"))
    store.dispose()
    return tokens


class Server:
    def __init__(self, url: str, root: Path) -> None:
        self.port = free_port()
        self.token = "bench-server-token"
        env = {**os.environ, "JMS_DATABASE_URL": url}
        self.proc = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "jupyter_server",
                f"--port={self.port}",
                "--no-browser",
                "--allow-root",
                f"--ServerApp.root_dir={root}",
                f"--IdentityProvider.token={self.token}",
                "--ServerApp.identity_provider_class=jupyter_jms.auth.JmsIdentityProvider",
                "--JmsApp.identity=server",
                "--ServerApp.log_level=WARN",
                "--ServerApp.jpserver_extensions=jupyter_jms=True",
            ],
            env=env,
            stdout=subprocess.DEVNULL,
            stderr=open(root / "server.log", "w"),  # noqa: SIM115
        )
        deadline = time.time() + 60
        while time.time() < deadline:
            try:
                if self.request("GET", "/api/status", self.token)[0] == 200:
                    return
            except (
                OSError,
                http.client.HTTPException,
            ):  # a self-connected probe reads its own request
                time.sleep(0.3)
        raise RuntimeError(f"server did not start; see {root / 'server.log'}")

    def conn(self) -> http.client.HTTPConnection:
        return http.client.HTTPConnection("127.0.0.1", self.port, timeout=60)

    def request(self, method, path, token, body=None, conn=None):
        c = conn or self.conn()
        headers = {"Authorization": f"token {token}"}
        payload = None
        if body is not None:
            payload = body if isinstance(body, bytes) else json.dumps(body).encode()
            headers["Content-Type"] = "application/json"
        c.request(method, path, body=payload, headers=headers)
        r = c.getresponse()
        data = r.read()
        if conn is None:
            c.close()
        return r.status, data

    def stop(self) -> None:
        self.proc.terminate()
        self.proc.wait(timeout=20)


def median_ms(server, requests, n) -> list[float]:
    """The median latency of each ``(path, token)`` in ``requests``, taken in turns.

    The requests alternate, each on its own kept-alive connection, so a ratio between them
    compares the same moments of a shared, noisy machine rather than two stretches of it."""
    conns = [server.conn() for _ in requests]
    for _ in range(20):  # warm up
        for conn, (path, token) in zip(conns, requests, strict=True):
            server.request("GET", path, token, conn=conn)
    times: list[list[float]] = [[] for _ in requests]
    for _ in range(n):
        for conn, (path, token), spent in zip(conns, requests, times, strict=True):
            t = time.perf_counter()
            status, _ = server.request("GET", path, token, conn=conn)
            spent.append((time.perf_counter() - t) * 1000)
            assert status == 200, (path, status)
    for conn in conns:
        conn.close()
    return [statistics.median(spent) for spent in times]


def big_notebook(target_bytes: int) -> dict:
    nb = make_post("A long post", channels=["blog"])
    chunk = "Jupyter notebooks mix prose, code and results. " * 200
    cell = dict(nb["cells"][0])
    i = 0
    while len(json.dumps(nb)) < target_bytes:
        c = dict(cell, id=f"big-{i}", source=chunk)
        nb["cells"].append(c)
        i += 1
    return nb


def bench_submit(server, root: Path, tokens, reps: int) -> tuple[float, float, int]:
    nb = big_notebook(5 * 1024 * 1024)
    text = json.dumps(nb)
    size = len(text.encode())
    (root / "big").mkdir(exist_ok=True)
    put_times, submit_times = [], []
    for i in range(reps):
        body = json.dumps({"type": "notebook", "format": "json", "content": nb}).encode()
        t = time.perf_counter()
        status, _ = server.request("PUT", f"/api/contents/big/put-{i}.ipynb", server.token, body)
        put_times.append(time.perf_counter() - t)
        assert status in (200, 201), status
        (root / "big" / f"sub-{i}.ipynb").write_text(text)
        t = time.perf_counter()
        status, data = server.request(
            "POST", "/jms/api/drafts", tokens["eve"], {"path": f"big/sub-{i}.ipynb"}
        )
        submit_times.append(time.perf_counter() - t)
        assert status == 201, (status, data[:300])
    return statistics.median(put_times) * 1000, statistics.median(submit_times) * 1000, size


def bench_concurrent(server, tokens, clients: int, seconds: float) -> dict:
    status, data = server.request(
        "GET", "/jms/api/drafts?state=submitted,in_review&limit=200", tokens["ada"]
    )
    ids = [d["id"] for d in json.loads(data)["items"]]
    revisions = {d["id"]: d["revision"] for d in json.loads(data)["items"]}
    stop = time.time() + seconds
    counts = {"reads": 0, "reviews": 0, "errors": 0}
    errors: list[str] = []
    lock = threading.Lock()

    def worker(k: int) -> None:
        rng = random.Random(k)
        user = "ada" if k % 2 else "ben"
        conn = server.conn()
        while time.time() < stop:
            try:
                if rng.random() < 0.25:
                    did = rng.choice(ids)
                    verdict = rng.choice(["approve", "request_changes"])
                    st, body = server.request(
                        "POST",
                        f"/jms/api/drafts/{did}/reviews",
                        tokens[user],
                        {
                            "revision": revisions[did],
                            "verdict": verdict,
                            "checklist": CHECK_ALL,
                            "comment": "benchmark review",
                        },
                        conn=conn,
                    )
                    kind = "reviews"
                else:
                    path = rng.choice(
                        [
                            "/jms/api/drafts?limit=50",
                            f"/jms/api/drafts/{rng.choice(ids)}",
                            "/jms/api/drafts?state=approved&limit=20",
                        ]
                    )
                    st, body = server.request("GET", path, tokens[user], conn=conn)
                    kind = "reads"
                with lock:
                    if 200 <= st < 300:
                        counts[kind] += 1
                    else:
                        counts["errors"] += 1
                        errors.append(f"{st} {body[:200]!r}")
            except (OSError, http.client.HTTPException) as exc:
                with lock:
                    counts["errors"] += 1
                    errors.append(repr(exc))
                conn.close()
                conn = server.conn()
        conn.close()

    threads = [threading.Thread(target=worker, args=(k,)) for k in range(clients)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    counts["sample_errors"] = errors[:3]
    counts["locked"] = sum("locked" in e for e in errors)
    return counts


def run(backend: str, url: str, args) -> float:
    """Runs the three measurements on one backend; returns the draft list's ratio."""
    with tempfile.TemporaryDirectory(prefix="jms-bench-") as tmp:
        root = Path(tmp)
        if backend == "sqlite":
            url = f"sqlite:///{root / 'jms.sqlite'}"
        t = time.perf_counter()
        tokens = seed(url, args.drafts)
        print(f"\n[{backend}] seeded {args.drafts} drafts in {time.perf_counter() - t:.1f}s")
        server = Server(url, root)
        try:
            status_ms, list_ms = median_ms(
                server,
                [("/api/status", server.token), ("/jms/api/drafts?limit=50", tokens["ada"])],
                args.requests,
            )
            ratio = list_ms / status_ms
            print(
                f"[{backend}] GET api/status median {status_ms:.2f} ms; "
                f"GET jms/api/drafts?limit=50 median {list_ms:.2f} ms; "
                f"ratio {ratio:.2f}x (target <= 3x)"
            )
            put_ms, sub_ms, size = bench_submit(server, root, tokens, args.submit_reps)
            print(
                f"[{backend}] {size / 1e6:.1f} MB notebook: Contents PUT median {put_ms:.0f} ms; "
                f"submit median {sub_ms:.0f} ms; ratio {sub_ms / put_ms:.2f}x (target <= 2x)"
            )
            c = bench_concurrent(server, tokens, args.clients, args.seconds)
            print(
                f"[{backend}] {args.clients} clients x {args.seconds:.0f}s: {c['reads']} reads, "
                f"{c['reviews']} reviews, {c['errors']} errors "
                f"({c['locked']} 'database is locked') (target 0)"
            )
            for e in c["sample_errors"]:
                print(f"    e.g. {e}")
        finally:
            server.stop()
    return ratio


def main() -> None:
    p = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    p.add_argument("--drafts", type=int, default=10_000)
    p.add_argument("--requests", type=int, default=300)
    p.add_argument("--submit-reps", type=int, default=5)
    p.add_argument("--clients", type=int, default=20)
    p.add_argument("--seconds", type=float, default=30)
    p.add_argument("--backend", choices=["sqlite", "postgres", "both"], default="both")
    args = p.parse_args()
    backends = ["sqlite", "postgres"] if args.backend == "both" else [args.backend]
    ratios = {}
    for backend in backends:
        url = ""
        drop = None
        if backend == "postgres":
            pg = subprocess.run(
                ["bash", str(ROOT / "scripts" / "postgres.sh")],
                capture_output=True,
                text=True,
                check=True,
            ).stdout.strip()
            from sqlalchemy import create_engine, text

            name = f"jms_bench_{os.getpid()}"
            admin = create_engine(pg, isolation_level="AUTOCOMMIT")
            with admin.connect() as conn:
                conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
                conn.execute(text(f'CREATE DATABASE "{name}"'))
            url = pg.rsplit("/", 1)[0] + f"/{name}"

            def drop(admin=admin, name=name) -> None:
                with admin.connect() as conn:
                    conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
                admin.dispose()

        try:
            ratios[backend] = run(backend, url, args)
        finally:
            if drop is not None:
                drop()
    print(
        "\nGET jms/api/drafts?limit=50 vs GET api/status: "
        + "; ".join(f"{b} {r:.2f}x" for b, r in ratios.items())
        + " (target <= 3x each)"
    )


if __name__ == "__main__":
    main()
