"""The submit panel, driven as an author drives it, against a live server."""

from __future__ import annotations

import json

import pytest

pytest.importorskip("ipywidgets")

from conftest import CHECK_ALL  # noqa: E402

from jupyter_jms.widgets import SubmitPanel  # noqa: E402


@pytest.fixture
def open_panel(panel_as):
    """A submit panel as a member, opened on a notebook, once everything has loaded."""

    async def make(user, path=None):
        return await panel_as(SubmitPanel, user, path=path)

    return make


def on_disk(api, rel):
    return json.loads((api.root / rel).read_text())


async def test_author_fills_metadata_with_live_counts_and_submits(api, open_panel):
    api.write_post("posts/new.ipynb", title="Draft title")
    panel = await open_panel("eve", "posts/new.ipynb")
    assert "posts/new.ipynb" in panel.path.options
    form = panel.form
    assert form.title.value == "Draft title"
    assert panel.submit_button.description == "Submit for review"
    form.title.value = "JupyterLab 5 is coming"
    form.channel_boxes["blog"].value = True
    form.channel_boxes["mastodon"].value = True
    form.social["mastodon"].value = "x" * 501
    await panel.wait()
    assert form.counter_text("mastodon") == "501 / 500"
    assert "color:#b00020" in form.counters["mastodon"].value
    assert "mastodon is over its limit (501 / 500)" in form.errors_html.value
    form.social["mastodon"].value = "Read it on the blog: https://blog.jupyter.org/jl5"
    form.authors.value = ["eve"]
    await panel.wait()
    assert form.counter_text("mastodon").endswith(" / 500")
    assert "color:#1b5e20" in form.counters["mastodon"].value
    assert form.report["valid"]
    panel.submit_button.click()
    await panel.wait()
    assert panel.draft is not None, panel.message.text
    held = await api.ok("ada", "GET", f"drafts/{panel.draft['id']}")
    assert held["state"] == "submitted"
    assert held["title"] == "JupyterLab 5 is coming"
    assert held["channels"] == ["blog", "mastodon"]
    assert held["post"]["social"] == {
        "mastodon": "Read it on the blog: https://blog.jupyter.org/jl5"
    }
    assert on_disk(api, "posts/new.ipynb")["metadata"]["jms"]["authors"] == ["eve"]
    assert f"#{held['id']}" in panel.message.text


async def test_counters_show_what_the_server_counts(api, open_panel):
    api.write_post("posts/count.ipynb", title="Counting")
    panel = await open_panel("eve", "posts/count.ipynb")
    text = "Familia 👩‍👩‍👧 en Jupyter https://blog.jupyter.org/x"
    panel.form.channel_boxes["bluesky"].value = True
    panel.form.social["bluesky"].value = text
    await panel.wait()
    report = await api.ok(
        "eve",
        "POST",
        "checks/post",
        {"metadata": {"title": "Counting", "social": {"bluesky": text}}},
    )
    server = report["counts"][0]
    # Bluesky counts graphemes, not code points: the panel shows the server's number.
    assert server["count"] < len(text)
    assert panel.form.counter_text("bluesky") == f"{server['count']} / {server['limit']}"


async def test_errors_appear_while_typing_and_clear_when_fixed(api, open_panel):
    api.write_post("posts/tp.ipynb", title="A partner's service")
    panel = await open_panel("eve", "posts/tp.ipynb")
    form = panel.form
    form.third_party.value = True
    await panel.wait()
    assert form.benefit.layout.display == ""
    assert "third_party_benefit" in form.error_fields()
    form.title.value = ""
    await panel.wait()
    assert {"title", "third_party_benefit"} <= set(form.error_fields())
    form.title.value = "A partner's hosted service"
    form.benefit.value = "Free notebook hosting for community workshops."
    await panel.wait()
    assert form.error_fields() == []
    assert "valid" in form.errors_html.value
    assert form.checks_sent >= 3
    # Nothing was written or submitted by typing.
    assert on_disk(api, "posts/tp.ipynb")["metadata"]["jms"] == {"title": "A partner's service"}
    assert (await api.ok("eve", "GET", "drafts"))["total"] == 0


