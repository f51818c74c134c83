"""How an approved post goes out: per channel the exact text with its count and limit, the
blog exports, the schedule in its time zone, and each channel's outcome with the marks the
server allows; and the editors' "to publish" list. Everything shown comes from the API."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

import ipywidgets as widgets

from .host import PanelHost
from .panel import Panel, PanelOptions, esc

if TYPE_CHECKING:
    from typing_extensions import Unpack

    from .client import JmsClient

# The draft states whose review shows how the post goes out.
SHOWN_STATES = ("approved", "scheduled", "published")
EXPORT_LABELS = {
    "html": "HTML",
    "md": "Markdown and images (zip)",
    "static": "Static-site Markdown (zip)",
}
OUTCOMES = {
    None: "not scheduled",
    "queued": "queued",
    "claimed": "posting",
    "posted": "posted",
    "failed": "failed",
    "unconfirmed": "unconfirmed",
    "done": "done",
}


def local_time(iso: str, tz: str) -> str:
    """The server's ``publish_at_local`` (ISO 8601 with offset) as wall time and zone."""
    return f"{iso[:16].replace('T', ' ')} ({tz})"


def channel_html(c: Mapping[str, Any]) -> str:
    """One channel: the text that goes out, its count against the limit, its outcome."""
    state = c.get("state")
    parts = [
        f"<div><b>{esc(c.get('name') or c.get('channel'))}</b> "
        f"<span style='color:#555'>{esc(c.get('connector'))}</span> \u00b7 "
        f"<span class='jms-outcome jms-outcome-{esc(state or 'none')}'>"
        f"{esc(OUTCOMES.get(state, state))}</span></div>"
    ]
    text = c.get("text") or ""
    if text:
        limit = c.get("limit")
        count = int(c.get("count") or 0)
        over = limit is not None and count > int(limit)
        style = "color:#b00020;font-weight:bold" if over else "color:#555"
        shown = f"{count} / {limit}" if limit is not None else f"{count} characters"
        parts.append(
            f"<pre style='white-space:pre-wrap'>{esc(text)}</pre>"
            f"<span class='jms-count{' jms-over' if over else ''}' style='{style}'>"
            f"{esc(shown)}</span>"
        )
    if c.get("waiting_for_blog_url") and not c.get("url"):
        room = c.get("blog_url_room")
        fits = f" (at most {int(room)} characters fit)" if isinstance(room, int) else ""
        parts.append(f" <span class='jms-waits'>\u00b7 waits for the blog URL{fits}</span>")
    url = c.get("url")
    if url:
        what = "Marked done" if state == "done" else "Posted"
        parts.append(
            f"<div>{what}: <a href='{esc(url)}' target='_blank' rel='noopener noreferrer'>"
            f"{esc(url)}</a></div>"
        )
    attempts = c.get("attempts") or []
    notes = attempts[-1].get("notes") if attempts and isinstance(attempts[-1], Mapping) else None
    for note in notes or []:
        parts.append(f"<div class='jms-note' style='color:#555'>{esc(note)}</div>")
    error = c.get("error")
    if state == "unconfirmed":
        why = f" ({esc(error)})" if error else ""
        parts.append(
            f"<div class='jms-unconfirmed' style='color:#8a6d00'>Whether it went out is "
            f"unknown{why}. Check the channel, then mark it done or retry.</div>"
        )
    elif error:
        parts.append(f"<div class='jms-error' style='color:#b00020'>{esc(error)}</div>")
    return "".join(parts)


class ChannelRow(widgets.VBox):
    """One channel of the post, with the marks the server allows on it now."""

    def __init__(self, view: PublicationView, outcome: Mapping[str, Any]) -> None:
        super().__init__()
        self.outcome = dict(outcome)
        self.channel = str(outcome["channel"])
        self.html = widgets.HTML(channel_html(outcome))
        # The blog's row is the one place its URL is recorded.
        blog = outcome.get("connector") == "blog_export"
        self.url = widgets.Text(
            placeholder="The blog post's URL" if blog else "URL where it went out",
            description="URL",
        )
        self.mark_buttons: dict[str, widgets.Button] = {}
        marks = list(outcome.get("marks") or [])
        row: list[widgets.Widget] = []
        if "done" in marks:
            b = widgets.Button(
                description="Record the blog URL" if blog else "Mark done", icon="check"
            )
            b.on_click(lambda _b: view.mark(self, "done"))
            self.mark_buttons["done"] = b
            row += [self.url, b]
        if "retry" in marks:
            b = widgets.Button(description="Retry", icon="redo")
            b.on_click(lambda _b: view.mark(self, "retry"))
            self.mark_buttons["retry"] = b
            row.append(b)
        self.children = [self.html, widgets.HBox(row)] if row else [self.html]


