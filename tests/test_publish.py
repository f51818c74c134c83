"""Publishing through a real jupyter_server on SQLite and PostgreSQL, to stand-ins of
Mastodon and Bluesky on 127.0.0.1 reached through the same connector code (Mastodon.py,
atproto) as the real platforms."""

# The fixtures are imported from publish_fixtures and named as test arguments, as pytest wants.
# ruff: noqa: F811

from __future__ import annotations

import asyncio
import io
import json
import zipfile
from typing import Any

import pytest
from fakes.scenario import (
    TEXTS,
    approved_draft,
    by_channel,
)
from publish_fixtures import (  # noqa: F401 (fixtures)
    bluesky,
    channels,
    jms_config,
    mastodon,
    pub,
    publish,
    run_publisher,
)
from sqlalchemy import select

from jupyter_jms.store.models import Event, Grant

BLOG_URL = "https://blog.jupyter.org/release-notes-p-5c1b2e"


# -- the whole loop --------------------------------------------------------------------------
async def test_the_approved_text_goes_out_once_with_the_blog_url(pub, mastodon, bluesky):
    did = approved_draft(pub.services)
    code, data = await publish(pub, did)
    assert code == 200, data
    assert data["state"] == "scheduled" and data["tz"] == "UTC"
    ch = by_channel(data)
    assert [c["state"] for c in ch.values()] == ["queued"] * 3
    assert ch["mastodon"]["waiting_for_blog_url"] and ch["bluesky"]["waiting_for_blog_url"]
    assert ch["mastodon"]["text"] == TEXTS["mastodon"]

    # The social posts amplify the blog: nothing goes out before its URL is recorded.
    await run_publisher(pub)
    assert mastodon.statuses == [] and bluesky.posts() == []

    code, data = await pub.call(
        "ada", "POST", f"drafts/{did}/channels/blog/mark", {"mark": "done", "url": BLOG_URL}
    )
    assert code == 200, data
    assert by_channel(data)["mastodon"]["text"] == TEXTS["mastodon"].format(blog_url=BLOG_URL)
    assert await run_publisher(pub) == 2
    assert await run_publisher(pub) == 0

    want_m = TEXTS["mastodon"].replace("{blog_url}", BLOG_URL)
    want_b = TEXTS["bluesky"].replace("{blog_url}", BLOG_URL)
    assert [s["text"] for s in mastodon.statuses] == [want_m]
    assert bluesky.posts() == [want_b]
    # The link is a facet with UTF-8 byte offsets (the emoji before it is 4 bytes).
    record = next(iter(bluesky.state.records.values()))
    start = want_b.encode().index(BLOG_URL.encode())
    assert record["facets"][0]["index"] == {
        "byteStart": start,
        "byteEnd": start + len(BLOG_URL),
        "$type": "app.bsky.richtext.facet#byteSlice",
    }
    assert bluesky.state.session_calls == 1

    pubn = await pub.ok("ada", "GET", f"drafts/{did}/publication")
    assert pubn["state"] == "published"
    ch = by_channel(pubn)
    assert {c: v["state"] for c, v in ch.items()} == {
        "blog": "done",
        "mastodon": "posted",
        "bluesky": "posted",
    }
    assert ch["mastodon"]["url"] == mastodon.statuses[0]["url"]
    assert ch["bluesky"]["url"].startswith("https://bsky.app/profile/jupyter.org/post/")
    assert ch["mastodon"]["count"] == len(want_m) - len(BLOG_URL) + 23
    draft = await pub.ok("ada", "GET", f"drafts/{did}")
    assert draft["state"] == "published"
    assert {p["channel"]: p["url"] for p in draft["publications"]} == {
        "blog": BLOG_URL,
        "mastodon": ch["mastodon"]["url"],
        "bluesky": ch["bluesky"]["url"],
    }
    with pub.services.store.read() as s:
        actions = [e.action for e in s.scalars(select(Event).order_by(Event.id))]
        verified = {
            g.channel_id: g.verified_post_at
            for g in s.scalars(select(Grant).where(Grant.access == "publisher"))
        }
    assert actions.count("publication.posted") == 2
    assert actions.count("grant.verified_post") == 2
    assert "draft.published" in actions
    assert verified["mastodon"] is not None and verified["bluesky"] is not None


