"""``SubmitPanel``: edit a notebook's post metadata, submit it for review, follow the reviews.

The metadata is checked by the server while the author types (``POST checks/post``): field
errors and each social text's length as its platform counts it. The panel writes
``metadata.jms`` into the notebook through the Contents API, then submits (``POST drafts``)
or sends a new revision (``POST drafts/{id}/revisions``).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import ipywidgets as widgets

from . import render
from .client import JmsClient, JmsError
from .panel import Panel, PanelOptions, esc
from .submit_form import PostForm

if TYPE_CHECKING:
    from typing_extensions import Unpack

MAX_LISTED = 300


def notebook_paths(client: JmsClient, depth: int = 2) -> list[str]:
    """Notebooks near the server's root (for the path picker), breadth first, capped."""
    found: list[str] = []
    todo = [("", 0)]
    while todo and len(found) < MAX_LISTED:
        folder, level = todo.pop(0)
        try:
            listing = client.contents(folder)
        except JmsError:
            continue
        for item in sorted(listing.get("content") or [], key=lambda i: i.get("path", "")):
            if item.get("type") == "notebook":
                found.append(item["path"])
            elif (
                item.get("type") == "directory"
                and level < depth
                and not item["name"].startswith(".")
            ):
                todo.append((item["path"], level + 1))
    return found[:MAX_LISTED]


def find_draft(client: JmsClient, path: str) -> dict[str, Any] | None:
    """The newest draft of this notebook the member may see, in full, or None."""
    items = client.drafts(path=path, limit=1).get("items") or []
    return client.draft(items[0]["id"]) if items else None


def load_post(client: JmsClient, path: str, username: str) -> dict[str, Any]:
    model = client.contents(path)
    if model.get("type") != "notebook":
        raise JmsError(400, f"'{path}' is not a notebook.")
    return {"path": path, "notebook": model["content"], "draft": find_draft(client, path)}


def save_post(client: JmsClient, path: str, post: dict[str, Any]) -> dict[str, Any]:
    """Write ``metadata.jms`` into the notebook as it is on disk now (cells untouched)."""
    nb: dict[str, Any] = client.contents(path)["content"]
    nb.setdefault("metadata", {})["jms"] = post
    client.save_notebook(path, nb)
    return nb


