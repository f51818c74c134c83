"""Signing in to the JMS service with JupyterHub: Hub tokens and the Hub's OAuth login.

``jupyter jms serve`` run by the Hub uses ``JmsHubIdentityProvider``. It keeps everything
``auth.JmsIdentityProvider`` accepts (member tokens, the operator's server token) and adds the
Hub's own credentials through jupyterhub's ``HubOAuth``:

- an API token of a user's server (``Authorization: token $JUPYTERHUB_API_TOKEN``), which is
  how every user's Lab reaches the service;
- the OAuth cookie a browser gets after signing in at the Hub (``/login`` here starts it,
  ``/oauth_callback`` completes it).

The member is the Hub username; roles still come from the roster. A Hub user is a member like
one signed in with a member token (``HubMember`` is a ``MemberUser``), so the Authorizer's
lock holds: the JMS API and nothing else. A token without the scope
``access:services!service=<name>`` and a Hub user the roster does not know get a 403 whose
message says what an admin must add. ``GET me`` still answers an unknown user (``member:
false``), as it does everywhere, so a Lab can tell "not on the roster" from "token refused".
"""

from __future__ import annotations

import dataclasses
import time
from datetime import date
from typing import Any
from urllib.parse import urlsplit

from jupyter_server.auth.decorator import allow_unauthenticated
from jupyter_server.auth.identity import User
from jupyter_server.base.handlers import JupyterHandler
from jupyterhub.services.auth import HubOAuth, HubOAuthCallbackHandler
from sqlalchemy import select
from tornado import web
from tornado.httputil import url_concat
from traitlets import Instance, default

from ..auth import JmsIdentityProvider, MemberUser, member_may_reach, refusal
from ..domain.access import Caller
from ..handlers.identity import MeHandler, VersionHandler
from ..handlers.landing import LandingHandler
from ..services.kernel.common import today
from ..services.registry.members import ROLE_COLUMNS, caller_from_roles
from ..store.models import Member, RoleInterval
from . import ACCESS_SCOPE

NO_SCOPE = (
    "{user}'s JupyterHub token does not give access to the JMS service: the hub admin must "
    "grant the scope {scope} (to the users' role, and to their servers' tokens through "
    "c.Spawner.server_token_scopes)."
)
NOT_ON_ROSTER = (
    "{user} signed in through JupyterHub but is not on the JMS roster: a JMS admin must add "
    "them (`jupyter jms roster import`, or POST /jms/api/members), or the hub admin must add "
    "them to a Hub group that c.JmsApp.hub_role_groups maps to a role."
)
# What an unknown Hub user may still ask: who they are to JMS (``member: false``), the
# version and the landing page; ``me`` is how a Lab tells "not on the roster" from "token
# refused".
OPEN_TO_UNKNOWN = (MeHandler, VersionHandler, LandingHandler)
CACHE_SIZE = 10_000


@dataclasses.dataclass
class HubMember(MemberUser):
    """A JupyterHub user acting as the member of the same name (no member token behind it)."""


class RosterCallers:
    """Hub username -> the member's caller (roles today), or None when not on the roster.

    Asked on every Hub-authenticated request: the member and their roles in one statement,
    reused for ``caller_cache_seconds`` like a member token's lookup, until this process
    writes anything or the day changes."""

    def __init__(self, services: Any) -> None:
        self.ctx = services.ctx
        self._hits: dict[str, tuple[int, date, float, Caller | None]] = {}

    def caller(self, username: str) -> Caller | None:
        ttl = self.ctx.settings.caller_cache_seconds
        writes, day, now = self.ctx.store.writes, today(), time.monotonic()
        hit = self._hits.get(username)
        if ttl > 0 and hit is not None and hit[:2] == (writes, day) and hit[2] > now:
            return hit[3]
        with self.ctx.query() as conn:
            rows = conn.execute(
                select(Member.username, *ROLE_COLUMNS)
                .outerjoin(RoleInterval, RoleInterval.username == Member.username)
                .where(Member.username == username)
            ).all()
        caller = caller_from_roles(username, rows, day) if rows else None
        if ttl > 0:
            if len(self._hits) >= CACHE_SIZE:
                self._hits.clear()
            self._hits[username] = (writes, day, now + ttl, caller)
        return caller


class JmsHubOAuth(HubOAuth):
    """jupyterhub's ``HubOAuth``, leaving jupyter_server's own xsrf check in place.

    ``HubOAuth`` replaces the xsrf check of every Jupyter handler class with the Hub's, which
    tornado calls before the request is signed in; it then refuses every write made with a
    Hub token (a user's server submitting a draft). jupyter_server's check runs after the
    sign-in and skips token-authenticated requests; a browser signed in with the Hub cookie
    sends the server's xsrf token as on any Jupyter page."""

    def _patch_xsrf(self, handler: Any) -> None:
        return


