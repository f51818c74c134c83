"""The post metadata form of ``SubmitPanel``, checked by the server while the author types.

Nothing here decides what is valid or how long a text is: every change is sent to
``POST checks/post`` and the form shows the errors and per-channel counts that come back.
When the author types faster than the server answers, the next check waits for the one in
flight and then sends the latest values, so checks never pile up.
"""

from __future__ import annotations

from typing import Any

import ipywidgets as widgets

from .client import JmsError
from .host import FormHost
from .panel import esc

WIDE = widgets.Layout(width="40em")


class PostForm(widgets.VBox):
    """Fields for ``metadata.jms``; ``post()`` is what gets written into the notebook."""

    def __init__(self, panel: FormHost) -> None:
        super().__init__()
        self.panel = panel
        self.loaded: dict[str, Any] = {}
        self.channels: list[dict[str, Any]] = []
        self.report: dict[str, Any] | None = None
        self.checks_sent = 0
        self._filling = False
        self._in_flight = False
        self._again = False

        self.title = widgets.Text(description="Title", layout=WIDE)
        self.subtitle = widgets.Text(description="Subtitle", layout=WIDE)
        self.summary = widgets.Textarea(description="Summary", layout=WIDE)
        self.authors = widgets.TagsInput(value=[], allow_duplicates=False)
        self.language = widgets.Text(
            value="en", description="Language", placeholder="en, es, pt-BR"
        )
        self.tags = widgets.TagsInput(value=[], allow_duplicates=False)
        self.third_party = widgets.Checkbox(description="Third-party content", indent=False)
        self.benefit = widgets.Textarea(
            description="Benefit",
            placeholder="How it benefits the Jupyter community",
            layout=widgets.Layout(width="40em", display="none"),
        )
        self.channel_boxes: dict[str, widgets.Checkbox] = {}
        self.social: dict[str, widgets.Textarea] = {}
        self.counters: dict[str, widgets.HTML] = {}
        self.channel_area = widgets.VBox([])
        self.errors_html = widgets.HTML("")

        for w in (
            self.title,
            self.subtitle,
            self.summary,
            self.authors,
            self.language,
            self.tags,
            self.third_party,
            self.benefit,
        ):
            w.observe(self._changed, names="value")
        self.third_party.observe(self._third_party_shown, names="value")
        self.children = [
            self.title,
            self.subtitle,
            self.summary,
            widgets.HBox(
                [widgets.Label("Authors", layout=widgets.Layout(width="6em")), self.authors]
            ),
            self.language,
            widgets.HBox([widgets.Label("Tags", layout=widgets.Layout(width="6em")), self.tags]),
            self.third_party,
            self.benefit,
            widgets.HTML("<b>Channels</b> (and the text to post on each)"),
            self.channel_area,
            self.errors_html,
        ]

    # -- channels -------------------------------------------------------------------------
    def set_channels(self, channels: list[dict[str, Any]]) -> None:
        """One checkbox per channel in the registry (retired ones only if already chosen)."""
        self.channels = channels
        self._build_channels()
        if self.panel.loaded_path:
            self.check_now()

    def _build_channels(self) -> None:
        chosen = set(self.loaded.get("channels") or [])
        texts = dict(self.loaded.get("social") or {})
        for cid, box in self.channel_boxes.items():
            if box.value:
                chosen.add(cid)
            if self.social[cid].value:
                texts[cid] = self.social[cid].value
        rows: list[widgets.Widget] = []
        self.channel_boxes, self.social, self.counters = {}, {}, {}
        for ch in self.channels:
            cid = ch["id"]
            if ch.get("status") == "retired" and cid not in chosen:
                continue
            preferred = " \u2605 preferred" if ch.get("preferred") else ""
            status = f" ({ch.get('status')})" if ch.get("status") != "active" else ""
            box = widgets.Checkbox(
                value=cid in chosen,
                description=f"{ch.get('name', cid)} [{cid}]{preferred}{status}",
                indent=False,
                layout=widgets.Layout(width="30em"),
            )
            text = widgets.Textarea(
                value=texts.get(cid, ""),
                rows=3,
                placeholder=f"What to post on {ch.get('name', cid)}",
                layout=widgets.Layout(width="40em", display="none"),
            )
            counter = widgets.HTML("")
            self.channel_boxes[cid], self.social[cid], self.counters[cid] = box, text, counter
            box.observe(self._changed, names="value")
            box.observe(lambda _c, c=cid: self._social_shown(c), names="value")
            text.observe(self._changed, names="value")
            self._social_shown(cid)
            rows.append(widgets.VBox([box, widgets.HBox([text, counter])]))
        self.channel_area.children = rows

    def _takes_text(self, cid: str) -> bool:
        # The blog carries the post itself; every other channel gets its own short text.
        kind = next((c.get("kind") for c in self.channels if c["id"] == cid), None)
        return kind != "blog"

    def _social_shown(self, cid: str) -> None:
        shown = self.channel_boxes[cid].value and self._takes_text(cid)
        self.social[cid].layout.display = "" if shown else "none"
        self.counters[cid].layout.display = "" if shown else "none"

    def _third_party_shown(self, _change: Any = None) -> None:
        self.benefit.layout.display = "" if self.third_party.value else "none"

    # -- values ---------------------------------------------------------------------------
    def fill(self, post: dict[str, Any]) -> None:
        """Show a notebook's ``metadata.jms`` (unknown keys are kept as they are)."""
        self._filling = True
        try:
            self.loaded = dict(post)
            self.title.value = str(post.get("title") or "")
            self.subtitle.value = str(post.get("subtitle") or "")
            self.summary.value = str(post.get("summary") or "")
            self.authors.value = [str(a) for a in post.get("authors") or []]
            self.language.value = str(post.get("language") or "en")
            self.tags.value = [str(t) for t in post.get("tags") or []]
            self.third_party.value = bool(post.get("third_party"))
            self.benefit.value = str(post.get("third_party_benefit") or "")
            for box in self.channel_boxes.values():
                box.value = False
            for text in self.social.values():
                text.value = ""
            self._build_channels()
            self._third_party_shown()
        finally:
            self._filling = False

    def post(self) -> dict[str, Any]:
        """The metadata the form stands for; empty optional fields are left out."""
        post = dict(self.loaded)

        def put(key: str, value: Any) -> None:
            if value:
                post[key] = value
            else:
                post.pop(key, None)

        put("title", self.title.value.strip())
        put("subtitle", self.subtitle.value.strip())
        put("summary", self.summary.value.strip())
        put("authors", list(self.authors.value))
        put("language", self.language.value.strip())
        put("tags", list(self.tags.value))
        if self.third_party.value:
            post["third_party"] = True
            put("third_party_benefit", self.benefit.value.strip())
        else:
            post.pop("third_party", None)
            post.pop("third_party_benefit", None)
        chosen = [cid for cid, box in self.channel_boxes.items() if box.value]
        if self.channels:
            put("channels", chosen)
            social = {
                cid: self.social[cid].value
                for cid in chosen
                if self._takes_text(cid) and self.social[cid].value.strip()
            }
            put("social", social)
        return post

    # -- checking -------------------------------------------------------------------------
    def _changed(self, _change: Any = None) -> None:
        if not self._filling:
            self.check_now()

    def check_now(self) -> None:
        """Ask the server about the current values (after the check in flight, if any)."""
        if self._in_flight:
            self._again = True
            return
        self._in_flight = True
        self._again = False
        post = self.post()
        self.checks_sent += 1
        self.panel.tasks.run(lambda: self._ask(post), self._answered, failed=self._failed)

    def _ask(self, post: dict[str, Any]) -> dict[str, Any] | None:
        client = self.panel.client
        if client is None:
            return None
        try:
            return client.check_post(post)
        except JmsError as exc:
            if exc.status == 404:  # a server without the check endpoint: submit still checks
                return None
            raise

    def _answered(self, report: dict[str, Any] | None) -> None:
        self._in_flight = False
        if self._again:
            self.check_now()
            return
        self.report = report
        self._show(report)

    def _failed(self, exc: BaseException) -> None:
        self._in_flight = False
        if self._again:
            self.check_now()
            return
        from .tasks import describe

        self.errors_html.value = (
            f'<div style="color:#b00020">{esc(describe(exc, "check the metadata"))}</div>'
        )

    def _show(self, report: dict[str, Any] | None) -> None:
        if report is None:
            self.errors_html.value = "<em>This server does not check metadata before submit.</em>"
            return
        counts = {c["channel"]: c for c in report.get("counts") or []}
        for cid, counter in self.counters.items():
            c = counts.get(cid)
            if c is None:
                counter.value = ""
                continue
            limit = c.get("limit")
            color = "#b00020" if c.get("over") else "#1b5e20"
            shown = f"{c['count']} / {limit}" if limit is not None else f"{c['count']} characters"
            counter.value = f'<span class="jms-count" style="color:{color}">{esc(shown)}</span>'
        errors = report.get("errors") or []
        too_long = [c for c in report.get("counts") or [] if c.get("over")]
        warnings = "".join(
            f"<div style='color:#8a6d00'>\u26a0 The text for {esc(c['channel'])} is over its "
            f"limit ({esc(c['count'])} / {esc(c['limit'])}): editors will see it flagged.</div>"
            for c in too_long
        )
        if not errors:
            self.errors_html.value = (
                '<div style="color:#1b5e20">\u2714 The metadata is valid.</div>' + warnings
            )
            return
        # Each message is a sentence that names its field (domain/metadata.py).
        items = "".join(f"<li>{esc(e.get('message'))}</li>" for e in errors)
        self.errors_html.value = f'<div style="color:#b00020"><ul>{items}</ul></div>' + warnings

    def counter_text(self, cid: str) -> str:
        """What a channel's counter says, as text (e.g. ``"512 / 500"``)."""
        import re

        return re.sub(r"<[^>]+>", "", self.counters[cid].value)

    def error_fields(self) -> list[str]:
        return [
            str(e.get("field", "")).removeprefix("metadata.jms.")
            for e in (self.report or {}).get("errors") or []
        ]
