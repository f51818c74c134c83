"""The review queue panel, driven as an editor drives it, against a live server."""

from __future__ import annotations

import asyncio
import threading
from functools import partial

import pytest

pytest.importorskip("ipywidgets")

from conftest import CHECK_ALL  # noqa: E402

from jupyter_jms.widgets import ReviewQueue  # noqa: E402


@pytest.fixture
def queue_as(panel_as):
    """Opens a review queue as a member and waits until it has loaded."""
    return partial(panel_as, ReviewQueue)


async def opened(queue, draft_id):
    queue.results.value = draft_id
    await queue.wait()
    assert queue.review.draft is not None and queue.review.draft["id"] == draft_id
    return queue.review


async def test_editor_approves_from_the_queue(api, queue_as):
    draft = await api.submit(authors=["eve"], channels=["blog"])
    queue = await queue_as("ada")
    assert draft["id"] in [v for _, v in queue.results.options]
    # A personal server names no JMS service.
    assert queue.service.url is None and queue.service.value == ""
    review = await opened(queue, draft["id"])
    assert set(review.verdict_buttons) == {"approve", "request_changes", "reject"}
    review.all_pass_button.click()
    review.verdict_buttons["approve"].click()
    await queue.wait()
    held = await api.ok("ada", "GET", f"drafts/{draft['id']}")
    assert held["state"] == "approved"
    assert [(r["reviewer"], r["verdict"]) for r in held["reviews"]] == [("ada", "approve")]
    assert held["reviews"][0]["checklist"] == CHECK_ALL
    assert "approved" in queue.message.text
    # The view follows the server: the draft is approved and ada has given her verdict.
    assert "approved" in review.title.value


async def test_only_allowed_verdicts_are_shown_on_my_own_post(api, queue_as):
    mine = await api.submit(user="ada", rel="posts/mine.ipynb", authors=["ada"])
    queue = await queue_as("ada")
    review = await opened(queue, mine["id"])
    assert review.verdict_buttons == {}
    assert review.vet_buttons == {}
    assert review.comment_form.layout.display == ""
    assert "no verdict for you" in review.verdict_box.children[0].value


async def test_refused_verdict_reads_as_a_sentence_and_changes_nothing(api, queue_as):
    draft = await api.submit(authors=["eve"])
    queue = await queue_as("ada")
    review = await opened(queue, draft["id"])
    # Meanwhile the author adds ada as a co-author: her open view still offers Approve.
    api.write_post(
        "posts/p.ipynb", title="A post about JupyterLab, now with Ada", authors=["eve", "ada"]
    )
    await api.ok("eve", "POST", f"drafts/{draft['id']}/revisions", {})
    review.all_pass_button.click()
    review.verdict_buttons["approve"].click()
    await queue.wait()
    assert queue.message.kind == "error"
    assert queue.message.text == "You cannot approve this draft: Nobody reviews their own post."
    held = await api.ok("dana", "GET", f"drafts/{draft['id']}")
    assert held["reviews"] == [] and held["state"] == "submitted"


async def test_request_changes_needs_a_reason(api, queue_as):
    draft = await api.submit(authors=["eve"])
    queue = await queue_as("ben")
    review = await opened(queue, draft["id"])
    review.verdict_buttons["request_changes"].click()
    await queue.wait()
    assert queue.message.text.startswith("Could not request changes on this draft:")
    assert (await api.ok("ben", "GET", f"drafts/{draft['id']}"))["reviews"] == []
    review.review_comment.value = "Please add a link to the release notes."
    review.checklist["jupyter_focus"].value = "pass"
    review.verdict_buttons["request_changes"].click()
    await queue.wait()
    held = await api.ok("ben", "GET", f"drafts/{draft['id']}")
    assert held["state"] == "changes_requested"
    assert held["reviews"][0]["comment"] == "Please add a link to the release notes."
    assert held["reviews"][0]["checklist"] == {"jupyter_focus": "pass"}


