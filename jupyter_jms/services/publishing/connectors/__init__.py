"""The platforms behind one interface: Mastodon (``mastodon``) and Bluesky (``bluesky``),
both speaking ``protocol``'s types; ``build`` picks a channel's connector.

The blog (no API) and manual channels have no connector: a person records the URL.
"""

from __future__ import annotations

from .bluesky import BlueskyConnector
from .mastodon import MastodonConnector
from .protocol import DEFAULT_TIMEOUT, Connector, Refused


def build(
    connector: str, api_url: str, credential: str, handle: str, timeout: float = DEFAULT_TIMEOUT
) -> Connector:
    if not api_url:
        raise Refused("The channel has no api_url: an admin sets the instance or PDS URL.")
    if connector == "mastodon":
        return MastodonConnector(api_url, credential, timeout)
    if connector == "bluesky":
        return BlueskyConnector(api_url, credential, handle, timeout)
    raise Refused(f"'{connector}' channels are published by a person, not by the service.")