async def test_a_scheduled_post_waits_for_its_time_and_publish_now_sends_it(pub, mastodon):
    did = approved_draft(pub.services, mastodon="Read it: https://blog.jupyter.org/x")
    code, data = await publish(pub, did, publish_at="2099-01-05T09:30:00", tz="Europe/Paris")
    assert code == 200, data
    assert data["publish_at"] == "2099-01-05T08:30:00Z"
    assert data["publish_at_local"] == "2099-01-05T09:30:00+01:00"
    assert data["tz"] == "Europe/Paris"
    await run_publisher(pub)
    assert mastodon.statuses == []
    code, data = await publish(pub, did)  # publish now
    assert code == 200, data
    await run_publisher(pub)
    assert [s["text"] for s in mastodon.statuses] == ["Read it: https://blog.jupyter.org/x"]


# -- unknown outcomes are never repeated -------------------------------------------------------
@pytest.mark.parametrize("mode", ["post_then_500", "error_500", "stall"])
async def test_a_mastodon_500_or_timeout_is_unconfirmed_and_not_repeated(pub, mastodon, mode):
    mastodon.state.behaviour.mode = mode
    mastodon.state.behaviour.stall_seconds = 5
    did = approved_draft(pub.services, mastodon="Out now: https://blog.jupyter.org/y")
    await publish(pub, did)
    await run_publisher(pub)
    await run_publisher(pub)
    ch = (await channels(pub, did))["mastodon"]
    assert ch["state"] == "unconfirmed", ch
    assert "did not confirm" in ch["error"]
    assert ch["marks"] == ["done", "retry"]
    assert mastodon.state.behaviour.calls == 1
    created = len(mastodon.statuses)
    assert created == (0 if mode == "error_500" else 1)

    # A person retries: the same Idempotency-Key, so a status that did go out is not doubled.
    mastodon.state.behaviour.mode = "ok"
    code, _ = await pub.call(
        "ada", "POST", f"drafts/{did}/channels/mastodon/mark", {"mark": "retry"}
    )
    assert code == 200
    await run_publisher(pub)
    ch = (await channels(pub, did))["mastodon"]
    assert ch["state"] == "posted"
    assert len(mastodon.statuses) == 1
    assert len(ch["attempts"]) == 2


async def test_a_bluesky_retry_looks_the_record_up_before_posting(pub, bluesky):
    bluesky.state.behaviour.mode = "post_then_500"
    did = approved_draft(pub.services, bluesky="Out now https://blog.jupyter.org/z")
    await publish(pub, did)
    await run_publisher(pub)
    assert (await channels(pub, did))["bluesky"]["state"] == "unconfirmed"
    assert len(bluesky.state.records) == 1
    bluesky.state.behaviour.mode = "ok"
    await pub.ok("ada", "POST", f"drafts/{did}/channels/bluesky/mark", {"mark": "retry"})
    await run_publisher(pub)
    ch = (await channels(pub, did))["bluesky"]
    assert ch["state"] == "posted"
    # Found by its record key: createRecord was called once in all.
    assert bluesky.state.behaviour.calls == 1
    assert len(bluesky.state.records) == 1
    rkey = next(iter(bluesky.state.records))[1]
    assert ch["url"].endswith("/post/" + rkey)


# -- definite failures say why, before any call -----------------------------------------------
async def test_an_expired_credential_fails_with_a_sentence(pub, mastodon, bluesky):
    mastodon.state.tokens.clear()
    bluesky.state.passwords["jupyter.org"] = "a-newer-app-password"
    did = approved_draft(
        pub.services,
        mastodon="Out now: https://blog.jupyter.org/a",
        bluesky="Out now https://blog.jupyter.org/a",
    )
    await publish(pub, did)
    await run_publisher(pub)
    ch = await channels(pub, did)
    assert ch["mastodon"]["state"] == "failed"
    assert "refused the credential" in ch["mastodon"]["error"]
    assert "re-authorise the grant" in ch["mastodon"]["error"]
    assert ch["bluesky"]["state"] == "failed"
    assert "refused the app password for jupyter.org" in ch["bluesky"]["error"]
    assert mastodon.statuses == [] and bluesky.state.records == {}
    assert ch["mastodon"]["marks"] == ["done", "retry"]


