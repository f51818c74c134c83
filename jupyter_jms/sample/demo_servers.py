"""The demo's servers as child processes: the JMS service started as ``jupyter jms serve``
starts it, and one JupyterLab per member connected to it; free ports, start, wait, stop.

Each child runs in its own session: Ctrl-C in the terminal reaches ``jupyter jms demo`` only,
which stops the children in order (``stop_all``), kernels included.
"""

from __future__ import annotations

import contextlib
import errno
import http.client
import os
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO

from .demo_root import Demo, DemoError

START_TIMEOUT = 240.0
STOP_TIMEOUT = 20.0


@dataclass
class Server:
    name: str
    port: int
    command: list[str]
    env: dict[str, str]
    log_path: Path
    probe: str  # a URL that answers 200 once the server is up
    probe_token: str
    proc: subprocess.Popen[bytes] | None = None
    log: IO[bytes] | None = field(default=None, repr=False)

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}/"


def port_is_free(port: int) -> bool:
    """Whether a Jupyter server could listen on ``port`` on this machine's loopback.

    Binds as Tornado does (SO_REUSEADDR, the IPv4 and, where there is one, the IPv6
    loopback); asking before starting lets the demo say which port is taken before it
    prints any link."""
    if not 0 < port < 65536:
        return False
    for family, host in ((socket.AF_INET, "127.0.0.1"), (socket.AF_INET6, "::1")):
        try:
            sock = socket.socket(family, socket.SOCK_STREAM)
        except OSError:
            continue  # no IPv6 on this machine
        with sock:
            sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
            try:
                sock.bind((host, port))
            except OSError as exc:
                if family == socket.AF_INET6 and exc.errno == errno.EADDRNOTAVAIL:
                    continue
                return False
    return True


def lab_ports(first: int, count: int) -> list[int]:
    """``count`` free ports after ``first``, in order (the same ones on each restart while
    they stay free, so the printed links stay the same)."""
    ports: list[int] = []
    port = first
    while len(ports) < count:
        port += 1
        if port > 65535:
            raise DemoError(f"there are not {count} free ports above {first}: choose --port.")
        if port_is_free(port):
            ports.append(port)
    return ports


def answers(url: str, token: str) -> bool:
    # No proxy: the servers are on this machine, whatever http_proxy says.
    opener = urllib.request.build_opener(urllib.request.ProxyHandler({}))
    request = urllib.request.Request(url, headers={"Authorization": f"token {token}"})
    try:
        with opener.open(request, timeout=5) as resp:
            return bool(resp.status == 200)
    # HTTPException too: while nothing listens yet on a port of the ephemeral range, the
    # kernel may connect the probe to itself (same source and destination port), and the
    # probe then reads back its own request line as a "status line" (BadStatusLine).
    except (urllib.error.URLError, OSError, ValueError, http.client.HTTPException):
        return False


def child_env(**extra: str) -> dict[str, str]:
    env = dict(os.environ)
    for name in ("JMS_DATABASE_URL", "JMS_SERVICE_URL", "JMS_SERVICE_TOKEN", "JUPYTER_TOKEN"):
        env.pop(name, None)
    env.update(extra)
    return env


