"""Publishing's rules and the vault resolvers, without a server."""

from __future__ import annotations

import os
import stat
from pathlib import Path

import pytest
from atproto_client.models.string_formats import TID_RE

from jupyter_jms.domain import publishing as rules
from jupyter_jms.domain.prechecks import ChannelInfo, run_checks
from jupyter_jms.domain.secrets import vault_ref_error
from jupyter_jms.sample.posts import make_post
from jupyter_jms.services.publishing import vault


def plan(cid: str, connector: str, template: str = "", kind: str = "social") -> rules.ChannelPlan:
    return rules.ChannelPlan(cid, connector, cid, kind, None, template)


def test_record_keys_are_valid_tids_in_time_order():
    keys = [rules.new_tid(now_us=1_700_000_000_000_000 + i, clock_id=7) for i in range(50)]
    assert all(TID_RE.match(k) for k in keys)
    assert keys == sorted(keys) and len(set(keys)) == 50
    assert TID_RE.match(rules.new_tid())


def test_the_blog_url_is_filled_and_a_text_waits_for_it():
    assert rules.fill("Read {blog_url} {not_this}", "https://b/x") == "Read https://b/x {not_this}"
    with pytest.raises(rules.PublishingRuleError):
        rules.fill("Read {blog_url}", None)
    assert rules.fill("No link", None) == "No link"


def test_only_channels_the_service_posts_to_can_block_scheduling():
    assert rules.schedule_problems([]) == []
    assert rules.schedule_problems([plan("forum", "manual", "see {blog_url}")]) == []
    problems = rules.schedule_problems(
        [plan("mastodon", "mastodon", ""), plan("bluesky", "bluesky", "New: {blog_url}")]
    )
    assert [f for f, _ in problems] == ["social.mastodon", "social.bluesky"]
    ok = [plan("blog", "blog_export", kind="blog"), plan("bluesky", "bluesky", "{blog_url}")]
    assert rules.schedule_problems(ok) == []


def test_a_draft_is_published_when_every_channel_is_through():
    assert rules.draft_published(["posted", "done"])
    assert not rules.draft_published(["posted", "unconfirmed"])
    assert not rules.draft_published([])


@pytest.mark.parametrize(
    ("state", "mark", "ok"),
    [
        ("queued", "done", True),
        ("unconfirmed", "done", True),
        ("failed", "retry", True),
        ("unconfirmed", "retry", True),
        ("posted", "retry", False),
        ("claimed", "done", False),
        ("queued", "retry", False),
    ],
)
def test_what_a_person_may_mark(state, mark, ok):
    if ok:
        rules.check_mark(state, mark)
    else:
        with pytest.raises(rules.PublishingRuleError):
            rules.check_mark(state, mark)


def test_channel_fields_are_checked():
    out, errors = rules.validate_channel_fields({"connector": "bluesky"}, "", partial=True)
    assert out == {"connector": "bluesky"} and errors == []
    _, errors = rules.validate_channel_fields({"connector": "fax"}, "", partial=True)
    assert errors and errors[0][0] == "connector"
    out, _ = rules.validate_channel_fields({"api_url": "https://bsky.social/"}, "", partial=True)
    assert out == {"api_url": "https://bsky.social"}
    out, _ = rules.validate_channel_fields({}, "", partial=False)
    assert out == {"connector": "manual", "api_url": ""}


def test_prechecks_count_the_blog_url_as_the_link_it_becomes():
    channels = {"mastodon": ChannelInfo("mastodon", "mastodon", 500, True)}
    text = "x" * 480 + " {blog_url}"  # 481 + a 23-character link = 504
    post = {"title": "T", "channels": ["mastodon"], "social": {"mastodon": text}}
    checks = {c.id: c for c in run_checks(make_post("T"), post, channels)}
    assert checks["char_limits"].status == "warning"
    assert "504/500" in checks["char_limits"].message
    assert checks["blog_link"].status == "ok"


def test_vault_references_for_the_publisher_are_accepted():
    for ref in ("env://JMS_MASTODON_TOKEN", "file:///run/secrets/mastodon", "op://JMS/M/token"):
        assert vault_ref_error(ref) is None, ref
    assert vault_ref_error("op:///JMS/M") is not None


def test_env_references_resolve_and_say_what_is_missing(monkeypatch):
    monkeypatch.setenv("JMS_T_TOKEN", " abc \n")
    assert vault.resolve("env://JMS_T_TOKEN") == "abc"
    monkeypatch.delenv("JMS_T_TOKEN")
    with pytest.raises(vault.VaultError, match="no environment variable JMS_T_TOKEN"):
        vault.resolve("env://JMS_T_TOKEN")