async def test_filters_narrow_the_queue(api, queue_as):
    en = await api.submit(rel="posts/en.ipynb", title="Release notes", channels=["blog"])
    es = await api.submit(
        rel="posts/es.ipynb", title="Notas de la versión", language="es", channels=["linkedin"]
    )
    queue = await queue_as("ada")
    listed = lambda: {v for _, v in queue.results.options}  # noqa: E731
    assert {en["id"], es["id"]} <= listed()
    queue.language.value = "es"
    queue.search_button.click()
    await queue.wait()
    assert listed() == {es["id"]}
    queue.language.value = ""
    queue.channel.value = "blog"
    await queue.wait()
    assert listed() == {en["id"]}
    queue.channel.value = ""
    queue.search_text.value = "notas"
    queue.search_button.click()
    await queue.wait()
    assert listed() == {es["id"]}
    queue.search_text.value = ""
    queue.state.value = "approved"
    await queue.wait()
    assert listed() == set()
    assert queue.count.value.startswith("0 of 0")


async def test_checklist_offers_only_the_items_that_apply(api, queue_as):
    tp = await api.submit(
        rel="posts/tp.ipynb",
        third_party=True,
        third_party_benefit="Free hosting for community workshops.",
    )
    es = await api.submit(rel="posts/es.ipynb", title="Jupyter en español", language="es")
    en = await api.submit(rel="posts/en.ipynb")
    queue = await queue_as("ada")
    items, notes = {}, {}
    for d in (tp, es, en):
        review = await opened(queue, d["id"])
        items[d["id"]] = set(review.checklist)
        notes[d["id"]] = [
            w.value for w in review.checklist_box.children if isinstance(w, type(review.title))
        ]
    base = set(CHECK_ALL)
    assert items[en["id"]] == base and notes[en["id"]] == []
    assert items[tp["id"]] == base | {"third_party_benefit"}
    # language_vetted is set by vetting, never by hand: shown, but not a toggle.
    assert items[es["id"]] == base
    assert len(notes[es["id"]]) == 1 and "set by council vetting" in notes[es["id"]][0]


async def test_diff_since_my_last_review_and_a_cell_comment(api, queue_as):
    draft = await api.submit(authors=["eve"])
    queue = await queue_as("ada")
    review = await opened(queue, draft["id"])
    assert "not reviewed this draft before" in review.diff_html.value
    first_cell = review.comment_cell.options[1][1]
    review.comment_cell.value = first_cell
    review.comment_text.value = "The first paragraph needs a link."
    review.comment_button.click()
    await queue.wait()
    held = await api.ok("ada", "GET", f"drafts/{draft['id']}")
    assert [(c["cell_id"], c["body"], c["author"]) for c in held["comments"]] == [
        (first_cell, "The first paragraph needs a link.", "ada")
    ]
    assert "The first paragraph needs a link." in review.comments_html.value
    review.review_comment.value = "Please rewrite the introduction."
    review.verdict_buttons["request_changes"].click()
    await queue.wait()
    api.edit_post("posts/p.ipynb", "A post about JupyterLab, rewritten")
    await api.ok("eve", "POST", f"drafts/{draft['id']}/revisions", {})
    queue.refresh()
    queue.open_draft(draft["id"])
    await queue.wait()
    assert "Changes from revision 1 to 2: 1 of 3 cells." in review.diff_html.value
    assert "rewritten" in review.diff_html.value
    assert review.draft["revision"] == 2


async def test_council_member_vets_a_spanish_post(api, queue_as):
    es = await api.submit(rel="posts/es.ipynb", title="Jupyter en español", language="es")
    queue = await queue_as("carla")
    review = await opened(queue, es["id"])
    assert review.verdict_buttons == {}
    assert set(review.vet_buttons) == {"approve", "reject"}
    review.vet_buttons["approve"].click()
    await queue.wait()
    held = await api.ok("carla", "GET", f"drafts/{es['id']}")
    assert held["vetted"] is True
    assert [(v["vetter"], v["verdict"]) for v in held["vettings"]] == [("carla", "approve")]


