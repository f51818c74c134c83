"""A small blocking client of the jupyter-jms REST API that finds its server by itself.

The panels never hold a business rule: they ask this client and show what the server says.
Every call blocks, so the panels run it on a worker thread (see ``tasks.py``). Where the
server is and which token opens it: ``discovery.py``.
"""

from __future__ import annotations

import json
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Mapping
from typing import Any, cast

from .discovery import ServerInfo, find_server, unidentified
from .errors import SERVICE_FAILURES, JmsError

__all__ = [
    "SERVICE_FAILURES",
    "JmsClient",
    "JmsError",
    "ServerInfo",
    "find_server",
    "unidentified",
]

API_PREFIX = "jms/api/"
DEFAULT_TIMEOUT = 60.0


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
