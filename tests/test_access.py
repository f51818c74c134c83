"""Capabilities: what each role may do, as the rules check it and as `GET me` tells the fronts."""

from __future__ import annotations

import pytest

from jupyter_jms.domain.access import CAPABILITIES, QUEUE_STATES, Caller

EVERY_MEMBER = ["read_governance", "run_reports", "vote"]
ADMIN = ["administer_registry", "record_attendance", *EVERY_MEMBER]
QUEUE = ["submitted", "in_review"]

# roles -> (capabilities, review queue states)
TABLE = [
    ((), [], []),
    (("editor",), ["review", *EVERY_MEMBER], QUEUE),
    (("council",), ["vet"], QUEUE),
    (("admin",), ADMIN, QUEUE),
    (("chair",), ADMIN, QUEUE),
    (("admin", "chair"), ADMIN, QUEUE),
    (("editor", "council"), ["review", "vet", *EVERY_MEMBER], QUEUE),
]


@pytest.mark.parametrize(("roles", "capabilities", "queue"), TABLE)
def test_capabilities_per_role(roles, capabilities, queue):
    caller = Caller("x", frozenset(roles))
    assert caller.capabilities() == capabilities
    assert list(caller.review_queue_states) == queue
    assert set(caller.capabilities()) <= set(CAPABILITIES)


def test_everyone_with_a_queue_reads_every_draft():
    for roles, _caps, queue in TABLE:
        caller = Caller("x", frozenset(roles))
        assert bool(queue) == caller.sees_all_drafts
    assert set(QUEUE_STATES) == set(QUEUE)


# username in the test roster (see conftest.api) -> (capabilities, queue)
ME_TABLE = [
    ("ada", ["review", *EVERY_MEMBER], QUEUE),  # editor
    ("carla", ["vet"], QUEUE),  # council
    ("dana", ADMIN, QUEUE),  # admin and chair, not an editor
    ("fay", ADMIN, QUEUE),  # admin only
    ("eve", [], []),  # an author with no role
    ("zed", [], []),  # a former editor
]


async def test_get_me_lists_capabilities_and_queue_per_role(api):
    from jupyter_jms.services.registry.roster import parse_roster

    api.services.members.import_roster(
        parse_roster(
            {"members": [{"username": "fay", "roles": [{"role": "admin", "since": "2024-01-01"}]}]}
        ),
        actor="test",
    )
    from conftest import OWNER

    api.tokens["fay"] = api.services.tokens.create(OWNER, "fay")[0]
    for username, capabilities, queue in ME_TABLE:
        me = await api.ok(username, "GET", "me")
        assert (me["capabilities"], me["review_queue"]["states"]) == (capabilities, queue), username


async def test_capabilities_match_what_the_server_allows(api):
    """A capability in `me` is what the API then accepts: the fronts can trust it."""
    for username in ("ada", "carla", "dana", "eve"):
        me = await api.ok(username, "GET", "me")
        caps = set(me["capabilities"])
        code, _ = await api.call(username, "GET", "events")
        assert (code == 200) == ("read_governance" in caps), username
        code, _ = await api.call(username, "GET", "reports")
        assert (code == 200) == ("run_reports" in caps), username
        code, _ = await api.call(username, "GET", "grants")
        assert (code == 200) == ("administer_registry" in caps), username
