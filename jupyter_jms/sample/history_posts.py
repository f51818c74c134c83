"""The posts of the example history (``history``): drafts taken through every state of the
review workflow (submitted, reviewed, sent back, resubmitted, vetted, scheduled, published,
rejected, withdrawn) at realistic intervals.

Everything goes through the services; ``_Clock`` then moves the rows each call wrote back to
the simulated day, since the services stamp rows with the real clock.
"""

from __future__ import annotations

import json
import random
from datetime import date, datetime, time, timedelta, timezone
from typing import Any

from sqlalchemy import select, update

from ..container import Services
from ..domain.access import Caller
from ..domain.checklist import all_passed
from ..store.models import (
    Comment,
    Draft,
    Event,
    Publication,
    Review,
    Revision,
    Vetting,
    utcnow,
)
from .posts import LOREM, LOREM_ES, make_post

# Members who write posts and hold no role (the roster lists them beside PEOPLE).
AUTHORS = [
    ("rae", "Rae Author", "Example Labs"),
    ("sol", "Sol Author", "Another Corp"),
    ("tao", "Tao Author", "Example University"),
    ("uma", "Uma Author", ""),
]

CHECK_ALL = all_passed()
# Ten kinds of post the Jupyter blog runs (the count is kept: the history draws one per post
# from the same seeded random sequence, so the rest of the story stays as it was).
TOPICS = [
    "JupyterLab {lab} is out",
    "Jupyter Notebook {notebook} released",
    "JupyterHub community call recap",
    "Teaching with Jupyter: notes from a semester of notebooks",
    "What's new in Jupyter Server {server}",
    "A year of the Jupyter accessibility effort",
    "JupyterCon: the call for proposals is open",
    "Voilà and Jupyter widgets in production",
    "Meet the people behind Jupyter's translations",
    "How Jupyter handles security advisories",
]
LANGUAGES = ["en"] * 8 + ["es", "pt"]
SOCIAL = ["mastodon", "bluesky", "linkedin"]


OUTCOMES = (
    ["published"] * 14
    + ["scheduled"] * 2
    + ["approved"] * 3
    + ["rejected"] * 3
    + ["withdrawn"] * 3
    + ["changes_requested"] * 3
    + ["in_review"] * 2
    + ["submitted"] * 4
    + ["resubmitted_published"] * 4
)
RECENT = {"submitted", "in_review", "changes_requested", "approved", "scheduled"}
EDITORS = ["kim", "noor", "omar", "lena"]


class _Clock:
    """Moves the rows a service call wrote to the simulated time."""

    COLUMNS = (
        (Draft, "created_at"),
        (Draft, "updated_at"),
        (Revision, "created_at"),
        (Review, "created_at"),
        (Vetting, "created_at"),
        (Comment, "created_at"),
        (Publication, "published_at"),
        (Event, "at"),
    )

    def __init__(self, services: Services) -> None:
        self.services = services

    def at(self, when: datetime, fn: Any, *args: Any, **kwargs: Any) -> Any:
        marker = utcnow() - timedelta(seconds=1)
        out = fn(*args, **kwargs)
        with self.services.store.write() as s:
            for model, column in self.COLUMNS:
                col = getattr(model, column)
                s.execute(
                    update(model)
                    .where(col >= marker)
                    .values({column: when})
                    .execution_options(synchronize_session=False)
                )
            # Keep the stored list entry in step with the moved timestamps.
            for draft in s.scalars(select(Draft).where(Draft.updated_at == when)):
                entry = json.loads(draft.summary or "{}")
                if entry:
                    entry["updated_at"] = when.isoformat().replace("+00:00", "Z")
                    entry["created_at"] = draft.created_at.isoformat().replace("+00:00", "Z")
                    draft.summary = json.dumps(entry)
        return out


class _Story:
    """One post's way through the workflow, each step a few days after the last."""

    def __init__(
        self, services: Services, clock: _Clock, rng: random.Random, start: datetime
    ) -> None:
        self.services = services
        self.clock = clock
        self.rng = rng
        self.t = start
        self.now = utcnow()
        self.revision = 1
        self.draft: dict[str, Any] = {}

    def step(self, days: float) -> datetime:
        self.t = min(self.t + timedelta(days=days), self.now - timedelta(minutes=5))
        return self.t

    def do(self, days: float, fn: Any, *args: Any) -> Any:
        return self.clock.at(self.step(days), fn, *args)

    def review(
        self, reviewer: Caller, verdict: str, checklist: dict[str, str], comment: str = ""
    ) -> Any:
        body: dict[str, Any] = {
            "revision": self.revision,
            "verdict": verdict,
            "checklist": checklist,
        }
        if comment:
            body["comment"] = comment
        days = self.rng.uniform(0.5, 9)
        return self.do(days, self.services.reviews.review, reviewer, self.draft["id"], body)


