"""Publishing a post: its per-channel outcomes, publish (now or at a time), a person's mark
on a channel, and the blog export downloads."""

from __future__ import annotations

from jupyter_server.auth.decorator import authorized
from tornado import web

from .base import JmsHandler


class PublishingBase(JmsHandler):
    auth_resource = "jms:drafts"


class QueueHandler(PublishingBase):
    @web.authenticated
    @authorized
    async def get(self) -> None:
        """Editors' "to publish" list: approved and scheduled posts with their channels."""
        caller = await self.caller()
        self.reply(await self.call(self.jms.publishing.queue, caller))


class PublicationHandler(PublishingBase):
    @web.authenticated
    @authorized
    async def get(self, draft_id: str) -> None:
        """Per channel: the exact text, its count and limit, the state, the URL, attempts."""
        caller = await self.caller()
        self.reply(await self.call(self.jms.publishing.view, caller, draft_id))


class PublishHandler(PublishingBase):
    @web.authenticated
    @authorized
    async def post(self, draft_id: str) -> None:
        """Schedule an approved post at ``publish_at`` (absent: now), or move a scheduled one."""
        await self.act(self.jms.publishing.publish, draft_id, versioned=True)
        self.jms.wake_publisher()


class MarkHandler(PublishingBase):
    @web.authenticated
    @authorized
    async def post(self, draft_id: str, channel: str) -> None:
        """An editor's word on one channel: done (with the URL where it went out) or retry."""
        await self.act(self.jms.publishing.mark, draft_id, channel)
        self.jms.wake_publisher()


class ExportHandler(PublishingBase):
    @web.authenticated
    @authorized
    async def get(self, draft_id: str) -> None:
        """The approved revision as html, md (zip) or static (Markdown + front matter, zip)."""
        caller = await self.caller()
        out = await self.call(
            self.jms.publishing.export, caller, draft_id, self.query_value("format")
        )
        self.set_header("Content-Disposition", f'attachment; filename="{out.filename}"')
        self.finish(out.data, set_content_type=out.content_type)


ROUTES = [
    (r"publications", QueueHandler),
    (r"drafts/([^/]+)/publication", PublicationHandler),
    (r"drafts/([^/]+)/publish", PublishHandler),
    (r"drafts/([^/]+)/channels/([^/]+)/mark", MarkHandler),
    (r"drafts/([^/]+)/export", ExportHandler),
]