class PublicationView(widgets.VBox):
    """The Publishing part of a draft's review; its buttons call through the panel."""

    def __init__(self, host: PanelHost, save_dir: str | Path = ".") -> None:
        super().__init__()
        self.host = host
        self.save_dir = Path(save_dir)
        self.publication: dict[str, Any] | None = None
        self.can_publish = False
        self.summary = widgets.HTML("")
        self.when = widgets.Text(description="At", placeholder="2026-12-24T09:30")
        self.tz = widgets.Text(description="Time zone", value="UTC")
        self.schedule_button = widgets.Button(description="Schedule", icon="clock-o")
        self.publish_now_button = widgets.Button(
            description="Publish now", button_style="success", icon="paper-plane"
        )
        self.schedule_button.on_click(lambda _b: self.publish(self.when.value.strip() or None))
        self.publish_now_button.on_click(lambda _b: self.publish(None))
        self.schedule_box = widgets.HBox(
            [self.when, self.tz, self.schedule_button, self.publish_now_button]
        )
        self.export_buttons: dict[str, widgets.Button] = {}
        self.exports_box = widgets.HBox([])
        self.rows: dict[str, ChannelRow] = {}
        self.rows_box = widgets.VBox([])

    def show(self, publication: Mapping[str, Any], *, can_publish: bool) -> None:
        """Fill the view from ``GET drafts/{id}/publication``; ``can_publish`` from the
        draft's ``allowed_actions``."""
        pub = dict(publication)
        new_draft = self.publication is None or self.publication.get("draft") != pub["draft"]
        self.publication = pub
        self.can_publish = can_publish
        when = pub.get("publish_at_local")
        lines = [
            "<h4>Publishing</h4>",
            (
                f"<div class='jms-schedule'>Publishes at {esc(local_time(when, pub['tz']))}</div>"
                if when
                else "<div class='jms-schedule'>Not scheduled yet.</div>"
            ),
        ]
        image = pub.get("image")
        if image:
            note = "" if image.get("attached") else " (not attached to a Markdown cell: not posted)"
            lines.append(
                f"<div>Cover image alt text: {esc(image.get('alt') or '-')}{esc(note)}</div>"
            )
        if pub.get("blog_url"):
            u = esc(pub["blog_url"])
            lines.append(f"<div>Blog post: <a href='{u}' target='_blank'>{u}</a></div>")
        self.summary.value = "".join(lines)
        if new_draft:
            self.when.value = ""
            self.tz.value = pub.get("tz") or "UTC"
        self.schedule_box.layout.display = "" if can_publish else "none"
        self.export_buttons = {}
        for e in pub.get("exports") or []:
            fmt = str(e["format"])
            b = widgets.Button(description=EXPORT_LABELS.get(fmt, fmt), icon="download")
            b.on_click(lambda _b, f=fmt, p=str(e["path"]): self.export(f, p))
            self.export_buttons[fmt] = b
        self.exports_box.children = (
            [widgets.HTML("Blog export:"), *self.export_buttons.values()]
            if self.export_buttons
            else []
        )
        self.rows = {str(c["channel"]): ChannelRow(self, c) for c in pub.get("channels") or []}
        self.rows_box.children = list(self.rows.values())
        self.children = [self.summary, self.schedule_box, self.exports_box, self.rows_box]

    def clear(self) -> None:
        self.publication = None
        self.children = []

    # -- acting ---------------------------------------------------------------------------
    def _buttons(self) -> list[widgets.Widget]:
        marks = [b for r in self.rows.values() for b in r.mark_buttons.values()]
        return [self.schedule_button, self.publish_now_button, *marks]

    def publish(self, at: str | None) -> None:
        """Publish now (``at`` None) or at ``at``, a wall time in the zone typed."""
        pub = self.publication
        if pub is None:
            return
        draft_id = pub["draft"]
        body: dict[str, Any] = {"tz": self.tz.value.strip() or "UTC"}
        if pub.get("version") is not None:
            body["if_version"] = pub["version"]
        if at:
            body["publish_at"] = at

        def done(r: dict[str, Any]) -> None:
            local = r.get("publish_at_local")
            when = local_time(local, r["tz"]) if local else "now"
            self.host.after_change(f"#{draft_id} is scheduled to publish at {when}.")

        self.host.call(
            lambda c: c.publish(draft_id, body),
            done,
            doing="publish this post",
            busy="Scheduling\u2026",
            disable=self._buttons(),
        )

    def mark(self, row: ChannelRow, mark: str) -> None:
        pub = self.publication
        if pub is None:
            return
        draft_id = pub["draft"]
        body: dict[str, Any] = {"mark": mark}
        if mark == "done":
            body["url"] = row.url.value.strip()
        if row.outcome.get("version") is not None:
            body["if_version"] = row.outcome["version"]
        said = (
            f"{row.channel} is marked done." if mark == "done" else f"{row.channel} goes out again."
        )
        self.host.call(
            lambda c: c.mark(draft_id, row.channel, body),
            lambda _r: self.host.after_change(said),
            doing=f"mark {row.channel} {mark}",
            disable=self._buttons(),
        )

    def export(self, fmt: str, path: str) -> None:
        """Download one export and save it in ``save_dir`` under the server's file name."""
        target_dir = self.save_dir

        def fetch(c: JmsClient) -> Path:
            data, name = c.download(path)
            target = target_dir / Path(name).name
            target.write_bytes(data)
            return target

        self.host.call(
            fetch,
            lambda t: self.host.after_change(
                f"Saved the {EXPORT_LABELS.get(fmt, fmt)} export to {t}."
            ),
            doing=f"download the {fmt} export",
            disable=list(self.export_buttons.values()),
        )


