"""Drafts, revisions, reviews, vetting, comments and transitions."""

from __future__ import annotations

import asyncio
import tempfile
from collections.abc import AsyncIterator, Callable
from concurrent.futures import Executor
from contextlib import asynccontextmanager
from functools import partial
from typing import Any, TypeVar

from jupyter_server.auth.decorator import authorized
from tornado import web

from .. import notebooks
from ..errors import InvalidInput, TooLarge
from ..notebooks import check_path
from .base import JmsHandler
from .local_notebook import read_local_notebook

# Bodies over this are "large": parsing and storing them waits for a slot (see ``slot``).
LARGE_BODY = 1_000_000
# What a submission body may carry besides the notebook itself (its path, if_version).
ENVELOPE_BYTES = 64 * 1024

T = TypeVar("T")


class DraftBase(JmsHandler):
    auth_resource = "jms:drafts"

    async def read_notebook(self, path: Any) -> tuple[str, int, str]:
        """Read a notebook's text through the contents manager; refuse it early if too large."""
        text, path = await read_local_notebook(
            self.contents_manager, path, self.jms.settings_.max_notebook_bytes
        )
        return text, len(text.encode("utf-8")), path

    async def verdict(self, fn: Callable[..., dict[str, Any]], draft_id: str) -> None:
        """A review or vetting: 201 when it is the caller's first on the revision, else 200."""
        body = self.json_body()
        caller = await self.caller()
        result = await self.call(fn, caller, draft_id, body)
        self.reply(result, status=201 if result.get("outcome") == "created" else 200)


@web.stream_request_body
class SubmissionBase(DraftBase):
    """Submit and resubmit: the body (up to a notebook plus a small envelope) is spooled to a
    temporary file as it arrives instead of being held in memory, and parsed only once a
    slot is free (see ``slot``). Eight 20 MB uploads at once would otherwise each hold their
    body, and tornado's joined copy of it, in memory before any handler runs."""

    _spool: Any = None
    _received = 0
    _pool: Executor | None = None

    def body_limit(self) -> int:
        return max(self.jms.max_body_bytes, self.jms.settings_.max_notebook_bytes) + ENVELOPE_BYTES

    def data_received(self, chunk: bytes) -> None:
        self._received += len(chunk)
        # Over the limit, or from nobody signed in (prepare found no user; the handler will
        # say 403): refused later, so the rest is read and dropped.
        if self._received > self.body_limit() or getattr(self, "_current_user", None) is None:
            return
        if self._spool is None:
            self._spool = tempfile.SpooledTemporaryFile(max_size=LARGE_BODY)
        self._spool.write(chunk)

    def on_finish(self) -> None:
        self._discard()

    def on_connection_close(self) -> None:
        self._discard()
        super().on_connection_close()

    def _discard(self) -> None:
        if self._spool is not None:
            self._spool.close()
            self._spool = None

    @asynccontextmanager
    async def slot(self) -> AsyncIterator[None]:
        """Hold one of ``JmsApp.max_concurrent_large_submissions`` slots while a large body is
        read, parsed, validated and stored: each takes several times its size in memory for
        a moment, so many at once would multiply the server's peak."""
        bound = self.jms.config.max_concurrent_large_submissions
        if bound <= 0 or self._received <= LARGE_BODY:
            yield
            return
        sem = self.settings.get("jms_submission_slots")
        if not isinstance(sem, asyncio.Semaphore):
            sem = self.settings["jms_submission_slots"] = asyncio.Semaphore(bound)
        async with sem:
            self._pool = self.jms.large_executor
            try:
                yield
            finally:
                self._pool = None

    async def call(self, fn: Callable[..., T], *args: Any, **kwargs: Any) -> T:
        """Like ``JmsHandler.call``, on the large-submission threads while holding a slot."""
        if self._pool is None:
            return await super().call(fn, *args, **kwargs)
        loop = asyncio.get_running_loop()
        return await loop.run_in_executor(self._pool, partial(fn, *args, **kwargs))

    def _read_body(self) -> dict[str, Any]:
        spool, self._spool = self._spool, None
        if spool is None:
            return {}
        with spool:
            spool.seek(0)
            raw = spool.read()
        if not raw.strip():
            return {}
        # The same checks as a notebook read from disk: JSON, an object, storable text.
        return notebooks.parse(raw, what="body")

    async def submission_body(self) -> dict[str, Any]:
        """The body, read and parsed on the worker pool, not the event loop."""
        size = self._received
        if size > self.body_limit():
            raise TooLarge(
                f"The request is {size / 1e6:.1f} MB; a notebook may be at most "
                f"{self.jms.settings_.max_notebook_bytes / 1e6:.1f} MB. "
                "Clear large outputs and submit again."
            )
        body = await self.call(self._read_body)
        if "notebook" not in body and size > self.jms.max_body_bytes:
            raise TooLarge(f"The request body is over {self.jms.max_body_bytes} bytes.")
        if "notebook" in body and not isinstance(body["notebook"], dict):
            raise InvalidInput("notebook must be an nbformat 4 notebook object.", field="notebook")
        return body


class DraftsHandler(SubmissionBase):
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
            vetting=self.query_str("vetting"),
            q=self.query_str("q"),
            path=self.query_str("path"),
            limit=self.query_int("limit", 50),
            cursor=self.query_str("cursor"),
        )
        self.reply_json_text(result)

    @web.authenticated
    @authorized
    async def post(self) -> None:
        """Submit a notebook as a new draft (revision 1): ``{"notebook", "path"}`` sends its
        content (``path`` is then a label); ``{"path"}`` alone reads it from this server."""
        async with self.slot():
            body = await self.submission_body()
            caller = await self.caller()
            if "notebook" in body:
                path = check_path(body.get("path"))
                size = self._received
                draft = await self.call(
                    self.jms.drafts.submit,
                    caller,
                    path,
                    body.pop("notebook"),
                    size,
                    owned=True,
                    label=True,
                )
            else:
                text, size, path = await self.read_notebook(body.get("path"))
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


class RevisionsHandler(SubmissionBase):
    @web.authenticated
    @authorized
    async def post(self, draft_id: str) -> None:
        """Resubmit: the next revision from ``{"notebook"}`` (content; ``path`` an optional
        new label) or from the notebook on this server (its draft path, or ``path``)."""
        async with self.slot():
            body = await self.submission_body()
            caller = await self.caller()
            path = body.get("path")
            if "notebook" in body:
                path = check_path(path) if path is not None else None
                draft = await self.call(
                    self.jms.drafts.resubmit,
                    caller,
                    draft_id,
                    body.pop("notebook"),
                    self._received,
                    path=path,
                    if_version=self.if_version(body),
                    owned=True,
                )
            else:
                if path is None:
                    path = await self.read(self.jms.drafts.current_path, caller, draft_id)
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
        """What changed from revision ``from`` (default n-1) to n, computed by nbdime."""
        caller = await self.caller()
        self.reply(
            await self.call(self.jms.drafts.diff, caller, draft_id, n, self.query_str("from"))
        )


class ReviewsHandler(DraftBase):
    @web.authenticated
    @authorized
    async def post(self, draft_id: str) -> None:
        """An editor's verdict and checklist on the current revision."""
        await self.verdict(self.jms.reviews.review, draft_id)


class VettingsHandler(DraftBase):
    @web.authenticated
    @authorized
    async def post(self, draft_id: str) -> None:
        """A council member's vetting of a non-English post."""
        await self.verdict(self.jms.reviews.vet, draft_id)


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