class HubLoginHandler(JupyterHandler):
    """``/login``: off to the Hub's OAuth page, back at ``/oauth_callback``, then ``next``."""

    @allow_unauthenticated
    def get(self) -> None:
        """Start the Hub's OAuth sign-in."""
        hub_auth: HubOAuth = self.identity_provider.hub_auth  # type: ignore[attr-defined]
        next_url = self.get_argument("next", "")
        # Only a path on this server: an open redirect would send a fresh session elsewhere.
        parts = urlsplit(next_url)
        if (
            parts.scheme
            or parts.netloc
            or "\\" in next_url  # a browser reads a backslash here as a slash
            or not next_url.startswith(self.base_url)
        ):
            next_url = self.base_url
        params: dict[str, str] = {}
        verifier = None
        if getattr(hub_auth, "pkce_enabled", False):  # jupyterhub >= 6
            verifier, challenge, method = hub_auth.generate_pkce_code_challenge()
            params.update(code_challenge=challenge, code_challenge_method=method)
        if verifier is None:
            state = hub_auth.set_state_cookie(self, next_url=next_url)
        else:
            state = hub_auth.set_state_cookie(self, next_url=next_url, code_verifier=verifier)
        params["state"] = state
        self.redirect(url_concat(hub_auth.login_url, params))


class HubLogoutHandler(JupyterHandler):
    """``/logout``: forget the Hub sign-in here, then sign out at the Hub too."""

    @allow_unauthenticated
    def get(self) -> None:
        """Clear this service's cookies and go to the Hub's logout page."""
        hub_auth: HubOAuth = self.identity_provider.hub_auth  # type: ignore[attr-defined]
        hub_auth.clear_cookie(self)
        self.identity_provider.clear_login_cookie(self)
        self.redirect(hub_auth.hub_host + hub_auth.hub_prefix + "logout")


class HubCallbackHandler(HubOAuthCallbackHandler):
    """``/oauth_callback``: jupyterhub's own completion of the OAuth sign-in."""

    def initialize(self, hub_auth: HubOAuth) -> None:
        self.hub_auth = hub_auth


class JmsHubIdentityProvider(JmsIdentityProvider):
    """Member tokens and the operator's token as in ``auth.py``, plus Hub users."""

    login_handler_class = HubLoginHandler
    logout_handler_class = HubLogoutHandler

    hub_auth = Instance(HubOAuth)

    # Set by JmsApp once its services exist, like ``jms_tokens``.
    jms_roster: Any = None

    @default("hub_auth")
    def _default_hub_auth(self) -> HubOAuth:
        # HubOAuth reads the Hub's address, this service's token, name, prefix and OAuth
        # client from the environment the Hub started this process with.
        return JmsHubOAuth(parent=self)

    @property
    def login_available(self) -> bool:
        return True

    def get_handlers(self) -> list[tuple[str, object]]:
        return [
            *super().get_handlers(),
            (r"/oauth_callback", HubCallbackHandler, {"hub_auth": self.hub_auth}),  # type: ignore[list-item]
        ]

    async def get_user(self, handler: web.RequestHandler) -> User | None:
        """A member-token or operator sign-in first, else the Hub user behind the request."""
        user = await super().get_user(handler)
        if user is not None:
            return user
        return await self.hub_member(handler)

    async def hub_member(self, handler: web.RequestHandler) -> HubMember | None:
        hub_auth = self.hub_auth
        model = await hub_auth.get_user(handler, sync=False)
        # Another service's token is no member.
        if not model or model.get("kind", "user") != "user":
            return None
        name = str(model["name"])
        resource = getattr(handler, "auth_resource", None) or ""
        on_api = resource.startswith("jms:")
        if not hub_auth.check_scopes(hub_auth.access_scopes, model):
            if on_api:
                scope = ACCESS_SCOPE.format(name=self.service_name)
                raise web.HTTPError(
                    403, reason="Forbidden", log_message=NO_SCOPE.format(user=name, scope=scope)
                )
            return None
        caller = self.jms_roster.caller(name) if self.jms_roster is not None else None
        if caller is None:
            if on_api and not isinstance(handler, OPEN_TO_UNKNOWN):
                raise web.HTTPError(
                    403, reason="Forbidden", log_message=NOT_ON_ROSTER.format(user=name)
                )
            caller = Caller(name, frozenset())
        user = HubMember(username=name, name=name, caller=caller)
        if not await member_may_reach(handler, user):
            raise refusal(handler, "A Hub sign-in opens only the JMS API.")
        # A ``?token=`` sign-in in a browser becomes the Hub cookie for the next requests.
        hub_auth._persist_url_token_if_set(handler)
        return user

    @property
    def service_name(self) -> str:
        import os

        return os.environ.get("JUPYTERHUB_SERVICE_NAME", "jms")

    def validate_security(self, app: Any, ssl_options: dict[str, Any] | None = None) -> None:
        # The Hub's proxy is in front and signs people in; no warning about the server's
        # own token is due.
        return
