"""The registry: channels, access grants, members, decisions, the media strategy page,
and registry export/import. Reads are open to every authenticated user except grants
(admins and the grantee); role checks live in the services."""

from __future__ import annotations

from typing import Any

from jupyter_server.auth.decorator import authorized
from tornado import web

from ..domain.roles import ROLES
from ..errors import InvalidInput, TooLarge
from ..services.kernel import inputs
from .base import JmsHandler


def _include_history(handler: JmsHandler) -> bool:
    """``?include=history`` (the only value ``include`` takes)."""
    return inputs.enum(handler.query_value("include"), "include", ("history",)) is not None


class ChannelsHandler(JmsHandler):
    auth_resource = "jms:channels"

    @web.authenticated
    @authorized
    async def get(self) -> None:
        """The channel registry (every authenticated user may read it); ``?status=``; with
        the values a channel's fields take, for forms."""
        items = await self.read(self.jms.channels.list, self.query_value("status"))
        self.reply({"items": items, "choices": self.jms.channels.choices()})

    @web.authenticated
    @authorized
    async def post(self) -> None:
        """Add a channel (admins and chairs)."""
        await self.act(self.jms.channels.create, status=201)


class ChannelHandler(JmsHandler):
    auth_resource = "jms:channels"

    @web.authenticated
    @authorized
    async def get(self, channel_id: str) -> None:
        """One channel with the decisions behind it and its history."""
        self.reply(await self.read(self.jms.channels.get, channel_id))

    @web.authenticated
    @authorized
    async def patch(self, channel_id: str) -> None:
        """Edit, move along the lifecycle, or make preferred (admins; ``if_version``)."""
        await self.act(self.jms.channels.update, channel_id, versioned=True)


class ChannelGrantsHandler(JmsHandler):
    auth_resource = "jms:grants"

    @web.authenticated
    @authorized
    async def get(self, channel_id: str) -> None:
        """Who has access to a channel; ``?include=history`` adds who had it."""
        caller = await self.caller()
        self.reply(
            await self.read(
                self.jms.grants.for_channel,
                caller,
                channel_id,
                include_history=_include_history(self),
            )
        )

    @web.authenticated
    @authorized
    async def post(self, channel_id: str) -> None:
        """Grant a member access to a channel (admins)."""
        await self.act(self.jms.grants.create, channel_id, status=201)


class ChannelGrantHandler(JmsHandler):
    auth_resource = "jms:grants"

    @web.authenticated
    @authorized
    async def get(self, channel_id: str, grant_id: str) -> None:
        """One grant with its history (admins and the grantee)."""
        caller = await self.caller()
        self.reply(await self.read(self.jms.grants.get, caller, channel_id, grant_id))

    @web.authenticated
    @authorized
    async def patch(self, channel_id: str, grant_id: str) -> None:
        """Change, revoke, mark re-authorised or a verified post (admins; ``if_version``)."""
        await self.act(self.jms.grants.update, channel_id, grant_id, versioned=True)


class GrantsHandler(JmsHandler):
    auth_resource = "jms:grants"

    @web.authenticated
    @authorized
    async def get(self) -> None:
        """Every live grant (admins); ``?stale=true`` keeps the stale ones."""
        caller = await self.caller()
        stale = self.query_flag("stale")
        self.reply(await self.read(self.jms.grants.all, caller, stale_only=stale))


class MembersHandler(JmsHandler):
    auth_resource = "jms:members"

    @web.authenticated
    @authorized
    async def get(self) -> None:
        """The roster (any authenticated user may read who is on it), with the role names."""
        self.reply({"items": await self.read(self.jms.members.list), "role_names": list(ROLES)})

    @web.authenticated
    @authorized
    async def post(self) -> None:
        """Add a member with role intervals, aliases and affiliation (admins)."""
        await self.act(self.jms.members.create, status=201)


class MemberHandler(JmsHandler):
    auth_resource = "jms:members"

    @web.authenticated
    @authorized
    async def get(self, username: str) -> None:
        """One member with their role intervals."""
        self.reply(await self.read(self.jms.members.get, username))

    @web.authenticated
    @authorized
    async def patch(self, username: str) -> None:
        """Change a member's name, affiliation or aliases (admins; ``if_version``)."""
        await self.act(self.jms.members.update, username, versioned=True)


class MemberRolesHandler(JmsHandler):
    auth_resource = "jms:members"

    @web.authenticated
    @authorized
    async def post(self, username: str) -> None:
        """Open a role interval for a member (admins)."""
        await self.act(self.jms.members.add_role, username, status=201)


class MemberRoleHandler(JmsHandler):
    auth_resource = "jms:members"

    @web.authenticated
    @authorized
    async def patch(self, username: str, role_id: str) -> None:
        """End a role interval or change its languages (admins; ``if_version``)."""
        await self.act(self.jms.members.change_role, username, role_id, versioned=True)