def generate_posts(
    services: Services, today: date, years: int, rng: random.Random
) -> dict[str, int]:
    """Take each of ``OUTCOMES`` (shuffled) through the workflow, ending ``today``; returns
    how many posts ended in each outcome."""
    made: dict[str, int] = {}
    outcomes = list(OUTCOMES)
    rng.shuffle(outcomes)
    clock = _Clock(services)
    for n, outcome in enumerate(outcomes):
        offset = rng.randint(1, 60) if outcome in RECENT else rng.randint(20, 365 * years - 10)
        start = datetime.combine(today - timedelta(days=offset), time(15, 0), tzinfo=timezone.utc)
        _post(services, _Story(services, clock, rng, start), n, outcome, today)
        made[outcome] = made.get(outcome, 0) + 1
    return made


def _post(services: Services, story: _Story, n: int, outcome: str, today: date) -> None:

    rng = story.rng
    caller = services.members.caller
    authors = [a[0] for a in AUTHORS] + ["kim", "noor"]
    language = "es" if outcome == "in_review" else rng.choice(LANGUAGES)
    channels = ["blog"] + rng.sample(SOCIAL, rng.randint(0, 2))
    third = rng.random() < 0.15
    author_list = [rng.choice(authors)] + ([rng.choice(authors)] if rng.random() < 0.2 else [])
    author_list = list(dict.fromkeys(author_list))
    title = rng.choice(TOPICS).format(
        lab=f"4.{n % 6}", notebook=f"7.{n % 5}", server=f"2.{10 + n % 6}"
    )
    post: dict[str, Any] = {
        "authors": author_list,
        "channels": channels,
        "language": language,
        "subtitle": "News from the Jupyter community",
    }
    if third:
        post |= {"third_party": True, "third_party_benefit": "Free resources for the community."}
    social = {ch: f"{title}: https://blog.jupyter.org/post-{n}" for ch in channels if ch != "blog"}
    if social:
        post["social"] = social
    nb = make_post(title, body=LOREM_ES if language != "en" else LOREM, **post)
    submitter = caller(author_list[0])
    story.draft = story.do(
        0, services.drafts.submit, submitter, f"history/post-{n:03d}.ipynb", nb, 4000
    )
    draft_id = story.draft["id"]
    reviewer = caller(next(e for e in rng.sample(EDITORS, len(EDITORS)) if e not in author_list))
    checklist = dict(CHECK_ALL, **({"third_party_benefit": "pass"} if third else {}))
    if outcome == "submitted":
        return
    if outcome == "withdrawn":
        body = {"to": "withdrawn", "if_version": story.draft["version"]}
        story.do(rng.uniform(1, 20), services.reviews.transition, submitter, draft_id, body)
        return
    if outcome == "rejected":
        story.review(reviewer, "reject", checklist, "This is not about Project Jupyter.")
        return
    if outcome in ("changes_requested", "resubmitted_published"):
        story.review(reviewer, "request_changes", checklist, "Please link the release notes.")
        if outcome == "changes_requested":
            return
        nb["cells"][0]["source"] += "\n\nRelease notes: https://jupyter.org/releases"
        story.do(rng.uniform(1, 10), services.drafts.resubmit, submitter, draft_id, nb, 4100)
        story.revision = 2
    story.review(reviewer, "approve", checklist)
    if language != "en":
        if outcome == "in_review":
            return  # approved by an editor, still waiting for council vetting
        body = {"revision": story.revision, "language": language, "verdict": "approve"}
        story.do(rng.uniform(1, 7), services.reviews.vet, caller("quim"), draft_id, body)
    if outcome == "approved":
        return
    version = services.drafts.get(reviewer, draft_id)["version"]
    if outcome == "scheduled":
        when = datetime.combine(today + timedelta(days=rng.randint(2, 20)), time(16, 0))
        body = {
            "to": "scheduled",
            "if_version": version,
            "publish_at": when.replace(tzinfo=timezone.utc).isoformat(),
        }
        story.do(1, services.reviews.transition, reviewer, draft_id, body)
        return
    publications = [{"channel": ch, "url": f"https://example.org/{ch}/post-{n}"} for ch in channels]
    body = {"to": "published", "if_version": version, "publications": publications}
    story.do(rng.uniform(0.5, 12), services.reviews.transition, reviewer, draft_id, body)
