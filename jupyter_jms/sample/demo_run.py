"""`jupyter jms demo`: the JMS service and one connected JupyterLab per demo member.

The service is started the way ``jupyter jms serve`` starts (the same command: member
tokens, an Authorizer that gives members the JMS API only, an empty root); each member's
Lab is a plain JupyterLab with its own root and token, connected to the service with that
member's token (``JmsApp.service_url`` / ``JMS_SERVICE_TOKEN``). They are child processes in
their own sessions: Ctrl-C or SIGTERM reaches this process only, which stops every child.
"""

from __future__ import annotations

import argparse
import contextlib
import errno
import os
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO, Any

from .demo import DEMO_MEMBERS, Demo, DemoError, open_demo, write_private

START_TIMEOUT = 240.0
STOP_TIMEOUT = 20.0

# Options the demo sets for each server itself; given again, traitlets would refuse the
# second value, so they are refused here with a sentence instead.
OWNED_OPTIONS = {
    "--ServerApp.port": "use --port",
    "--ServerApp.port_retries": "the demo checks its ports itself",
    "--ServerApp.root_dir": "use --root",
    "--ServerApp.notebook_dir": "use --root",
    "--notebook-dir": "use --root",
    "--ServerApp.open_browser": "the demo opens no browser: open the links it prints",
    "--ServerApp.token": "each Lab's token is in ROOT/.jms/lab-tokens.json",
    "--IdentityProvider.token": "each Lab's token is in ROOT/.jms/lab-tokens.json",
    "--ServerApp.identity_provider_class": "the demo chooses each server's",
    "--ServerApp.authorizer_class": "the demo chooses each server's",
    "--JmsApp.database_url": "the demo's database is ROOT/.jms/jms.sqlite",
    "--JmsApp.service_url": "the demo connects each Lab to its own service",
    "--JmsApp.service_token": "the demo connects each Lab with its member's token",
}


class Stop(Exception):
    """SIGTERM or SIGHUP: stop the demo as Ctrl-C does."""


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


def parse(argv: list[str]) -> tuple[argparse.Namespace, list[str]]:
    parser = argparse.ArgumentParser(
        prog="jupyter jms demo",
        # No abbreviations: an option meant for the Jupyter servers must not be taken for ours.
        allow_abbrev=False,
        description="The JMS service on the demo database and one JupyterLab per demo member, "
        "connected to it. Other options (e.g. --ServerApp.ip=..., --allow-root) go to every "
        "Jupyter server the demo starts.",
    )
    parser.add_argument(
        "--root",
        help="folder for the demo (default: a new temporary one); "
        "a folder that holds a demo starts that demo again, with its data and tokens",
    )
    parser.add_argument(
        "--prepare-only", action="store_true", help="create the data, start no server"
    )
    parser.add_argument(
        "--port",
        type=int,
        default=8888,
        help="the service's port (default 8888); the Labs take the next free ones",
    )
    parser.add_argument(
        "--members",
        help=f"start Labs only for these members, comma-separated (default: all of "
        f"{', '.join(DEMO_MEMBERS)}); the others keep their service tokens",
    )
    return parser.parse_known_args(argv)


def fail(message: str, code: int = 2) -> int:
    print(f"jupyter jms demo: {message}", file=sys.stderr, flush=True)
    return code


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
    except (urllib.error.URLError, OSError, ValueError):
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
            *rest,
        ],
        child_env(),
        where.logs / "service.log",
        f"http://127.0.0.1:{port}/jms/api/version",
        demo.tokens[members[0] if members else "ada"],
    )
    as_root = hasattr(os, "geteuid") and os.geteuid() == 0
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
                    # A member's own Lab is a personal server: as root it needs this.
                    *(["--allow-root"] if as_root and "--allow-root" not in rest else []),
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


def links(demo: Demo, servers: list[Server]) -> str:
    service, labs = servers[0], {s.name: s for s in servers[1:]}
    out = [
        "",
        f"The JMS service: {service.url} (member tokens reach its API, /jms/api/, and nothing else)",
        "Each member's own JupyterLab, connected to the service as that member "
        "(one browser profile each):",
    ]
    for user, role in DEMO_MEMBERS.items():
        lab = labs.get(user)
        if lab is not None:
            out.append(f"  {user:<6} {role:<26} {lab.url}lab?token={demo.lab_tokens[user]}")
        else:
            out.append(
                f"  {user:<6} {role:<26} no Lab (--members); service token {demo.tokens[user]}"
            )
    out += [
        "",
        "The service's API as the editor ada:",
        f'  curl -H "Authorization: token {demo.tokens["ada"]}" {service.url}jms/api/drafts',
        "",
        f"Tokens and links: {demo.where.labs_file}; logs: {demo.where.logs}/",
        "Stop with Ctrl-C.",
    ]
    return "\n".join(out)


