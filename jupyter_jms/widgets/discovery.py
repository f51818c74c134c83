"""Where the panels' JMS server is, and with which token, without a token in the notebook.

First match wins:

1. ``url`` (and ``token``) given to ``JmsClient`` or to a panel;
2. ``JMS_URL`` (and ``JMS_TOKEN``) in the environment: set on purpose, so they beat guessing
   (for example a personal Lab whose notebooks talk to a shared JMS service);
3. JupyterHub's environment in a single-user server's kernel: ``JUPYTER_SERVER_URL`` or
   ``JUPYTERHUB_SERVICE_URL`` (with ``JUPYTERHUB_SERVICE_PREFIX``) and ``JUPYTERHUB_API_TOKEN``,
   which acts as the hub user;
4. the runtime file of the Jupyter server this kernel runs under (``jupyter server list``):
   the one whose process started the kernel, else the one whose root directory holds the
   notebook (``JPY_SESSION_NAME``, which jupyter_server gives each kernel) or the working
   directory, with that server's own token. A personal server acts as its member, a
   connected Lab as the member whose token it holds.

Wherever no token is given, ``JMS_TOKEN`` in the environment, when set, is the token: this is
how a kernel that reaches its server only as an anonymous user (a ``jupyter jms serve`` server
opened with its own token) acts as a member, and how papermill runs keep the token out of the
executed notebook.
"""

from __future__ import annotations

import os
import re
import urllib.parse
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from .errors import JmsError

_ANONYMOUS = re.compile(r"[0-9a-f]{32}")


@dataclass(frozen=True)
class ServerInfo:
    """Where a Jupyter server with jupyter-jms listens, and how the client found it."""

    url: str
    token: str
    source: str

    def __post_init__(self) -> None:
        if not self.url.endswith("/"):
            object.__setattr__(self, "url", self.url + "/")


def _loopback(url: str) -> str:
    """A server listening on all interfaces is reached on the loopback address."""
    parts = urllib.parse.urlsplit(url)
    host = parts.hostname or ""
    if host in ("0.0.0.0", "::", ""):
        netloc = "127.0.0.1" + (f":{parts.port}" if parts.port else "")
        parts = parts._replace(netloc=netloc)
    return urllib.parse.urlunsplit(parts)


def _hub_server(env: Mapping[str, str]) -> ServerInfo | None:
    token = env.get("JUPYTERHUB_API_TOKEN")
    if not token:
        return None
    url = env.get("JUPYTER_SERVER_URL") or env.get("JUPYTERHUB_SERVICE_URL")
    if not url:
        return None
    prefix = env.get("JUPYTERHUB_SERVICE_PREFIX", "")
    parts = urllib.parse.urlsplit(_loopback(url))
    if prefix and not parts.path.rstrip("/").endswith(prefix.rstrip("/")):
        parts = parts._replace(path=prefix)
    return ServerInfo(urllib.parse.urlunsplit(parts), token, "JupyterHub environment")


def _within(path: Path, root: Path) -> bool:
    try:
        path.relative_to(root)
    except ValueError:
        return False
    return True


def _root(info: Mapping[str, Any]) -> Path | None:
    root = info.get("root_dir") or info.get("notebook_dir")
    return Path(root).expanduser().resolve() if root else None


def _runtime_server(
    places: Iterable[Path], servers: Iterable[Mapping[str, Any]], parent_pid: int | None = None
) -> ServerInfo | None:
    """The running server that started this kernel (its ``pid`` is the kernel's parent), else
    the one whose root directory holds the first of ``places`` most closely."""
    listed = [s for s in servers if s.get("url")]
    chosen = next((s for s in listed if parent_pid and s.get("pid") == parent_pid), None)
    for place in places if chosen is None else ():
        best: tuple[int, Mapping[str, Any]] | None = None
        for info in listed:
            root = _root(info)
            if root is not None and _within(place, root):
                if best is None or len(root.parts) > best[0]:
                    best = (len(root.parts), info)
        if best is not None:
            chosen = best[1]
            break
    if chosen is None:
        return None
    return ServerInfo(
        _loopback(str(chosen["url"])), str(chosen.get("token") or ""), "running server"
    )


def _list_running_servers() -> list[dict[str, Any]]:
    try:
        from jupyter_server.serverapp import list_running_servers
    except ImportError:  # pragma: no cover - jupyter_server is a dependency
        return []
    try:
        return list(list_running_servers())
    except OSError:
        return []


def _places(env: Mapping[str, str], cwd: Path) -> list[Path]:
    """Where this kernel's notebook is: its own path when the server said, then the cwd."""
    places = []
    session = env.get("JPY_SESSION_NAME", "")
    if session and os.path.isabs(session):
        places.append(Path(session).resolve().parent)
    places.append(cwd)
    return places


def find_server(
    url: str | None = None,
    token: str | None = None,
    *,
    env: Mapping[str, str] | None = None,
    cwd: str | os.PathLike[str] | None = None,
    servers: Iterable[Mapping[str, Any]] | None = None,
    parent_pid: int | None = None,
) -> ServerInfo:
    """Where the JMS server is (see the module docstring for the order).

    ``env``, ``cwd``, ``servers`` and ``parent_pid`` default to the process's own; tests
    pass their own.
    """
    env = os.environ if env is None else env
    chosen = token or env.get("JMS_TOKEN") or None
    if url:
        return ServerInfo(url, chosen or "", "given")
    if env.get("JMS_URL"):
        return ServerInfo(env["JMS_URL"], chosen or "", "JMS_URL")
    hub = _hub_server(env)
    if hub is not None:
        return hub if chosen is None else ServerInfo(hub.url, chosen, hub.source)
    here = Path(cwd or os.getcwd()).resolve()
    found = _runtime_server(
        _places(env, here),
        _list_running_servers() if servers is None else servers,
        os.getppid() if parent_pid is None and servers is None else parent_pid,
    )
    if found is not None:
        # Under JupyterHub the runtime file may hold no token: the hub's token opens it.
        chosen = chosen or found.token or env.get("JUPYTERHUB_API_TOKEN", "")
        return ServerInfo(found.url, chosen, found.source)
    raise JmsError(
        0,
        "No JMS server found: pass url= to the panel and set JMS_TOKEN in the environment, "
        f"or run it in a kernel of a Jupyter server whose root holds {here}.",
        reason="no_server",
    )


def unidentified(me: Mapping[str, Any], server: ServerInfo) -> str | None:
    """One sentence when ``GET me`` answers for jupyter_server's anonymous user (whoever holds
    a server's own token where members sign in with member tokens), else None.

    The panels then show this instead of an empty queue signed in as a random id. A named
    caller who is not on the roster (an outside author, say) is who they are: the panels
    show what the server lets them do."""
    who = str(me.get("username") or "")
    if me.get("member", True) or (who and not _ANONYMOUS.fullmatch(who)):
        return None
    return (
        f"This kernel reaches {server.url} only as an anonymous user, not as a JMS member: "
        "set JMS_TOKEN to your member token in the environment (of the Jupyter server, or of "
        "papermill) and restart the kernel."
    )
