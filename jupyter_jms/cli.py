"""`jupyter jms ...`: serve, demo, db, roster, channels, token, page, export, import.

Every command honours ``JMS_DATABASE_URL`` (or ``--db URL``).
"""

from __future__ import annotations

import argparse
import getpass
import os
import sys
from pathlib import Path
from typing import Any

from . import __version__
from .services.errors import ServiceError
from .store.db import SchemaMismatch, Store, default_database_url


def _services(url: str | None, *, check: bool = True) -> Any:
    from .app import Services
    from .services.context import Settings

    store = Store(url or default_database_url())
    if check:
        store.ensure_schema()
    return Services(store, Settings(), workers=1)


def _actor() -> str:
    return getpass.getuser()


def cmd_db(args: argparse.Namespace) -> int:
    store = Store(args.db or default_database_url())
    if args.action == "current":
        print(f"database: {store.display_url()}")
        print(f"revision: {store.current_revision() or 'none (empty)'}")
        print(f"code needs: {store.head_revision()}")
        return 0
    before = store.current_revision()
    copy = store.upgrade(backup=not args.no_backup)
    if copy:
        print(f"backed up {copy}")
    print(f"upgraded {store.display_url()} from {before or 'empty'} to {store.current_revision()}")
    return 0


def cmd_roster(args: argparse.Namespace) -> int:
    svc = _services(args.db)
    counts = svc.members.import_roster_text(Path(args.file).read_text(), actor=_actor())
    print(
        f"members: {counts['created']} created, {counts['updated']} updated; "
        f"role intervals added: {counts['roles_added']}"
    )
    return 0


def cmd_channels(args: argparse.Namespace) -> int:
    svc = _services(args.db)
    counts = svc.channels.import_text(Path(args.file).read_text(), actor=_actor())
    print(f"channels: {counts['created']} created, {counts['updated']} updated")
    return 0


def _write_out(text: str, target: str | None) -> None:
    if target:
        Path(target).write_text(text, encoding="utf-8")
        print(f"wrote {target}", file=sys.stderr)
    else:
        sys.stdout.write(text)


def cmd_page(args: argparse.Namespace) -> int:
    svc = _services(args.db)
    page = svc.page.render("html" if args.html else "markdown")
    _write_out(page["content"], args.output)
    return 0


def cmd_export(args: argparse.Namespace) -> int:
    from .domain.access import Caller

    svc = _services(args.db)
    # The command line acts with the database owner's authority, like roster import.
    text = svc.registry_io.export_yaml(Caller(_actor(), frozenset({"admin"})))
    _write_out(text, args.output)
    return 0


def cmd_import(args: argparse.Namespace) -> int:
    svc = _services(args.db)
    counts = svc.registry_io.import_text(Path(args.file).read_text(), actor=_actor())
    print(
        f"registry: {counts['created']} created, {counts['updated']} updated, "
        f"{counts['unchanged']} unchanged"
    )
    return 0


def cmd_token(args: argparse.Namespace) -> int:
    from .domain.access import Caller

    svc = _services(args.db)
    # The command line acts with the database owner's authority, like roster import.
    owner = Caller(_actor(), frozenset({"admin"}))
    if args.action == "create":
        token, row = svc.tokens.create(owner, args.target, note=args.note or "")
        print(f"token {row['id']} for {row['username']} (shown once; store it safely):")
        print(token)
    elif args.action == "revoke":
        row = svc.tokens.revoke(owner, args.target)
        print(f"revoked token {row['id']} of {row['username']}")
    else:
        for row in svc.tokens.list(owner, args.target):
            state = f"revoked {row['revoked_at']}" if row["revoked_at"] else "live"
            print(f"{row['id']}\t{row['username']}\t{row['prefix']}…\t{state}\t{row['note']}")
    return 0


def cmd_serve(rest: list[str]) -> int:
    from jupyterlab.labapp import LabApp

    argv = [
        "--ServerApp.identity_provider_class=jupyter_jms.auth.JmsIdentityProvider",
        "--JmsApp.identity=server",
        *(["--allow-root"] if hasattr(os, "geteuid") and os.geteuid() == 0 else []),
        *rest,
    ]
    LabApp.launch_instance(argv=argv)
    return 0


def cmd_demo(rest: list[str]) -> int:
    from .demo import run_demo

    return run_demo(rest)


def build_parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(prog="jupyter jms", description=__doc__)
    p.add_argument("--version", action="version", version=__version__)
    p.add_argument("--db", help="database URL (default: $JMS_DATABASE_URL, else SQLite)")
    sub = p.add_subparsers(dest="command", required=True)

    sub.add_parser("serve", help="run the shared JMS service (member tokens); takes server options")
    sub.add_parser("demo", help="JupyterLab on a fresh temporary root with sample data")

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

    from .cli_governance import add_governance_commands

    add_governance_commands(sub)

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
    except FileNotFoundError as exc:
        print(f"error: no such file: {exc.filename}", file=sys.stderr)
        return 2


if __name__ == "__main__":
    raise SystemExit(main())
