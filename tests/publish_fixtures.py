"""Publishing set-up shared by the modules that publish: stand-ins of Mastodon and Bluesky on
127.0.0.1, a demo server whose channels point at them (``pub``), and the steps a test takes
(publish a draft, run the publisher once, read the channels' states).

A module imports the fixtures it uses by name (pytest finds fixtures in a module's own names).
"""

from __future__ import annotations

import asyncio
from collections.abc import Iterator
from typing import Any

import pytest
from conftest import Api
from fakes.bluesky_pds import FakeBluesky
from fakes.mastodon_api import FakeMastodon
from fakes.scenario import BLUESKY_ACCOUNTS, ENV, MASTODON_ACCOUNTS, by_channel, connect_channels


@pytest.fixture
def jms_config() -> dict[str, Any]:
    # The tests run the publisher themselves, one step at a time.
    return {"publish_interval": 0, "publish_timeout": 2}


@pytest.fixture
def mastodon() -> Iterator[FakeMastodon]:
    fake = FakeMastodon(MASTODON_ACCOUNTS, max_characters=500)
    yield fake
    fake.stop()


@pytest.fixture
def bluesky() -> Iterator[FakeBluesky]:
    fake = FakeBluesky(BLUESKY_ACCOUNTS)
    yield fake
    fake.stop()


@pytest.fixture
def pub(
    api: Api, mastodon: FakeMastodon, bluesky: FakeBluesky, monkeypatch: pytest.MonkeyPatch
) -> Api:
    """The demo server with its channels connected to the stand-ins, the credentials in the
    environment as the grants name them."""
    for k, v in ENV.items():
        monkeypatch.setenv(k, v)
    connect_channels(api.services, mastodon.url, bluesky.url)
    return api


async def run_publisher(api: Api) -> int:
    """One pass of the publisher, off the event loop (it blocks on the platforms' calls)."""
    ran: int = await asyncio.get_running_loop().run_in_executor(
        None, api.services.publisher.run_due
    )
    return ran


async def publish(api: Api, draft_id: str, user: str = "ada", **body: Any) -> tuple[int, Any]:
    draft = await api.ok(user, "GET", f"drafts/{draft_id}")
    return await api.call(
        user, "POST", f"drafts/{draft_id}/publish", {"if_version": draft["version"], **body}
    )


async def channels(api: Api, draft_id: str) -> dict[str, dict[str, Any]]:
    return by_channel(await api.ok("ada", "GET", f"drafts/{draft_id}/publication"))
