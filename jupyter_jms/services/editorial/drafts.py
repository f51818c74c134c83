"""Use cases for drafts: submit, resubmit, read, diff, history (the list is ``draft_list``'s)."""

from __future__ import annotations

import json
from typing import Any

from sqlalchemy import exists, select
from sqlalchemy.orm import Session

from ... import notebook_diff, notebooks
from ...domain import metadata, states, submission
from ...domain.access import EDITOR, Caller, allowed_actions
from ...domain.prechecks import ChannelInfo, run_checks
from ...errors import Conflict, Forbidden, InvalidInput, NotFound, TooLarge
from ...store.locks import get_for_update, serialize_on
from ...store.models import (
    Channel,
    Comment,
    Draft,
    DraftAuthor,
    DraftChannel,
    Member,
    Publication,
    Review,
    Revision,
    Vetting,
)
from ..kernel.common import bump, history
from ..kernel.context import Context, record
from ..kernel.inputs import object_id, optional_version
from ..registry.members import holders_today
from . import draft_list, limits
from .draft_list import can_see_all
from .draft_views import (
    comment_dict,
    owners,
    publication_dict,
    review_dict,
    revision_dict,
    status_of,
    store_summary,
    summary,
    vetting_dict,
)


def active_channels(session: Session) -> dict[str, ChannelInfo]:
    rows = session.scalars(select(Channel).where(Channel.status == "active"))
    return {c.id: ChannelInfo(c.id, c.platform, c.char_limit, c.preferred, c.kind) for c in rows}


