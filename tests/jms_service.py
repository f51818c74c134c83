"""A real JMS service process for tests and benchmarks: demo data, member tokens."""

from __future__ import annotations

import http.client
import json
import os
import random
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Callable
from pathlib import Path
from typing import Any

BIN = Path(sys.executable).parent


def _ephemeral_low() -> int:
    try:
        return int(Path("/proc/sys/net/ipv4/ip_local_port_range").read_text().split()[0])
    except (OSError, ValueError, IndexError):
        return 32768


def free_port() -> int:
    """A free port below the kernel's ephemeral range, with the next few free too.

    Not port 0's answer: that port lies in the ephemeral range, where kernels' ZMQ sockets and
    outgoing connections take ports at random (a demo restarted on "its" ports could find one
    taken), and where a probe of a port nobody listens on yet can connect to itself. The demo
    puts its Labs on the ports right after its own, hence the run of free ones."""
    low = min(_ephemeral_low(), 65536) - 1000
    for _ in range(200):
        port = random.randrange(10000, max(low, 10001) - 8)
        if all(_bindable(p) for p in range(port, port + 8)):
            return port
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        found: int = s.getsockname()[1]
        return found


def _bindable(port: int) -> bool:
    with socket.socket() as s:
        try:
            s.bind(("127.0.0.1", port))
        except OSError:
            return False
        return True


def get(url: str, token: str, timeout: float = 30) -> Any:
    req = urllib.request.Request(url, headers={"Authorization": f"token {token}"})
    with urllib.request.urlopen(req, timeout=timeout) as resp:
        return json.loads(resp.read())


def wait_for_server(probe: Callable[[], object], proc: Any, timeout: float = 90) -> bool:
    """Whether ``probe`` answered (returned something true) within ``timeout`` seconds while
    ``proc`` still ran. A probe that raises ``OSError`` or ``http.client.HTTPException`` found
    no server yet: on an ephemeral port a probe can connect to itself and read its own request
    back, which ``http.client`` reports as a garbled answer."""
    deadline = time.monotonic() + timeout
    while True:
        try:
            if probe():
                return True
        except (OSError, http.client.HTTPException):
            pass
        if time.monotonic() > deadline or proc.poll() is not None:
            return False
        time.sleep(0.3)


def start_server(
    args: list[str],
    env: dict[str, str],
    log: Path,
    probe: str,
    token: str,
    python: list[str] | None = None,
) -> Any:
    """A ``jupyter_server`` process, once ``probe`` answers with ``token``. ``python``: options
    for the interpreter before ``-m jupyter_server`` (``-m cProfile -o FILE`` profiles it)."""
    out = open(log, "w")  # noqa: SIM115 (closed with the process)
    proc = subprocess.Popen(
        [
            sys.executable,
            *(python or []),
            "-m",
            "jupyter_server",
            "--ip=127.0.0.1",
            "--no-browser",
            *args,
        ],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=out,
    )
    if not wait_for_server(lambda: get(probe, token, timeout=5) is not None, proc):
        stop(proc, out)
        raise RuntimeError(f"the server did not start: see {log}")
    return proc, out


def stop(proc: Any, out: Any) -> None:
    proc.terminate()
    try:
        proc.wait(timeout=20)
    except subprocess.TimeoutExpired:
        proc.kill()
        proc.wait()
    out.close()


class JmsService:
    """``jupyter jms demo --prepare-only`` data behind a `serve`-like Jupyter server."""

    def __init__(self, root: Path) -> None:
        subprocess.run(
            [str(BIN / "jupyter"), "jms", "demo", "--prepare-only", "--root", str(root)],
            check=True,
            capture_output=True,
        )
        self.root = root
        self.tokens: dict[str, str] = json.loads((root / ".jms" / "tokens.json").read_text())
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}/"
        env = {**os.environ, "JMS_DATABASE_URL": f"sqlite:///{root / '.jms' / 'jms.sqlite'}"}
        env.pop("JMS_SERVICE_URL", None)
        env.pop("JMS_SERVICE_TOKEN", None)
        self.proc, self.log = start_server(
            [
                f"--port={self.port}",
                "--allow-root",
                f"--ServerApp.root_dir={root}",
                "--IdentityProvider.token=service-server-token",
                "--ServerApp.identity_provider_class=jupyter_jms.auth.JmsIdentityProvider",
                "--JmsApp.identity=server",
                "--ServerApp.jpserver_extensions=jupyter_jms=True",
            ],
            env,
            root / "service.log",
            self.url + "jms/api/version",
            self.tokens["ada"],
        )

    def get(self, path: str, user: str) -> Any:
        return get(self.url + "jms/api/" + path, self.tokens[user])

    def stop(self) -> None:
        stop(self.proc, self.log)
