"""`jupyter jms db | roster | channels | token | page | export | import`: the registry."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from .context import actor, open_services, open_store, owner_caller


def cmd_db(args: argparse.Namespace) -> int:
    store = open_store(args.db)
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
    svc = open_services(args.db)
    counts = svc.members.import_roster_text(Path(args.file).read_text(), actor=actor())
    print(
        f"members: {counts['created']} created, {counts['updated']} updated; "
        f"role intervals added: {counts['roles_added']}"
    )
    return 0


def cmd_channels(args: argparse.Namespace) -> int:
    svc = open_services(args.db)
    counts = svc.channels.import_text(Path(args.file).read_text(), actor=actor())
    print(f"channels: {counts['created']} created, {counts['updated']} updated")
    return 0


def _write_out(text: str, target: str | None) -> None:
    if target:
        Path(target).write_text(text, encoding="utf-8")
        print(f"wrote {target}", file=sys.stderr)
    else:
        sys.stdout.write(text)


def cmd_page(args: argparse.Namespace) -> int:
    svc = open_services(args.db)
    page = svc.page.render("html" if args.html else "markdown")
    _write_out(page["content"], args.output)
    return 0


def cmd_export(args: argparse.Namespace) -> int:
    svc = open_services(args.db)
    text = svc.registry_io.export_yaml(owner_caller())
    _write_out(text, args.output)
    return 0


def cmd_import(args: argparse.Namespace) -> int:
    svc = open_services(args.db)
    counts = svc.registry_io.import_text(Path(args.file).read_text(), actor=actor())
    print(
        f"registry: {counts['created']} created, {counts['updated']} updated, "
        f"{counts['unchanged']} unchanged"
    )
    return 0


def cmd_token(args: argparse.Namespace) -> int:
    svc = open_services(args.db)
    owner = owner_caller()
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
