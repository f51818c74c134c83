"""The authorization matrix: every endpoint x anonymous, author, editor, council, admin.

One row per endpoint; each row runs its request once per caller, against objects made fresh
for that caller, and compares the statuses to the table. A refused request changes nothing.
"""

from __future__ import annotations

import json
import re
from typing import Any

from authz_matrix import CALLERS, Row, Setup, assert_covers, check_row, each_row
from conftest import CHECK_ALL, OWNER


async def _draft(api: Any, tag: str, **post: Any) -> dict[str, Any]:
    rel = api.write_post(f"posts/{tag}.ipynb", authors=["eve"], **post)
    return await api.ok("eve", "POST", "drafts", {"path": rel})


async def a_draft(api: Any, tag: str) -> dict[str, Any]:
    d = await _draft(api, tag)
    return {"id": d["id"], "version": d["version"]}


async def a_spanish_draft(api: Any, tag: str) -> dict[str, Any]:
    d = await _draft(api, tag, language="es", body="Hola " * 40)
    return {"id": d["id"], "version": d["version"]}


async def an_edited_draft(api: Any, tag: str) -> dict[str, Any]:
    ctx = await a_draft(api, tag)
    api.edit_post(f"posts/{tag}.ipynb", f"Edited {tag}")
    return ctx


async def an_approved_draft(api: Any, tag: str) -> dict[str, Any]:
    ctx = await a_draft(api, tag)
    review = await api.approve("ben", ctx["id"])
    assert review["state"] == "approved"
    return {**ctx, "version": review["version"]}


async def a_member(api: Any, tag: str) -> dict[str, Any]:
    return {"username": "ada"}


async def a_notebook(api: Any, tag: str) -> dict[str, Any]:
    return {"path": api.write_post(f"posts/{tag}.ipynb")}


def token_of(owner: str | None) -> Setup:
    """A live token of ``owner`` (None: of the caller; eve's for an anonymous caller)."""

    async def setup(api: Any, tag: str) -> dict[str, Any]:
        who = owner or CALLERS.get(tag.split("-")[-1]) or "eve"
        _token, row = api.services.tokens.create(OWNER, who)
        return {"token_id": row["id"]}

    return setup


ALL = (200, 200, 200, 200, 200)
REVIEW = {"revision": 1, "verdict": "approve", "checklist": CHECK_ALL}
SCHEDULE = {"to": "scheduled", "publish_at": "2030-01-01T10:00:00Z"}
CHECK_POST = {"metadata": {"title": "A post"}}
PUBLISH = {"to": "published", "publications": [{"channel": "blog", "url": "https://x.org/p"}]}

ROWS = [
    # identity, registry, audit
    Row("version", "GET", "version", ALL),
    Row("me", "GET", "me", ALL),
    Row("members", "GET", "members", ALL),
    Row("member", "GET", "members/{username}", ALL, setup=a_member),
    Row("channels", "GET", "channels", ALL),
    Row("events", "GET", "events", (403, 200, 403, 200, 403)),
    # tokens: your own, or anyone's as an admin
    Row("tokens-list", "GET", "tokens", ALL),
    Row("token-create-own", "POST", "tokens", (201,) * 5, body=lambda c: {"note": "mine"}),
    Row(
        "token-create-other",
        "POST",
        "tokens",
        (403, 403, 403, 201, 403),
        body=lambda c: {"username": "ben"},
    ),
    Row("token-revoke-own", "DELETE", "tokens/{token_id}", ALL, setup=token_of(None)),
    Row(
        "token-revoke-other",
        "DELETE",
        "tokens/{token_id}",
        (404, 404, 404, 200, 404),
        setup=token_of("ben"),
    ),
    # drafts: everyone submits; roles see every draft; others only their own
    Row("drafts-list", "GET", "drafts", ALL),
    Row("draft-submit", "POST", "drafts", (201,) * 5, body=lambda c: c, setup=a_notebook),
    Row("draft-get", "GET", "drafts/{id}", (200, 200, 200, 200, 404), setup=a_draft),
    Row(
        "draft-resubmit",
        "POST",
        "drafts/{id}/revisions",
        (201, 403, 403, 403, 404),
        body=lambda c: {},
        setup=an_edited_draft,
    ),
    Row("revision", "GET", "drafts/{id}/revisions/1", (200, 200, 200, 200, 404), setup=a_draft),
    Row("diff", "GET", "drafts/{id}/revisions/1/diff", (200, 200, 200, 200, 404), setup=a_draft),
    # reviews: editors (never on their own post); vetting: council with the language
    Row(
        "review",
        "POST",
        "drafts/{id}/reviews",
        (403, 201, 403, 403, 404),
        body=lambda c: REVIEW,
        setup=a_draft,
    ),
    Row(
        "vetting",
        "POST",
        "drafts/{id}/vettings",
        (403, 403, 201, 403, 404),
        body=lambda c: {"revision": 1, "language": "es", "verdict": "approve"},
        setup=a_spanish_draft,
    ),
    Row(
        "comment",
        "POST",
        "drafts/{id}/comments",
        (201, 201, 201, 201, 404),
        body=lambda c: {"body": "A thought."},
        setup=a_draft,
    ),
    # transitions: authors withdraw their own; editors and admins steer
    Row(
        "withdraw",
        "POST",
        "drafts/{id}/transitions",
        (200, 200, 403, 200, 404),
        body=lambda c: {"to": "withdrawn", "if_version": c["version"]},
        setup=a_draft,
    ),
    Row(
        "schedule",
        "POST",
        "drafts/{id}/transitions",
        (403, 200, 403, 200, 404),
        body=lambda c: {**SCHEDULE, "if_version": c["version"]},
        setup=an_approved_draft,
    ),
    Row(
        "publish",
        "POST",
        "drafts/{id}/transitions",
        (403, 200, 403, 200, 404),
        body=lambda c: {**PUBLISH, "if_version": c["version"]},
        setup=an_approved_draft,
    ),
    # checks: change nothing, answer every member
    Row("check-post", "POST", "checks/post", ALL, body=lambda c: CHECK_POST),
    Row("checklist", "GET", "checks/checklist", ALL),
]