def test_a_file_others_can_read_is_refused(tmp_path: Path):
    secret = tmp_path / "token"
    secret.write_text("s3cret\n")
    os.chmod(secret, 0o644)
    with pytest.raises(vault.VaultError, match="can be read by others"):
        vault.resolve(f"file://{secret}")
    os.chmod(secret, stat.S_IRUSR | stat.S_IWUSR)
    assert vault.resolve(f"file://{secret}") == "s3cret"
    with pytest.raises(vault.VaultError, match="cannot find"):
        vault.resolve(f"file://{tmp_path / 'missing'}")
    with pytest.raises(vault.VaultError, match="absolute path"):
        vault.resolve("file://relative/token")


def test_op_references_need_the_op_command(monkeypatch, tmp_path: Path):
    monkeypatch.setenv("PATH", str(tmp_path))
    with pytest.raises(vault.VaultError, match="op command is not installed"):
        vault.resolve("op://JMS/Mastodon/token")
    # A stand-in `op` that answers like `op read --no-newline REF`.
    op = tmp_path / "op"
    op.write_text(
        '#!/bin/sh\n[ "$1" = read ] && [ "$3" = "op://JMS/Mastodon/token" ] '
        '&& printf tok-from-op && exit 0\necho "[ERROR] item not found" >&2\nexit 1\n'
    )
    op.chmod(0o755)
    assert vault.resolve("op://JMS/Mastodon/token") == "tok-from-op"
    with pytest.raises(vault.VaultError, match=r"op read failed \(\[ERROR\] item not found\)"):
        vault.resolve("op://JMS/Other/token")


def test_other_schemes_are_not_resolved_by_the_service():
    with pytest.raises(vault.VaultError, match="cannot read 'vault://'"):
        vault.resolve("vault://secret/jms")
    with pytest.raises(vault.VaultError, match="records no vault reference"):
        vault.resolve("")


# -- {blog_url} before and after the URL is known ----------------------------------------------
def test_the_room_for_the_blog_url_is_what_the_text_leaves():
    from jupyter_jms.domain.publishing import blog_url_room, count_text, url_too_long

    text = "a" * 200 + " {blog_url}"
    assert count_text(text, "bluesky") == 201
    assert blog_url_room(text, "bluesky", 300) == 99
    assert blog_url_room("{blog_url} and {blog_url}", "bluesky", 300) == (300 - 5) // 2
    assert url_too_long(text, "bluesky", 300, "https://b.org/" + "x" * 85) is None  # 99
    why = url_too_long(text, "bluesky", 300, "https://b.org/" + "x" * 86)
    assert why is not None and "301 characters" in why and "at most 99" in why
    # Mastodon counts every link 23, whatever its length.
    assert count_text("New: {blog_url}", "mastodon") == 28
    assert blog_url_room("New: {blog_url}", "mastodon", 500) is None
    assert blog_url_room("x" * 480 + " {blog_url}", "mastodon", 500) == 0
    assert blog_url_room("No placeholder", "bluesky", 300) is None


def test_a_retry_reuses_media_only_from_the_last_call_and_while_young():
    from datetime import datetime, timedelta, timezone

    from jupyter_jms.services.publishing.publisher import earlier_media

    now = datetime(2026, 12, 6, 12, tzinfo=timezone.utc)
    at = "2026-12-06T11:00:00Z"
    called = {"outcome": "unconfirmed", "media_ids": ["7"], "media_uploaded_at": at}
    claim = {"outcome": "claimed"}
    assert earlier_media([called, claim], now) == (("7",), at)
    assert earlier_media([called, {"outcome": "failed", "error": "422"}, claim], now) == ((), "")
    assert earlier_media([called, claim], now + timedelta(hours=20)) == ((), "")
    assert earlier_media([claim], now) == ((), "")


def test_the_submit_precheck_counts_the_blog_url_as_the_platform_will():
    from jupyter_jms.domain.prechecks import ChannelInfo, run_checks

    channels = {
        "mastodon": ChannelInfo("mastodon", "mastodon", None),
        "bluesky": ChannelInfo("bluesky", "bluesky", None),
    }

    def limits(social: dict[str, str]) -> str:
        post = {"title": "T", "channels": list(social), "social": social}
        [check] = [c for c in run_checks({"cells": []}, post, channels) if c.id == "char_limits"]
        return check.message

    # Bluesky: the text without the URL fits (300); the literal placeholder is not counted.
    assert limits({"bluesky": "a" * 295 + " {blog_url}"}) == "Every social text fits its channel."
    assert limits({"bluesky": "a" * 301 + "{blog_url}"}) == "Over the limit: bluesky: 301/300."
    # Mastodon: the URL counts 23, whatever it is.
    assert limits({"mastodon": "a" * 476 + " {blog_url}"}).startswith("Every social text fits")
    assert limits({"mastodon": "a" * 477 + " {blog_url}"}) == "Over the limit: mastodon: 501/500."