async def test_revision_is_rendered_with_its_markup_escaped(api, queue_as):
    body = (
        "Hello **editors**.\n\n<script>alert('x')</script>\n\n"
        '<img src=x onerror="alert(1)">\n\n[click](javascript:alert(2))'
    )
    draft = await api.submit(body=body, title="Escaping test")
    queue = await queue_as("ada")
    review = await opened(queue, draft["id"])
    html = review.revision_html.value
    assert "<strong>editors</strong>" in html
    assert "<script" not in html and "&lt;script&gt;" in html
    assert "<img src=x" not in html and "&lt;img src=x" in html
    assert "javascript:" not in html
    assert "<h1>Escaping test</h1>" in html


async def test_unreachable_server_reads_as_a_sentence():
    queue = ReviewQueue(url="http://127.0.0.1:9/", token="nope")
    await queue.wait()
    assert queue.message.kind == "error"
    assert queue.message.text.startswith("Cannot reach the JMS server at http://127.0.0.1:9/")


async def test_unknown_token_reads_as_a_sentence(api, server_url):
    queue = ReviewQueue(url=server_url, token="jms_not-a-real-token")
    await queue.wait()
    assert queue.message.kind == "error"
    assert "did not accept the token" in queue.message.text
    assert queue.items == []


async def test_synchronous_mode_finishes_each_call_before_returning(api, server_url):
    draft = await api.submit()

    def drive() -> tuple[list[str], str]:
        # A script without an event loop: every call is done when the method returns.
        queue = ReviewQueue(url=server_url, token=api.tokens["ben"], threaded=False)
        ids = [v for _, v in queue.results.options]
        queue.select(draft["id"])
        return ids, queue.review.draft["title"]

    ids, title = await asyncio.to_thread(drive)
    assert draft["id"] in ids and title == "A post about JupyterLab"


async def test_a_slow_server_never_blocks_the_widgets(api, queue_as):
    await api.submit()
    queue = await queue_as("ada")
    gate = threading.Event()
    real = queue.client.drafts

    def slow_drafts(**filters):
        gate.wait(60)
        return real(**filters)

    queue.client.drafts = slow_drafts
    queue.search_button.click()
    await asyncio.sleep(0.1)
    # The call waits on its worker; the loop still serves widgets and the server.
    assert queue.pending == 1
    assert "Loading drafts" in queue.busy.value
    queue.language.value = "en"
    assert (await api.ok("ben", "GET", "drafts"))["total"] == 1
    gate.set()
    await queue.wait()
    assert queue.busy.value == ""
    assert len(queue.items) == 1


async def test_the_queue_is_the_one_get_me_names_for_an_admin_who_is_not_an_editor(api, queue_as):
    """dana (admin and chair, no editor role) gets the same queue as the Lab sidebar: the
    states `GET me` lists, so a draft waiting for its author is not in it."""
    waiting = await api.submit(rel="posts/a.ipynb", authors=["eve"])
    returned = await api.submit(rel="posts/b.ipynb", authors=["eve"])
    body = {
        "revision": 1,
        "verdict": "request_changes",
        "comment": "Please add a link.",
        "checklist": {"jupyter_focus": "pass"},
    }
    await api.ok("ada", "POST", f"drafts/{returned['id']}/reviews", body)
    me = await api.ok("dana", "GET", "me")
    assert me["review_queue"]["states"] == ["submitted", "in_review"]
    queue = await queue_as("dana")
    assert queue.state.value == "submitted,in_review"
    assert queue.state.label.startswith("my review queue")
    assert [v for _, v in queue.results.options] == [waiting["id"]]
    # An author has no queue: the filter shows every state, the server lists only her own.
    eve = await queue_as("eve")
    assert eve.state.value == ""
    assert {v for _, v in eve.results.options} == {waiting["id"], returned["id"]}
    # A state asked for explicitly stays the filter.
    approved = await queue_as("dana", state="approved")
    assert approved.state.value == "approved" and approved.results.options == ()


