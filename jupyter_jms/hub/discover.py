"""A user's server under JupyterHub finds the JMS service by itself.

In order: ``JMS_SERVICE_URL`` (a spawner can set it; ``c.JmsApp.service_url`` too), else the
Hub's own record of the service (``GET /hub/api/services/<name>``: its address and prefix,
reached directly), else the Hub's public address (``JUPYTERHUB_PUBLIC_HUB_URL``) with
``services/<name>/``, through the Hub's proxy. The server then calls the service with its own
``$JUPYTERHUB_API_TOKEN``; nobody types a token.

A token without the scope ``access:services!service=<name>`` would only be refused by the
service, which the Lab would show as a bare refusal; the server finds out at start-up
(``GET /hub/api/user`` lists its token's scopes) and answers its ``/jms/api/`` with a sentence
saying what the hub admin must add (``RefusedHandler``).

A Hub that has no such service, with no sign that it should (no JMS scope in the token, no
URL), leaves the server in personal mode, as before.

Start-up is synchronous in jupyter_server (extensions load before the event loop runs), so
these two short requests use the standard library's blocking client.
"""

from __future__ import annotations

import json
import logging
import urllib.error
import urllib.request
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any
from urllib.parse import quote, urlsplit

from jupyter_server.auth.decorator import authorized
from jupyter_server.base.handlers import APIHandler
from jupyter_server.extension.handler import ExtensionHandlerMixin
from tornado import web

from . import ACCESS_SCOPE

log = logging.getLogger("jupyter_jms.hub")

NO_ACCESS = (
    "This server's JupyterHub token lacks the scope {scope}, so the JMS service would refuse "
    "it: the hub admin must grant that scope to users (a role they hold) and to their "
    "servers' tokens (c.Spawner.server_token_scopes), then restart this server."
)
NOT_FOUND = (
    "This server cannot find the JMS service '{name}' through JupyterHub: the hub admin must "
    "set JMS_SERVICE_URL in c.Spawner.environment, or grant the scope "
    "read:services!service={name} to the servers' tokens (c.Spawner.server_token_scopes)."
)
HUB_DOWN = "JupyterHub's API at {api} did not answer ({reason}); restart this server once it does."


@dataclass(frozen=True)
class Found:
    """Where the service is (``url``), or why this server cannot use it (``refusal``)."""

    url: str = ""
    refusal: str = ""
    status: int = 403
    reason: str = "hub_scope_missing"


def _get(url: str, token: str, timeout: float) -> tuple[int, Any]:
    req = urllib.request.Request(url, headers={"Authorization": f"token {token}"})
    try:
        with urllib.request.urlopen(req, timeout=timeout) as resp:
            return resp.status, json.loads(resp.read() or b"null")
    except urllib.error.HTTPError as exc:
        return exc.code, None


def _public_url(env: Mapping[str, str], name: str) -> str:
    """``https://hub.example.org/`` + base + ``services/<name>/``, when the Hub has a public URL."""
    public_hub = env.get("JUPYTERHUB_PUBLIC_HUB_URL", "")
    if not public_hub:
        return ""
    parts = urlsplit(public_hub)
    base = env.get("JUPYTERHUB_BASE_URL", "/") or "/"
    return f"{parts.scheme}://{parts.netloc}{base.rstrip('/')}/services/{name}/"


def find_service(
    env: Mapping[str, str], name: str, *, url: str = "", timeout: float = 5.0
) -> Found | None:
    """The JMS service for this user's server, or None (no sign of one: personal mode)."""
    api = env["JUPYTERHUB_API_URL"].rstrip("/")
    token = env["JUPYTERHUB_API_TOKEN"]
    scope = ACCESS_SCOPE.format(name=name)
    try:
        code, me = _get(f"{api}/user", token, timeout)
        scopes = set(me.get("scopes", [])) if code == 200 and isinstance(me, dict) else set()
        if not url:
            code, model = _get(f"{api}/services/{quote(name, safe='')}", token, timeout)
            if code == 200 and isinstance(model, dict) and model.get("url"):
                prefix = model.get("prefix") or f"/services/{name}/"
                url = model["url"].rstrip("/") + prefix
    except (OSError, ValueError) as exc:
        reason = getattr(exc, "reason", exc)
        return Found(
            refusal=HUB_DOWN.format(api=api, reason=reason), status=503, reason="hub_unreachable"
        )
    has_access = bool({scope, "access:services"} & scopes)
    # A sign that the hub admin meant this server to use the service: a scope naming it.
    meant = has_access or any(s.endswith(f"!service={name}") for s in scopes)
    if not url and meant:
        url = _public_url(env, name)
    if not url:
        if not meant:
            return None
        return Found(refusal=NOT_FOUND.format(name=name), status=503, reason="service_not_found")
    if not has_access:
        return Found(url=url, refusal=NO_ACCESS.format(scope=scope))
    return Found(url=url)


class RefusedHandler(ExtensionHandlerMixin, APIHandler):
    """Every ``/jms/api/*`` request of a server that cannot use the service: 403 (or 503
    when the Hub or the service cannot be found), and what the hub admin must do."""

    auth_resource = "jms:drafts"

    def _refuse(self, path: str = "") -> None:
        found: Found = self.settings["jms_refusal"]
        self.set_status(found.status)
        self.set_header("Content-Type", "application/json; charset=UTF-8")
        body = {"message": found.refusal, "reason": found.reason, "errors": []}
        self.finish(json.dumps(body))

    @web.authenticated
    @authorized
    def get(self, path: str) -> None:
        """The sentence saying what the hub admin must add."""
        self._refuse(path)

    @web.authenticated
    @authorized
    def post(self, path: str) -> None:
        """As GET."""
        self._refuse(path)

    @web.authenticated
    @authorized
    def put(self, path: str) -> None:
        """As GET."""
        self._refuse(path)

    @web.authenticated
    @authorized
    def patch(self, path: str) -> None:
        """As GET."""
        self._refuse(path)

    @web.authenticated
    @authorized
    def delete(self, path: str) -> None:
        """As GET."""
        self._refuse(path)


REFUSED_ROUTES = [(r"(.*)", RefusedHandler)]
