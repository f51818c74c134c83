"""The review workflow end to end over the REST API."""

from __future__ import annotations

import hashlib

from conftest import CHECK_ALL

from jupyter_jms.services.kernel.inputs import encode_cursor


async def test_editor_approves_a_submitted_post(api):
    draft = await api.submit(authors=["eve"], channels=["blog"])
    assert draft["state"] == "submitted" and draft["revision"] == 1
    full = await api.ok("ada", "GET", f"drafts/{draft['id']}")
    assert {"approve", "request_changes", "reject"} <= set(full["allowed_actions"])
    review = await api.approve("ada", draft["id"])
    assert review["state"] == "approved"
    seen_by_author = await api.ok("eve", "GET", f"drafts/{draft['id']}")
    assert seen_by_author["state"] == "approved"
    assert seen_by_author["approvals"] == 1
    assert "approve" not in seen_by_author["allowed_actions"]
    actions = [h["action"] for h in seen_by_author["history"]]
    assert actions == ["draft.submitted", "draft.reviewed", "draft.state_changed"]


async def test_revision_snapshot_matches_its_sha256(api):
    draft = await api.submit()
    full = await api.ok("ada", "GET", f"drafts/{draft['id']}")
    code, nb = await api.call("ada", "GET", f"drafts/{draft['id']}/revisions/1")
    assert code == 200 and nb["metadata"]["jms"]["title"] == "A post about JupyterLab"
    resp = await api.fetch(
        "jms",
        "api",
        "drafts",
        draft["id"],
        "revisions",
        "1",
        headers={"Authorization": f"token {api.tokens['ada']}"},
    )
    assert hashlib.sha256(resp.body).hexdigest() == full["revisions"][0]["sha256"]


async def test_nobody_approves_their_own_post(api):
    draft = await api.submit(user="ada", authors=["ada"])
    code, err = await api.call(
        "ada",
        "POST",
        f"drafts/{draft['id']}/reviews",
        {"revision": 1, "verdict": "approve", "checklist": CHECK_ALL},
    )
    assert code == 403 and "own post" in err["message"]


async def test_co_author_cannot_approve(api):
    draft = await api.submit(user="eve", authors=["eve", "ben"])
    code, _ = await api.call(
        "ben",
        "POST",
        f"drafts/{draft['id']}/reviews",
        {"revision": 1, "verdict": "approve", "checklist": CHECK_ALL},
    )
    assert code == 403


async def test_non_editor_cannot_review(api):
    draft = await api.submit()
    for user, expected in (("carla", 403), ("dana", 403), ("zed", 404)):
        code, _ = await api.call(
            user,
            "POST",
            f"drafts/{draft['id']}/reviews",
            {"revision": 1, "verdict": "approve", "checklist": CHECK_ALL},
        )
        # zed holds no role, so the draft is invisible to them
        assert code == expected, user


async def test_approval_needs_every_applicable_checklist_item(api):
    draft = await api.submit()
    partial = dict(CHECK_ALL, vendor_neutral="fail")
    code, err = await api.call(
        "ada",
        "POST",
        f"drafts/{draft['id']}/reviews",
        {"revision": 1, "verdict": "approve", "checklist": partial},
    )
    assert code == 400
    assert [e["field"] for e in err["errors"]] == ["checklist.vendor_neutral"]
    code, err = await api.call(
        "ada",
        "POST",
        f"drafts/{draft['id']}/reviews",
        {"revision": 1, "verdict": "approve", "checklist": dict(CHECK_ALL, language_vetted="pass")},
    )
    assert code == 400 and err["errors"][0]["field"] == "checklist.language_vetted"


async def test_new_revision_voids_earlier_approvals(api, jms_config):
    draft = await api.submit()
    await api.approve("ada", draft["id"])
    api.edit_post("posts/p.ipynb", "A post about JupyterLab, revised")
    d2 = await api.ok("eve", "POST", f"drafts/{draft['id']}/revisions", {})
    assert d2["revision"] == 2 and d2["state"] == "submitted" and d2["approvals"] == 0
    full = await api.ok("ada", "GET", f"drafts/{draft['id']}")
    assert [r["voided"] for r in full["reviews"]] == [True]
    # a review of the old revision is stale
    code, err = await api.call(
        "ada",
        "POST",
        f"drafts/{draft['id']}/reviews",
        {"revision": 1, "verdict": "approve", "checklist": CHECK_ALL},
    )
    assert code == 409
    diff = await api.ok(
        "ada", "GET", f"drafts/{draft['id']}/revisions/2/diff", params={"from": "1"}
    )
    statuses = [c["status"] for c in diff["cells"]]
    assert statuses == ["modified", "unchanged", "unchanged"]
    lines = diff["cells"][0]["source"]
    assert {"kind": "add", "text": "Rewritten after review."} in lines
    assert lines[0]["kind"] == "del" and lines[0]["text"].startswith("# A post about")
    assert diff["metadata_changed"] is True


