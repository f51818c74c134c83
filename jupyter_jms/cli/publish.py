"""`jupyter jms publish ...`: the editors' publishing steps on the command line.

The same service calls as the REST API behind the Lab and the widgets (the publishing
service), on the local store like the other commands, with the authority of whoever owns the
database (``owner_caller``):

- ``list``: what is to publish (approved, scheduled; failed and unconfirmed first);
- ``show ID``: per channel the exact text, its count and limit, its state and link;
- ``now ID`` (or ``--at TIME --tz ZONE``): schedule an approved post; the service's
  publisher posts it (``run`` does it here, for a machine without a running service);
- ``mark ID CHANNEL done --url URL`` / ``mark ID CHANNEL retry``;
- ``export ID --format html|md|static --to FOLDER``: the blog post to paste or import.
"""

from __future__ import annotations

import argparse
import io
import json
import sys
import zipfile
from pathlib import Path
from typing import Any

from .context import open_services, owner_caller


def _print_json(data: Any) -> None:
    print(json.dumps(data, indent=1, ensure_ascii=False))


def _channel_line(c: dict[str, Any]) -> str:
    state = c.get("state") or "not scheduled"
    count = f"{c['count']}/{c['limit']}" if c.get("limit") else str(c.get("count", ""))
    extra = c.get("url") or c.get("error") or ""
    if c.get("waiting_for_blog_url") and not c.get("url"):
        room = c.get("blog_url_room")
        extra = "waits for the blog URL" + (f" (at most {room} characters)" if room else "")
    return f"  {c['channel']:<12} {state:<13} {count:<9} {extra}".rstrip()


def _show(view: dict[str, Any]) -> None:
    when = view.get("publish_at_local") or "not scheduled"
    print(f"draft {view['draft']}: {view['state']}, publish at {when} ({view.get('tz')})")
    if view.get("blog_url"):
        print(f"  blog URL: {view['blog_url']}")
    for c in view["channels"]:
        print(_channel_line(c))
        if c.get("text"):
            for line in str(c["text"]).splitlines():
                print(f"      | {line}")


def cmd_list(svc: Any, args: argparse.Namespace) -> int:
    items = svc.publishing.queue(owner_caller())["items"]
    if args.json:
        _print_json(items)
        return 0
    if not items:
        print("nothing to publish")
    for i in items:
        chans = ", ".join(f"{c['channel']}={c['state'] or '-'}" for c in i["channels"])
        flag = (
            "  NEEDS A PERSON: " + ", ".join(i["needs_attention"]) if i["needs_attention"] else ""
        )
        when = i["publish_at"] or "-"
        print(f"{i['id']}\t{i['state']}\t{when} {i['tz']}\t{i['title']}\t[{chans}]{flag}")
    return 0


def cmd_show(svc: Any, args: argparse.Namespace) -> int:
    view = svc.publishing.view(owner_caller(), args.draft)
    if args.json:
        _print_json(view)
    else:
        _show(view)
    return 0


def cmd_now(svc: Any, args: argparse.Namespace) -> int:
    who = owner_caller()
    version = svc.drafts.get(who, args.draft)["version"]
    body: dict[str, Any] = {"if_version": version, "tz": args.tz}
    if args.at:
        body["publish_at"] = args.at
    view = svc.publishing.publish(who, args.draft, body)
    _show(view)
    print(
        "scheduled: the service's publisher posts it when due "
        "(`jupyter jms publish run` runs due work here)",
        file=sys.stderr,
    )
    return 0


def cmd_mark(svc: Any, args: argparse.Namespace) -> int:
    body: dict[str, Any] = {"mark": args.mark}
    if args.url is not None:
        body["url"] = args.url
    view = svc.publishing.mark(owner_caller(), args.draft, args.channel, body)
    _show(view)
    return 0


def cmd_export(svc: Any, args: argparse.Namespace) -> int:
    out = svc.publishing.export(owner_caller(), args.draft, args.format)
    folder = Path(args.to)
    folder.mkdir(parents=True, exist_ok=True)
    if out.content_type == "application/zip":
        with zipfile.ZipFile(io.BytesIO(out.data)) as z:
            # Names come from the service's own export (slug/index.md, slug/images/...), never
            # from a user; extractall still refuses absolute paths and "..".
            z.extractall(folder)
            for name in z.namelist():
                print(folder / name)
    else:
        target = folder / out.filename
        target.write_bytes(out.data)
        print(target)
    return 0


def cmd_run(svc: Any, args: argparse.Namespace) -> int:
    n = svc.publisher.run_due()
    print(f"ran {n} due channel(s)")
    return 0


COMMANDS = {
    "list": cmd_list,
    "show": cmd_show,
    "now": cmd_now,
    "mark": cmd_mark,
    "export": cmd_export,
    "run": cmd_run,
}


def cmd_publish(args: argparse.Namespace) -> int:
    svc = open_services(args.db)
    return int(COMMANDS[args.action](svc, args))


def add_publish_command(sub: Any) -> None:
    p = sub.add_parser(
        "publish",
        help="what is to publish; publish now; mark a channel done or retry; export the blog",
        description=__doc__,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    acts = p.add_subparsers(dest="action", required=True)

    ls = acts.add_parser("list", help="approved and scheduled posts, failed/unconfirmed first")
    ls.add_argument("--json", action="store_true")

    show = acts.add_parser("show", help="a post's channels: text, count, state, link")
    show.add_argument("draft")
    show.add_argument("--json", action="store_true")

    now = acts.add_parser("now", help="schedule an approved post now (or --at)")
    now.add_argument("draft")
    now.add_argument("--at", help="ISO time (in --tz when it has no offset); default now")
    now.add_argument("--tz", default="UTC", help="IANA time zone (default UTC)")

    mark = acts.add_parser("mark", help="a channel went out (done --url) or is to retry")
    mark.add_argument("draft")
    mark.add_argument("channel")
    mark.add_argument("mark", choices=["done", "retry"])
    mark.add_argument("--url", help="where it went out (required for done)")

    export = acts.add_parser("export", help="the blog post as HTML, Markdown or static site")
    export.add_argument("draft")
    export.add_argument("--format", choices=["html", "md", "static"], default="html")
    export.add_argument("--to", required=True, metavar="FOLDER")

    acts.add_parser("run", help="run the due publishing work once, in this process")
    p.set_defaults(func=cmd_publish)