def labs_json(demo: Demo, servers: list[Server]) -> dict[str, Any]:
    service = servers[0]
    data: dict[str, Any] = {
        s.name: {"url": s.url, "token": demo.lab_tokens[s.name]} for s in servers[1:]
    }
    data["service"] = {"url": service.url, "database": demo.where.db_url, "tokens": demo.tokens}
    return data


def prepared(demo: Demo) -> str:
    out = ["Each member's token on the JMS service:"]
    out += [f"  {u:<6} {role:<26} {demo.tokens[u]}" for u, role in DEMO_MEMBERS.items()]
    out.append(f"Start it with: jupyter jms demo --root {demo.where.root}")
    return "\n".join(out)


def _raise_stop(signum: int, frame: Any) -> None:
    raise Stop()


def run_demo(argv: list[str]) -> int:
    args, rest = parse(argv)
    for arg in rest:
        name = arg.split("=", 1)[0]
        if name in OWNED_OPTIONS:
            return fail(f"{name} is set by the demo for each server ({OWNED_OPTIONS[name]}).")
    members = list(DEMO_MEMBERS)
    if args.members is not None:
        members = [m.strip() for m in args.members.split(",") if m.strip()]
        unknown = [m for m in members if m not in DEMO_MEMBERS]
        if unknown or not members:
            return fail(
                f"--members takes demo members from {', '.join(DEMO_MEMBERS)}"
                + (f"; unknown: {', '.join(unknown)}." if unknown else ".")
            )
    as_root = hasattr(os, "geteuid") and os.geteuid() == 0
    if not args.prepare_only:
        if as_root and "--allow-root" not in rest:
            return fail(
                "you are root, and the JMS service runs as root only if you say so: add "
                "--allow-root, or run the demo as another user."
            )
        if not port_is_free(args.port):
            return fail(f"port {args.port} is in use; choose another with --port.")
    root = Path(args.root or tempfile.mkdtemp(prefix="jms-demo-")).resolve()
    root.mkdir(parents=True, exist_ok=True)
    try:
        demo = open_demo(root)
    except DemoError as exc:
        return fail(str(exc))
    except KeyboardInterrupt:
        return fail("interrupted while preparing the demo.", 130)
    again = " (the demo found there, with its data and tokens)" if demo.restarted else ""
    print(f"demo root: {root}{again}\ndatabase: {demo.where.db_url}", flush=True)
    if args.prepare_only:
        print(prepared(demo), flush=True)
        return 0
    try:
        servers = plan(demo, args.port, members, rest)
    except DemoError as exc:
        return fail(str(exc))
    return serve(demo, servers, as_root)


def serve(demo: Demo, servers: list[Server], as_root: bool) -> int:
    handlers = {sig: signal.signal(sig, _raise_stop) for sig in (signal.SIGTERM, signal.SIGHUP)}
    labs_file = demo.where.labs_file
    try:
        if as_root:
            print("Running as root: the members' Labs (personal servers) get --allow-root.")
        print(
            f"Starting the JMS service on port {servers[0].port} and "
            f"{len(servers) - 1} connected Lab(s)...",
            flush=True,
        )
        for server in servers:
            start(server)
        failed = wait_until_up(servers)
        if failed is not None:
            assert failed.proc is not None
            how = "stopped" if failed.proc.poll() is not None else "did not answer"
            print(
                f"jupyter jms demo: the {failed.name} server {how} during start-up; "
                f"its log, {failed.log_path}, ends with:\n{log_tail(failed.log_path)}",
                file=sys.stderr,
                flush=True,
            )
            return 1
        write_private(labs_file, labs_json(demo, servers))
        print(links(demo, servers), flush=True)
        while True:
            for server in servers:
                assert server.proc is not None
                if server.proc.poll() is not None:
                    print(
                        f"jupyter jms demo: the {server.name} server stopped (see "
                        f"{server.log_path}); stopping the others.",
                        file=sys.stderr,
                        flush=True,
                    )
                    return 1
            time.sleep(0.5)
    except (KeyboardInterrupt, Stop):
        print("\nStopping the demo's servers...", flush=True)
        return 0
    finally:
        # A second Ctrl-C must not leave children behind half-way through.
        for sig in (signal.SIGINT, signal.SIGTERM, signal.SIGHUP):
            signal.signal(sig, signal.SIG_IGN)
        stop_all(servers)
        labs_file.unlink(missing_ok=True)
        for sig, handler in handlers.items():
            signal.signal(sig, handler)
        signal.signal(signal.SIGINT, signal.default_int_handler)