async def test_resubmitting_an_unchanged_notebook_is_refused(api):
    draft = await api.submit()
    code, err = await api.call("eve", "POST", f"drafts/{draft['id']}/revisions", {})
    assert code == 409 and "Nothing changed" in err["message"]


async def test_spanish_post_needs_council_vetting(api):
    draft = await api.submit(language="es", body="Hola " * 40)
    assert draft["needs_vetting"] is True
    r = await api.approve("ada", draft["id"])
    assert r["state"] == "in_review"
    v = await api.ok(
        "carla",
        "POST",
        f"drafts/{draft['id']}/vettings",
        {"revision": 1, "language": "es", "verdict": "approve", "comment": ""},
    )
    assert v["state"] == "approved"


async def test_vetter_without_the_language_is_refused(api):
    draft = await api.submit(language="fr")
    code, err = await api.call(
        "carla",
        "POST",
        f"drafts/{draft['id']}/vettings",
        {"revision": 1, "language": "fr", "verdict": "approve"},
    )
    assert code == 403 and "fr" in err["message"]
    code, _ = await api.call(
        "ada",
        "POST",
        f"drafts/{draft['id']}/vettings",
        {"revision": 1, "language": "fr", "verdict": "approve"},
    )
    assert code == 403


async def test_third_party_post_needs_benefit_passed(api):
    draft = await api.submit(third_party=True, third_party_benefit="Free workshops")
    code, err = await api.call(
        "ada",
        "POST",
        f"drafts/{draft['id']}/reviews",
        {"revision": 1, "verdict": "approve", "checklist": CHECK_ALL},
    )
    assert code == 400 and err["errors"][0]["field"] == "checklist.third_party_benefit"
    r = await api.ok(
        "ada",
        "POST",
        f"drafts/{draft['id']}/reviews",
        {
            "revision": 1,
            "verdict": "approve",
            "checklist": dict(CHECK_ALL, third_party_benefit="pass"),
        },
    )
    assert r["state"] == "approved"


async def test_request_changes_then_resubmit_then_approve(api):
    draft = await api.submit()
    r = await api.ok(
        "ada",
        "POST",
        f"drafts/{draft['id']}/reviews",
        {
            "revision": 1,
            "verdict": "request_changes",
            "checklist": {},
            "comment": "Say more about the release.",
        },
    )
    assert r["state"] == "changes_requested"
    api.edit_post("posts/p.ipynb", "A longer post about JupyterLab")
    await api.ok("eve", "POST", f"drafts/{draft['id']}/revisions", {})
    r = await api.approve("ada", draft["id"], 2)
    assert r["state"] == "approved"


async def test_two_approvals_required_when_configured(api, jms_services):
    jms_services.ctx.settings.required_approvals = 2
    draft = await api.submit()
    r = await api.approve("ada", draft["id"])
    assert r["state"] == "in_review"
    # the same editor approving again does not count twice
    r = await api.approve("ada", draft["id"])
    assert r["state"] == "in_review"
    r = await api.approve("ben", draft["id"])
    assert r["state"] == "approved"


async def test_schedule_and_publish_with_urls(api):
    draft = await api.submit(channels=["blog", "mastodon"])
    r = await api.approve("ada", draft["id"])
    code, err = await api.call(
        "ada",
        "POST",
        f"drafts/{draft['id']}/transitions",
        {"to": "scheduled", "if_version": r["version"] - 1, "publish_at": "2030-01-01T10:00:00Z"},
    )
    assert code == 409
    t = await api.ok(
        "ada",
        "POST",
        f"drafts/{draft['id']}/transitions",
        {"to": "scheduled", "if_version": r["version"], "publish_at": "2030-01-01T10:00:00Z"},
    )
    assert t["state"] == "scheduled"
    code, _ = await api.call(
        "eve",
        "POST",
        f"drafts/{draft['id']}/transitions",
        {
            "to": "published",
            "if_version": t["version"],
            "publications": [{"channel": "blog", "url": "https://blog.jupyter.org/x"}],
        },
    )
    assert code == 403
    p = await api.ok(
        "ada",
        "POST",
        f"drafts/{draft['id']}/transitions",
        {
            "to": "published",
            "if_version": t["version"],
            "publications": [
                {"channel": "blog", "url": "https://blog.jupyter.org/x"},
                {"channel": "mastodon", "url": "https://hachyderm.io/@ProjectJupyter/1"},
            ],
        },
    )
    assert p["state"] == "published"
    full = await api.ok("eve", "GET", f"drafts/{draft['id']}")
    assert [x["channel"] for x in full["publications"]] == ["blog", "mastodon"]
    code, err = await api.call(
        "ada",
        "POST",
        f"drafts/{draft['id']}/transitions",
        {"to": "withdrawn", "if_version": p["version"]},
    )
    assert code == 409 and err["reason"] == "illegal_transition"


