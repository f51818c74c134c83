"""A small blocking client of the jupyter-jms REST API that finds its server by itself.

The panels never hold a business rule: they ask this client and show what the server says.
Every call blocks, so the panels run it on a worker thread (see ``tasks.py``).

Where the server is, first match wins:

1. ``url`` and ``token`` given to ``JmsClient`` (or to a panel);
2. ``JMS_URL`` and ``JMS_TOKEN`` in the environment: set on purpose, so they beat guessing
   (for example a personal Lab whose notebooks talk to a shared JMS service);
3. JupyterHub's environment in a single-user server's kernel: ``JUPYTER_SERVER_URL`` or
   ``JUPYTERHUB_SERVICE_URL`` (with ``JUPYTERHUB_SERVICE_PREFIX``) and ``JUPYTERHUB_API_TOKEN``;
4. the runtime file of a running Jupyter server (``jupyter server list``) whose root directory
   holds the kernel's working directory, with that server's own token.
"""

from __future__ import annotations

import json
import os
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any, cast

API_PREFIX = "jms/api/"
DEFAULT_TIMEOUT = 60.0
# The ``reason`` of a connected Lab's answers when its JMS service failed (see openapi.yaml).
SERVICE_FAILURES = frozenset({"service_unreachable", "service_timeout", "service_token_refused"})


class JmsError(Exception):
    """A call the server refused or could not answer, with the server's own explanation.

    ``status`` is the HTTP status (0 when the server could not be reached), ``message`` the
    server's sentence, ``errors`` its field errors as ``(field, message)`` pairs.
    """

    def __init__(
        self,
        status: int,
        message: str,
        *,
        reason: str | None = None,
        errors: Iterable[tuple[str, str]] = (),
    ) -> None:
        super().__init__(message)
        self.status = status
        self.message = message
        self.reason = reason
        self.errors = list(errors)

    @property
    def from_service(self) -> bool:
        """Whether a connected Lab's JMS service failed (unreachable, too slow, refusing
        the Lab's token) rather than the request: the member's rights are not in question."""
        return self.reason in SERVICE_FAILURES

    def sentence(self, doing: str | None = None) -> str:
        """One readable sentence, e.g. "You cannot approve this draft: Nobody reviews their
        own post." ``doing`` says what was being attempted ("approve this draft")."""
        text = self.message.strip() or "The server gave no reason."
        # A field error that repeats the headline is said once.
        errors = [(f, m) for f, m in self.errors if m.strip() != text]
        if errors:
            details = "; ".join(f"{_short_field(f)}: {m}" for f, m in errors[:5])
            more = f" (and {len(errors) - 5} more)" if len(errors) > 5 else ""
            text = f"{text.rstrip('.')}: {details}{more}."
        if not doing:
            return text
        if self.status in (401, 403) and not self.from_service:
            return f"You cannot {doing}: {text}"
        if self.status == 0:
            return text
        return f"Could not {doing}: {text}"


def _short_field(field: str) -> str:
    return field.removeprefix("metadata.jms.")


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


def _runtime_server(cwd: Path, servers: Iterable[Mapping[str, Any]]) -> ServerInfo | None:
    """The running server whose root directory holds ``cwd`` most closely."""
    best: tuple[int, Mapping[str, Any]] | None = None
    for info in servers:
        root = info.get("root_dir") or info.get("notebook_dir")
        if not root or not info.get("url"):
            continue
        root_path = Path(root).expanduser().resolve()
        if _within(cwd, root_path):
            depth = len(root_path.parts)
            if best is None or depth > best[0]:
                best = (depth, info)
    if best is None:
        return None
    info = best[1]
    return ServerInfo(_loopback(str(info["url"])), str(info.get("token") or ""), "running server")


def _list_running_servers() -> list[dict[str, Any]]:
    try:
        from jupyter_server.serverapp import list_running_servers
    except ImportError:  # pragma: no cover - jupyter_server is a dependency
        return []
    try:
        return list(list_running_servers())
    except OSError:
        return []


def find_server(
    url: str | None = None,
    token: str | None = None,
    *,
    env: Mapping[str, str] | None = None,
    cwd: str | os.PathLike[str] | None = None,
    servers: Iterable[Mapping[str, Any]] | None = None,
) -> ServerInfo:
    """Where the JMS server is (see the module docstring for the order).

    ``env``, ``cwd`` and ``servers`` default to the process's own; tests pass their own.
    """
    if url:
        return ServerInfo(url, token or "", "given")
    env = os.environ if env is None else env
    if env.get("JMS_URL"):
        return ServerInfo(env["JMS_URL"], token or env.get("JMS_TOKEN", ""), "JMS_URL")
    hub = _hub_server(env)
    if hub is not None:
        return hub if token is None else ServerInfo(hub.url, token, hub.source)
    here = Path(cwd or os.getcwd()).resolve()
    found = _runtime_server(here, _list_running_servers() if servers is None else servers)
    if found is not None:
        # Under JupyterHub the runtime file may hold no token: the hub's token opens it.
        chosen = token or found.token or env.get("JUPYTERHUB_API_TOKEN", "")
        return ServerInfo(found.url, chosen, found.source)
    raise JmsError(
        0,
        "No JMS server found: pass url= and token= to the panel, or set JMS_URL and JMS_TOKEN, "
        f"or run it in a kernel of a Jupyter server whose root holds {here}.",
        reason="no_server",
    )


