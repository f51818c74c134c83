"""The review view of one draft: its revision, pre-checks, diff since my last review, the
checklist, cell comments and the verdict buttons the server allows this editor."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any

import ipywidgets as widgets

from . import diff_view, render
from .host import PanelHost
from .panel import esc
from .publication_view import PublicationView

if TYPE_CHECKING:
    from .client import JmsClient

VERDICTS = {
    "approve": ("Approve", "success", "approve this draft", "approved"),
    "request_changes": (
        "Request changes",
        "warning",
        "request changes on this draft",
        "asked for changes on",
    ),
    "reject": ("Reject", "danger", "reject this draft", "rejected"),
}
VETTINGS = {
    "approve": (
        "Vet: approve the translation",
        "success",
        "vet this draft",
        "approved the language of",
    ),
    "reject": (
        "Vet: reject the translation",
        "danger",
        "vet this draft",
        "rejected the language of",
    ),
}
WHOLE_DRAFT = "(the whole draft)"
GIVEN = {"approve": "approved", "request_changes": "changes requested", "reject": "rejected"}


class DraftReview(widgets.VBox):
    """Shows one loaded draft; its buttons call through the queue panel that owns it."""

    def __init__(self, queue: PanelHost) -> None:
        super().__init__()
        self.queue = queue
        self.draft: dict[str, Any] | None = None
        self.notebook: dict[str, Any] = {}
        self.checklist: dict[str, widgets.ToggleButtons] = {}
        self.verdict_buttons: dict[str, widgets.Button] = {}
        self.vet_buttons: dict[str, widgets.Button] = {}

        self.title = widgets.HTML("")
        self.revision_html = widgets.HTML("")
        self.checks_html = widgets.HTML("")
        self.diff_html = widgets.HTML("")
        self.reviews_html = widgets.HTML("")
        self.comments_html = widgets.HTML("")
        self.comment_cell = widgets.Dropdown(
            options=[(WHOLE_DRAFT, "")], value="", description="On"
        )
        self.comment_text = widgets.Textarea(
            placeholder="A comment for the authors", layout=widgets.Layout(width="100%")
        )
        self.comment_button = widgets.Button(description="Add comment", icon="comment")
        self.comment_button.on_click(lambda _b: self._comment())
        self.comment_form = widgets.VBox(
            [self.comment_cell, self.comment_text, self.comment_button]
        )
        self.tabs = widgets.Tab(
            children=[
                self.revision_html,
                self.checks_html,
                self.diff_html,
                self.reviews_html,
                widgets.VBox([self.comments_html, self.comment_form]),
            ],
            titles=["Revision", "Pre-checks", "Since my last review", "Reviews", "Comments"],
        )
        self.checklist_box = widgets.VBox([])
        self.all_pass_button = widgets.Button(description="Mark all pass", icon="check")
        self.all_pass_button.on_click(lambda _b: self.mark_all("pass"))
        self.review_comment = widgets.Textarea(
            placeholder="Why (needed to request changes or reject)",
            layout=widgets.Layout(width="100%"),
        )
        self.publication = PublicationView(queue)
        self.verdict_box = widgets.HBox([])
        self.vet_box = widgets.HBox([])
        # The caller's own verdict on this revision, which a new one replaces.
        self.mine_html = widgets.HTML("")
        self.verdict_heading = widgets.HTML("<b>Checklist</b>")
        # Rejecting is final: the Reject button asks here first.
        self.confirm_box = widgets.HBox([])
        self._mine_key: tuple[Any, ...] | None = None
        self.verdict_area = widgets.VBox(
            [
                self.mine_html,
                self.verdict_heading,
                self.checklist_box,
                self.all_pass_button,
                self.review_comment,
                self.verdict_box,
                self.confirm_box,
                self.vet_box,
            ]
        )
        self.clear()

    # -- showing --------------------------------------------------------------------------
    def clear(self) -> None:
        self.draft = None
        self.children = [widgets.HTML("<em>Pick a draft to review it.</em>")]

    def show(self, bundle: dict[str, Any], me: dict[str, Any] | None = None) -> None:
        """Fill the view from a ``load_draft`` bundle."""
        draft = bundle["draft"]
        same = self.draft is not None and self.draft["id"] == draft["id"]
        same_revision = (
            same and self.draft is not None and self.draft["revision"] == draft["revision"]
        )
        self.draft = draft
        self.notebook = bundle.get("notebook") or {}
        allowed = set(draft.get("allowed_actions") or [])
        authors = ", ".join(draft.get("authors") or []) or draft.get("submitted_by", "")
        channels = ", ".join(draft.get("channels") or []) or "none"
        vetting = ""
        if draft.get("needs_vetting"):
            vetting = (
                " \u00b7 language vetted"
                if draft.get("vetted")
                else " \u00b7 needs council vetting"
            )
        self.title.value = (
            f"<h3>#{esc(draft['id'])} {esc(draft.get('title'))}</h3>"
            f"<div>{esc(draft.get('subtitle'))}</div>"
            f"<div style='font-size:small'>by {esc(authors)} \u00b7 {esc(draft.get('language'))} "
            f"\u00b7 channels: {esc(channels)} \u00b7 state "
            f"<b>{esc(str(draft.get('state', '')).replace('_', ' '))}</b> "
            f"\u00b7 revision {esc(draft.get('revision'))} \u00b7 approvals "
            f"{esc(draft.get('approvals'))}/{esc(draft.get('required_approvals'))}"
            f"{esc(vetting)}</div>"
        )
        cells = self.notebook.get("cells") or []
        labels = {str(c.get("id")): render.cell_label(i, c) for i, c in enumerate(cells)}
        self.revision_html.value = render.notebook(self.notebook, draft.get("comments") or [])
        self.checks_html.value = render.checks(
            draft.get("checks") or [], render.cell_numbers(self.notebook)
        )
        self.diff_html.value = self._diff_html(draft, bundle.get("diff"))
        report = bundle.get("checklist") or {}
        item_labels = {str(i.get("id")): str(i.get("label")) for i in report.get("items") or []}
        self.reviews_html.value = render.reviews(draft, item_labels)
        self.comments_html.value = render.comments(draft.get("comments") or [], labels)
        keep_cell = self.comment_cell.value if same_revision else ""
        self.comment_cell.options = [(WHOLE_DRAFT, "")] + [(v, k) for k, v in labels.items()]
        self.comment_cell.value = keep_cell if keep_cell in labels else ""
        self.comment_form.layout.display = "" if "comment" in allowed else "none"
        if not same_revision:
            self._build_checklist(bundle.get("checklist"))
            self.review_comment.value = ""
            self._mine_key = None
        self._build_buttons(allowed)
        self._show_mine(draft)
        self.confirm_box.children = []
        self.children = [self.title, self.tabs, self.verdict_area]
        if bundle.get("publication"):
            self.publication.show(
                bundle["publication"], can_publish=bool({"schedule", "publish"} & allowed)
            )
            self.children = [*self.children, self.publication]
        else:
            self.publication.clear()

    def _show_mine(self, draft: dict[str, Any]) -> None:
        """Say what verdict the caller gave on this revision and prefill the form with it,
        so that giving another changes it (the server keeps one per person and revision)."""
        review = draft.get("my_review") if self.verdict_buttons else None
        vetting = draft.get("my_vetting") if self.vet_buttons else None
        lines = []
        if review:
            said = GIVEN.get(str(review.get("verdict")), str(review.get("verdict")))
            lines.append(
                f"Your verdict on revision {esc(review.get('revision'))}: <b>{esc(said)}</b>. "
                "Giving another replaces it."
            )
        if vetting:
            vetted = VETTINGS.get(str(vetting.get("verdict")), ("", "", "", "vetted"))[3]
            lines.append(
                f"You {esc(vetted)} revision {esc(vetting.get('revision'))}. "
                "Vetting again replaces it."
            )
        self.mine_html.value = "".join(f"<div>{line}</div>" for line in lines)
        self.verdict_heading.value = "<b>Change your verdict</b>" if review else "<b>Checklist</b>"
        mine = review or vetting
        key = (mine.get("id"), mine.get("verdict"), mine.get("revision")) if mine else None
        if mine and key != self._mine_key:
            if review:
                for item, toggle in self.checklist.items():
                    value = (review.get("checklist") or {}).get(item)
                    toggle.value = value if value in toggle.options else None
            self.review_comment.value = str(mine.get("comment") or "")
        self._mine_key = key

    @staticmethod
    def _diff_html(draft: dict[str, Any], diff: dict[str, Any] | None) -> str:
        last = draft.get("last_reviewed_revision")
        if last is None:
            return "<p>You have not reviewed this draft before: all of it is new to you.</p>"
        if diff is None:
            return f"<p>No new revision since your last review (revision {esc(last)}).</p>"
        return diff_view.diff(diff)

    def _build_checklist(self, report: dict[str, Any] | None) -> None:
        self.checklist = {}
        rows: list[widgets.Widget] = []
        if report is None:
            rows.append(widgets.HTML("<em>This server does not list its checklist.</em>"))
        else:
            values = list(report.get("values") or ["pass", "fail", "n/a"])
            for item in report.get("items") or []:
                if not item.get("applies"):
                    continue
                if item.get("derived"):
                    rows.append(
                        widgets.HTML(
                            f"<div>{esc(item['label'])}: <em>set by council vetting</em></div>"
                        )
                    )
                    continue
                toggle = widgets.ToggleButtons(
                    options=values, value=None, style={"button_width": "4em"}
                )
                self.checklist[item["id"]] = toggle
                rows.append(
                    widgets.HBox(
                        [
                            widgets.HTML(
                                esc(item["label"]),
                                layout=widgets.Layout(width="34em", margin="0 1em 0 0"),
                            ),
                            toggle,
                        ],
                        layout=widgets.Layout(align_items="center"),
                    )
                )
        self.checklist_box.children = rows

    def _build_buttons(self, allowed: set[str]) -> None:
        self.verdict_buttons = {}
        for action, (label, style, doing, done) in VERDICTS.items():
            if action in allowed:
                b = widgets.Button(description=label, button_style=style)
                b.on_click(lambda _b, a=action, d=doing, t=done: self._verdict(a, d, t))
                self.verdict_buttons[action] = b
        self.vet_buttons = {}
        if "vet" in allowed:
            for verdict, (label, style, doing, done) in VETTINGS.items():
                b = widgets.Button(description=label, button_style=style)
                b.on_click(lambda _b, v=verdict, d=doing, t=done: self._vet(v, d, t))
                self.vet_buttons[verdict] = b
        self.verdict_box.children = list(self.verdict_buttons.values())
        self.vet_box.children = list(self.vet_buttons.values())
        reviewing = bool(self.verdict_buttons)
        for w in (self.checklist_box, self.all_pass_button):
            w.layout.display = "" if reviewing else "none"
        self.review_comment.layout.display = "" if reviewing or self.vet_buttons else "none"
        if not reviewing and not self.vet_buttons:
            self.verdict_box.children = [
                widgets.HTML("<em>There is no verdict for you to give on this draft.</em>")
            ]

    # -- acting ---------------------------------------------------------------------------
    def mark_all(self, value: str) -> None:
        for toggle in self.checklist.values():
            toggle.value = value

    def checklist_values(self) -> dict[str, str]:
        return {k: t.value for k, t in self.checklist.items() if t.value is not None}

    def _buttons(self) -> list[widgets.Widget]:
        return [*self.verdict_buttons.values(), *self.vet_buttons.values()]

    def _verdict(self, verdict: str, doing: str, done_text: str) -> None:
        draft = self.draft
        if draft is None:
            return
        if verdict == "reject":
            self._ask_reject(doing, done_text)
            return
        self._give(verdict, doing, done_text)

    def _ask_reject(self, doing: str, done_text: str) -> None:
        """Rejecting is final (withdrawing asks too): say so, and reject only on a yes."""
        draft = self.draft
        if draft is None:
            return
        yes = widgets.Button(description="Yes, reject", button_style="danger")
        no = widgets.Button(description="Cancel")

        def answer(confirmed: bool) -> None:
            self.confirm_box.children = []
            if confirmed:
                self._give("reject", doing, done_text)

        yes.on_click(lambda _b: answer(True))
        no.on_click(lambda _b: answer(False))
        self.confirm_box.children = [
            widgets.HTML(
                f"Reject \u201c{esc(draft.get('title'))}\u201d? A rejected post is final; "
                "to ask for changes, use Request changes.&nbsp;"
            ),
            yes,
            no,
        ]

    def _give(self, verdict: str, doing: str, done_text: str) -> None:
        draft = self.draft
        if draft is None:
            return
        body = {
            "revision": draft["revision"],
            "verdict": verdict,
            "checklist": self.checklist_values(),
            "comment": self.review_comment.value,
        }
        self._send_verdict(
            lambda c: c.review(draft["id"], body), draft, doing, done_text, "your review"
        )

    def _vet(self, verdict: str, doing: str, done_text: str) -> None:
        draft = self.draft
        if draft is None:
            return
        body = {
            "revision": draft["revision"],
            "language": draft.get("language"),
            "verdict": verdict,
            "comment": self.review_comment.value,
        }
        self._send_verdict(
            lambda c: c.vet(draft["id"], body), draft, doing, done_text, "your vetting"
        )

    def _send_verdict(
        self,
        request: Callable[[JmsClient], dict[str, Any]],
        draft: dict[str, Any],
        doing: str,
        done_text: str,
        what: str,
    ) -> None:
        """Send a review or vetting of the current revision; say what the draft is now."""
        self.queue.call(
            request,
            lambda r: self.queue.after_change(
                f"You {done_text} revision {r['revision']} of #{draft['id']}: "
                f"the draft is now {r['state'].replace('_', ' ')}."
            ),
            doing=doing,
            busy=f"Sending {what}\u2026",
            disable=self._buttons(),
        )

    def _comment(self) -> None:
        draft = self.draft
        if draft is None:
            return
        text = self.comment_text.value
        cell = self.comment_cell.value or None

        def done(_r: Any) -> None:
            self.comment_text.value = ""
            self.queue.after_change("Your comment is posted.")

        self.queue.call(
            lambda c: c.comment(draft["id"], draft["revision"], text, cell),
            done,
            doing="comment on this draft",
            busy="Posting your comment\u2026",
            disable=[self.comment_button],
        )
