"""Identity for the JMS service: personal member tokens, on top of jupyter_server's own.

In service mode (``jupyter jms serve``) members authenticate with a personal token, sent as
``Authorization: token jms_...``, as ``?token=`` once, or pasted into the login page. The
server keeps only the token's sha256. A login cookie remembers which token signed the member
in, so revoking the token also ends the browser sessions it opened.

A member token opens the JMS API only: every member request is put to the server's
Authorizer (``authorizer.py``), also where the handler has no ``@authorized`` (``/lab``).
"""

from __future__ import annotations

import dataclasses
import getpass
import json
import os
from typing import Any

from jupyter_core.utils import ensure_async
from jupyter_server.auth.identity import PasswordIdentityProvider, User
from jupyter_server.auth.utils import HTTP_METHOD_TO_AUTH_ACTION
from tornado import web

from .domain.access import Caller
from .services.registry.tokens import TOKEN_PREFIX, hash_token


@dataclasses.dataclass
class MemberUser(User):
    """A user signed in with a member token; ``token_hash`` ties cookies to that token.

    ``caller`` is the member with their roles, read in the same statement as the token, so a
    request does not ask for the roles again. It is no field: not in the identity model
    (``api/me``), not in the cookie."""

    token_hash: str = ""
    caller: dataclasses.InitVar[Caller | None] = None

    def __post_init__(self, caller: Caller | None) -> None:
        # jupyter_server's User.__post_init__ carries no annotations.
        super().__post_init__()  # type: ignore[no-untyped-call]
        self.jms_caller = caller


class JmsIdentityProvider(PasswordIdentityProvider):
    """Accepts member tokens; everything else falls through to the server's own auth."""

    # Set by JmsApp once its services exist (the provider is built before extensions load).
    jms_tokens: Any = None

    def _member(self, token: str) -> MemberUser | None:
        if not token or not token.startswith(TOKEN_PREFIX) or self.jms_tokens is None:
            return None
        token_hash = hash_token(token)
        caller = self.jms_tokens.caller_for_hash(token_hash)
        if caller is None:
            return None
        name = caller.username
        return MemberUser(username=name, name=name, token_hash=token_hash, caller=caller)

    async def get_user(self, handler: web.RequestHandler) -> User | None:
        """The signed-in user; a member is refused (403) wherever the Authorizer refuses them.

        jupyter_server calls this in every handler's ``prepare``, before the handler runs,
        so the check also covers handlers that never ask the Authorizer themselves."""
        user = await ensure_async(super().get_user(handler))
        if isinstance(user, MemberUser) and not await member_may_reach(handler, user):
            raise refusal(handler, "A member token opens only the JMS API.")
        return user

    async def get_user_token(self, handler: web.RequestHandler) -> User | None:
        token = self.get_token(handler)
        if token and token.startswith(TOKEN_PREFIX):
            return self._member(token)
        return await super().get_user_token(handler)

    def user_to_cookie(self, user: User) -> str:
        data = json.loads(super().user_to_cookie(user))
        if isinstance(user, MemberUser):
            data["jms_token_hash"] = user.token_hash
        return json.dumps(data)

    def user_from_cookie(self, cookie_value: str) -> User | None:
        data = json.loads(cookie_value)
        token_hash = data.get("jms_token_hash")
        if not token_hash:
            return super().user_from_cookie(cookie_value)
        caller = self.jms_tokens.caller_for_hash(token_hash) if self.jms_tokens else None
        if caller is None or caller.username != data["username"]:
            return None  # the token behind this cookie was revoked
        return MemberUser(
            username=data["username"], name=data["name"], token_hash=token_hash, caller=caller
        )

    def process_login_form(self, handler: web.RequestHandler) -> User | None:
        typed = handler.get_argument("password", default="")
        if typed.startswith(TOKEN_PREFIX):
            return self._member(typed)
        return super().process_login_form(handler)


def refusal(handler: web.RequestHandler, message: str) -> web.HTTPError:
    """The 403 for a signed-in member outside what they may reach, raised from ``get_user``.

    That runs in the handler's ``prepare`` before jupyter_server sets ``current_user``, and a
    page handler's error template asks for it (``logged_in``): unset, the error page itself
    failed ("Uncaught exception in write_error") and the member got no page. Nobody is
    signed in for this request, so the error page is rendered for nobody."""
    handler.current_user = None
    return web.HTTPError(403, reason="Forbidden", log_message=message)


async def member_may_reach(handler: Any, user: User) -> bool:
    """Ask the server's Authorizer about this request as ``@authorized`` would, for handlers
    that do not carry the decorator. The resource is the handler's ``auth_resource`` (none:
    an empty name, which ``JmsAuthorizer`` refuses to members)."""
    authorizer = handler.settings.get("authorizer")
    if authorizer is None:
        return True
    method = (handler.request.method or "GET").upper()
    action = HTTP_METHOD_TO_AUTH_ACTION.get(method, "write")
    resource = getattr(handler, "auth_resource", None) or ""
    allowed = await ensure_async(authorizer.is_authorized(handler, user, action, resource))
    return bool(allowed)


def personal_username(configured: str = "") -> str:
    """The member a personal server acts as: configured, else JupyterHub's user, else the OS user."""
    return configured or os.environ.get("JUPYTERHUB_USER") or getpass.getuser()
