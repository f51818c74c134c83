"""`jupyter jms ...`: serve, demo, connect, db, roster, channels, token, page, export, import,
publish.

Every command reads the Jupyter configuration the server reads (``c.JmsApp.*``); the
database is ``--db URL``, else ``$JMS_DATABASE_URL``, else ``c.JmsApp.database_url``, else
SQLite under the Jupyter data dir, and each command that opens it says which on stderr.
"""

from __future__ import annotations

import argparse
import os
import sys

from sqlalchemy.exc import OperationalError

from ..errors import ServiceError
from ..store.db import MissingDriver, SchemaMismatch
from ..version import __version__
from .connect import add_connect_command
from .governance import add_governance_commands
from .publish import add_publish_command
from .registry import (
    cmd_channels,
    cmd_db,
    cmd_export,
    cmd_import,
    cmd_page,
    cmd_roster,
    cmd_token,
)


def service_root() -> str:
    """The service's Jupyter root: an empty folder only its OS user can open.

    The service keeps drafts in the database; members have no files on it, so its root holds
    nothing to share (``--ServerApp.root_dir`` chooses another)."""
    from jupyter_core.paths import jupyter_data_dir

    root = os.path.join(jupyter_data_dir(), "jms", "service-root")
    os.makedirs(root, mode=0o700, exist_ok=True)
    return root


ROOT_DIR_OPTIONS = {"--ServerApp.root_dir", "--ServerApp.notebook_dir", "--notebook-dir"}


def _root_dir_chosen(rest: list[str]) -> bool:
    """Whether the operator chose the server's root, on the command line or in a config file
    (traitlets refuses an option given twice on the command line)."""
    if {arg.split("=", 1)[0] for arg in rest} & ROOT_DIR_OPTIONS:
        return True
    from jupyter_server.serverapp import ServerApp
    from traitlets import TraitError

    server = ServerApp()
    try:
        server.load_config_file()
    except TraitError:
        # A configured value the server will refuse (e.g. a root that does not exist): leave
        # the configuration as it is, and the server's own message says what is wrong.
        return True
    return "root_dir" in server.config.ServerApp


def serve_config(root_dir: str | None) -> dict[str, dict[str, str]]:
    """The server configuration ``jupyter jms serve`` adds: member tokens, an Authorizer that
    gives members the JMS API and nothing else, a private root (unless ``root_dir`` is None:
    the operator chose one), and ``/`` leading to the landing page rather than to JupyterLab,
    which members may not open."""
    config = {
        "ServerApp": {
            "identity_provider_class": "jupyter_jms.auth.JmsIdentityProvider",
            "authorizer_class": "jupyter_jms.authorizer.JmsAuthorizer",
            **({"root_dir": root_dir} if root_dir is not None else {}),
        },
        # LabApp is the app launched; it hands its default_url to the server.
        "LabApp": {"default_url": "/jms/"},
        "JmsApp": {"identity": "server"},
    }
    # Run by JupyterHub as a service: Hub sign-in, at the address and prefix the Hub routes to.
    from ..hub import serve_config as hub_serve_config

    for app, traits in hub_serve_config().items():
        config.setdefault(app, {}).update(traits)
    return config


def serve_argv(rest: list[str]) -> list[str]:
    """The server's command line: ``serve_config`` as options, then ``rest``. An option the
    operator gives in ``rest`` replaces ours (traitlets refuses one given twice)."""
    given = {arg.split("=", 1)[0] for arg in rest}
    config = serve_config(None if _root_dir_chosen(rest) else service_root())
    ours = [
        (f"--{app}.{key}", value) for app, traits in config.items() for key, value in traits.items()
    ]
    return [*(f"{option}={value}" for option, value in ours if option not in given), *rest]


def cmd_serve(rest: list[str]) -> int:
    from jupyterlab.labapp import LabApp

    # No --allow-root here: running the service as root is the operator's explicit choice,
    # and jupyter_server's own message says how to make it.
    LabApp.launch_instance(argv=serve_argv(rest))
    return 0