async def test_reject_asks_first_and_rejects_only_on_yes(api, queue_as):
    draft = await api.submit()
    queue = await queue_as("ada")
    review = await opened(queue, draft["id"])
    review.review_comment.value = "Off topic for the blog."
    review.verdict_buttons["reject"].click()
    await queue.wait()
    question, yes, no = review.confirm_box.children
    assert "final" in question.value
    no.click()
    await queue.wait()
    assert review.confirm_box.children == ()
    held = await api.ok("ada", "GET", f"drafts/{draft['id']}")
    assert held["state"] == "submitted" and held["reviews"] == []
    review.verdict_buttons["reject"].click()
    review.confirm_box.children[1].click()
    await queue.wait()
    held = await api.ok("ada", "GET", f"drafts/{draft['id']}")
    assert held["state"] == "rejected"
    assert [r["comment"] for r in held["reviews"]] == ["Off topic for the blog."]


async def test_a_reviewer_sees_her_verdict_prefilled_and_changes_it(api, queue_as):
    draft = await api.submit()
    queue = await queue_as("ada")
    review = await opened(queue, draft["id"])
    assert review.mine_html.value == "" and "Checklist" in review.verdict_heading.value
    review.all_pass_button.click()
    review.review_comment.value = "Clear."
    review.verdict_buttons["approve"].click()
    await queue.wait()
    assert "Your verdict on revision 1: <b>approved</b>" in review.mine_html.value
    assert "Change your verdict" in review.verdict_heading.value
    assert review.checklist_values() == CHECK_ALL
    assert review.review_comment.value == "Clear."
    review.checklist["vendor_neutral"].value = "fail"
    review.review_comment.value = "Name other vendors too."
    review.verdict_buttons["request_changes"].click()
    await queue.wait()
    held = await api.ok("ada", "GET", f"drafts/{draft['id']}")
    assert [(r["verdict"], r["comment"]) for r in held["reviews"]] == [
        ("request_changes", "Name other vendors too.")
    ]
    assert "changes requested" in review.mine_html.value
    # Another editor reads which item failed with the verdict.
    ben = await queue_as("ben")
    ben.state.value = "changes_requested"
    await ben.wait()
    other = await opened(ben, draft["id"])
    assert "Failed: " in other.reviews_html.value
    assert "vendor" in other.reviews_html.value.split("Failed: ")[1].lower()


async def test_a_vetter_sees_her_vetting(api, queue_as):
    es = await api.submit(rel="posts/es.ipynb", title="Jupyter en español", language="es")
    queue = await queue_as("carla")
    review = await opened(queue, es["id"])
    review.review_comment.value = "Bien."
    review.vet_buttons["approve"].click()
    await queue.wait()
    assert "You approved the language of revision 1" in review.mine_html.value
    assert review.review_comment.value == "Bien."


async def test_a_published_post_lists_its_links(api, queue_as):
    draft = await api.submit(channels=["blog"])
    await api.approve("ada", draft["id"])
    full = await api.ok("ada", "GET", f"drafts/{draft['id']}")
    url = "https://blog.jupyter.org/a-post"
    await api.ok(
        "ada",
        "POST",
        f"drafts/{draft['id']}/transitions",
        {
            "to": "published",
            "if_version": full["version"],
            "publications": [{"channel": "blog", "url": url}],
        },
    )
    queue = await queue_as("ada")
    queue.state.value = "published"
    await queue.wait()
    review = await opened(queue, draft["id"])
    assert "Published at" in review.reviews_html.value
    assert f'href="{url}"' in review.reviews_html.value


async def test_a_vetter_s_queue_starts_with_what_needs_her_vetting(api, queue_as):
    es = await api.submit(rel="posts/es.ipynb", title="Notas", language="es")
    # newer, so it would come first in a list by date
    en = await api.submit(rel="posts/en.ipynb", title="Release notes")
    queue = await queue_as("carla")
    ids = [v for _, v in queue.results.options]
    assert ids[0] == es["id"] and en["id"] in ids[1:]
    assert queue.results.options[0][0].startswith("\u2605 needs your vetting: ")
    assert "needs your vetting" not in dict((v, k) for k, v in queue.results.options)[en["id"]]
    assert queue.count.value.startswith("2 of 2")
