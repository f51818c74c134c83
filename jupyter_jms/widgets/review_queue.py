"""``ReviewQueue``: the drafts waiting for an editor, filterable, with a review view of each."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import ipywidgets as widgets

from .client import JmsClient, JmsError
from .panel import Panel, PanelOptions, esc
from .publication_view import SHOWN_STATES
from .review_view import DraftReview

if TYPE_CHECKING:
    from typing_extensions import Unpack

# Presentation only: which states the state filter offers; the server filters. The first
# choice, the member's own review queue, is the states `GET me` names in `review_queue`.
STATE_FILTERS: list[tuple[str, str]] = [
    ("submitted", "submitted"),
    ("in review", "in_review"),
    ("changes requested", "changes_requested"),
    ("approved", "approved"),
    ("scheduled", "scheduled"),
    ("published", "published"),
    ("rejected", "rejected"),
    ("withdrawn", "withdrawn"),
    ("any state", ""),
]
PAGE = 50


def load_draft(client: JmsClient, draft_id: str) -> dict[str, Any]:
    """Everything the review view shows about one draft, fetched in one go on a worker."""
    draft = client.draft(draft_id)
    n = int(draft["revision"])
    bundle: dict[str, Any] = {"draft": draft, "notebook": client.revision(draft_id, n)}
    last = draft.get("last_reviewed_revision")
    if last is not None and int(last) < n:
        bundle["diff"] = client.diff(draft_id, n, int(last))
    # The checklist: for the verdict form, and to name the items a review failed.
    try:
        bundle["checklist"] = client.checklist(
            third_party=bool(draft.get("third_party")),
            needs_vetting=bool(draft.get("needs_vetting")),
        )
    except JmsError as exc:
        if exc.status != 404:
            raise
        bundle["checklist"] = None  # an older server: the review endpoint still validates
    if draft.get("state") in SHOWN_STATES:
        bundle["publication"] = client.publication(draft_id)
    return bundle


def signed_in(me: dict[str, Any]) -> str:
    """Who the panels act as, in HTML: "Signed in as <b>ada</b> (editor)"."""
    who = f"<b>{esc(me.get('username'))}</b>"
    if not me.get("member", True):
        return f"Signed in as {who}, who is not a JMS member: you see your own drafts."
    roles = ", ".join(me.get("roles") or []) or "no role today"
    return f"Signed in as {who} ({esc(roles)})"


def row_label(d: dict[str, Any]) -> str:
    lang = f" [{d['language']}]" if d.get("language") and d.get("language") != "en" else ""
    approvals = ""
    if d.get("collects_approvals", True):
        approvals = f", approvals {d.get('approvals', 0)}/{d.get('required_approvals', 1)}"
    return (
        f"#{d['id']} {d.get('title', '')}{lang} \u2014 {d.get('state', '').replace('_', ' ')}, "
        f"rev {d.get('revision')}{approvals}"
    )


class ReviewQueue(Panel):
    """The review queue: filter, pick a draft, read it, tick the checklist, give a verdict.

    ``ReviewQueue()`` finds the server by itself; ``ReviewQueue(url=..., token=...)`` does not.
    """

    def __init__(
        self,
        url: str | None = None,
        token: str | None = None,
        *,
        state: str | None = None,
        **options: Unpack[PanelOptions],
    ) -> None:
        """``state`` filters by a comma-separated list of states; by default the list is
        the member's review queue, as the server defines it for them."""
        super().__init__(url, token, **options)
        self._follow_queue = state is None
        # The drafts on the first page that wait for this vetter's vetting.
        self.needs_my_vetting: set[str] = set()
        self._quiet = False
        self._page_seq = 0
        self._draft_seq = 0
        self.items: list[dict[str, Any]] = []
        self.next_cursor: str | None = None
        self.header = widgets.HTML("<h3>Review queue</h3>")
        offered = list(STATE_FILTERS)
        if state and state not in dict(STATE_FILTERS).values():
            offered.insert(0, (state.replace(",", ", ").replace("_", " "), state))
        self.state = widgets.Dropdown(options=offered, value=state or "", description="State")
        self.language = widgets.Text(description="Language", placeholder="e.g. es")
        self.channel = widgets.Dropdown(
            options=[("any channel", "")], value="", description="Channel"
        )
        self.search_text = widgets.Text(description="Title", placeholder="words in the title")
        self.search_button = widgets.Button(description="Search", icon="search")
        self.more_button = widgets.Button(description="More", layout=widgets.Layout(display="none"))
        self.count = widgets.HTML("")
        self.results = widgets.Select(options=[], rows=8, layout=widgets.Layout(width="100%"))
        self.review = DraftReview(self)

        self.search_button.on_click(lambda _b: self.refresh())
        self.more_button.on_click(lambda _b: self._more())
        self.search_text.on_submit(lambda _w: self.refresh())
        self.language.on_submit(lambda _w: self.refresh())
        self._quiet_state = False
        self.state.observe(lambda _c: None if self._quiet_state else self.refresh(), names="value")
        self.channel.observe(lambda _c: self.refresh(), names="value")
        self.results.observe(self._picked, names="value")

        filters = widgets.HBox(
            [
                widgets.VBox([self.state, self.channel]),
                widgets.VBox([self.language, self.search_text]),
                self.search_button,
            ]
        )
        self.children = [
            self.header,
            self.service,
            filters,
            self.count,
            self.results,
            self.more_button,
            self.busy,
            self.message,
            self.review,
        ]
        # The channel filter offers the channels a post can go to: the active ones.
        self.begin(lambda c, _me: c.channels(status="active"), self._start, doing="load the queue")

    # -- the queue ------------------------------------------------------------------------
    def _start(self, channels: list[dict[str, Any]]) -> None:
        me = self.me or {}
        self.header.value = f"<h3>Review queue</h3><div>{signed_in(me)}</div>"
        current = self.channel.value
        self.channel.options = [("any channel", "")] + [
            (f"{c['name']} ({c['id']})", c["id"]) for c in channels
        ]
        self.channel.value = current if current in [c["id"] for c in channels] else ""
        queue = ",".join((me.get("review_queue") or {}).get("states") or [])
        if queue:
            names = ", ".join(s.replace("_", " ") for s in queue.split(","))
            keep = self.state.value
            # Replacing the options moves the value: keep the filter quiet while it changes.
            self._quiet_state = True
            try:
                self.state.options = [(f"my review queue ({names})", queue), *self.state.options]
                self.state.value = keep
            finally:
                self._quiet_state = False
        if not self._follow_queue:
            self.refresh()  # the state asked for when the panel was made
        else:
            self._follow_queue = False
            # Setting the filter reloads the list (see the observer) unless it is unchanged.
            if self.state.value == queue:
                self.refresh()
            else:
                self.state.value = queue

    def filters(self) -> dict[str, Any]:
        """The API query the filter widgets stand for."""
        return {
            "state": self.state.value,
            "language": self.language.value.strip(),
            "channel": self.channel.value,
            "q": self.search_text.value.strip(),
            "limit": PAGE,
        }

    def _vetting_first(self) -> bool:
        """Whether the list shown is a council vetter's queue, which starts with the drafts
        that need her vetting (``GET me`` names her languages; the server picks them)."""
        me = self.me or {}
        queue = me.get("review_queue") or {}
        states = ",".join(queue.get("states") or [])
        return bool(queue.get("vetting_first")) and bool(states) and self.state.value == states

    def refresh(self, quiet: bool = False) -> None:
        """Reload the first page of the queue with the current filters."""
        query = self.filters()
        self._page_seq += 1
        seq = self._page_seq
        vetting_first = self._vetting_first()

        def first_page(c: JmsClient) -> dict[str, Any]:
            if not vetting_first:
                return c.drafts(**query)
            mine = c.drafts(**query, vetting="mine")
            rest = c.drafts(**query, vetting="other")
            return {
                "needs_my_vetting": [str(d["id"]) for d in mine.get("items") or []],
                "items": [*(mine.get("items") or []), *(rest.get("items") or [])],
                "next": rest.get("next"),
                "total": int(mine.get("total") or 0) + int(rest.get("total") or 0),
            }

        self.call(
            first_page,
            lambda page: self._show_page(page, append=False, seq=seq),
            doing="load the review queue",
            busy="Loading drafts\u2026",
            quiet=quiet,
        )

    def _more(self) -> None:
        if not self.next_cursor:
            return
        query = {**self.filters(), "cursor": self.next_cursor}
        if self._vetting_first():
            query["vetting"] = "other"  # the first page held all that needs her vetting
        seq = self._page_seq
        self.call(
            lambda c: c.drafts(**query),
            lambda page: self._show_page(page, append=True, seq=seq),
            doing="load more drafts",
            disable=[self.more_button],
        )

    def _show_page(self, page: dict[str, Any], *, append: bool, seq: int | None = None) -> None:
        if seq is not None and seq != self._page_seq:
            return  # the filters changed since this page was asked for
        self.items = (self.items if append else []) + list(page.get("items") or [])
        self.next_cursor = page.get("next")
        keep = self.results.value
        if not append:
            self.needs_my_vetting = set(page.get("needs_my_vetting") or [])
        mine = self.needs_my_vetting
        options = [
            (
                ("\u2605 needs your vetting: " if str(d["id"]) in mine else "") + row_label(d),
                str(d["id"]),
            )
            for d in self.items
        ]
        ids = [v for _, v in options]
        if keep and keep not in ids:
            # The draft being reviewed stays in the list until the editor picks another,
            # even when a verdict moved it out of the filter.
            label = dict((v, k) for k, v in self.results.options).get(keep, f"#{keep}")
            options.append((label, keep))
            ids.append(keep)
        self._set_options(options, keep if keep in ids else None)
        total = page.get("total", len(self.items))
        self.count.value = f"{len(self.items)} of {esc(total)} draft(s)"
        self.more_button.layout.display = "" if self.next_cursor else "none"

    def _set_options(self, options: list[tuple[str, str]], value: str | None) -> None:
        # Replacing a Select's options moves its value to the first one: keep the list
        # quiet while it changes so that no draft opens by itself.
        self._quiet = True
        try:
            self.results.options = options
            self.results.value = value
        finally:
            self._quiet = False

    # -- one draft ------------------------------------------------------------------------
    def select(self, draft_id: str) -> None:
        """Open a draft in the review view, as clicking it in the list does."""
        draft_id = str(draft_id)
        options = list(self.results.options)
        if draft_id not in [v for _, v in options]:
            self._set_options([*options, (f"#{draft_id}", draft_id)], self.results.value)
        if self.results.value == draft_id:
            self.open_draft(draft_id)
        else:
            self.results.value = draft_id

    def _picked(self, change: dict[str, Any]) -> None:
        if self._quiet:
            return
        if change["new"]:
            self.open_draft(change["new"])
        else:
            self.review.clear()

    def open_draft(self, draft_id: str, quiet: bool = False) -> None:
        """Load a draft (its revision, checks, diff since my last review, checklist)."""
        self._draft_seq += 1
        seq = self._draft_seq
        self.call(
            lambda c: load_draft(c, draft_id),
            lambda bundle: self._opened(bundle, seq),
            doing=f"open draft {draft_id}",
            busy=f"Opening draft {draft_id}\u2026",
            quiet=quiet,
        )

    def _opened(self, bundle: dict[str, Any], seq: int) -> None:
        # A slower answer for a draft the editor has since left must not replace the view.
        draft = bundle["draft"]
        if seq != self._draft_seq or str(draft["id"]) != str(self.results.value):
            return
        options = [
            (row_label(draft) if v == str(draft["id"]) else k, v) for k, v in self.results.options
        ]
        self._set_options(options, str(draft["id"]))
        self.review.show(bundle, me=self.me)

    def after_change(self, text: str) -> None:
        """After a verdict or comment: say what happened, reload the draft and the queue."""
        self.say(text)
        current = self.results.value
        if current:
            self.open_draft(current, quiet=True)
        self.refresh(quiet=True)
