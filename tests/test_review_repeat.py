"""A reviewer or vetter has one verdict per revision: a repeat updates it, history keeps all."""

from __future__ import annotations

from conftest import CHECK_ALL


def _review(verdict: str, comment: str = "", **checklist: str) -> dict:
    return {"revision": 1, "verdict": verdict, "checklist": checklist, "comment": comment}


async def test_a_second_approval_updates_the_first(api):
    draft = await api.submit()
    did = draft["id"]
    code, first = await api.call(
        "ada", "POST", f"drafts/{did}/reviews", _review("approve", **CHECK_ALL)
    )
    assert code == 201 and first["outcome"] == "created"
    code, again = await api.call(
        "ada", "POST", f"drafts/{did}/reviews", _review("approve", **CHECK_ALL)
    )
    assert code == 200 and again["outcome"] == "unchanged" and again["id"] == first["id"]
    full = await api.ok("ada", "GET", f"drafts/{did}")
    assert len(full["reviews"]) == 1 and full["approvals"] == 1
    assert full["my_review"]["id"] == first["id"] and full["my_review"]["verdict"] == "approve"
    actions = [h["action"] for h in full["history"]]
    assert actions.count("draft.reviewed") == 1 and "draft.review_changed" not in actions


async def test_changing_a_verdict_keeps_one_row_and_the_old_value_in_history(api):
    draft = await api.submit()
    did = draft["id"]
    first = await api.approve("ada", did)
    assert first["state"] == "approved"
    code, changed = await api.call(
        "ada",
        "POST",
        f"drafts/{did}/reviews",
        _review("request_changes", "Name the release date.", vendor_neutral="fail"),
    )
    assert code == 200 and changed["outcome"] == "updated"
    assert changed["id"] == first["id"] and changed["verdict"] == "request_changes"
    assert changed["state"] == "changes_requested"
    full = await api.ok("eve", "GET", f"drafts/{did}")
    assert [r["verdict"] for r in full["reviews"]] == ["request_changes"]
    assert full["approvals"] == 0 and full["open_change_requests"] == 1
    assert full["my_review"] is None  # eve did not review
    change = [h for h in full["history"] if h["action"] == "draft.review_changed"]
    assert len(change) == 1
    assert change[0]["data"]["previous"]["verdict"] == "approve"
    assert change[0]["data"]["verdict"] == "request_changes"
    # and back: the approval counts once
    again = await api.approve("ada", did)
    assert again["outcome"] == "updated" and again["state"] == "approved"
    full = await api.ok("ada", "GET", f"drafts/{did}")
    assert full["approvals"] == 1 and len(full["reviews"]) == 1
    assert full["my_review"]["verdict"] == "approve"


async def test_a_vetter_changes_her_vetting(api):
    draft = await api.submit(language="es", body="Hola " * 40)
    did = draft["id"]
    await api.approve("ada", did)
    body = {"revision": 1, "language": "es", "verdict": "approve", "comment": ""}
    code, v = await api.call("carla", "POST", f"drafts/{did}/vettings", body)
    assert code == 201 and v["outcome"] == "created" and v["state"] == "approved"
    full = await api.ok("carla", "GET", f"drafts/{did}")
    assert full["my_vetting"]["verdict"] == "approve" and full["my_review"] is None
    code, v2 = await api.call(
        "carla",
        "POST",
        f"drafts/{did}/vettings",
        dict(body, verdict="reject", comment="Falta un acento."),
    )
    assert code == 200 and v2["outcome"] == "updated" and v2["id"] == v["id"]
    assert v2["state"] == "changes_requested"
    full = await api.ok("carla", "GET", f"drafts/{did}")
    assert [x["verdict"] for x in full["vettings"]] == ["reject"]
    change = [h for h in full["history"] if h["action"] == "draft.vetting_changed"]
    assert change[0]["data"]["previous"] == {"verdict": "approve", "comment": ""}


async def test_a_new_revision_gets_a_new_verdict(api):
    draft = await api.submit()
    did = draft["id"]
    await api.approve("ada", did)
    api.edit_post("posts/p.ipynb", "A post about JupyterLab, revised")
    await api.ok("eve", "POST", f"drafts/{did}/revisions", {})
    full = await api.ok("ada", "GET", f"drafts/{did}")
    assert full["my_review"] is None and full["last_reviewed_revision"] == 1
    code, r = await api.call(
        "ada", "POST", f"drafts/{did}/reviews", dict(_review("approve", **CHECK_ALL), revision=2)
    )
    assert code == 201 and r["outcome"] == "created"
    full = await api.ok("ada", "GET", f"drafts/{did}")
    assert len(full["reviews"]) == 2 and full["my_review"]["revision"] == 2