async def test_save_writes_only_the_metadata(api, open_panel):
    api.write_post("posts/save.ipynb", title="Before", publish_after="2030-01-01T09:00:00Z")
    before = on_disk(api, "posts/save.ipynb")
    panel = await open_panel("eve", "posts/save.ipynb")
    panel.form.title.value = "After"
    panel.form.tags.value = ["jupyterlab", "release"]
    panel.save_button.click()
    await panel.wait()
    after = on_disk(api, "posts/save.ipynb")
    assert after["cells"] == before["cells"]
    assert after["metadata"]["jms"] == {
        "title": "After",
        "tags": ["jupyterlab", "release"],
        "language": "en",
        "publish_after": "2030-01-01T09:00:00Z",
    }


async def test_author_follows_reviews_and_resubmits(api, open_panel):
    api.write_post("posts/p.ipynb", title="First try", authors=["eve"])
    draft = await api.ok("eve", "POST", "drafts", {"path": "posts/p.ipynb"})
    await api.ok(
        "ben",
        "POST",
        f"drafts/{draft['id']}/reviews",
        {
            "revision": 1,
            "verdict": "request_changes",
            "checklist": CHECK_ALL,
            "comment": "Say what is new.",
        },
    )
    await api.ok(
        "ben", "POST", f"drafts/{draft['id']}/comments", {"revision": 1, "body": "Typo here."}
    )
    panel = await open_panel("eve", "posts/p.ipynb")
    assert panel.draft["id"] == draft["id"]
    assert "changes requested" in panel.state_html.value
    assert "Say what is new." in panel.reviews_html.value
    assert "Typo here." in panel.comments_html.value
    assert panel.submit_button.description == "Submit revision 2"
    panel.form.title.value = "Second try: what is new"
    panel.submit_button.click()
    await panel.wait()
    held = await api.ok("ben", "GET", f"drafts/{draft['id']}")
    assert held["revision"] == 2 and held["state"] == "submitted"
    assert held["title"] == "Second try: what is new"
    assert "revision 2" in panel.message.text
    await api.approve("ben", draft["id"], 2)
    panel.refresh_button.click()
    await panel.wait()
    assert "approved" in panel.state_html.value


async def test_author_withdraws_a_draft(api, open_panel):
    api.write_post("posts/w.ipynb", title="Not ready after all")
    draft = await api.ok("eve", "POST", "drafts", {"path": "posts/w.ipynb"})
    panel = await open_panel("eve", "posts/w.ipynb")
    assert panel.withdraw_button.layout.display == ""
    panel.withdraw_button.click()
    await panel.wait()
    assert (await api.ok("eve", "GET", f"drafts/{draft['id']}"))["state"] == "withdrawn"
    assert panel.withdraw_button.layout.display == "none"
    assert panel.submit_button.description == "Submit as a new draft"


async def test_submitting_a_notebook_already_under_review_says_why(api, open_panel):
    api.write_post("posts/dup.ipynb", title="Twice")
    first = await api.ok("eve", "POST", "drafts", {"path": "posts/dup.ipynb"})
    # An editor sees eve's draft of the notebook and is offered nothing new to submit...
    editor_panel = await open_panel("ada", "posts/dup.ipynb")
    assert editor_panel.draft["id"] == first["id"]
    # ...zed, who may not see it, is offered a new submission, and the server says why not.
    panel = await open_panel("zed", "posts/dup.ipynb")
    assert panel.draft is None
    panel.submit_button.click()
    await panel.wait()
    assert panel.message.kind == "error"
    assert panel.message.text == (
        f"Could not submit this post: 'posts/dup.ipynb' is already under review as draft "
        f"{first['id']}: submit a new revision of it instead."
    )
    assert (await api.ok("ada", "GET", "drafts"))["total"] == 1


async def test_opening_a_missing_notebook_says_so(api, open_panel):
    panel = await open_panel("eve")
    panel.path.value = "posts/nope.ipynb"
    panel.load_button.click()
    await panel.wait()
    assert panel.message.text.startswith("Could not open posts/nope.ipynb:")
    assert panel.editor.layout.display == "none"