def cmd_demo(rest: list[str]) -> int:
    from ..sample.demo_run import run_demo

    return run_demo(rest)


def build_parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(prog="jupyter jms", description=__doc__)
    p.add_argument("--version", action="version", version=__version__)
    p.add_argument(
        "--db",
        help="database URL (default: $JMS_DATABASE_URL, else c.JmsApp.database_url in the "
        "Jupyter config, else SQLite under the Jupyter data dir)",
    )
    sub = p.add_subparsers(dest="command", required=True)

    sub.add_parser("serve", help="run the shared JMS service (member tokens); takes server options")
    sub.add_parser(
        "demo",
        help="the JMS service on sample data and one connected JupyterLab per demo member "
        "(`jupyter jms demo --help`)",
    )

    db = sub.add_parser("db", help="schema: show the revision or upgrade")
    db.add_argument("action", choices=["upgrade", "current"])
    db.add_argument("--no-backup", action="store_true", help="skip the SQLite backup")
    db.set_defaults(func=cmd_db)

    roster = sub.add_parser("roster", help="import the member roster YAML")
    roster.add_argument("action", choices=["import"])
    roster.add_argument("file")
    roster.set_defaults(func=cmd_roster)

    channels = sub.add_parser("channels", help="import channels YAML")
    channels.add_argument("action", choices=["import"])
    channels.add_argument("file")
    channels.set_defaults(func=cmd_channels)

    token = sub.add_parser("token", help="member tokens for `jupyter jms serve`")
    token.add_argument("action", choices=["create", "revoke", "list"])
    token.add_argument("target", nargs="?", help="USERNAME (create, list) or TOKEN/ID (revoke)")
    token.add_argument("--note", help="what the token is for")
    token.set_defaults(func=cmd_token)

    add_governance_commands(sub)
    add_connect_command(sub)
    add_publish_command(sub)

    page = sub.add_parser("page", help="the media strategy page, generated from the registry")
    page.add_argument("--html", action="store_true", help="HTML instead of Markdown")
    page.add_argument("-o", "--output", help="write to FILE instead of standard output")
    page.set_defaults(func=cmd_page)

    export = sub.add_parser("export", help="the whole registry as YAML")
    export.add_argument("-o", "--output", help="write to FILE instead of standard output")
    export.set_defaults(func=cmd_export)

    imp = sub.add_parser("import", help="import a registry YAML (all or nothing)")
    imp.add_argument("file")
    imp.set_defaults(func=cmd_import)
    return p


def main(argv: list[str] | None = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    # serve and demo hand every other option to the Jupyter server unchanged.
    if argv and argv[0] in ("serve", "demo"):
        return cmd_serve(argv[1:]) if argv[0] == "serve" else cmd_demo(argv[1:])
    parser = build_parser()
    args = parser.parse_args(argv)
    if args.command == "token" and args.action in ("create", "revoke") and not args.target:
        parser.error(
            f"token {args.action} needs a {'USERNAME' if args.action == 'create' else 'TOKEN or id'}"
        )
    try:
        return int(args.func(args))
    except ServiceError as exc:
        print(f"error: {exc.message}", file=sys.stderr)
        for field, message in exc.errors:
            print(f"  {field}: {message}", file=sys.stderr)
        return 2
    except SchemaMismatch as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 3
    except MissingDriver as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    except OperationalError as exc:
        # The driver's own first line (host, port, reason); the URL and its password are
        # not in it, and the database line above already said which one was tried.
        reason = str(exc.orig or exc).strip().splitlines()[0]
        print(f"error: the database could not be used: {reason}", file=sys.stderr)
        return 3
    except FileNotFoundError as exc:
        print(f"error: no such file: {exc.filename}", file=sys.stderr)
        return 2