def _query(params: Mapping[str, Any] | None) -> str:
    if not params:
        return ""
    clean = {k: v for k, v in params.items() if v is not None and v != ""}
    return ("?" + urllib.parse.urlencode(clean, doseq=True)) if clean else ""


class JmsClient:
    """Blocking calls to one server's jupyter-jms API (and its Contents API) as one member."""

    def __init__(
        self,
        url: str | None = None,
        token: str | None = None,
        *,
        timeout: float = DEFAULT_TIMEOUT,
        server: ServerInfo | None = None,
    ) -> None:
        self.server = server or find_server(url, token)
        self.timeout = timeout

    @property
    def url(self) -> str:
        return self.server.url

    def __repr__(self) -> str:
        return f"JmsClient({self.server.url!r}, found by {self.server.source})"

    # -- plumbing -------------------------------------------------------------------------
    def request(
        self,
        method: str,
        path: str,
        body: Any = None,
        *,
        params: Mapping[str, Any] | None = None,
        api: str = API_PREFIX,
        raw: bool = False,
    ) -> Any:
        """Send one request to ``{server}{api}{path}``; the decoded JSON (text when ``raw``).

        Raises ``JmsError`` with the server's message on any refusal or network failure.
        """
        target = self.server.url + api + path + _query(params)
        data = None
        headers = {"Accept": "application/json"}
        if self.server.token:
            headers["Authorization"] = f"token {self.server.token}"
        if body is not None or method in ("POST", "PUT", "PATCH"):
            data = json.dumps(body if body is not None else {}).encode("utf-8")
            headers["Content-Type"] = "application/json"
        req = urllib.request.Request(target, data=data, headers=headers, method=method)
        try:
            with urllib.request.urlopen(req, timeout=self.timeout) as resp:
                payload = resp.read()
        except urllib.error.HTTPError as exc:
            raise self._refusal(exc) from None
        except (TimeoutError, urllib.error.URLError, ConnectionError) as exc:
            why = getattr(exc, "reason", exc)
            raise JmsError(
                0, f"Cannot reach the JMS server at {self.server.url}: {why}.", reason="network"
            ) from None
        text = payload.decode("utf-8")
        if raw:
            return text
        return json.loads(text) if text.strip() else None

    @staticmethod
    def _refusal(exc: urllib.error.HTTPError) -> JmsError:
        try:
            data = json.loads(exc.read().decode("utf-8"))
        except (ValueError, UnicodeDecodeError, OSError):
            data = None
        if not isinstance(data, dict):
            data = {}
        message = data.get("message") or exc.reason or f"HTTP {exc.code}"
        if exc.code in (401, 403) and str(message) in ("Forbidden", "Unauthorized"):
            # jupyter_server's own answer to a missing or unknown token says only this.
            message = "The server did not accept the token: check the url and token you gave."
        errors = [
            (str(e.get("field", "")), str(e.get("message", "")))
            for e in data.get("errors") or []
            if isinstance(e, dict)
        ]
        return JmsError(exc.code, str(message), reason=data.get("reason"), errors=errors)

    def get(self, endpoint: str, /, **params: Any) -> Any:
        return self.request("GET", endpoint, params=params)

    def post(self, path: str, body: Any = None) -> Any:
        return self.request("POST", path, body if body is not None else {})

    def patch(self, path: str, body: Any) -> Any:
        return self.request("PATCH", path, body)

    def put(self, path: str, body: Any) -> Any:
        return self.request("PUT", path, body)

    # The wrappers below cast() the decoded JSON (Any from json.loads) to the shape that
    # openapi.yaml documents for each endpoint; the server guarantees it, nothing is checked.

    # -- identity -------------------------------------------------------------------------
    def me(self) -> dict[str, Any]:
        """The member, with ``service.url`` when the server is a connected Lab."""
        return cast(dict[str, Any], self.get("me"))

    def version(self) -> str:
        return cast(str, self.get("version")["version"])

    # -- drafts ---------------------------------------------------------------------------
    def drafts(self, **filters: Any) -> dict[str, Any]:
        """``{"items", "next", "total"}``: filters are the API's (state, language, q, ...)."""
        return cast(dict[str, Any], self.get("drafts", **filters))

    def draft(self, draft_id: str) -> dict[str, Any]:
        return cast(dict[str, Any], self.get(f"drafts/{_seg(draft_id)}"))

    def revision(self, draft_id: str, n: int) -> dict[str, Any]:
        text = self.request("GET", f"drafts/{_seg(draft_id)}/revisions/{int(n)}", raw=True)
        return cast(dict[str, Any], json.loads(text))

    def diff(self, draft_id: str, n: int, since: int | None = None) -> dict[str, Any]:
        return cast(
            dict[str, Any],
            self.get(f"drafts/{_seg(draft_id)}/revisions/{int(n)}/diff", **{"from": since}),
        )

    def submit(self, path: str) -> dict[str, Any]:
        return cast(dict[str, Any], self.post("drafts", {"path": path}))

    def resubmit(
        self, draft_id: str, path: str | None = None, if_version: int | None = None
    ) -> dict[str, Any]:
        body: dict[str, Any] = {}
        if path:
            body["path"] = path
        if if_version is not None:
            body["if_version"] = if_version
        return cast(dict[str, Any], self.post(f"drafts/{_seg(draft_id)}/revisions", body))

    def review(self, draft_id: str, body: Mapping[str, Any]) -> dict[str, Any]:
        return cast(dict[str, Any], self.post(f"drafts/{_seg(draft_id)}/reviews", dict(body)))

    def vet(self, draft_id: str, body: Mapping[str, Any]) -> dict[str, Any]:
        return cast(dict[str, Any], self.post(f"drafts/{_seg(draft_id)}/vettings", dict(body)))

    def comment(
        self, draft_id: str, revision: int, body: str, cell_id: str | None = None
    ) -> dict[str, Any]:
        payload: dict[str, Any] = {"revision": revision, "body": body}
        if cell_id:
            payload["cell_id"] = cell_id
        return cast(dict[str, Any], self.post(f"drafts/{_seg(draft_id)}/comments", payload))

    def transition(self, draft_id: str, body: Mapping[str, Any]) -> dict[str, Any]:
        return cast(dict[str, Any], self.post(f"drafts/{_seg(draft_id)}/transitions", dict(body)))

    # -- checks (read-only; the same rules the server applies on submit and review) -------
    def check_post(self, post: Mapping[str, Any]) -> dict[str, Any]:
        return cast(dict[str, Any], self.post("checks/post", {"metadata": dict(post)}))

    def checklist(self, *, third_party: bool, needs_vetting: bool) -> dict[str, Any]:
        return cast(
            dict[str, Any],
            self.get(
                "checks/checklist",
                third_party=str(bool(third_party)).lower(),
                needs_vetting=str(bool(needs_vetting)).lower(),
            ),
        )

    # -- publishing -----------------------------------------------------------------------
    def publication(self, draft_id: str) -> dict[str, Any]:
        """Per channel the exact text, its count and outcome; the schedule and exports."""
        return cast(dict[str, Any], self.get(f"drafts/{_seg(draft_id)}/publication"))

    def to_publish(self) -> list[dict[str, Any]]:
        """The editors' "to publish" list, posts waiting for a person first."""
        return cast(list[dict[str, Any]], self.get("publications")["items"])

    def publish(self, draft_id: str, body: Mapping[str, Any]) -> dict[str, Any]:
        return cast(dict[str, Any], self.post(f"drafts/{_seg(draft_id)}/publish", dict(body)))

    def mark(self, draft_id: str, channel: str, body: Mapping[str, Any]) -> dict[str, Any]:
        return cast(
            dict[str, Any],
            self.post(f"drafts/{_seg(draft_id)}/channels/{_seg(channel)}/mark", dict(body)),
        )

    def download(self, path: str) -> tuple[bytes, str]:
        """A file below the API (an export): its bytes and the name the server gives it."""
        headers = {"Authorization": f"token {self.server.token}"} if self.server.token else {}
        req = urllib.request.Request(self.server.url + API_PREFIX + path, headers=headers)
        try:
            with urllib.request.urlopen(req, timeout=self.timeout) as resp:
                data = resp.read()
                name = resp.headers.get_filename() or path.rsplit("/", 1)[-1]
        except urllib.error.HTTPError as exc:
            raise self._refusal(exc) from None
        except (TimeoutError, urllib.error.URLError, ConnectionError) as exc:
            why = getattr(exc, "reason", exc)
            raise JmsError(
                0, f"Cannot reach the JMS server at {self.server.url}: {why}.", reason="network"
            ) from None
        return data, name

    # -- registry -------------------------------------------------------------------------
    def channels(self, status: str | None = None) -> list[dict[str, Any]]:
        return cast(list[dict[str, Any]], self.get("channels", status=status)["items"])

    def members(self) -> list[dict[str, Any]]:
        return cast(list[dict[str, Any]], self.get("members")["items"])

    # -- the Contents API -----------------------------------------------------------------
    def contents(self, path: str, *, content: bool = True) -> dict[str, Any]:
        """A file or directory model from jupyter_server's Contents API."""
        return cast(
            dict[str, Any],
            self.request(
                "GET", _contents_path(path), params={"content": 1 if content else 0}, api="api/"
            ),
        )

    def save_notebook(self, path: str, notebook: Mapping[str, Any]) -> dict[str, Any]:
        body = {"type": "notebook", "format": "json", "content": dict(notebook)}
        return cast(dict[str, Any], self.request("PUT", _contents_path(path), body, api="api/"))


def _seg(value: Any) -> str:
    return urllib.parse.quote(str(value), safe="")


def _contents_path(path: str) -> str:
    return "contents/" + urllib.parse.quote(path.strip("/"), safe="/")
