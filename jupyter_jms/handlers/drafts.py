"""Drafts, revisions, reviews, vetting, comments and transitions."""

from __future__ import annotations

from typing import Any

from jupyter_core.utils import ensure_async
from jupyter_server.auth.decorator import authorized
from tornado import web

from ..errors import InvalidInput, NotFound, TooLarge
from ..notebooks import check_path
from .base import JmsHandler


class DraftBase(JmsHandler):
    auth_resource = "jms:drafts"

    async def read_notebook(self, path: Any) -> tuple[str, int, str]:
        """Read a notebook's text through the contents manager; refuse it early if too large."""
        path = check_path(path)
        cm = self.contents_manager
        try:
            stat = await ensure_async(cm.get(path, content=False))
        except web.HTTPError as exc:
            if exc.status_code == 404:
                raise NotFound(f"No notebook at '{path}'.") from None
            raise InvalidInput(f"Cannot read '{path}'.", field="path") from None
        if stat.get("type") != "notebook":
            raise InvalidInput(f"'{path}' is not a notebook.", field="path")
        size = stat.get("size") or 0
        limit = self.jms.settings_.max_notebook_bytes
        if size > limit:
            raise TooLarge(
                f"The notebook is {size / 1e6:.1f} MB; the limit is {limit / 1e6:.1f} MB. "
                "Clear large outputs and submit again."
            )
        try:
            model = await ensure_async(cm.get(path, type="file", format="text", content=True))
        except web.HTTPError:
            raise InvalidInput(
                f"'{path}' is not a readable UTF-8 notebook.", field="path"
            ) from None
        text = model["content"]
        return text, len(text.encode("utf-8")), path


class DraftsHandler(DraftBase):
    @web.authenticated
    @authorized
    async def get(self) -> None:
        """List drafts the caller may see, newest first, with filters and a cursor."""
        caller = await self.caller()
        result = await self.read(
            self.jms.drafts.list_json,
            caller,
            state=self.query_value("state"),
            author=self.query_str("author"),
            reviewer=self.query_str("reviewer"),
            channel=self.query_str("channel"),
            language=self.query_str("language"),
            q=self.query_str("q"),
            path=self.query_str("path"),
            limit=self.query_int("limit", 50),
            cursor=self.query_str("cursor"),
        )
        self.reply_json_text(result)

    @web.authenticated
    @authorized
    async def post(self) -> None:
        """Submit a notebook as a new draft (revision 1)."""
        body = self.json_body()
        text, size, path = await self.read_notebook(body.get("path"))
        caller = await self.caller()
        draft = await self.call(self.jms.drafts.submit_text, caller, path, text, size)
        self.set_header("Location", f"{self.base_url}jms/api/drafts/{draft['id']}")
        self.reply(draft, status=201)


class DraftHandler(DraftBase):
    @web.authenticated
    @authorized
    async def get(self, draft_id: str) -> None:
        """A draft with revisions, reviews, vettings, comments, checks, history, allowed_actions."""
        caller = await self.caller()
        self.reply(await self.call(self.jms.drafts.get, caller, draft_id))


class RevisionsHandler(DraftBase):
    @web.authenticated
    @authorized
    async def post(self, draft_id: str) -> None:
        """Resubmit: snapshot the notebook (its draft path, or ``path``) as the next revision."""
        body = self.json_body()
        caller = await self.caller()
        path = body.get("path")
        if path is None:
            current = await self.read(self.jms.drafts.get, caller, draft_id)
            path = current["path"]
        text, size, path = await self.read_notebook(path)
        draft = await self.call(
            self.jms.drafts.resubmit_text,
            caller,
            draft_id,
            text,
            size,
            path=path,
            if_version=self.if_version(body),
        )
        self.reply(draft, status=201)


class RevisionHandler(DraftBase):
    @web.authenticated
    @authorized
    async def get(self, draft_id: str, n: str) -> None:
        """The submitted notebook of revision n, exactly as snapshotted."""
        caller = await self.caller()
        text = await self.read(self.jms.drafts.revision, caller, draft_id, n)
        # APIHandler.finish would otherwise reset the type to application/json.
        self.finish(text, set_content_type="application/x-ipynb+json; charset=UTF-8")


class DiffHandler(DraftBase):
    @web.authenticated
    @authorized
    async def get(self, draft_id: str, n: str) -> None:
        """Cell-level diff (by cell id) from revision ``from`` (default n-1) to n."""
        caller = await self.caller()
        self.reply(
            await self.call(self.jms.drafts.diff, caller, draft_id, n, self.query_str("from"))
        )


class ReviewsHandler(DraftBase):
    @web.authenticated
    @authorized
    async def post(self, draft_id: str) -> None:
        """An editor's verdict and checklist on the current revision."""
        await self.act(self.jms.reviews.review, draft_id, status=201)


class VettingsHandler(DraftBase):
    @web.authenticated
    @authorized
    async def post(self, draft_id: str) -> None:
        """A council member's vetting of a non-English post."""
        await self.act(self.jms.reviews.vet, draft_id, status=201)


class CommentsHandler(DraftBase):
    @web.authenticated
    @authorized
    async def post(self, draft_id: str) -> None:
        """A comment on a revision, optionally anchored to a cell id."""
        await self.act(self.jms.reviews.comment, draft_id, status=201)


class TransitionsHandler(DraftBase):
    @web.authenticated
    @authorized
    async def post(self, draft_id: str) -> None:
        """Withdraw, schedule or publish a draft; needs the draft's current version."""
        await self.act(self.jms.reviews.transition, draft_id, versioned=True)


ROUTES = [
    (r"drafts", DraftsHandler),
    (r"drafts/([^/]+)", DraftHandler),
    (r"drafts/([^/]+)/revisions", RevisionsHandler),
    (r"drafts/([^/]+)/revisions/([^/]+)", RevisionHandler),
    (r"drafts/([^/]+)/revisions/([^/]+)/diff", DiffHandler),
    (r"drafts/([^/]+)/reviews", ReviewsHandler),
    (r"drafts/([^/]+)/vettings", VettingsHandler),
    (r"drafts/([^/]+)/comments", CommentsHandler),
    (r"drafts/([^/]+)/transitions", TransitionsHandler),
]