def load_publication(client: JmsClient, draft_id: str) -> dict[str, Any]:
    """The draft (for what the caller may do) and its publication, fetched in one go."""
    return {"draft": client.draft(draft_id), "publication": client.publication(draft_id)}


def in_zone(iso: str, tz: str) -> str:
    """A UTC time from the API as wall time in ``tz``, with the zone named."""
    try:
        moment = datetime.fromisoformat(iso).astimezone(ZoneInfo(tz))
    except (ValueError, KeyError, ZoneInfoNotFoundError):
        return f"{iso} (UTC)"
    return f"{moment:%Y-%m-%d %H:%M} ({tz})"


def row_label(item: Mapping[str, Any]) -> str:
    at = item.get("publish_at")
    when = f", at {in_zone(at, item.get('tz') or 'UTC')}" if at else ""
    states = {c["channel"]: c.get("state") for c in item.get("channels") or []}
    waiting = ", ".join(f"{c} ({states.get(c)})" for c in item.get("needs_attention") or [])
    attention = f" \u2014 needs a person: {waiting}" if waiting else ""
    return f"#{item['id']} {item.get('title', '')} \u2014 {item.get('state')}{when}{attention}"


class ToPublish(Panel):
    """The editors' "to publish" list: approved and scheduled posts, those with a failed or
    unconfirmed channel first; pick one to see and act on how it goes out."""

    def __init__(
        self,
        url: str | None = None,
        token: str | None = None,
        *,
        save_dir: str | Path = ".",
        **options: Unpack[PanelOptions],
    ) -> None:
        super().__init__(url, token, **options)
        self.items: list[dict[str, Any]] = []
        self.header = widgets.HTML("<h3>To publish</h3>")
        self.refresh_button = widgets.Button(description="Refresh", icon="refresh")
        self.refresh_button.on_click(lambda _b: self.refresh())
        self.results = widgets.Select(options=[], rows=8, layout=widgets.Layout(width="100%"))
        self._listing = False
        self.results.observe(
            lambda _c: None if self._listing else self.open_post(self.results.value), names="value"
        )
        self.view = PublicationView(self, save_dir=save_dir)
        self.children = [
            self.header,
            self.service,
            self.refresh_button,
            self.results,
            self.busy,
            self.message,
            self.view,
        ]
        self.call(lambda c: c.me(), self.connected, doing="load who you are", quiet=True)
        self.refresh()

    def refresh(self, quiet: bool = False) -> None:
        self.call(
            lambda c: c.to_publish(),
            self._show_list,
            doing="load the posts to publish",
            busy="Loading\u2026",
            quiet=quiet,
        )

    def _show_list(self, items: list[dict[str, Any]]) -> None:
        self.items = items
        current = self.results.value
        ids = [i["id"] for i in items]
        # Replacing the options moves the value: the post shown stays, unreloaded.
        self._listing = True
        try:
            self.results.options = [(row_label(i), i["id"]) for i in items]
            self.results.value = current if current in ids else None
        finally:
            self._listing = False
        if current and current not in ids:
            self.view.clear()
        if not items:
            self.say("No approved or scheduled post.")

    def open_post(self, draft_id: str | None, quiet: bool = False) -> None:
        if not draft_id:
            self.view.clear()
            return
        self.call(
            lambda c: load_publication(c, draft_id),
            lambda b: self.view.show(
                b["publication"],
                can_publish=bool(
                    {"schedule", "publish"} & set(b["draft"].get("allowed_actions") or [])
                ),
            ),
            doing="load the post's publication",
            quiet=quiet,
        )

    def after_change(self, text: str) -> None:
        self.say(text)
        if self.results.value:
            self.open_post(self.results.value, quiet=True)
        self.refresh(quiet=True)
