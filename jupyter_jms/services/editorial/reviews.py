"""Use cases that act on a submitted draft: review, vet, comment, transition."""

from __future__ import annotations

import json
import re
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from ...domain import approval, checklist, states
from ...domain.access import Caller
from ...domain.roles import covers_language, is_english
from ...domain.text import text_problem
from ...errors import Forbidden, InvalidInput, StaleVersion
from ...store.models import Comment, Draft, Publication, Review, Revision, Vetting
from ..kernel.common import bump, iso
from ..kernel.context import Context, record
from ..kernel.inputs import enum, require_version, timestamp
from ..publishing.outbox import enqueue
from .draft_views import comment_dict, load_status, owners, review_dict, store_summary, vetting_dict
from .drafts import DraftService, active_channels

VERDICTS = ("approve", "request_changes", "reject")
VET_VERDICTS = ("approve", "reject")
MAX_COMMENT = 20_000
_URL = re.compile(r"^https?://[^\s<>\"']+$")


def _text(value: Any, field: str, *, required: str | None = None) -> str:
    """A comment's text; ``required`` is the sentence saying why it may not be empty."""
    label = "Comment"  # both fields (a verdict's comment, a comment's body) are comments
    if value is None:
        value = ""
    if not isinstance(value, str):
        raise InvalidInput(f"{label}: must be text.", field=field)
    if required and not value.strip():
        raise InvalidInput(f"{label}: {required}", field=field)
    problem = text_problem(value, max_length=MAX_COMMENT)
    if problem:
        raise InvalidInput(f"{label}: {problem}.", field=field)
    return value


def _revision_number(draft: Draft, value: Any) -> int:
    if isinstance(value, bool) or not isinstance(value, int):
        raise InvalidInput("revision must be the revision number you read.", field="revision")
    if value != draft.revision:
        raise StaleVersion(
            f"Revision {value} is not the current one (revision {draft.revision} is): "
            "reload the draft and review what was submitted last."
        )
    return value


