"""`jupyter jms demo`: the JMS service and one connected JupyterLab per demo member.

The service is started the way ``jupyter jms serve`` starts (the same command: member
tokens, an Authorizer that gives members the JMS API only, an empty root); each member's
Lab is a plain JupyterLab with its own root and token, connected to the service with that
member's token. This module reads the options, prints the links once every server answers,
and stops every server on Ctrl-C or SIGTERM (``demo_servers.py`` runs them).
"""

from __future__ import annotations

import argparse
import os
import signal
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

from .demo import DEMO_MEMBERS
from .demo_root import Demo, DemoError, open_demo, write_private
from .demo_servers import Server, log_tail, plan, port_is_free, start, stop_all, wait_until_up

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


def parse(argv: list[str]) -> tuple[argparse.Namespace, list[str]]:
    parser = argparse.ArgumentParser(
        prog="jupyter jms demo",
        # No abbreviations: an option meant for the Jupyter servers must not be taken for ours.
        allow_abbrev=False,
        description="The JMS service on the demo database and one JupyterLab per demo member, "
        "connected to it. Other options (e.g. --ServerApp.ip=...) go to every Jupyter server "
        "the demo starts. As root, the demo passes --allow-root to its own servers and says "
        "so (`jupyter jms serve` never does).",
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
        members = list(dict.fromkeys(m.strip() for m in args.members.split(",") if m.strip()))
        unknown = [m for m in members if m not in DEMO_MEMBERS]
        if unknown or not members:
            return fail(
                f"--members takes demo members from {', '.join(DEMO_MEMBERS)}"
                + (f"; unknown: {', '.join(unknown)}." if unknown else ".")
            )
    as_root = hasattr(os, "geteuid") and os.geteuid() == 0
    if not args.prepare_only:
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
    stops = [signal.SIGTERM, *([signal.SIGHUP] if hasattr(signal, "SIGHUP") else [])]
    handlers = {sig: signal.signal(sig, _raise_stop) for sig in stops}
    labs_file = demo.where.labs_file
    # One left by a demo that was killed: tools wait for a new one to appear.
    labs_file.unlink(missing_ok=True)
    try:
        if as_root:
            # A demo on loopback with sample data, so the first command of the README works
            # in a root container too; the real service (`jupyter jms serve`) never adds it.
            print(
                "Running as root: the demo passes --allow-root to its servers. A real service "
                "(jupyter jms serve) runs as root only when you pass it yourself."
            )
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
        for sig in (signal.SIGINT, *stops):
            signal.signal(sig, signal.SIG_IGN)
        stop_all(servers)
        labs_file.unlink(missing_ok=True)
        for sig, handler in handlers.items():
            signal.signal(sig, handler)
        signal.signal(signal.SIGINT, signal.default_int_handler)
