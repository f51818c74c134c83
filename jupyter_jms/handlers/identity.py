"""Version, the caller's identity and member tokens (the roster is in handlers/registry.py)."""

from __future__ import annotations

from jupyter_server.auth.decorator import authorized
from tornado import web

from ..errors import Forbidden, InvalidInput, NotFound
from ..version import __version__
from .base import JmsHandler


class VersionHandler(JmsHandler):
    auth_resource = "jms:version"

    @web.authenticated
    @authorized
    async def get(self) -> None:
        """The server extension's version, for the frontend's handshake."""
        self.reply({"version": __version__})


class MeHandler(JmsHandler):
    auth_resource = "jms:members"

    @web.authenticated
    @authorized
    async def get(self) -> None:
        """Who the caller is to jupyter-jms, with the roles they hold today."""
        self.reply(await self.read(self.jms.members.me, self.member_name))


class TokensHandler(JmsHandler):
    auth_resource = "jms:tokens"

    @web.authenticated
    @authorized
    async def get(self) -> None:
        """The caller's tokens (admins: everyone's). Tokens themselves are never shown again."""
        caller = await self.caller()
        who = None if caller.is_admin else caller.username
        self.reply({"items": await self.read(self.jms.tokens.list, who)})

    @web.authenticated
    @authorized
    async def post(self) -> None:
        """Create a member token: for yourself, or (admins) for any member."""
        body = self.json_body()
        caller = await self.caller()
        username = body.get("username") or caller.username
        if not isinstance(username, str):
            raise InvalidInput("username must be a string.", field="username")
        if username != caller.username and not caller.is_admin:
            raise Forbidden("Only admins create tokens for other members.")
        note = body.get("note") or ""
        if not isinstance(note, str) or len(note) > 200:
            raise InvalidInput("note is a string of at most 200 characters.", field="note")
        token, row = await self.call(
            self.jms.tokens.create, username, actor=caller.username, note=note
        )
        self.reply({**row, "token": token}, status=201)


class TokenHandler(JmsHandler):
    auth_resource = "jms:tokens"

    @web.authenticated
    @authorized
    async def delete(self, token_id: str) -> None:
        """Revoke a token (it stays on record as revoked)."""
        caller = await self.caller()
        tokens = await self.read(self.jms.tokens.list, None if caller.is_admin else caller.username)
        if not any(t["id"] == token_id for t in tokens):
            raise NotFound(f"No token '{token_id}'.")
        self.reply(await self.call(self.jms.tokens.revoke, token_id, actor=caller.username))


class EventsHandler(JmsHandler):
    auth_resource = "jms:events"

    @web.authenticated
    @authorized
    async def get(self) -> None:
        """The audit trail after ``since`` (event id or timestamp), oldest first."""
        caller = await self.caller()
        self.reply(
            await self.read(
                self.jms.events.list,
                caller,
                since=self.query_str("since"),
                limit=self.query_int("limit", 200),
            )
        )


ROUTES = [
    (r"version", VersionHandler),
    (r"me", MeHandler),
    (r"tokens", TokensHandler),
    (r"tokens/([^/]+)", TokenHandler),
    (r"events", EventsHandler),
]
