"""Listing drafts: the filtered, paged list of the drafts a caller may see, as JSON text.

Each draft's list entry is stored as JSON already (``Draft.summary``), so a page is spliced
together from those entries rather than built and encoded again.
"""

from __future__ import annotations

import json

from sqlalchemy import and_, exists, false, func, not_, or_, select
from sqlalchemy.sql.elements import ColumnElement

from ...domain import states
from ...domain.access import Caller
from ...errors import InvalidInput
from ...store.models import Draft, DraftAuthor, DraftChannel, Review, Vetting
from ..kernel import inputs
from ..kernel.context import Context
from ..kernel.inputs import decode_cursor, encode_cursor

MAX_PAGE = 200
# The title search; SQLite refuses LIKE patterns over 50,000 characters.
MAX_QUERY = 1000


def can_see_all(caller: Caller) -> bool:
    return caller.sees_all_drafts


def list_json(
    ctx: Context,
    caller: Caller,
    *,
    state: str | None = None,
    author: str | None = None,
    reviewer: str | None = None,
    channel: str | None = None,
    language: str | None = None,
    vetting: str | None = None,
    q: str | None = None,
    path: str | None = None,
    limit: int = 50,
    cursor: str | None = None,
) -> str:
    """A page of draft summaries as JSON text: ``{"items", "next", "total"}``."""
    if not 1 <= limit <= MAX_PAGE:
        raise InvalidInput(f"limit must be between 1 and {MAX_PAGE}.", field="limit")
    conds: list[ColumnElement[bool]] = []
    q = inputs.query_text(q, "q", limit=MAX_QUERY)
    if state is not None:
        wanted = [x for x in state.split(",") if x]
        bad = [x for x in wanted if x not in states.STATES] or ([] if wanted else [state])
        if bad:
            raise InvalidInput(f"Unknown state '{bad[0]}'.", field="state")
        conds.append(Draft.state.in_(wanted))
    if author:
        conds.append(
            exists().where(DraftAuthor.draft_id == Draft.id, DraftAuthor.username == author)
        )
    if reviewer:
        conds.append(exists().where(Review.draft_id == Draft.id, Review.reviewer == reviewer))
    if channel:
        conds.append(
            exists().where(DraftChannel.draft_id == Draft.id, DraftChannel.channel == channel)
        )
    if language:
        conds.append(Draft.language == language)
    if vetting is not None:
        conds.append(needs_my_vetting(caller, vetting))
    if q:
        conds.append(func.lower(Draft.title).contains(q.lower(), autoescape=True))
    if path:
        conds.append(Draft.path == path.lstrip("/"))
    if not can_see_all(caller):
        conds.append(
            (Draft.submitted_by == caller.username)
            | exists().where(
                DraftAuthor.draft_id == Draft.id, DraftAuthor.username == caller.username
            )
        )
    page = list(conds)
    if cursor:
        page.append(Draft.id < decode_cursor(cursor))
    count = select(func.count()).select_from(Draft).where(*conds)
    with ctx.query() as conn:
        # The count rides along the page as an uncorrelated subquery (computed once):
        # one statement, one round trip. A page past the end has no row to carry it.
        rows = conn.execute(
            select(Draft.id, Draft.summary, count.scalar_subquery())
            .where(*page)
            .order_by(Draft.id.desc())
            .limit(limit + 1)
        ).all()
        total = rows[0][2] if rows else (conn.scalar(count) or 0)
    more = len(rows) > limit
    rows = rows[:limit]
    nxt = json.dumps(encode_cursor(rows[-1][0])) if more and rows else "null"
    # The summaries are stored as JSON already: splice them in rather than re-encode.
    return '{"items": [' + ", ".join(r[1] for r in rows) + f'], "next": {nxt}, "total": {total}}}'


def needs_my_vetting(caller: Caller, vetting: str) -> ColumnElement[bool]:
    """``vetting=mine``: drafts in a language the caller vets (``Caller.vetting_first``),
    not their own, that they have not vetted on the current revision;
    ``vetting=other``: every other draft, so the two lists make the whole queue."""
    if vetting not in ("mine", "other"):
        raise InvalidInput("vetting is mine or other.", field="vetting")
    langs = list(caller.vetting_first)
    if not langs:
        cond: ColumnElement[bool] = false()
    else:
        lang = func.lower(Draft.language)
        # covers_language in SQL: the tag itself or its primary subtag ("es" covers "es-MX").
        in_language = or_(lang.in_(langs), *(lang.startswith(f"{x}-") for x in langs))
        cond = and_(
            in_language,
            Draft.submitted_by != caller.username,
            ~exists().where(
                DraftAuthor.draft_id == Draft.id, DraftAuthor.username == caller.username
            ),
            ~exists().where(
                Vetting.draft_id == Draft.id,
                Vetting.revision == Draft.revision,
                Vetting.vetter == caller.username,
            ),
        )
    return cond if vetting == "mine" else not_(cond)