class DraftService:
    def __init__(self, ctx: Context) -> None:
        self.ctx = ctx

    @property
    def required(self) -> int:
        return self.ctx.settings.required_approvals

    # -- loading --------------------------------------------------------------------------
    def _load(self, session: Session, draft_id: str, caller: Caller, lock: bool = False) -> Draft:
        key = object_id(draft_id)
        draft = get_for_update(session, Draft, key) if lock else session.get(Draft, key)
        if draft is None or not (can_see_all(caller) or caller.username in owners(draft)):
            # Drafts someone may not read look exactly like drafts that do not exist.
            raise NotFound(f"No draft '{draft_id}'.")
        return draft

    def _prepare(
        self, session: Session, notebook: Any, size: int, owned: bool = False
    ) -> tuple[dict[str, Any], dict[str, Any], str, str]:
        limit = self.ctx.settings.max_notebook_bytes
        if size > limit:
            raise TooLarge(
                f"The notebook is {size / 1e6:.1f} MB; the limit is {limit / 1e6:.1f} MB. "
                "Clear large outputs and submit again."
            )
        nb = notebooks.prepare(notebook, owned=owned)
        post = notebooks.post_metadata(nb)
        errors = metadata.validate_post(post, known_channels=active_channels(session).keys())
        if errors:
            raise InvalidInput(f"The post metadata has {len(errors)} error(s).", errors=errors)
        text, sha = notebooks.serialize(nb)
        return nb, metadata.normalized(post), text, sha

    def _check_submitter(
        self,
        session: Session,
        caller: Caller,
        post: dict[str, Any],
        size: int,
        *,
        default_author: str,
        new_draft: bool,
    ) -> None:
        """Authorship (see ``domain.submission``), then the member's limits (``limits``)."""
        authors = submission.effective_authors(post.get("authors"), default_author)
        members = session.scalars(select(Member.username).where(Member.username.in_(authors)))
        problem = submission.authorship_problem(
            caller.username, authors, members
        ) or submission.reviewers_problem(
            caller.username, authors, holders_today(session, EDITOR), self.required
        )
        if problem:
            raise InvalidInput(problem[1], field=problem[0])
        limits.check(session, self.ctx.settings, caller.username, size, new_draft=new_draft)

    @staticmethod
    def _apply_post(draft: Draft, post: dict[str, Any], submitter: str) -> None:
        draft.title = post["title"]
        draft.subtitle = post.get("subtitle", "")
        draft.language = post.get("language", "en")
        draft.third_party = bool(post.get("third_party"))
        draft.post = post
        # These rows index the current revision's post for filtering; the revisions keep
        # every earlier version.
        authors = post.get("authors") or [submitter]
        have = {a.username: a for a in draft.authors}
        draft.authors = [have.get(a) or DraftAuthor(username=a) for a in authors]
        for i, row in enumerate(draft.authors):
            row.position = i
        chans = {c.channel: c for c in draft.channels}
        draft.channels = [
            chans.get(c) or DraftChannel(channel=c) for c in post.get("channels") or []
        ]
        for j, chan in enumerate(draft.channels):
            chan.position = j

    # -- submit / resubmit ----------------------------------------------------------------
    def submit_text(self, caller: Caller, path: str, text: str, size: int) -> dict[str, Any]:
        return self.submit(caller, path, notebooks.parse(text), size, owned=True)

    def resubmit_text(
        self, caller: Caller, draft_id: str, text: str, size: int, **kwargs: Any
    ) -> dict[str, Any]:
        return self.resubmit(caller, draft_id, notebooks.parse(text), size, owned=True, **kwargs)

    def submit(
        self,
        caller: Caller,
        path: str,
        notebook: Any,
        size: int,
        owned: bool = False,
        label: bool = False,
    ) -> dict[str, Any]:
        """A new draft. ``label``: the notebook was sent as content and ``path`` only says
        where it lives on its author's side, not a file on this server."""
        path = notebooks.check_path(path)
        with self.ctx.write() as s:
            # Two submits of one path would both find no open draft: they take turns.
            serialize_on(s, f"jms-path:{path}")
            nb, post, text, sha = self._prepare(s, notebook, size, owned)
            self._check_submitter(
                s, caller, post, size, default_author=caller.username, new_draft=True
            )
            clash = [Draft.path == path, Draft.state.not_in(list(states.FINAL))]
            if label:
                # Two members' Labs may both hold a 'post.ipynb': a label clashes only with
                # the caller's own open drafts. A file on this server is one notebook for all.
                clash.append(
                    (Draft.submitted_by == caller.username)
                    | exists().where(
                        DraftAuthor.draft_id == Draft.id, DraftAuthor.username == caller.username
                    )
                )
            open_draft = s.scalar(select(Draft.id).where(*clash))
            if open_draft is not None:
                raise Conflict(
                    f"'{path}' is already under review as draft {open_draft}: "
                    "submit a new revision of it instead."
                )
            draft = Draft(path=path, state=states.SUBMITTED, submitted_by=caller.username)
            self._apply_post(draft, post, caller.username)
            s.add(draft)
            s.flush()
            s.add(
                Revision(
                    draft_id=draft.id,
                    n=1,
                    sha256=sha,
                    size=size,
                    path=path,
                    notebook=text,
                    post=post,
                    submitted_by=caller.username,
                )
            )
            record(
                s,
                actor=caller.username,
                action="draft.submitted",
                subject_type="draft",
                subject_id=draft.id,
                data={"revision": 1, "sha256": sha, "state": draft.state, "path": path},
            )
            return store_summary(draft, status_of(draft, [], [], self.required))

    def resubmit(
        self,
        caller: Caller,
        draft_id: str,
        notebook: Any,
        size: int,
        path: str | None = None,
        if_version: Any = None,
        owned: bool = False,
    ) -> dict[str, Any]:
        with self.ctx.write() as s:
            draft = self._load(s, draft_id, caller, lock=True)
            if caller.username not in owners(draft):
                raise Forbidden("Only the post's authors submit new revisions.")
            optional_version(draft.version, if_version)
            if draft.state not in states.RESUBMITTABLE:
                raise states.IllegalTransition(draft.state, "submitted")
            new_path = notebooks.check_path(path) if path else draft.path
            nb, post, text, sha = self._prepare(s, notebook, size, owned)
            self._check_submitter(
                s, caller, post, size, default_author=draft.submitted_by, new_draft=False
            )
            last = s.scalar(
                select(Revision.sha256).where(
                    Revision.draft_id == draft.id, Revision.n == draft.revision
                )
            )
            if last == sha:
                raise Conflict(
                    f"Nothing changed since revision {draft.revision}: save your edits first."
                )
            previous = draft.state
            draft.revision += 1
            bump(draft)
            draft.path = new_path
            draft.state = states.SUBMITTED
            self._apply_post(draft, post, draft.submitted_by)
            s.add(
                Revision(
                    draft_id=draft.id,
                    n=draft.revision,
                    sha256=sha,
                    size=size,
                    path=new_path,
                    notebook=text,
                    post=post,
                    submitted_by=caller.username,
                )
            )
            s.flush()
            record(
                s,
                actor=caller.username,
                action="draft.resubmitted",
                subject_type="draft",
                subject_id=draft.id,
                data={
                    "revision": draft.revision,
                    "sha256": sha,
                    "from_state": previous,
                    "state": draft.state,
                },
            )
            return store_summary(draft, status_of(draft, [], [], self.required))

    # -- reading --------------------------------------------------------------------------
    def list_json(self, caller: Caller, **filters: Any) -> str:
        """A page of draft summaries as JSON text: ``{"items", "next", "total"}`` (the
        filters are ``draft_list.list_json``'s)."""
        return draft_list.list_json(self.ctx, caller, **filters)

    def list(self, caller: Caller, **filters: Any) -> dict[str, Any]:
        """The same page as ``list_json``, decoded, for Python callers."""
        page: dict[str, Any] = json.loads(self.list_json(caller, **filters))
        return page

    def current_path(self, caller: Caller, draft_id: str) -> str:
        """The path a resubmit reads when it names none, without building the whole draft.

        Found as every draft read finds it (one the caller may not read is NotFound); who may
        resubmit is the resubmit's own decision."""
        with self.ctx.read() as s:
            return self._load(s, draft_id, caller).path

    def get(self, caller: Caller, draft_id: str) -> dict[str, Any]:
        with self.ctx.read() as s:
            draft = self._load(s, draft_id, caller)
            reviews = list(
                s.scalars(select(Review).where(Review.draft_id == draft.id).order_by(Review.id))
            )
            vettings = list(
                s.scalars(select(Vetting).where(Vetting.draft_id == draft.id).order_by(Vetting.id))
            )
            current_reviews = [r for r in reviews if r.revision == draft.revision]
            current_vettings = [v for v in vettings if v.revision == draft.revision]
            status = status_of(draft, current_reviews, current_vettings, self.required)
            out = summary(draft, status)
            revs = list(
                s.scalars(
                    select(Revision).where(Revision.draft_id == draft.id).order_by(Revision.n)
                )
            )
            out["revisions"] = [revision_dict(r) for r in revs]
            out["post"] = draft.post
            out["reviews"] = [review_dict(r, draft.revision) for r in reviews]
            out["vettings"] = [vetting_dict(v, draft.revision) for v in vettings]
            out["comments"] = [
                comment_dict(c)
                for c in s.scalars(
                    select(Comment).where(Comment.draft_id == draft.id).order_by(Comment.id)
                )
            ]
            out["publications"] = [
                publication_dict(p)
                for p in s.scalars(
                    select(Publication)
                    .where(Publication.draft_id == draft.id)
                    .order_by(Publication.id)
                )
            ]
            latest = revs[-1]
            out["checks"] = [
                c.as_dict()
                for c in run_checks(
                    json.loads(latest.notebook), latest.post or {}, active_channels(s)
                )
            ]
            out["history"] = history(s, "draft", draft.id)
            mine = [r.revision for r in reviews if r.reviewer == caller.username]
            out["last_reviewed_revision"] = max(mine) if mine else None
            # The caller's own verdicts on the current revision, so a front can show and
            # prefill them (a repeat updates them; see ReviewService._add_verdict).
            my_review = [r for r in current_reviews if r.reviewer == caller.username]
            my_vetting = [v for v in current_vettings if v.vetter == caller.username]
            out["my_review"] = review_dict(my_review[-1], draft.revision) if my_review else None
            out["my_vetting"] = vetting_dict(my_vetting[-1], draft.revision) if my_vetting else None
            out["allowed_actions"] = allowed_actions(
                state=draft.state,
                caller=caller,
                authors=[a.username for a in draft.authors],
                submitted_by=draft.submitted_by,
                needs_vetting=out["needs_vetting"],
                language=draft.language,
            )
            return out

    def revision(self, caller: Caller, draft_id: str, n: str) -> str:
        """The snapshot notebook's JSON text, exactly as stored (its sha256 matches)."""
        with self.ctx.read() as s:
            draft = self._load(s, draft_id, caller)
            rev = s.scalar(
                select(Revision).where(
                    Revision.draft_id == draft.id, Revision.n == object_id(n, "revision")
                )
            )
            if rev is None:
                raise NotFound(f"Draft {draft_id} has no revision {n}.")
            return rev.notebook

    def diff(self, caller: Caller, draft_id: str, n: str, from_n: str | None) -> dict[str, Any]:
        """What changed from revision ``from_n`` (default: the one before n) to n, computed by
        nbdime (jupyter_jms/notebook_diff.py). Revision 1 alone compares with itself."""
        to_rev = object_id(n, "revision")
        base = object_id(from_n, "revision") if from_n else max(to_rev - 1, 1)
        with self.ctx.read() as s:
            draft = self._load(s, draft_id, caller)
            revs = {
                r.n: r
                for r in s.scalars(
                    select(Revision).where(
                        Revision.draft_id == draft.id, Revision.n.in_([base, to_rev])
                    )
                )
            }
            for k in (base, to_rev):
                if k not in revs:
                    raise NotFound(f"Draft {draft_id} has no revision {k}.")
            old_text, new_text = revs[base].notebook, revs[to_rev].notebook
            post_changed = revs[base].post != revs[to_rev].post
            did = str(draft.id)
        if from_n and base >= to_rev:
            raise InvalidInput(
                f"'from' must be an earlier revision than {to_rev}, not {base}.", field="from"
            )
        # Outside the session: nbdime's work should not hold a database connection.
        changes = notebook_diff.diff(old_text, new_text)
        return {
            "draft": did,
            "from": base,
            "to": to_rev,
            "metadata_changed": post_changed,
            **changes,
        }
