"""The live checks the submit and review forms call: same rules as submit, nothing stored."""

from __future__ import annotations


async def test_valid_metadata_has_no_errors_and_counts_each_social_text(api):
    events = api.count_events()
    report = await api.ok(
        "eve",
        "POST",
        "checks/post",
        {
            "metadata": {
                "title": "JupyterLab 4.6",
                "channels": ["blog", "mastodon", "bluesky"],
                "social": {
                    "mastodon": "Out now: https://blog.jupyter.org/" + "a" * 200,
                    "bluesky": "é" * 301,
                },
            }
        },
    )
    assert report["valid"] is True and report["errors"] == []
    counts = {c["channel"]: c for c in report["counts"]}
    # Mastodon counts any URL as 23 characters, however long it is.
    assert counts["mastodon"]["count"] == len("Out now: ") + 23
    assert counts["mastodon"]["limit"] == 500 and counts["mastodon"]["over"] is False
    assert counts["bluesky"] == {
        "channel": "bluesky",
        "platform": "bluesky",
        "count": 301,
        "limit": 300,
        "over": True,
        "blog_url_room": None,
    }
    assert api.count_events() == events


async def test_invalid_metadata_lists_the_same_field_errors_as_submitting(api):
    post = {
        "subtitle": "s" * 141,
        "third_party": True,
        "channels": ["x"],
        "social": {"facebook": "hello"},
    }
    report = await api.ok("eve", "POST", "checks/post", {"metadata": post})
    fields = {e["field"] for e in report["errors"]}
    assert report["valid"] is False
    assert {
        "metadata.jms.title",
        "metadata.jms.subtitle",
        "metadata.jms.third_party_benefit",
        "metadata.jms.channels.0",
        "metadata.jms.social.facebook",
    } <= fields
    # Retired channels are not counted against a limit they no longer have.
    assert report["counts"] == []

    api.write_post("posts/bad.ipynb", **post)
    code, err = await api.call("eve", "POST", "drafts", {"path": "posts/bad.ipynb"})
    assert code == 400
    # make_post always sets a title, so the submit refuses everything else the check named.
    assert {e["field"] for e in err["errors"]} == fields - {"metadata.jms.title"}


async def test_post_check_refuses_a_body_without_metadata(api):
    code, err = await api.call("eve", "POST", "checks/post", {"title": "no wrapper"})
    assert code == 400 and err["errors"][0]["field"] == "metadata"
    code, err = await api.call("eve", "POST", "checks/post", raw=b"[1, 2]")
    assert code == 400


async def test_metadata_that_is_not_an_object_is_reported_not_a_crash(api):
    report = await api.ok("eve", "POST", "checks/post", {"metadata": "just a title"})
    assert report["valid"] is False and report["errors"][0]["field"] == "metadata.jms"


async def test_checks_need_a_signed_in_user(api):
    code, _ = await api.call(None, "POST", "checks/post", {"metadata": {"title": "t"}})
    assert code in (401, 403)
    code, _ = await api.call(None, "GET", "checks/checklist")
    assert code in (401, 403)


async def test_checklist_marks_conditional_items_by_kind_of_post(api):
    plain = await api.ok("ada", "GET", "checks/checklist")
    applies = {i["id"]: i["applies"] for i in plain["items"]}
    assert applies["jupyter_focus"] is True
    assert applies["third_party_benefit"] is False and applies["language_vetted"] is False
    assert plain["values"] == ["pass", "fail", "n/a"]

    foreign = await api.ok(
        "ada", "GET", "checks/checklist", params={"third_party": "true", "needs_vetting": "1"}
    )
    items = {i["id"]: i for i in foreign["items"]}
    assert items["third_party_benefit"]["applies"] is True
    assert items["language_vetted"] == {
        "id": "language_vetted",
        "label": items["language_vetted"]["label"],
        "applies": True,
        "derived": True,
    }


async def test_checklist_refuses_a_flag_that_is_not_boolean(api):
    code, err = await api.call("ada", "GET", "checks/checklist", params={"third_party": "maybe"})
    assert code == 400 and err["errors"][0]["field"] == "third_party"


async def test_check_responses_match_the_spec(api):
    from test_openapi import Checked

    c = Checked(api)
    await c.ok(
        "eve",
        "POST",
        "checks/post",
        {"metadata": {"title": "T", "channels": ["mastodon"], "social": {"mastodon": "Hi"}}},
    )
    await c.ok("eve", "POST", "checks/post", {"metadata": {"subtitle": 3}})
    assert (await c.call("eve", "POST", "checks/post", {}))[0] == 400
    await c.ok("ada", "GET", "checks/checklist", params={"third_party": "true"})
    assert (await c.call("ada", "GET", "checks/checklist", params={"needs_vetting": "x"}))[0] == 400