class SubmitPanel(Panel):
    """An author's panel: pick a notebook, edit its post metadata, submit, follow reviews."""

    def __init__(
        self,
        url: str | None = None,
        token: str | None = None,
        *,
        path: str | None = None,
        **options: Unpack[PanelOptions],
    ) -> None:
        super().__init__(url, token, **options)
        self.service.submits = True
        self.draft: dict[str, Any] | None = None
        self.loaded_path: str | None = None
        self.notebook: dict[str, Any] = {}
        self.path = widgets.Combobox(
            value=path or "",
            options=[],
            ensure_option=False,
            placeholder="posts/my-post.ipynb",
            description="Notebook",
            layout=widgets.Layout(width="32em"),
        )
        self.load_button = widgets.Button(description="Open", icon="folder-open")
        self.load_button.on_click(lambda _b: self.load())
        self.path.on_submit(lambda _w: self.load())
        self.form = PostForm(self)
        self.save_button = widgets.Button(description="Save metadata", icon="save")
        self.submit_button = widgets.Button(description="Submit for review", button_style="primary")
        self.withdraw_button = widgets.Button(description="Withdraw", button_style="danger")
        self.refresh_button = widgets.Button(description="Refresh reviews", icon="refresh")
        self.save_button.on_click(lambda _b: self.save())
        self.submit_button.on_click(lambda _b: self.submit())
        self.withdraw_button.on_click(lambda _b: self.withdraw())
        self.refresh_button.on_click(lambda _b: self.refresh())
        self.state_html = widgets.HTML("")
        self.reviews_html = widgets.HTML("")
        self.comments_html = widgets.HTML("")
        self.follow = widgets.VBox(
            [
                widgets.HTML("<b>Reviews</b>"),
                self.state_html,
                self.reviews_html,
                widgets.HTML("<b>Comments</b>"),
                self.comments_html,
                self.refresh_button,
            ]
        )
        self.editor = widgets.VBox(
            [
                self.form,
                widgets.HBox([self.save_button, self.submit_button, self.withdraw_button]),
                self.follow,
            ],
            layout=widgets.Layout(display="none"),
        )
        self.children = [
            widgets.HTML("<h3>Submit a post</h3>"),
            self.service,
            widgets.HBox([self.path, self.load_button]),
            self.busy,
            self.message,
            self.editor,
        ]
        # Every channel: the form shows a retired one only where a post already names it.
        self.begin(lambda c, _me: c.channels(), self._start, doing="connect")
        self.call(notebook_paths, self._paths, doing="list notebooks", quiet=True)
        if path:
            self.load()

    def _start(self, channels: list[dict[str, Any]]) -> None:
        self.form.set_channels(channels)

    def _paths(self, paths: list[str]) -> None:
        self.path.options = paths

    @property
    def username(self) -> str:
        return str((self.me or {}).get("username") or "")

    # -- loading --------------------------------------------------------------------------
    def load(self) -> None:
        """Open the notebook in the path box: its metadata, and its draft if it has one."""
        path = self.path.value.strip().lstrip("/")
        if not path:
            self.say("Type or pick the notebook's path first.", "error")
            return

        def fetch(c: JmsClient) -> dict[str, Any]:
            me = self.me or c.me()
            return {**load_post(c, path, me["username"]), "me": me}

        self.call(
            fetch,
            self._loaded,
            doing=f"open {path}",
            busy=f"Opening {path}\u2026",
            disable=[self.load_button],
        )

    def _loaded(self, result: dict[str, Any]) -> None:
        self.me = result["me"]
        self.connected(self.me)
        self.loaded_path = result["path"]
        self.notebook = result["notebook"]
        self.form.fill((self.notebook.get("metadata") or {}).get("jms") or {})
        self._show_draft(result["draft"])
        self.editor.layout.display = ""
        self.form.check_now()

    # -- acting ---------------------------------------------------------------------------
    def _need_path(self) -> str | None:
        if not self.loaded_path:
            self.say("Open a notebook first.", "error")
        return self.loaded_path

    def save(self) -> None:
        """Write the form into the notebook's ``metadata.jms``."""
        path = self._need_path()
        if path is None:
            return
        post = self.form.post()

        def saved(nb: dict[str, Any]) -> None:
            self.notebook = nb
            self.say(f"Saved the post metadata in {path}.")

        self.call(
            lambda c: save_post(c, path, post),
            saved,
            doing=f"save the metadata of {path}",
            busy="Saving\u2026",
            disable=[self.save_button],
        )

    def submit(self) -> None:
        """Save the metadata, then submit the notebook (or send it as a new revision)."""
        path = self._need_path()
        if path is None:
            return
        post = self.form.post()
        draft = self.draft
        resubmit = draft is not None and "resubmit" in (draft.get("allowed_actions") or [])

        def send(c: JmsClient) -> dict[str, Any]:
            nb = save_post(c, path, post)
            if resubmit and draft is not None:
                sent = c.resubmit(draft["id"], path, if_version=draft["version"])
            else:
                sent = c.submit(path)
            return {"notebook": nb, "draft": c.draft(sent["id"])}

        def sent(result: dict[str, Any]) -> None:
            self.notebook = result["notebook"]
            d = result["draft"]
            self._show_draft(d)
            what = f"revision {d['revision']}" if resubmit else "your post"
            self.say(f"Submitted {what} for review as draft #{d['id']}.")

        self.call(
            send,
            sent,
            doing="submit this post" if not resubmit else "submit a new revision",
            busy="Submitting\u2026",
            disable=[self.submit_button, self.save_button],
        )

    def withdraw(self) -> None:
        draft = self.draft
        if draft is None:
            return

        def done(d: dict[str, Any]) -> None:
            self._show_draft(d)
            self.say(f"Draft #{d['id']} is withdrawn.")

        self.call(
            lambda c: (
                c.transition(draft["id"], {"to": "withdrawn", "if_version": draft["version"]}),
                c.draft(draft["id"]),
            )[1],
            done,
            doing="withdraw this draft",
            disable=[self.withdraw_button],
        )

    def refresh(self) -> None:
        """Reload the draft: its state, reviews and comments."""
        draft = self.draft
        if draft is None:
            return
        self.call(
            lambda c: c.draft(draft["id"]),
            self._show_draft,
            doing="reload the reviews",
            disable=[self.refresh_button],
        )

    # -- following ------------------------------------------------------------------------
    def _show_draft(self, draft: dict[str, Any] | None) -> None:
        self.draft = draft
        allowed = set((draft or {}).get("allowed_actions") or [])
        if draft is None:
            self.submit_button.description = "Submit for review"
            self.state_html.value = "<em>Not submitted yet.</em>"
            self.reviews_html.value = ""
            self.comments_html.value = ""
            self.follow.layout.display = ""
            self.withdraw_button.layout.display = "none"
            self.refresh_button.layout.display = "none"
            return
        if "resubmit" in allowed:
            self.submit_button.description = f"Submit revision {int(draft['revision']) + 1}"
        else:
            self.submit_button.description = "Submit as a new draft"
        self.withdraw_button.layout.display = "" if "withdraw" in allowed else "none"
        self.refresh_button.layout.display = ""
        vetting = ""
        if draft.get("needs_vetting"):
            vetting = (
                ", language vetted" if draft.get("vetted") else ", waiting for council vetting"
            )
        self.state_html.value = (
            f"<div>Draft <b>#{esc(draft['id'])}</b>, revision {esc(draft['revision'])}: "
            f"<b>{esc(str(draft.get('state', '')).replace('_', ' '))}</b> "
            f"({esc(draft.get('approvals'))} of {esc(draft.get('required_approvals'))} "
            f"approvals{esc(vetting)})</div>"
        )
        self.reviews_html.value = render.reviews(draft)
        cells = self.notebook.get("cells") or []
        labels = {str(c.get("id")): render.cell_label(i, c) for i, c in enumerate(cells)}
        self.comments_html.value = render.comments(draft.get("comments") or [], labels)
