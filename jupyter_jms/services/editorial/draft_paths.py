"""Where a draft's notebook lives on this server, read without building the whole draft."""

from __future__ import annotations

from ...domain.access import Caller
from ..kernel.context import Context
from .drafts import DraftService


class DraftPaths:
    def __init__(self, ctx: Context, drafts: DraftService) -> None:
        self.ctx = ctx
        self.drafts = drafts

    def current(self, caller: Caller, draft_id: str) -> str:
        """The path a resubmit reads when it names none: the draft's current path.

        The draft is found as every draft read finds it (one the caller may not read is
        NotFound); who may resubmit is the resubmit's own decision."""
        with self.ctx.read() as s:
            return self.drafts._load(s, draft_id, caller).path