def plan(demo: Demo, port: int, members: list[str], rest: list[str]) -> list[Server]:
    """The service and the Labs: command lines, environments and where each answers."""
    where = demo.where
    where.logs.mkdir(exist_ok=True)
    common = ["--ServerApp.port_retries=0", "--ServerApp.open_browser=False"]
    as_root = hasattr(os, "geteuid") and os.geteuid() == 0
    # As root every server the demo starts needs it (see demo_run.serve, which says so).
    root_args = ["--allow-root"] if as_root and "--allow-root" not in rest else []
    service = Server(
        "service",
        port,
        [
            sys.executable,
            "-m",
            "jupyter_jms.cli",
            "serve",
            f"--ServerApp.root_dir={where.service_root}",
            f"--ServerApp.port={port}",
            f"--JmsApp.database_url={where.db_url}",
            # A client configuration of this user's (`jupyter jms connect`) must not turn
            # the service itself into a client of another service.
            "--JmsApp.service_url=",
            *common,
            *root_args,
            *rest,
        ],
        child_env(),
        where.logs / "service.log",
        f"http://127.0.0.1:{port}/jms/api/version",
        demo.tokens[members[0] if members else "ada"],
    )
    servers = [service]
    for user, lab_port in zip(members, lab_ports(port, len(members)), strict=True):
        where.workspaces(user).mkdir(parents=True, exist_ok=True)
        token_args: list[str] = []
        if _configured_service_token():
            # A token in this user's Jupyter config would win over the environment.
            token_args = [f"--JmsApp.service_token={demo.tokens[user]}"]
        servers.append(
            Server(
                user,
                lab_port,
                [
                    sys.executable,
                    "-m",
                    "jupyterlab",
                    f"--ServerApp.root_dir={where.lab(user)}",
                    f"--ServerApp.port={lab_port}",
                    f"--JmsApp.service_url={service.url}",
                    *token_args,
                    *common,
                    *root_args,
                    *rest,
                ],
                # Tokens through the environment, not the command line other users can read.
                child_env(
                    JMS_SERVICE_TOKEN=demo.tokens[user],
                    JUPYTER_TOKEN=demo.lab_tokens[user],
                    JUPYTERLAB_WORKSPACES_DIR=str(where.workspaces(user)),
                ),
                where.logs / f"lab-{user}.log",
                f"http://127.0.0.1:{lab_port}/jms/api/me",
                demo.lab_tokens[user],
            )
        )
    return servers


def _configured_service_token() -> bool:
    from ..cli.connect import ConnectError, config_file, read_config

    try:
        return bool(read_config(config_file()).get("JmsApp", {}).get("service_token"))
    except ConnectError:
        return False


def _stop_with_the_demo() -> None:
    """In the child, before it runs the server: on Linux, a SIGTERM when the demo's process
    ends, even when it is killed outright (``prctl(PR_SET_PDEATHSIG)``), so that no server
    outlives it. Written by hand: the standard library has no binding for it."""
    import ctypes

    pr_set_pdeathsig = 1
    with contextlib.suppress(OSError, AttributeError):
        ctypes.CDLL(None, use_errno=True).prctl(pr_set_pdeathsig, int(signal.SIGTERM))


def start(server: Server) -> None:
    server.log = open(server.log_path, "ab")  # noqa: SIM115 (closed in stop_all)
    server.proc = subprocess.Popen(
        server.command,
        env=server.env,
        stdin=subprocess.DEVNULL,
        stdout=server.log,
        stderr=subprocess.STDOUT,
        # Its own session: the terminal's Ctrl-C reaches the demo, which stops it in order.
        start_new_session=True,
        # The demo starts no thread, so a function before exec is safe here.
        preexec_fn=_stop_with_the_demo if sys.platform.startswith("linux") else None,
    )


def stop_all(servers: list[Server]) -> None:
    """SIGTERM to every child (Jupyter then stops its kernels and terminals), SIGKILL to any
    still there after STOP_TIMEOUT, and to whatever is left in their process groups."""
    running = [s for s in servers if s.proc is not None and s.proc.poll() is None]
    for server in running:
        assert server.proc is not None
        with contextlib.suppress(ProcessLookupError):
            server.proc.terminate()
    deadline = time.monotonic() + STOP_TIMEOUT
    for server in servers:
        if server.proc is None:
            continue
        try:
            server.proc.wait(timeout=max(0.1, deadline - time.monotonic()))
        except subprocess.TimeoutExpired:
            server.proc.kill()
            server.proc.wait()
        if hasattr(os, "killpg"):
            with contextlib.suppress(ProcessLookupError, PermissionError):
                os.killpg(server.proc.pid, signal.SIGKILL)
        if server.log is not None:
            server.log.close()


def wait_until_up(servers: list[Server]) -> Server | None:
    """Every server answering its probe; else the one that stopped or never answered."""
    waiting = list(servers)
    deadline = time.monotonic() + START_TIMEOUT
    while waiting:
        for server in list(waiting):
            assert server.proc is not None
            if server.proc.poll() is not None:
                return server
            if answers(server.probe, server.probe_token):
                waiting.remove(server)
        if waiting and time.monotonic() > deadline:
            return waiting[0]
        if waiting:
            time.sleep(0.5)
    return None


def log_tail(path: Path, lines: int = 15) -> str:
    try:
        text = path.read_text(encoding="utf-8", errors="replace")
    except OSError:
        return ""
    return "\n".join(text.splitlines()[-lines:])