class MemberGrantsHandler(JmsHandler):
    auth_resource = "jms:grants"

    @web.authenticated
    @authorized
    async def get(self, username: str) -> None:
        """What a member can reach; ``?include=history`` adds what they could (admins, self)."""
        caller = await self.caller()
        self.reply(
            await self.read(
                self.jms.grants.for_member,
                caller,
                username,
                include_history=_include_history(self),
            )
        )


class DecisionsHandler(JmsHandler):
    auth_resource = "jms:decisions"

    @web.authenticated
    @authorized
    async def get(self) -> None:
        """The public decision log, newest first; ``?status=&channel=``."""
        self.reply(
            await self.read(
                self.jms.decisions.list,
                status=self.query_value("status"),
                channel=self.query_str("channel"),
            )
        )

    @web.authenticated
    @authorized
    async def post(self) -> None:
        """Record a proposal or a consensus, or call a vote (admins and chairs)."""
        await self.act(self.jms.decisions.create, status=201)


class DecisionHandler(JmsHandler):
    auth_resource = "jms:decisions"

    @web.authenticated
    @authorized
    async def get(self, decision_id: str) -> None:
        """One decision with its tally, ballots once closed, and history."""
        caller = await self.caller()
        self.reply(await self.read(self.jms.decisions.get, caller, decision_id))

    @web.authenticated
    @authorized
    async def patch(self, decision_id: str) -> None:
        """Amend (restarts an open vote's period), call the vote, or withdraw (admins)."""
        await self.act(self.jms.decisions.update, decision_id, versioned=True)


class VotesHandler(JmsHandler):
    auth_resource = "jms:decisions"

    @web.authenticated
    @authorized
    async def post(self, decision_id: str) -> None:
        """Cast a ballot (members eligible when the vote opened; once)."""
        await self.act(self.jms.decisions.vote, decision_id, status=201)


class CloseHandler(JmsHandler):
    auth_resource = "jms:decisions"

    @web.authenticated
    @authorized
    async def post(self, decision_id: str) -> None:
        """Close a vote with its computed result, or record a proposal's consensus (admins)."""
        await self.act(self.jms.decisions.close, decision_id)


class PageHandler(JmsHandler):
    auth_resource = "jms:page"

    @web.authenticated
    @authorized
    async def get(self) -> None:
        """The media strategy page; ``?format=markdown`` (default) or ``html``."""
        fmt = self.query_value("format")
        fmt = "markdown" if fmt is None else fmt
        self.reply(await self.read(self.jms.page.render, fmt))


class ExportHandler(JmsHandler):
    auth_resource = "jms:registry"

    @web.authenticated
    @authorized
    async def get(self) -> None:
        """The whole registry as YAML (admins)."""
        caller = await self.caller()
        text = await self.read(self.jms.registry_io.export_yaml, caller)
        self._yaml = True
        self.set_header("Content-Disposition", 'attachment; filename="jms-registry.yaml"')
        self.finish(text)

    def finish(self, *args: Any, **kwargs: Any) -> Any:
        # APIHandler.finish labels every body JSON; the export is YAML (errors stay JSON).
        if not getattr(self, "_yaml", False):
            return super().finish(*args, **kwargs)
        self.update_api_activity()
        self.set_header("Content-Type", "application/yaml; charset=UTF-8")
        return web.RequestHandler.finish(self, *args, **kwargs)


class ImportHandler(JmsHandler):
    auth_resource = "jms:registry"

    @web.authenticated
    @authorized
    async def post(self) -> None:
        """Import a registry YAML (raw ``application/yaml`` body or JSON ``{"content"}``);
        all or nothing (admins)."""
        caller = await self.caller()
        if "yaml" in (self.request.headers.get("Content-Type") or ""):
            raw = self.request.body or b""
            if len(raw) > self.jms.max_body_bytes:
                raise TooLarge(f"The request body is over {self.jms.max_body_bytes} bytes.")
            try:
                content = raw.decode("utf-8")
            except UnicodeDecodeError:
                raise InvalidInput("The registry file is not UTF-8.") from None
        else:
            given = self.json_body().get("content")
            if not isinstance(given, str):
                raise InvalidInput("content (the registry YAML) is required.", field="content")
            content = given
        self.reply(await self.call(self.jms.registry_io.import_yaml, caller, content))


ROUTES = [
    (r"channels", ChannelsHandler),
    (r"channels/([^/]+)", ChannelHandler),
    (r"channels/([^/]+)/grants", ChannelGrantsHandler),
    (r"channels/([^/]+)/grants/([^/]+)", ChannelGrantHandler),
    (r"grants", GrantsHandler),
    (r"members", MembersHandler),
    (r"members/([^/]+)", MemberHandler),
    (r"members/([^/]+)/grants", MemberGrantsHandler),
    (r"members/([^/]+)/roles", MemberRolesHandler),
    (r"members/([^/]+)/roles/([^/]+)", MemberRoleHandler),
    (r"decisions", DecisionsHandler),
    (r"decisions/([^/]+)", DecisionHandler),
    (r"decisions/([^/]+)/votes", VotesHandler),
    (r"decisions/([^/]+)/close", CloseHandler),
    (r"page", PageHandler),
    (r"export", ExportHandler),
    (r"import", ImportHandler),
]
