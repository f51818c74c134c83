"""The draft state machine: states, and the transitions callers ask for by name."""

from __future__ import annotations

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
# The words people read for each state: the same as the labextension's ``stateLabel``
# (labextension/src/labels.ts; a test keeps the two in step).
STATE_LABELS: dict[str, str] = {
    SUBMITTED: "Submitted",
    IN_REVIEW: "In review",
    CHANGES_REQUESTED: "Changes requested",
    APPROVED: "Approved",
    SCHEDULED: "Scheduled",
    PUBLISHED: "Published",
    REJECTED: "Rejected",
    WITHDRAWN: "Withdrawn",
}


def state_label(state: str) -> str:
    """The label of a state; an unknown one as it is named."""
    return STATE_LABELS.get(state, state)


FINAL = frozenset({PUBLISHED, REJECTED, WITHDRAWN})
# States in which reviews and vetting may still be given on the current revision.
REVIEWABLE = frozenset({SUBMITTED, IN_REVIEW, CHANGES_REQUESTED, APPROVED})
# States in which a draft is still collecting approvals on its current revision: the only
# ones whose approval count means something to show.
COLLECTING_APPROVALS = frozenset({SUBMITTED, IN_REVIEW, CHANGES_REQUESTED})
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
