"""The publication view of a draft and the "to publish" panel, driven as an editor drives
them, against a live server whose publisher posts to a Mastodon stand-in on 127.0.0.1."""

# The fixtures are imported from publish_fixtures and named as test arguments, as pytest wants.
# ruff: noqa: F811

from __future__ import annotations

from functools import partial

import pytest

pytest.importorskip("ipywidgets")

from fakes.scenario import (  # noqa: E402
    TEXTS,
    approved_draft,
    mark,
    publish_now,
)
from publish_fixtures import (  # noqa: E402, F401 (fixtures)
    bluesky,
    jms_config,
    mastodon,
    pub,
    run_publisher,
)

from jupyter_jms.widgets import ReviewQueue, ToPublish  # noqa: E402

BLOG_URL = "https://blog.jupyter.org/release-notes-p-5c1b2e"


async def opened(queue, draft_id):
    queue.results.value = draft_id
    await queue.wait()
    assert queue.review.draft is not None and queue.review.draft["id"] == draft_id
    return queue.review


async def test_the_review_shows_the_exact_texts_and_publishes_now(pub, panel_as):
    did = approved_draft(pub.services)
    queue = await panel_as(ReviewQueue, "ada", state="approved,scheduled")
    review = await opened(queue, did)
    view = review.publication
    assert view in review.children
    assert "Not scheduled yet." in view.summary.value
    assert set(view.rows) == {"blog", "mastodon", "bluesky"}
    masto = view.rows["mastodon"].html.value
    assert TEXTS["mastodon"] in masto and "/ 500" in masto
    assert "waits for the blog URL" in masto
    assert set(view.export_buttons) == {"html", "md", "static"}
    assert view.schedule_box.layout.display == ""

    view.publish_now_button.click()
    await queue.wait()
    held = await pub.ok("ada", "GET", f"drafts/{did}/publication")
    assert held["state"] == "scheduled"
    assert [c["state"] for c in held["channels"]] == ["queued"] * 3
    # The view follows the server: the blog now waits for its URL, with "Mark done".
    assert "scheduled to publish" in queue.message.text
    view = queue.review.publication
    assert "Publishes at" in view.summary.value and "(UTC)" in view.summary.value
    assert set(view.rows["blog"].mark_buttons) == {"done"}
    # The blog's row is where its URL is recorded; Bluesky says how long a URL still fits.
    assert view.rows["blog"].mark_buttons["done"].description == "Record the blog URL"
    room = 300 - len("New on the Jupyter blog 📓 ")
    assert f"waits for the blog URL (at most {room} characters fit)" in (
        view.rows["bluesky"].html.value
    )

    view.rows["blog"].url.value = BLOG_URL
    view.rows["blog"].mark_buttons["done"].click()
    await queue.wait()
    assert await run_publisher(pub) == 2
    queue.open_draft(did)
    await queue.wait()
    view = queue.review.publication
    posted = view.rows["mastodon"].html.value
    assert TEXTS["mastodon"].replace("{blog_url}", BLOG_URL) in posted
    assert "Posted: <a href=" in posted and "posted" in posted
    assert view.rows["mastodon"].mark_buttons == {}


async def test_an_author_sees_the_texts_but_no_publish_action(pub, panel_as):
    did = approved_draft(pub.services)
    queue = await panel_as(ReviewQueue, "eve", state="approved")
    queue.results.value = did
    await queue.wait()
    view = queue.review.publication
    assert view in queue.review.children
    assert view.schedule_box.layout.display == "none"


async def test_scheduling_in_a_zone_shows_the_wall_time_and_zone(pub, panel_as):
    did = approved_draft(pub.services)
    panel = await panel_as(ToPublish, "ada")
    panel.results.value = did
    await panel.wait()
    panel.view.when.value = "2030-07-01T09:30"
    panel.view.tz.value = "Europe/Paris"
    panel.view.schedule_button.click()
    await panel.wait()
    held = await pub.ok("ada", "GET", f"drafts/{did}/publication")
    assert held["publish_at"].startswith("2030-07-01T07:30")
    assert "Publishes at 2030-07-01 09:30 (Europe/Paris)" in panel.view.summary.value
    label = dict((v, k) for k, v in panel.results.options)[did]
    assert "at 2030-07-01 09:30 (Europe/Paris)" in label


async def test_a_refused_schedule_reads_as_a_sentence_and_changes_nothing(pub, panel_as):
    did = approved_draft(pub.services)
    panel = await panel_as(ToPublish, "ada")
    panel.results.value = did
    await panel.wait()
    panel.view.tz.value = "Mars/Olympus"
    panel.view.publish_now_button.click()
    await panel.wait()
    assert panel.message.kind == "error"
    assert "'Mars/Olympus' is not an IANA time zone" in panel.message.text
    held = await pub.ok("ada", "GET", f"drafts/{did}")
    assert held["state"] == "approved"


async def test_the_list_puts_a_failed_channel_first_and_offers_retry(pub, mastodon, panel_as):
    first = approved_draft(pub.services, name="a")
    failing = approved_draft(pub.services, name="b")
    publish_now(pub.services, failing)
    mark(pub.services, failing, "blog", mark="done", url=BLOG_URL)
    mastodon.state.tokens.clear()  # the credential expired
    await run_publisher(pub)
    panel = await panel_as(ToPublish, "ada")
    ids = [v for _, v in panel.results.options]
    assert ids.index(failing) < ids.index(first)
    label = panel.results.options[ids.index(failing)][0]
    assert "needs a person: mastodon (failed)" in label

    panel.results.value = failing
    await panel.wait()
    row = panel.view.rows["mastodon"]
    assert "failed" in row.html.value and "jms-error" in row.html.value
    assert "refused the credential" in row.html.value
    assert set(row.mark_buttons) == {"done", "retry"}
    row.mark_buttons["retry"].click()
    await panel.wait()
    held = await pub.ok("ada", "GET", f"drafts/{failing}/publication")
    assert {c["channel"]: c["state"] for c in held["channels"]}["mastodon"] == "queued"
    assert "goes out again" in panel.message.text


async def test_the_html_export_is_saved_next_to_the_notebook(pub, panel_as, tmp_path):
    did = approved_draft(pub.services)
    tmp_path = tmp_path / "exports"
    tmp_path.mkdir()
    panel = await panel_as(ToPublish, "ada", save_dir=tmp_path)
    panel.results.value = did
    await panel.wait()
    panel.view.export_buttons["html"].click()
    await panel.wait()
    saved = list(tmp_path.iterdir())
    assert len(saved) == 1 and saved[0].suffix == ".html"
    assert "Release notes p" in saved[0].read_text()
    assert str(saved[0]) in panel.message.text


async def test_the_list_is_for_editors(pub, panel_as):
    approved_draft(pub.services)
    panel = await panel_as(ToPublish, "eve")
    assert panel.results.options == ()
    assert panel.message.kind == "error" and "editors" in panel.message.text


async def test_a_draft_in_review_has_no_publication_part(pub, panel_as):
    draft = await pub.submit(authors=["eve"], channels=["blog"])
    queue = await partial(panel_as, ReviewQueue)("ada")
    queue.results.value = draft["id"]
    await queue.wait()
    assert queue.review.publication not in queue.review.children
