"""Bluesky's rich text and link cards, and Mastodon's media on a retry, through a real
jupyter_server (SQLite and PostgreSQL) to the stand-ins in tests/fakes, which check the
records as a PDS checks them against the lexicons."""

# The fixtures are imported from publish_fixtures and named as test arguments, as pytest wants.
# ruff: noqa: F811

from __future__ import annotations

import base64
from typing import Any

from fakes.bluesky_pds import did_of
from fakes.scenario import COVER_ALT, PNG, approved_draft
from publish_fixtures import (  # noqa: F401 (fixtures)
    bluesky,
    channels,
    jms_config,
    mastodon,
    pub,
    publish,
    run_publisher,
)

BLOG_URL = "https://blog.jupyter.org/release-notes-c-5c1b2e"
BSKY = ("blog", "bluesky")
MASTO = ("blog", "mastodon")


def _facets(record: dict[str, Any]) -> list[tuple[str, str, str]]:
    """(the facet's bytes as text, its feature type, its did or uri) for each facet."""
    raw = record["text"].encode("utf-8")
    out = []
    for f in record.get("facets") or []:
        span = raw[f["index"]["byteStart"] : f["index"]["byteEnd"]].decode("utf-8")
        for feat in f["features"]:
            kind = feat["$type"].rsplit("#", 1)[-1]
            out.append((span, kind, feat.get("did") or feat.get("uri") or feat.get("tag")))
    return out


async def _record_blog_url(pub: Any, did: str, url: str = BLOG_URL) -> None:
    await pub.ok("ada", "POST", f"drafts/{did}/channels/blog/mark", {"mark": "done", "url": url})


async def test_mentions_links_and_the_blog_card_go_out_as_the_pds_takes_them(pub, bluesky):
    bluesky.state.handles["ada.bsky.social"] = "did:plc:adaadaadaadaadaadaadaada"
    text = "🪐 Écrit par @ada.bsky.social, relu par @jupyter.org: {blog_url} #Jupyter"
    did = approved_draft(pub.services, "c", cover=True, bluesky=text, channels=BSKY)
    code, data = await publish(pub, did)
    assert code == 200, data
    await _record_blog_url(pub, did)
    await run_publisher(pub)
    ch = (await channels(pub, did))["bluesky"]
    assert ch["state"] == "posted", ch

    [record] = bluesky.state.records.values()
    sent = text.replace("{blog_url}", BLOG_URL)
    assert record["text"] == sent
    # Byte offsets: the emoji is 4 bytes and the accented letter 2; the spans read back right.
    assert _facets(record) == [
        ("@ada.bsky.social", "mention", "did:plc:adaadaadaadaadaadaadaada"),
        ("@jupyter.org", "mention", did_of("jupyter.org")),
        (BLOG_URL, "link", BLOG_URL),
        ("#Jupyter", "tag", "Jupyter"),
    ]
    assert bluesky.state.resolve_calls == ["ada.bsky.social", "jupyter.org"]
    # The card: the blog URL with the approved revision's title, its cover as the thumbnail.
    card = record["embed"]
    assert card["$type"] == "app.bsky.embed.external"
    assert card["external"]["uri"] == BLOG_URL
    assert card["external"]["title"] == "Release notes c"
    assert isinstance(card["external"]["description"], str)
    thumb = card["external"]["thumb"]
    assert bluesky.state.blobs == [base64.b64decode(PNG)]
    assert bluesky.state.blob_refs[thumb["ref"]["$link"]]["mimeType"] == "image/png"
    assert not ch["attempts"][-1].get("notes")


async def test_a_handle_that_does_not_resolve_goes_out_as_plain_text_with_a_note(pub, bluesky):
    text = "Thanks @nobody-here.bsky.social! https://blog.jupyter.org/n"
    did = approved_draft(pub.services, "n", bluesky=text, channels=BSKY)
    code, data = await publish(pub, did)
    assert code == 200, data
    await _record_blog_url(pub, did)
    await run_publisher(pub)
    ch = (await channels(pub, did))["bluesky"]
    assert ch["state"] == "posted"
    [record] = bluesky.state.records.values()
    assert record["text"] == text
    assert _facets(record) == [("https://blog.jupyter.org/n", "link", "https://blog.jupyter.org/n")]
    [note] = ch["attempts"][-1]["notes"]
    assert "@nobody-here.bsky.social could not be resolved" in note
    assert "plain text" in note


async def test_a_pds_error_while_resolving_fails_before_posting(pub, bluesky):
    bluesky.state.resolve_mode = "error_500"
    did = approved_draft(pub.services, "r", bluesky="With @jupyter.org today", channels=BSKY)
    code, data = await publish(pub, did)
    assert code == 200, data
    await _record_blog_url(pub, did)
    await run_publisher(pub)
    ch = (await channels(pub, did))["bluesky"]
    assert ch["state"] == "failed"
    assert "Resolving the mention @jupyter.org" in ch["error"]
    assert "Nothing was posted" in ch["error"]
    assert bluesky.state.records == {} and bluesky.state.behaviour.calls == 0

    bluesky.state.resolve_mode = "ok"
    await pub.ok("ada", "POST", f"drafts/{did}/channels/bluesky/mark", {"mark": "retry"})
    await run_publisher(pub)
    assert (await channels(pub, did))["bluesky"]["state"] == "posted"
    [record] = bluesky.state.records.values()
    assert _facets(record) == [("@jupyter.org", "mention", did_of("jupyter.org"))]


