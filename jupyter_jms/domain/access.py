"""Who may do what: the caller, the role sets behind each rule, and named capabilities.

Roles are what the roster records (``domain/roles.py``); capabilities are what the rules
check and what ``GET me`` tells the fronts, so that no front keeps a role list of its own.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from .roles import covers_language, is_english
from .states import (
    IN_REVIEW,
    MANUAL_TRANSITIONS,
    PUBLISHED,
    REVIEWABLE,
    SCHEDULED,
    SUBMITTED,
    WITHDRAWN,
)

EDITOR, COUNCIL, ADMIN, CHAIR = "editor", "council", "admin", "chair"

# Admins and the chair change the registry, record meetings and attendance, call votes.
ADMIN_ROLES = frozenset({ADMIN, CHAIR})
# JMS members: they vote, attend meetings, read governance and run reports. Council
# vetters review translations but are not JMS members.
MEMBER_ROLES = frozenset({EDITOR, ADMIN, CHAIR})
# Every JMS role reads (and comments on) every draft; anyone else only their own.
DRAFT_READER_ROLES = frozenset({EDITOR, COUNCIL, ADMIN, CHAIR})
# What the owner of the database acts as on the command line.
OWNER_ROLES = frozenset({ADMIN, CHAIR, EDITOR})

# The review queue lists the drafts waiting for a reviewer or a vetter. A draft with
# changes requested waits for its author, so it is not in anyone's queue.
QUEUE_STATES = (SUBMITTED, IN_REVIEW)

# Capability names, in the order ``GET me`` lists them.
CAPABILITIES = (
    "review",
    "vet",
    "administer_registry",
    "record_attendance",
    "read_governance",
    "run_reports",
    "vote",
)


@dataclass(frozen=True)
class Caller:
    """What the rules need to know about whoever is asking."""

    username: str
    roles: frozenset[str]
    languages: frozenset[str] = frozenset()

    # -- roles the rules name -----------------------------------------------------------
    @property
    def is_editor(self) -> bool:
        return EDITOR in self.roles

    @property
    def is_admin(self) -> bool:
        return bool(ADMIN_ROLES & self.roles)

    @property
    def is_member(self) -> bool:
        """A JMS member (editor, admin or chair)."""
        return bool(MEMBER_ROLES & self.roles)

    # -- capabilities -------------------------------------------------------------------
    @property
    def review(self) -> bool:
        """Approve, request changes on, or reject drafts."""
        return self.is_editor

    @property
    def vet(self) -> bool:
        """Vet translations (in the languages the caller covers)."""
        return COUNCIL in self.roles

    @property
    def administer_registry(self) -> bool:
        """Change members, channels, grants and decisions."""
        return self.is_admin

    @property
    def record_attendance(self) -> bool:
        """Record meetings, attendance and the attendance flags."""
        return self.is_admin

    @property
    def read_governance(self) -> bool:
        """Read meetings, attendance, everyone's vote participation and the audit trail."""
        return self.is_member

    @property
    def run_reports(self) -> bool:
        return self.is_member

    @property
    def vote(self) -> bool:
        """Be in the electorate of a vote opened today."""
        return self.is_member

    @property
    def sees_all_drafts(self) -> bool:
        """JMS roles read (and comment on) every draft; others only their own."""
        return bool(DRAFT_READER_ROLES & self.roles)

    @property
    def can_steer(self) -> bool:
        """Who schedules, publishes and withdraws any post."""
        return self.is_editor or self.is_admin

    @property
    def review_queue_states(self) -> tuple[str, ...]:
        """The draft states that make up this caller's review queue (none: no queue).

        Whoever reads every draft has a queue: reviewers, vetters and those who steer."""
        return QUEUE_STATES if self.sees_all_drafts else ()

    @property
    def vetting_first(self) -> tuple[str, ...]:
        """The languages whose drafts head this caller's queue: a council vetter sees first
        what needs her vetting (``GET drafts?vetting=mine``), then the rest.

        Empty for anyone who vets nothing (editors' queues are in one list)."""
        if not (self.vet and self.review_queue_states):
            return ()
        # English posts need no vetting, whatever languages the vetter also reads.
        return tuple(sorted({x.lower() for x in self.languages if not is_english(x)}))

    def capabilities(self) -> list[str]:
        """The names of the capabilities this caller has, in ``CAPABILITIES`` order."""
        return [name for name in CAPABILITIES if getattr(self, name)]


def reads_participation_of(caller: Caller, username: str) -> bool:
    """Vote participation: those who read governance see everyone, any other caller only
    themselves."""
    return caller.read_governance or caller.username == username


def allowed_actions(
    *,
    state: str,
    caller: Caller,
    authors: Iterable[str],
    submitted_by: str,
    needs_vetting: bool,
    language: str,
) -> list[str]:
    """The actions the API will accept from this caller, for fronts to show or hide."""
    owners = set(authors) | {submitted_by}
    is_author = caller.username in owners
    actions: list[str] = []
    if state in REVIEWABLE:
        actions.append("comment")
        if caller.review and not is_author:
            actions += ["approve", "request_changes", "reject"]
        if needs_vetting and not is_author and covers_language(caller.languages, language):
            actions.append("vet")
        if is_author:
            actions.append("resubmit")
    elif state == SCHEDULED:
        actions.append("comment")
    if (is_author or caller.can_steer) and state in MANUAL_TRANSITIONS[WITHDRAWN]:
        actions.append("withdraw")
    if caller.can_steer:
        if state in MANUAL_TRANSITIONS[SCHEDULED]:
            actions.append("schedule")
        if state in MANUAL_TRANSITIONS[PUBLISHED]:
            actions.append("publish")
    return actions