# Route modules whose endpoints this matrix covers; endpoints added later in other modules
# carry their own authorization tests next to them.
MATRIX_MODULES = {"identity", "drafts", "checks"}


def test_matrix_covers_every_core_route():
    assert_covers(ROWS, MATRIX_MODULES, lambda p: re.sub(r"\{[^}]+\}|(?<=/revisions/)1", "*", p))


@each_row(ROWS)
async def test_authorization_matrix(api, row):
    await check_row(api, row)


async def test_members_without_a_role_list_only_their_own_drafts(api):
    mine = await _draft(api, "eves")
    rel = api.write_post("posts/zeds.ipynb", authors=["zed"])
    theirs = await api.ok("zed", "POST", "drafts", {"path": rel})
    for user, visible in (
        ("eve", {mine["id"]}),
        ("zed", {theirs["id"]}),
        ("ada", {mine["id"], theirs["id"]}),
        ("carla", {mine["id"], theirs["id"]}),
        ("dana", {mine["id"], theirs["id"]}),
    ):
        page = await api.ok(user, "GET", "drafts")
        assert {d["id"] for d in page["items"]} == visible, user
        assert page["total"] == len(visible)


async def test_co_author_sees_the_draft_and_may_withdraw_it(api):
    rel = api.write_post("posts/shared.ipynb", authors=["eve", "zed"])
    d = await api.ok("eve", "POST", "drafts", {"path": rel})
    full = await api.ok("zed", "GET", f"drafts/{d['id']}")
    assert "withdraw" in full["allowed_actions"] and "approve" not in full["allowed_actions"]
    t = await api.ok(
        "zed", "POST", f"drafts/{d['id']}/transitions", {"to": "withdrawn", "if_version": 1}
    )
    assert t["state"] == "withdrawn"


async def test_a_refusal_without_a_user_says_how_to_sign_in(api):
    """With no token and no login the 403 says what is missing in a sentence, in the one
    error shape; refusals that give their own reason keep it."""
    for method, path, body in (("GET", "me", None), ("POST", "drafts", {"path": "p.ipynb"})):
        code, err = await api.call(None, method, path, body)
        assert code == 403 and set(err) == {"message", "reason", "errors"}, (path, err)
        assert err["message"] == (
            "Sign in first: this needs a JMS member token or a Jupyter login."
        ), (path, err)
    headers = {"Authorization": "token jms_not-a-real-token"}
    resp, _ = await api.send(None, "GET", "me", headers=headers)
    assert resp.code == 403
    assert json.loads(resp.body)["message"].startswith("The server did not accept the token:")
    code, err = await api.call("eve", "GET", "events")
    assert code == 403 and "Sign in" not in err["message"] and err["message"].endswith(".")
