"""The registry panel, driven as an admin and as an editor, against a live server."""

from __future__ import annotations

from functools import partial

import pytest

pytest.importorskip("ipywidgets")

from jupyter_jms.widgets import RegistryPanel  # noqa: E402


@pytest.fixture
def registry_as(panel_as):
    return partial(panel_as, RegistryPanel)


async def test_admin_moves_the_preferred_channel(api, registry_as):
    panel = await registry_as("dana")
    assert panel.is_admin and panel.prefer_box.layout.display == ""
    assert panel.preferred.value == "mastodon"
    panel.preferred.value = "bluesky"
    panel.prefer_button.click()
    await panel.wait()
    channels = {c["id"]: c for c in (await api.ok("dana", "GET", "channels"))["items"]}
    assert channels["bluesky"]["preferred"] and not channels["mastodon"]["preferred"]
    assert panel.preferred.value == "bluesky"
    assert "preferred" in panel.message.text


async def test_admin_grants_then_revokes_access(api, registry_as):
    panel = await registry_as("dana")
    # The access levels are the server's, in its order, from the admin's grant listing.
    assert list(panel.access.options) == ["admin", "publisher", "viewer"]
    panel.channel.value = "mastodon"
    await panel.wait()
    panel.member.value = "ada"
    panel.access.value = "publisher"
    panel.vault_ref.value = "op://JMS/Mastodon ProjectJupyter/password"
    panel.reason.value = "Posts the release announcements"
    panel.grant_button.click()
    await panel.wait()
    held = (await api.ok("dana", "GET", "channels/mastodon/grants"))["items"]
    assert [(g["username"], g["access"]) for g in held] == [("ada", "publisher")]
    assert "ada" in panel.grants_html.value
    panel.grant_pick.value = held[0]["id"]
    panel.revoke_reason.value = "Stepped down"
    panel.revoke_button.click()
    await panel.wait()
    assert (await api.ok("dana", "GET", "channels/mastodon/grants"))["items"] == []
    history = await api.ok("dana", "GET", "channels/mastodon/grants", params={"include": "history"})
    assert history["items"][0]["revoke_reason"] == "Stepped down"


async def test_pasted_secret_is_refused_with_a_sentence(api, registry_as):
    panel = await registry_as("dana")
    panel.channel.value = "mastodon"
    panel.member.value = "ben"
    panel.vault_ref.value = "hunter2-this-is-my-password"
    panel.reason.value = "Holiday cover"
    panel.grant_button.click()
    await panel.wait()
    assert panel.message.kind == "error"
    assert panel.message.text.startswith("Could not grant access to mastodon:")
    assert "Traceback" not in panel.message.text
    assert (await api.ok("dana", "GET", "channels/mastodon/grants"))["items"] == []


async def test_editor_sees_channels_but_no_admin_forms(api, registry_as):
    panel = await registry_as("ada")
    assert not panel.is_admin
    assert panel.admin_box.layout.display == "none"
    assert panel.prefer_box.layout.display == "none"
    assert "Project Jupyter on Mastodon" in panel.channels_html.value