async def test_an_unresolvable_vault_reference_fails_before_any_call(pub, mastodon, monkeypatch):
    monkeypatch.delenv("JMS_TEST_MASTODON_TOKEN")
    did = approved_draft(pub.services, mastodon="Out now: https://blog.jupyter.org/b")
    await publish(pub, did)
    await run_publisher(pub)
    ch = (await channels(pub, did))["mastodon"]
    assert ch["state"] == "failed"
    assert ch["error"] == (
        "env://JMS_TEST_MASTODON_TOKEN: the service has no environment variable "
        "JMS_TEST_MASTODON_TOKEN."
    )
    assert mastodon.state.behaviour.calls == 0


async def test_a_text_over_the_instances_limit_is_refused_before_the_call(pub, mastodon):
    mastodon.state.max_characters = 40
    text = "A new release of JupyterLab, with a long list of fixes: https://blog.jupyter.org/c"
    did = approved_draft(pub.services, mastodon=text)
    await publish(pub, did)
    await run_publisher(pub)
    ch = (await channels(pub, did))["mastodon"]
    assert ch["state"] == "failed"
    assert "the limit is 40" in ch["error"]
    assert mastodon.state.behaviour.calls == 0


async def test_an_over_limit_text_cannot_be_scheduled(pub, bluesky):
    did = approved_draft(pub.services, bluesky="🪐" * 301)
    before = pub.count_events()
    code, data = await publish(pub, did)
    assert code == 409
    assert "301 characters as Bluesky counts them; the limit is 300" in data["message"]
    assert pub.count_events() == before
    assert (await pub.ok("ada", "GET", f"drafts/{did}"))["state"] == "approved"


async def test_a_channel_without_text_or_blog_cannot_be_scheduled(pub):
    did = approved_draft(pub.services, mastodon="", bluesky="New: {blog_url}")
    code, data = await publish(pub, did)
    assert code == 409
    fields = {e["field"] for e in data["errors"]}
    assert "social.mastodon" in fields


# -- who may, and bad input --------------------------------------------------------------------
async def test_only_editors_publish_and_mark(pub):
    did = approved_draft(pub.services)
    code, _ = await publish(pub, did, user="eve")
    assert code == 403
    code, _ = await publish(pub, did, user="carla")
    assert code == 403
    code, _ = await pub.call("zed", "GET", f"drafts/{did}/publication")
    assert code == 404
    # the author reads what will go out
    data = await pub.ok("eve", "GET", f"drafts/{did}/publication")
    assert by_channel(data)["mastodon"]["state"] is None
    await publish(pub, did)
    code, _ = await pub.call(
        "eve", "POST", f"drafts/{did}/channels/blog/mark", {"mark": "done", "url": BLOG_URL}
    )
    assert code == 403


@pytest.mark.parametrize(
    ("path", "body", "code"),
    [
        ("publish", {"publish_at": "tomorrow"}, 400),
        ("publish", {"publish_at": "2099-01-01T00:00:00Z", "tz": "Mars/Olympus"}, 400),
        ("publish", {"if_version": 999}, 409),
        ("channels/blog/mark", {"mark": "posted"}, 400),
        ("channels/blog/mark", {"mark": "done", "url": "javascript:alert(1)"}, 400),
        ("channels/blog/mark", {"mark": "retry"}, 409),
        ("channels/youtube/mark", {"mark": "done", "url": BLOG_URL}, 409),
    ],
)
async def test_bad_input_is_a_4xx_and_changes_nothing(pub, path, body, code):
    did = approved_draft(pub.services)
    if path != "publish":
        await publish(pub, did)
    else:
        draft = await pub.ok("ada", "GET", f"drafts/{did}")
        body = {"if_version": draft["version"], **body}
    before = pub.count_events()
    got, data = await pub.call("ada", "POST", f"drafts/{did}/{path}", body)
    assert got == code, data
    assert set(data) == {"message", "reason", "errors"}
    assert pub.count_events() == before


async def test_a_post_not_approved_cannot_be_published(pub):
    pub.write_post("posts/q.ipynb", channels=["blog"], authors=["eve"])
    draft = await pub.ok("eve", "POST", "drafts", {"path": "posts/q.ipynb"})
    code, data = await publish(pub, draft["id"])
    assert code == 409
    assert data["reason"] == "illegal_transition"


