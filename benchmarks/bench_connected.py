"""Speed of a connected Lab against the JMS service it forwards to, measured in one run.

    python benchmarks/bench_connected.py [--requests 200] [--submits 7] [--mb 5]

Starts a JMS service (the demo's data, member tokens) and a Lab connected to it as the
editor ada, both real Jupyter server processes on this machine, then prints:
  1. median latency of GET jms/api/drafts?limit=50 through the Lab vs sent to the service
     directly (target: <= 2x);
  2. submitting a 5 MB notebook through the Lab (the Lab reads it and sends its content) vs
     a Contents API PUT of the same notebook to the Lab (target: <= 2.5x).
The Lab and the service share one root folder, so the submit also works against a service
that still reads the notebook from its path.
"""

from __future__ import annotations

import argparse
import http.client
import json
import os
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import psutil

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "tests"))

from jms_service import JmsService, free_port, start_server, stop  # noqa: E402

from jupyter_jms.sample.posts import make_post  # noqa: E402

LAB_TOKEN = "bench-lab-token"


class Client:
    """One keep-alive connection to a server, as one member."""

    def __init__(self, base: str, token: str) -> None:
        parts = urlsplit(base)
        self.conn = http.client.HTTPConnection(parts.hostname or "", parts.port, timeout=120)
        self.headers = {"Authorization": f"token {token}", "Content-Type": "application/json"}

    def send(self, method: str, path: str, body: bytes | None = None) -> tuple[int, bytes, float]:
        t0 = time.perf_counter()
        self.conn.request(method, path, body=body, headers=self.headers)
        resp = self.conn.getresponse()
        data = resp.read()
        return resp.status, data, time.perf_counter() - t0


def big_notebook(mb: float, title: str) -> dict[str, Any]:
    nb = make_post(title, authors=["ada"], channels=["blog"])
    line = "x" * 99 + "\n"
    text = line * int(mb * 1e6 / len(line))
    nb["cells"][1]["outputs"] = [{"output_type": "stream", "name": "stdout", "text": text}]
    return nb


def cpu_clock(pid: int) -> Callable[[], float]:
    """CPU seconds (user and system) process ``pid`` has used so far."""
    proc = psutil.Process(pid)

    def used() -> float:
        times = proc.cpu_times()
        return float(times.user + times.system)

    return used


def median_ms(samples: list[float]) -> float:
    return statistics.median(samples) * 1000


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawTextHelpFormatter)
    ap.add_argument("--requests", type=int, default=200)
    ap.add_argument("--submits", type=int, default=7)
    ap.add_argument("--mb", type=float, default=5.0)
    ap.add_argument("--no-submit", action="store_true", help="only the GET comparison")
    ap.add_argument(
        "--profile",
        metavar="FILE",
        help="run the Lab under cProfile and write its stats to FILE (slower: compare "
        "profiles with each other, not with unprofiled ratios)",
    )
    args = ap.parse_args()

    tmp = Path(tempfile.mkdtemp(prefix="jms-bench-connected-"))
    service = JmsService(tmp / "service")
    lab_port = free_port()
    lab_url = f"http://127.0.0.1:{lab_port}/"
    env = {
        **os.environ,
        "JUPYTER_CONFIG_DIR": str(tmp / "lab-config"),
        "JMS_SERVICE_URL": service.url,
        "JMS_SERVICE_TOKEN": service.tokens["ada"],
    }
    profile = ["-m", "cProfile", "-o", str(Path(args.profile).resolve())] if args.profile else []
    lab_proc, lab_log = start_server(
        [
            f"--port={lab_port}",
            "--allow-root",
            f"--ServerApp.root_dir={service.root}",
            f"--IdentityProvider.token={LAB_TOKEN}",
            "--ServerApp.jpserver_extensions=jupyter_jms=True",
        ],
        env,
        tmp / "lab.log",
        lab_url + "jms/api/me",
        LAB_TOKEN,
        python=profile,
    )
    try:
        lab = Client(lab_url, LAB_TOKEN)
        direct = Client(service.url, service.tokens["ada"])

        # 1. GET drafts?limit=50, interleaved so both see the same machine load.
        path = "/jms/api/drafts?limit=50"
        for client in (lab, direct):
            code, body, _ = client.send("GET", path)
            assert code == 200, body
        through: list[float] = []
        straight: list[float] = []
        floor: list[float] = []
        lab_cpu, service_cpu = cpu_clock(lab_proc.pid), cpu_clock(service.proc.pid)
        cpu0 = (lab_cpu(), service_cpu())
        for _ in range(args.requests):
            code, a, t = lab.send("GET", path)
            assert code == 200
            through.append(t)
            code, b, t = direct.send("GET", path)
            assert code == 200
            straight.append(t)
        # CPU seconds the Lab spent per forwarded request, and the service per request (it
        # answered both): the work itself, unlike latency unmoved by other load on the machine.
        lab_ms = (lab_cpu() - cpu0[0]) / args.requests * 1000
        service_ms = (service_cpu() - cpu0[1]) / (2 * args.requests) * 1000
        for _ in range(args.requests):
            code, _, t = lab.send("GET", "/api/status")
            floor.append(t)
        assert json.loads(a) == json.loads(b)
        list_ratio = median_ms(through) / median_ms(straight)
        print(f"GET drafts?limit=50  ({len(json.loads(a)['items'])} items)")
        print(f"  through the Lab:  {median_ms(through):7.2f} ms median")
        print(f"  service directly: {median_ms(straight):7.2f} ms median")
        print(f"  ratio: {list_ratio:.2f}x (target <= 2x)")
        print(f"  (the Lab's own GET api/status: {median_ms(floor):.2f} ms median)")
        print(f"  CPU per request: the Lab {lab_ms:.2f} ms, the service {service_ms:.2f} ms")

        if args.no_submit:
            return 0
        # 2. A 5 MB notebook: submitted through the Lab vs a Contents API PUT to the Lab.
        (service.root / "bench").mkdir(exist_ok=True)
        submits: list[float] = []
        puts: list[float] = []
        size = 0
        for i in range(args.submits):
            nb = big_notebook(args.mb, f"Benchmark post {i}")
            put_body = json.dumps({"type": "notebook", "format": "json", "content": nb}).encode()
            code, body, t = lab.send("PUT", f"/api/contents/bench/put-{i}.ipynb", put_body)
            assert code in (200, 201), body[:300]
            puts.append(t)
            rel = f"bench/submit-{i}.ipynb"
            (service.root / rel).write_text(json.dumps(nb, indent=1))
            size = (service.root / rel).stat().st_size
            code, body, t = lab.send("POST", "/jms/api/drafts", json.dumps({"path": rel}).encode())
            assert code == 201, body[:300]
            submits.append(t)
        submit_ratio = median_ms(submits) / median_ms(puts)
        print(f"submit a {size / 1e6:.1f} MB notebook ({args.submits} times)")
        print(f"  POST drafts through the Lab: {median_ms(submits):7.1f} ms median")
        print(f"  Contents API PUT to the Lab: {median_ms(puts):7.1f} ms median")
        print(f"  ratio: {submit_ratio:.2f}x (target <= 2.5x)")
    finally:
        stop(lab_proc, lab_log)
        service.stop()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
