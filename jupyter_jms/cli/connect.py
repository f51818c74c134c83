"""`jupyter jms connect URL | --status | --forget`: point this user's Labs at a JMS service.

The service's URL and the member's token go into the extension's own JSON config file in the
user's Jupyter config dir (``jupyter_jupyter_jms_config.json``, which the server reads when it
links the extension; the ``jupyter_server_config.d`` files are read for enabling extensions
only). Other settings in that file are kept. It is written readable by its owner only, from
its first byte, since it holds the token.
"""

from __future__ import annotations

import argparse
import getpass
import json
import os
import sys
import tempfile
import urllib.error
import urllib.request
from pathlib import Path
from typing import Any

from jupyter_core.paths import jupyter_config_dir

FILE_NAME = "jupyter_jupyter_jms_config.json"
KEYS = ("service_url", "service_token")


def config_file() -> Path:
    return Path(jupyter_config_dir()) / FILE_NAME


def read_config(path: Path) -> dict[str, Any]:
    if not path.exists():
        return {}
    try:
        data = json.loads(path.read_text(encoding="utf-8") or "{}")
    except ValueError:
        raise ConnectError(f"{path} is not valid JSON; fix or remove it first") from None
    if not isinstance(data, dict) or not isinstance(data.get("JmsApp", {}), dict):
        raise ConnectError(f"{path} is not a Jupyter config file; fix or remove it first")
    return data


def check_token(url: str, token: str, timeout: float = 15.0) -> dict[str, Any]:
    """The service's ``GET me`` for this token; raises ``ConnectError`` with a sentence."""
    me = url.rstrip("/") + "/jms/api/me"
    request = urllib.request.Request(me, headers={"Authorization": f"token {token}"})
    try:
        with urllib.request.urlopen(request, timeout=timeout) as resp:  # noqa: S310 (http/https only, checked)
            data: dict[str, Any] = json.loads(resp.read())
            return data
    except urllib.error.HTTPError as exc:
        if exc.code in (401, 403):
            raise ConnectError(
                f"the JMS service at {url} refused the token; ask an admin for a member token "
                "(`jupyter jms token create USERNAME` on the service)"
            ) from None
        raise ConnectError(f"the JMS service at {url} answered {exc.code} on /jms/api/me") from None
    except (urllib.error.URLError, OSError, ValueError) as exc:
        reason = getattr(exc, "reason", exc)
        raise ConnectError(f"the JMS service at {url} cannot be reached: {reason}") from None


class ConnectError(Exception):
    pass


def write_private_json(path: Path, data: dict[str, Any]) -> None:
    """Write ``data`` to ``path`` as a file only its owner can read, from the first byte.

    ``mkstemp`` creates the file 0600; it is then renamed over the old one, so no reader
    ever sees it half-written or with wider permissions.
    """
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=".jms-", dir=path.parent)
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as fh:
            json.dump(data, fh, indent=1)
        os.chmod(tmp, 0o600)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def read_token(args: argparse.Namespace) -> str:
    if args.token_stdin:
        return sys.stdin.readline().strip()
    return getpass.getpass("Member token for the JMS service: ").strip()


def cmd_connect(args: argparse.Namespace) -> int:
    path = config_file()
    try:
        stored = read_config(path)
    except ConnectError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    section = stored.get("JmsApp", {})
    if args.forget:
        if not any(k in section for k in KEYS):
            print(f"not connected through {path}")
            return 0
        for key in KEYS:
            section.pop(key, None)
        if not section:
            stored.pop("JmsApp", None)
        if stored:
            write_private_json(path, stored)
        else:
            path.unlink()
        print(f"forgot the JMS service (removed from {path}); restart JupyterLab to use it.")
        return 0
    if args.status:
        return status(path)
    if not args.url:
        print("error: give the service's URL: jupyter jms connect URL", file=sys.stderr)
        return 2
    url = args.url.rstrip("/") + "/"
    if not url.startswith(("http://", "https://")):
        print("error: the service URL must start with http:// or https://", file=sys.stderr)
        return 2
    token = read_token(args)
    if not token:
        print("error: no token given", file=sys.stderr)
        return 2
    try:
        me = check_token(url, token)
    except ConnectError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    stored["JmsApp"] = {**section, "service_url": url, "service_token": token}
    write_private_json(path, stored)
    print(f"connected to the JMS service at {url} as {me.get('username', '?')}")
    print(f"wrote {path} (readable by you only); start or restart JupyterLab to use it.")
    return 0


def status(path: Path) -> int:
    from .context import configured_app

    app = configured_app()
    if not app.service_url:
        print("not connected: this Lab keeps its own jupyter-jms data (personal mode)")
        return 0
    print(f"service: {app.service_url}")
    if path.exists():
        print(f"stored in: {path}")
    try:
        me = check_token(app.service_url, app.service_token)
    except ConnectError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    roles = ", ".join(me.get("roles") or []) or "no role"
    print(f"signed in as: {me.get('username', '?')} ({roles})")
    return 0


def add_connect_command(sub: Any) -> None:
    p = sub.add_parser(
        "connect", help="make this user's Labs clients of a shared JMS service (asks the token)"
    )
    p.add_argument("url", nargs="?", help="the service's URL, e.g. https://jms.example.org/")
    p.add_argument("--token-stdin", action="store_true", help="read the token from stdin")
    p.add_argument("--status", action="store_true", help="which service, and as whom")
    p.add_argument("--forget", action="store_true", help="disconnect: remove the stored file")
    p.set_defaults(func=cmd_connect)