# -- channels carry their connector -------------------------------------------------------------
async def test_admins_set_a_channels_connector_and_endpoint(pub, mastodon):
    ch = await pub.ok("dana", "GET", "channels/mastodon")
    assert ch["connector"] == "mastodon" and ch["api_url"] == mastodon.url
    for bad in ({"connector": "myspace"}, {"api_url": "ftp://example.org"}):
        code, data = await pub.call("dana", "PATCH", "channels/linkedin", {**bad, "if_version": 1})
        assert code == 400, data
    code, _ = await pub.call("ada", "PATCH", "channels/linkedin", {"connector": "manual"})
    assert code == 403
    # The registry document carries them, and importing it back keeps them.
    from conftest import OWNER

    text = pub.services.registry_io.export_yaml(OWNER)
    assert "connector: mastodon" in text and f"api_url: {mastodon.url}" in text
    pub.services.registry_io.import_yaml(OWNER, text)
    assert (await pub.ok("dana", "GET", "channels/bluesky"))["connector"] == "bluesky"


# -- the blog export ------------------------------------------------------------------------------
async def test_the_blog_export_leaves_hidden_cells_out(pub):
    nb = pub.write_post("posts/e.ipynb", channels=["blog"], authors=["eve"])
    path = pub.root / nb
    data = json.loads(path.read_text())
    data["cells"][1]["source"] = "secret_setup = 42"
    data["cells"][1]["metadata"]["tags"] = ["remove-cell"]
    data["cells"].append(
        {
            "cell_type": "code",
            "id": "shown",
            "metadata": {},
            "execution_count": 1,
            "source": "print('visible code')",
            "outputs": [],
        }
    )
    path.write_text(json.dumps(data))
    draft = await pub.ok("eve", "POST", "drafts", {"path": nb})
    resp, _ = await pub.send(
        "ada", "GET", f"drafts/{draft['id']}/export", params={"format": "html"}
    )
    html = resp.body.decode()
    assert resp.code == 200 and resp.headers["Content-Type"].startswith("text/html")
    assert "A post about JupyterLab" in html and "visible code" in html
    assert "secret_setup" not in html
    resp, _ = await pub.send(
        "ada", "GET", f"drafts/{draft['id']}/export", params={"format": "static"}
    )
    z = zipfile.ZipFile(io.BytesIO(resp.body))
    index = z.read(f"draft-{draft['id']}/index.md").decode()
    assert index.startswith("---\ntitle: A post about JupyterLab\n")
    assert "secret_setup" not in index
    resp, _ = await pub.send("ada", "GET", f"drafts/{draft['id']}/export", params={"format": "md"})
    assert (
        "title:"
        not in zipfile.ZipFile(io.BytesIO(resp.body)).read(f"draft-{draft['id']}/index.md").decode()
    )
    code, _ = await pub.call("ada", "GET", f"drafts/{draft['id']}/export", params={"format": "pdf"})
    assert code == 400


# -- the loop inside the service ------------------------------------------------------------------
class TestTheServicesOwnLoop:
    @pytest.fixture
    def jms_config(self) -> dict[str, Any]:
        return {"publish_interval": 0.2}

    async def test_publish_now_goes_out_without_anyone_running_it(self, pub, mastodon):
        did = approved_draft(pub.services, mastodon="Out now: https://blog.jupyter.org/d")
        await publish(pub, did)
        for _ in range(100):
            if (await channels(pub, did))["mastodon"]["state"] == "posted":
                break
            await asyncio.sleep(0.1)
        assert [s["text"] for s in mastodon.statuses] == ["Out now: https://blog.jupyter.org/d"]


