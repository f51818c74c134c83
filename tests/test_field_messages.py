"""Field errors are sentences in plain words, each given once."""

from __future__ import annotations

import pytest

from jupyter_jms.domain.metadata import validate_post

CHANNELS = ["blog", "mastodon"]


def messages(post):
    return [m for _, m in validate_post(post, known_channels=CHANNELS)]


def only(post):
    found = validate_post(post, known_channels=CHANNELS)
    assert len(found) == 1, found
    return found[0]


@pytest.mark.parametrize(
    ("post", "field", "message"),
    [
        ({}, "metadata.jms.title", "Title: give the post a title."),
        ({"title": ""}, "metadata.jms.title", "Title: must not be empty."),
        ({"title": "t" * 201}, "metadata.jms.title", "Title: at most 200 characters."),
        ({"title": 3}, "metadata.jms.title", "Title: must be text."),
        (
            {"title": "T", "language": "english"},
            "metadata.jms.language",
            "Language: use a language code such as en or es.",
        ),
        (
            {"title": "T", "publish_after": "tomorrow"},
            "metadata.jms.publish_after",
            "Publish after: use a date and time with its zone, such as 2026-12-01T09:00:00Z.",
        ),
        (
            {"title": "T", "publish_after": "2026-12-01T09:00:00"},
            "metadata.jms.publish_after",
            "Publish after: use a date and time with its zone, such as 2026-12-01T09:00:00Z.",
        ),
        (
            {"title": "T", "authors": ["not a name"]},
            "metadata.jms.authors.0",
            "Authors: 'not a name' is not a username.",
        ),
        (
            {"title": "T", "third_party": True},
            "metadata.jms.third_party_benefit",
            "Benefit to the community: a third-party post must say how it benefits the community.",
        ),
        (
            {"title": "T", "third_party": "yes"},
            "metadata.jms.third_party",
            "Third party: must be true or false.",
        ),
        ({"title": "T", "tags": ["a"] * 21}, "metadata.jms.tags", "Tags: at most 20."),
        (
            {"title": "T", "channels": ["blog", "blog"]},
            "metadata.jms.channels",
            "Channels: each only once.",
        ),
        (
            {"title": "T", "channels": ["myspace"]},
            "metadata.jms.channels.0",
            "Channels: 'myspace' is not an active channel.",
        ),
        (
            {"title": "T", "social": {"mastodon": "x" * 10_001}},
            "metadata.jms.social.mastodon",
            "Social text for mastodon: at most 10000 characters.",
        ),
        ({"title": "T", "image": {}}, "metadata.jms.image.path", "Image path: this is required."),
        (
            {"title": "T", "colour": "red"},
            "metadata.jms",
            "Unknown field 'colour': remove it or check its spelling.",
        ),
        ({"title": "Two\nlines"}, "metadata.jms.title", "Title: must be a single line."),
    ],
)
def test_each_field_error_is_a_plain_sentence(post, field, message):
    assert only(post) == (field, message)


def test_no_schema_text_leaks_and_no_message_repeats():
    post = {
        "title": "",
        "language": "english",
        "publish_after": "tomorrow",
        "tags": ["", ""],
        "authors": ["a b"],
    }
    found = messages(post)
    assert len(found) == len(set(found)) == 5
    for m in found:
        assert "should be" not in m and "does not match" not in m and "is not a 'date" not in m
        assert m[0].isupper() and m.endswith(".")


async def test_a_missing_comment_is_said_once_in_plain_words(api):
    draft = await api.submit()
    code, err = await api.call(
        "ada",
        "POST",
        f"drafts/{draft['id']}/reviews",
        {"revision": 1, "verdict": "reject", "checklist": {}},
    )
    assert code == 400
    assert err["message"].startswith("Comment: say what should change")
    # the field error carries the same sentence: fronts show it once
    assert err["errors"] == [{"field": "comment", "message": err["message"]}]


async def test_the_checks_api_speaks_plainly(api):
    report = await api.ok(
        "eve",
        "POST",
        "checks/post",
        {"metadata": {"title": "", "language": "english", "publish_after": "tomorrow"}},
    )
    assert [e["message"] for e in report["errors"]] == [
        "Language: use a language code such as en or es.",
        "Publish after: use a date and time with its zone, such as 2026-12-01T09:00:00Z.",
        "Title: must not be empty.",
    ]


async def test_a_bad_schedule_time_is_a_plain_sentence(api):
    draft = await api.submit()
    await api.approve("ada", draft["id"])
    full = await api.ok("ada", "GET", f"drafts/{draft['id']}")
    code, err = await api.call(
        "ada",
        "POST",
        f"drafts/{draft['id']}/transitions",
        {"to": "scheduled", "publish_at": "tomorrow", "if_version": full["version"]},
    )
    assert code == 400
    assert err["message"] == (
        "Publish at: use a date and time with its zone, such as 2026-12-01T09:00:00Z."
    )