async def test_author_withdraws(api):
    draft = await api.submit()
    t = await api.ok(
        "eve",
        "POST",
        f"drafts/{draft['id']}/transitions",
        {"to": "withdrawn", "if_version": draft["version"]},
    )
    assert t["state"] == "withdrawn"
    # the path may be submitted again once the old draft is closed
    again = await api.ok("eve", "POST", "drafts", {"path": "posts/p.ipynb"})
    assert again["id"] != draft["id"]


async def test_cell_comments_are_anchored(api):
    draft = await api.submit()
    nb_code, nb = await api.call("ada", "GET", f"drafts/{draft['id']}/revisions/1")
    cell_id = nb["cells"][0]["id"]
    c = await api.ok(
        "ada",
        "POST",
        f"drafts/{draft['id']}/comments",
        {"revision": 1, "cell_id": cell_id, "body": "Nice <b>intro</b>"},
    )
    assert c["cell_id"] == cell_id and c["body"] == "Nice <b>intro</b>"
    code, err = await api.call(
        "ada",
        "POST",
        f"drafts/{draft['id']}/comments",
        {"revision": 1, "cell_id": "nope", "body": "x"},
    )
    assert code == 400 and err["errors"][0]["field"] == "cell_id"
    reply = await api.ok(
        "eve", "POST", f"drafts/{draft['id']}/comments", {"body": "Thanks!", "cell_id": cell_id}
    )
    assert reply["revision"] == 1
    full = await api.ok("eve", "GET", f"drafts/{draft['id']}")
    assert [x["author"] for x in full["comments"]] == ["ada", "eve"]


async def test_list_filters_and_cursor(api):
    ids = []
    for i in range(7):
        rel = f"posts/p{i}.ipynb"
        lang = "es" if i % 3 == 0 else "en"
        d = await api.submit(
            rel=rel,
            title=f"Post number {i}",
            language=lang,
            channels=["blog"] if i % 2 else ["mastodon"],
        )
        ids.append(d["id"])
    await api.approve("ada", ids[1])
    page = await api.ok("ada", "GET", "drafts", params={"limit": "3"})
    assert page["total"] == 7 and len(page["items"]) == 3
    seen = [x["id"] for x in page["items"]]
    while page["next"]:
        page = await api.ok("ada", "GET", "drafts", params={"limit": "3", "cursor": page["next"]})
        seen += [x["id"] for x in page["items"]]
    assert seen == list(reversed(ids))
    past_the_end = encode_cursor(min(map(int, ids)))  # an empty page still carries the total
    page = await api.ok("ada", "GET", "drafts", params={"limit": "3", "cursor": past_the_end})
    assert page == {"items": [], "next": None, "total": 7}
    es = await api.ok("ada", "GET", "drafts", params={"language": "es"})
    assert {x["language"] for x in es["items"]} == {"es"} and es["total"] == 3
    approved = await api.ok("ada", "GET", "drafts", params={"state": "approved"})
    assert [x["id"] for x in approved["items"]] == [ids[1]]
    by_ada = await api.ok("ada", "GET", "drafts", params={"reviewer": "ada"})
    assert [x["id"] for x in by_ada["items"]] == [ids[1]]
    blog = await api.ok("ada", "GET", "drafts", params={"channel": "blog"})
    assert blog["total"] == 3
    q = await api.ok("ada", "GET", "drafts", params={"q": "NUMBER 4"})
    assert [x["id"] for x in q["items"]] == [ids[4]]
    mine = await api.ok("eve", "GET", "drafts", params={"author": "eve"})
    assert mine["total"] == 7
    by_path = await api.ok("eve", "GET", "drafts", params={"path": "posts/p2.ipynb"})
    assert [x["id"] for x in by_path["items"]] == [ids[2]]


async def test_authors_see_only_their_own_drafts(api):
    d = await api.submit(user="eve")
    code, _ = await api.call("zed", "GET", f"drafts/{d['id']}")
    assert code == 404
    page = await api.ok("zed", "GET", "drafts")
    assert page["total"] == 0


async def test_events_since_and_emitted(api, jp_serverapp):
    seen = []

    class Listener:
        pass

    async def listener(logger, schema_id, data):
        seen.append((schema_id, data["action"]))

    from jupyter_jms.events import schema_id

    jp_serverapp.event_logger.add_listener(schema_id=schema_id("draft"), listener=listener)
    before = await api.ok("ada", "GET", "events")
    last = before["last"]
    d = await api.submit()
    after = await api.ok("ada", "GET", "events", params={"since": last})
    assert [e["action"] for e in after["items"]] == ["draft.submitted"]
    assert after["items"][0]["subject_id"] == d["id"]
    import asyncio

    await asyncio.sleep(0.05)
    assert (schema_id("draft"), "draft.submitted") in seen
    code, _ = await api.call("eve", "GET", "events")
    assert code == 403