async def test_without_the_blog_url_in_the_text_the_cover_goes_as_an_image(pub, bluesky):
    did = approved_draft(
        pub.services, "i", cover=True, bluesky="Out now https://example.org/x", channels=BSKY
    )
    code, data = await publish(pub, did)
    assert code == 200, data
    await _record_blog_url(pub, did)
    await run_publisher(pub)
    [record] = bluesky.state.records.values()
    assert record["embed"]["$type"] == "app.bsky.embed.images"
    assert [i["alt"] for i in record["embed"]["images"]] == [COVER_ALT]


async def test_a_retried_mastodon_post_does_not_upload_its_image_again(pub, mastodon):
    mastodon.state.behaviour.mode = "error_500"
    did = approved_draft(
        pub.services, "m", cover=True, mastodon="Out now https://blog.jupyter.org/m", channels=MASTO
    )
    code, data = await publish(pub, did)
    assert code == 200, data
    await run_publisher(pub)
    ch = (await channels(pub, did))["mastodon"]
    assert ch["state"] == "unconfirmed"
    assert len(mastodon.state.media) == 1
    first = ch["attempts"][-1]
    assert first["media_ids"] == [mastodon.state.media[0]["id"]]

    mastodon.state.behaviour.mode = "ok"
    await pub.ok("ada", "POST", f"drafts/{did}/channels/mastodon/mark", {"mark": "retry"})
    await run_publisher(pub)
    ch = (await channels(pub, did))["mastodon"]
    assert ch["state"] == "posted", ch
    assert len(mastodon.state.media) == 1  # not uploaded again
    [status] = mastodon.statuses
    assert [m["id"] for m in status["media_attachments"]] == first["media_ids"]
    assert [m["description"] for m in status["media_attachments"]] == [COVER_ALT]
    assert ch["attempts"][-1]["media_uploaded_at"] == first["media_uploaded_at"]


async def test_media_the_instance_refuses_are_uploaded_again_on_the_next_retry(pub, mastodon):
    mastodon.state.behaviour.mode = "error_500"
    did = approved_draft(
        pub.services, "g", cover=True, mastodon="Out now https://blog.jupyter.org/g", channels=MASTO
    )
    code, data = await publish(pub, did)
    assert code == 200, data
    await run_publisher(pub)
    mastodon.state.media.clear()  # the instance removed the unattached upload
    mastodon.state.behaviour.mode = "ok"
    for _ in range(2):
        await pub.ok("ada", "POST", f"drafts/{did}/channels/mastodon/mark", {"mark": "retry"})
        await run_publisher(pub)
    ch = (await channels(pub, did))["mastodon"]
    assert [a["outcome"] for a in ch["attempts"]][-2:] == ["failed", "posted"]
    assert "could not be found" in ch["attempts"][-2]["error"]
    assert len(mastodon.state.media) == 1 and len(mastodon.statuses) == 1


# -- {blog_url} counted exactly -----------------------------------------------------------
async def test_a_blog_url_too_long_for_the_bluesky_text_is_refused_when_recorded(pub, bluesky):
    text = "🪐" * 250 + " {blog_url}"  # 251 graphemes without the URL: room for 49
    did = approved_draft(pub.services, "u", bluesky=text, channels=BSKY)
    view = await pub.ok("ada", "GET", f"drafts/{did}/publication")
    ch = {c["channel"]: c for c in view["channels"]}["bluesky"]
    assert ch["count"] == 251 and ch["blog_url_room"] == 49
    code, data = await publish(pub, did)
    assert code == 200, data

    long_url = "https://blog.jupyter.org/" + "a" * 30  # 55 characters
    code, data = await pub.call(
        "ada", "POST", f"drafts/{did}/channels/blog/mark", {"mark": "done", "url": long_url}
    )
    assert code == 409, data
    assert "306 characters as Bluesky counts them; the limit is 300" in data["message"]
    assert "at most 49 characters" in data["message"]
    chans = await channels(pub, did)
    assert chans["blog"]["state"] == "queued" and chans["bluesky"]["waiting_for_blog_url"]

    short = "https://blog.jupyter.org/" + "a" * 24  # 49 characters: fits exactly
    await _record_blog_url(pub, did, short)
    await run_publisher(pub)
    assert bluesky.posts() == [text.replace("{blog_url}", short)]


async def test_a_text_with_no_room_for_the_blog_url_cannot_be_scheduled(pub, bluesky):
    did = approved_draft(pub.services, "v", bluesky="🪐" * 290 + " {blog_url}", channels=BSKY)
    code, data = await publish(pub, did)
    assert code == 409, data
    assert "leaves room for a blog URL of 9 characters" in data["message"]
    assert "(https://blog.jupyter.org) is 24" in data["message"]
    assert (await channels(pub, did))["bluesky"]["state"] is None


async def test_mastodon_counts_the_placeholder_as_the_23_a_link_takes(pub, mastodon):
    did = approved_draft(pub.services, "w", mastodon="New: {blog_url}", channels=MASTO)
    ch = (await channels(pub, did))["mastodon"]
    assert ch["count"] == len("New: ") + 23 and ch["blog_url_room"] is None
