"""Version, the caller's identity and member tokens (the roster is in handlers/registry.py)."""

from __future__ import annotations

from jupyter_server.auth.decorator import authorized
from tornado import web

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
        self.reply({"items": await self.read(self.jms.tokens.list, caller)})

    @web.authenticated
    @authorized
    async def post(self) -> None:
        """Create a member token: for yourself, or (admins) for any member."""
        body = self.json_body()
        caller = await self.caller()
        token, row = await self.call(
            self.jms.tokens.create, caller, body.get("username"), note=body.get("note", "")
        )
        self.reply({**row, "token": token}, status=201)


class TokenHandler(JmsHandler):
    auth_resource = "jms:tokens"

    @web.authenticated
    @authorized
    async def delete(self, token_id: str) -> None:
        """Revoke a token (it stays on record as revoked)."""
        caller = await self.caller()
        self.reply(await self.call(self.jms.tokens.revoke, caller, token_id))


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