class ReviewService:
    def __init__(self, ctx: Context, drafts: DraftService) -> None:
        self.ctx = ctx
        self.drafts = drafts

    def _settle(self, s: Session, draft: Draft, actor: str, verdict: str | None) -> None:
        """Recompute the approval rule and move the draft if its state follows from it."""
        status = load_status(s, draft, self.ctx.settings.required_approvals)
        target = approval.state_after(status, verdict)
        if target != draft.state:
            previous = draft.state
            draft.state = target
            bump(draft)
            record(
                s,
                actor=actor,
                action="draft.state_changed",
                subject_type="draft",
                subject_id=draft.id,
                data={"from": previous, "to": target, "revision": draft.revision},
            )
        store_summary(draft, status)

    def _add_verdict(
        self,
        s: Session,
        draft: Draft,
        caller: Caller,
        row: Review | Vetting,
        action: str,
        settle_verdict: str | None,
    ) -> tuple[Review | Vetting, dict[str, Any]]:
        """Store a caller's verdict, audit it, and let the approval rule move the draft.

        A caller has one verdict per revision: when they already gave one, that row is
        updated and the event keeps the value it replaces, so the history loses nothing."""
        key = "review" if isinstance(row, Review) else "vetting"
        model = type(row)
        who = Review.reviewer if isinstance(row, Review) else Vetting.vetter
        existing: Review | Vetting | None = s.scalar(  # type: ignore[assignment]
            select(model)
            .where(
                model.draft_id == draft.id,
                model.revision == row.revision,
                who == caller.username,
            )
            .order_by(model.id.desc())
            .limit(1)
        )
        fields = ("verdict", "checklist", "comment") if key == "review" else ("verdict", "comment")
        data: dict[str, Any] = {"revision": row.revision, "verdict": row.verdict}
        if existing is None:
            s.add(row)
            s.flush()
            outcome, stored = "created", row
        else:
            before = {f: getattr(existing, f) for f in fields}
            if before == {f: getattr(row, f) for f in fields}:
                self._settle(s, draft, caller.username, None)
                return existing, {
                    "state": draft.state,
                    "version": draft.version,
                    "outcome": "unchanged",
                }
            for f in fields:
                setattr(existing, f, getattr(row, f))
            outcome, stored, action = "updated", existing, f"draft.{key}_changed"
            data["previous"] = before
        record(
            s,
            actor=caller.username,
            action=action,
            subject_type="draft",
            subject_id=draft.id,
            data={key: stored.id, **data},
        )
        self._settle(s, draft, caller.username, settle_verdict)
        return stored, {"state": draft.state, "version": draft.version, "outcome": outcome}

    def review(self, caller: Caller, draft_id: str, body: dict[str, Any]) -> dict[str, Any]:
        verdict = body.get("verdict")
        if verdict not in VERDICTS:
            raise InvalidInput(
                "verdict is one of approve, request_changes, reject.", field="verdict"
            )
        given = body.get("checklist") or {}
        if not isinstance(given, dict):
            raise InvalidInput("checklist is an object of item: pass|fail|n/a.", field="checklist")
        comment = _text(
            body.get("comment"),
            "comment",
            required=None
            if verdict == "approve"
            else "say what should change; requesting changes or rejecting needs a comment.",
        )
        with self.ctx.write() as s:
            draft = self.drafts._load(s, draft_id, caller, lock=True)
            if not caller.review:
                raise Forbidden("Only editors review drafts.")
            if caller.username in owners(draft):
                raise Forbidden("Nobody reviews their own post.")
            if draft.state not in states.REVIEWABLE:
                raise states.IllegalTransition(draft.state, "in_review")
            revision = _revision_number(draft, body.get("revision"))
            errors = checklist.validate_checklist(
                given,
                third_party=draft.third_party,
                needs_vetting=not is_english(draft.language),
                verdict=verdict,
            )
            if errors:
                raise InvalidInput(
                    "To approve, mark every checklist item pass; or request changes."
                    if verdict == "approve"
                    else "Some checklist items are not valid.",
                    errors=errors,
                )
            review = Review(
                draft_id=draft.id,
                revision=revision,
                reviewer=caller.username,
                verdict=verdict,
                checklist=dict(given),
                comment=comment,
            )
            stored, after = self._add_verdict(s, draft, caller, review, "draft.reviewed", verdict)
            assert isinstance(stored, Review)
            return {**review_dict(stored, draft.revision), **after}

    def vet(self, caller: Caller, draft_id: str, body: dict[str, Any]) -> dict[str, Any]:
        verdict = body.get("verdict")
        if verdict not in VET_VERDICTS:
            raise InvalidInput("verdict is approve or reject.", field="verdict")
        comment = _text(
            body.get("comment"),
            "comment",
            required="say what is wrong with the language." if verdict == "reject" else None,
        )
        language = body.get("language")
        with self.ctx.write() as s:
            draft = self.drafts._load(s, draft_id, caller, lock=True)
            if not caller.vet:
                raise Forbidden("Only council members vet posts.")
            if caller.username in owners(draft):
                raise Forbidden("Nobody vets their own post.")
            if is_english(draft.language):
                raise InvalidInput("English posts need no vetting.", field="language")
            if language is None:
                language = draft.language
            if not isinstance(language, str) or language.lower() != draft.language.lower():
                raise InvalidInput(
                    f"This post is in '{draft.language}'; vet it in that language.",
                    field="language",
                )
            if not covers_language(caller.languages, draft.language):
                raise Forbidden(f"You are not a council vetter for '{draft.language}'.")
            if draft.state not in states.REVIEWABLE:
                raise states.IllegalTransition(draft.state, "in_review")
            revision = _revision_number(draft, body.get("revision"))
            vetting = Vetting(
                draft_id=draft.id,
                revision=revision,
                vetter=caller.username,
                language=draft.language,
                verdict=verdict,
                comment=comment,
            )
            # A vetting verdict never rejects the post outright: a rejection sends it back.
            stored, after = self._add_verdict(s, draft, caller, vetting, "draft.vetted", None)
            assert isinstance(stored, Vetting)
            return {**vetting_dict(stored, draft.revision), **after}

    def comment(self, caller: Caller, draft_id: str, body: dict[str, Any]) -> dict[str, Any]:
        text = _text(body.get("body"), "body", required="write the comment.")
        cell_id = body.get("cell_id")
        if cell_id is not None and not isinstance(cell_id, str):
            raise InvalidInput("cell_id must be a string.", field="cell_id")
        with self.ctx.write() as s:
            draft = self.drafts._load(s, draft_id, caller)
            if not (caller.username in owners(draft) or caller.sees_all_drafts):
                raise Forbidden("Only the post's authors, editors and council members comment.")
            n = body.get("revision", draft.revision)
            if isinstance(n, bool) or not isinstance(n, int):
                raise InvalidInput("revision must be a revision number.", field="revision")
            rev = None
            # Out-of-range numbers would overflow the database's integer column.
            if 0 < n <= draft.revision:
                rev = s.scalar(
                    select(Revision).where(Revision.draft_id == draft.id, Revision.n == n)
                )
            if rev is None:
                raise InvalidInput(f"Draft {draft_id} has no revision {n}.", field="revision")
            if cell_id is not None:
                ids = {c.get("id") for c in json.loads(rev.notebook).get("cells", [])}
                if cell_id not in ids:
                    raise InvalidInput(f"Revision {n} has no cell '{cell_id}'.", field="cell_id")
            row = Comment(
                draft_id=draft.id, revision=n, cell_id=cell_id, author=caller.username, body=text
            )
            s.add(row)
            s.flush()
            record(
                s,
                actor=caller.username,
                action="draft.commented",
                subject_type="draft",
                subject_id=draft.id,
                data={"comment": row.id, "revision": n, "cell_id": cell_id},
            )
            return comment_dict(row)

    def transition(self, caller: Caller, draft_id: str, body: dict[str, Any]) -> dict[str, Any]:
        target = enum(body.get("to"), "to", states.MANUAL_TRANSITIONS)
        if target is None:
            raise InvalidInput("to is one of withdrawn, scheduled, published.", field="to")
        with self.ctx.write() as s:
            draft = self.drafts._load(s, draft_id, caller, lock=True)
            steer = caller.can_steer
            if target == states.WITHDRAWN:
                if not (steer or caller.username in owners(draft)):
                    raise Forbidden("Only the post's authors or editors withdraw it.")
            elif not steer:
                raise Forbidden("Only editors schedule and publish posts.")
            require_version(draft.version, body.get("if_version"), "draft")
            states.check_manual_transition(draft.state, target)
            data: dict[str, Any] = {"from": draft.state, "to": target, "revision": draft.revision}
            if target == states.SCHEDULED:
                draft.publish_at = timestamp(body.get("publish_at"), "publish_at")
                data["publish_at"] = iso(draft.publish_at)
                # The same outbox rows as POST drafts/{id}/publish makes.
                enqueue(s, draft, draft.publish_at, "UTC", caller.username)
            if target == states.PUBLISHED:
                data["publications"] = self._publications(
                    s, draft, caller, body.get("publications")
                )
            draft.state = target
            bump(draft)
            store_summary(draft, load_status(s, draft, self.ctx.settings.required_approvals))
            record(
                s,
                actor=caller.username,
                action=f"draft.{target}",
                subject_type="draft",
                subject_id=draft.id,
                data=data,
            )
            return {"id": str(draft.id), "state": draft.state, "version": draft.version}

    @staticmethod
    def _publications(s: Session, draft: Draft, caller: Caller, value: Any) -> list[dict[str, str]]:
        if not isinstance(value, list) or not value:
            raise InvalidInput(
                "publications lists where it went out: [{channel, url}, ...].", field="publications"
            )
        known = active_channels(s)
        out = []
        errors: list[tuple[str, str]] = []
        for i, p in enumerate(value):
            if not isinstance(p, dict):
                errors.append((f"publications[{i}]", "an object with channel and url"))
                continue
            ch, url = p.get("channel"), p.get("url")
            if ch not in known:
                errors.append((f"publications[{i}].channel", f"unknown or inactive channel '{ch}'"))
            if not isinstance(url, str) or not _URL.match(url) or len(url) > 1000:
                errors.append((f"publications[{i}].url", "an http(s) URL"))
            out.append({"channel": str(ch), "url": str(url)})
        if errors:
            raise InvalidInput("Some publications are invalid.", errors=errors)
        for p in out:
            s.add(
                Publication(
                    draft_id=draft.id,
                    channel=p["channel"],
                    url=p["url"],
                    recorded_by=caller.username,
                )
            )
        return out