# -- the spec ---------------------------------------------------------------------------------------
async def test_publishing_responses_match_the_spec(pub, mastodon):
    from test_openapi import Checked

    c = Checked(pub)
    did = approved_draft(pub.services)
    await c.ok("eve", "GET", f"drafts/{did}/publication")
    assert (await c.call("eve", "POST", f"drafts/{did}/publish", {}))[0] == 403
    assert (await c.call("ada", "POST", f"drafts/{did}/publish", {"if_version": 99}))[0] == 409
    bad = {"publish_at": "soon", "if_version": 2}
    assert (await c.call("ada", "POST", f"drafts/{did}/publish", bad))[0] == 400
    draft = await pub.ok("ada", "GET", f"drafts/{did}")
    await c.ok("ada", "POST", f"drafts/{did}/publish", {"if_version": draft["version"]})
    mark = f"drafts/{did}/channels/blog/mark"
    await c.ok("ada", "POST", mark, {"mark": "done", "url": BLOG_URL})
    assert (await c.call("ada", "POST", mark, {"mark": "retry"}))[0] == 409
    await run_publisher(pub)
    done = await c.ok("ada", "GET", f"drafts/{did}/publication")
    assert done["state"] == "published"
    assert (await c.call("ada", "GET", f"drafts/{did}/export", params={"format": "x"}))[0] == 400


async def test_the_to_publish_list_puts_posts_waiting_for_a_person_first(pub, mastodon):
    waiting = approved_draft(pub.services, "w")
    mastodon.state.tokens.clear()
    failing = approved_draft(pub.services, "f", mastodon="Out now: https://blog.jupyter.org/f")
    await publish(pub, failing)
    await run_publisher(pub)
    items = (await pub.ok("ada", "GET", "publications"))["items"]
    assert [i["id"] for i in items] == [failing, waiting]
    assert items[0]["needs_attention"] == ["mastodon"]
    assert {c["channel"]: c["state"] for c in items[0]["channels"]}["mastodon"] == "failed"
    assert items[1]["state"] == "approved" and items[1]["needs_attention"] == []


async def test_the_cover_image_goes_out_with_its_alt_text(pub, mastodon, bluesky):
    from fakes.scenario import COVER_ALT, PNG

    did = approved_draft(
        pub.services,
        cover=True,
        mastodon="Out now: https://blog.jupyter.org/i",
        bluesky="Out now https://blog.jupyter.org/i",
    )
    view = await pub.ok("ada", "GET", f"drafts/{did}/publication")
    assert view["image"] == {"path": "attachment:cover.png", "alt": COVER_ALT, "attached": True}
    await publish(pub, did)
    await run_publisher(pub)
    [status] = mastodon.statuses
    assert [m["description"] for m in status["media_attachments"]] == [COVER_ALT]
    [record] = bluesky.state.records.values()
    assert [i["alt"] for i in record["embed"]["images"]] == [COVER_ALT]
    import base64

    assert bluesky.state.blobs == [base64.b64decode(PNG)]


async def test_an_expired_bluesky_session_fails_once_and_a_retry_signs_in_again(pub, bluesky):
    first = approved_draft(pub.services, "s1", bluesky="One https://blog.jupyter.org/s1")
    await publish(pub, first)
    await run_publisher(pub)
    assert bluesky.state.session_calls == 1
    bluesky.state.sessions.clear()  # the PDS expired every session
    second = approved_draft(pub.services, "s2", bluesky="Two https://blog.jupyter.org/s2")
    await publish(pub, second)
    await run_publisher(pub)
    ch = (await channels(pub, second))["bluesky"]
    assert ch["state"] == "failed"
    assert "refused the session for jupyter.org" in ch["error"]
    await pub.ok("ada", "POST", f"drafts/{second}/channels/bluesky/mark", {"mark": "retry"})
    await run_publisher(pub)
    assert (await channels(pub, second))["bluesky"]["state"] == "posted"
    assert bluesky.state.session_calls == 2
    assert sorted(bluesky.posts()) == [
        "One https://blog.jupyter.org/s1",
        "Two https://blog.jupyter.org/s2",
    ]


async def test_scheduling_through_transitions_fills_the_same_outbox(pub, mastodon):
    did = approved_draft(pub.services, mastodon="Out now: https://blog.jupyter.org/t")
    draft = await pub.ok("ada", "GET", f"drafts/{did}")
    body = {"to": "scheduled", "publish_at": "2026-01-01T09:00:00Z", "if_version": draft["version"]}
    await pub.ok("ada", "POST", f"drafts/{did}/transitions", body)
    await run_publisher(pub)
    assert [s["text"] for s in mastodon.statuses] == ["Out now: https://blog.jupyter.org/t"]
    assert (await channels(pub, did))["mastodon"]["state"] == "posted"
