"""The draft state machine and the actions a caller may take on a draft."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

SUBMITTED = "submitted"
IN_REVIEW = "in_review"
CHANGES_REQUESTED = "changes_requested"
APPROVED = "approved"
SCHEDULED = "scheduled"
PUBLISHED = "published"
REJECTED = "rejected"
WITHDRAWN = "withdrawn"

STATES = (
    SUBMITTED,
    IN_REVIEW,
    CHANGES_REQUESTED,
    APPROVED,
    SCHEDULED,
    PUBLISHED,
    REJECTED,
    WITHDRAWN,
)
FINAL = frozenset({PUBLISHED, REJECTED, WITHDRAWN})
# States in which reviews and vetting may still be given on the current revision.
REVIEWABLE = frozenset({SUBMITTED, IN_REVIEW, CHANGES_REQUESTED, APPROVED})
# States from which the author may send a new revision.
RESUBMITTABLE = frozenset({SUBMITTED, IN_REVIEW, CHANGES_REQUESTED, APPROVED})

# Transitions the caller asks for by name (reviews move state on their own).
MANUAL_TRANSITIONS: dict[str, frozenset[str]] = {
    WITHDRAWN: frozenset({SUBMITTED, IN_REVIEW, CHANGES_REQUESTED, APPROVED, SCHEDULED}),
    SCHEDULED: frozenset({APPROVED}),
    PUBLISHED: frozenset({APPROVED, SCHEDULED}),
}


class IllegalTransition(ValueError):
    def __init__(self, current: str, target: str) -> None:
        super().__init__(f"A draft in state '{current}' cannot move to '{target}'.")
        self.current = current
        self.target = target


def check_manual_transition(current: str, target: str) -> None:
    allowed_from = MANUAL_TRANSITIONS.get(target)
    if allowed_from is None or current not in allowed_from:
        raise IllegalTransition(current, target)


@dataclass(frozen=True)
class Caller:
    """What the rules need to know about whoever is asking."""

    username: str
    roles: frozenset[str]
    languages: frozenset[str] = frozenset()

    @property
    def is_editor(self) -> bool:
        return "editor" in self.roles

    @property
    def is_admin(self) -> bool:
        return bool({"admin", "chair"} & self.roles)

    @property
    def sees_all_drafts(self) -> bool:
        """JMS roles read (and comment on) every draft; others only their own."""
        return bool({"editor", "council", "admin", "chair"} & self.roles)

    @property
    def can_steer(self) -> bool:
        """Who schedules, publishes and withdraws any post."""
        return self.is_editor or self.is_admin


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
    from .roles import covers_language

    owners = set(authors) | {submitted_by}
    is_author = caller.username in owners
    actions: list[str] = []
    if state in REVIEWABLE:
        actions.append("comment")
        if caller.is_editor and not is_author:
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
