"""A connected Lab's link to the shared JMS service: where it is, the errors that say it
cannot be used, and the kept-alive client that reaches it (one per server).

``forward.ForwardHandler`` sends each ``/jms/api/*`` request over this link.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import aiohttp
from yarl import URL

from ..errors import ServiceError


@dataclass(frozen=True)
class ServiceLink:
    """Where the service is and how to reach it (``c.JmsApp.service_*``)."""

    url: str
    token: str
    connect_timeout: float = 5.0
    request_timeout: float = 60.0
    max_body_bytes: int = 1_000_000
    max_notebook_bytes: int = 20 * 1024 * 1024
    # The token is this server's own JupyterHub token (hub/discover.py), not a member token.
    hub_token: bool = False

    @property
    def api(self) -> str:
        return self.url.rstrip("/") + "/jms/api/"


class ServiceUnreachable(ServiceError):
    status = 502
    reason = "service_unreachable"


class ServiceTimeout(ServiceError):
    status = 504
    reason = "service_timeout"


class TokenRefused(ServiceError):
    status = 401
    reason = "service_token_refused"


# A path no service handler answers (the service's 404) is authorized as a resource no
# handler uses: an Authorizer that grants a list of jms:* resources refuses it, and one that

# -- the connection to the service: kept alive, one pool per server -----------------------
_SESSION = "jms_service_session"


def service_session(settings: dict[str, Any]) -> aiohttp.ClientSession:
    """The server's client of the service, made on first use (on the running loop).

    aiohttp rather than tornado's own client: tornado's opens a new connection for every
    request (and resolves the host on a thread first), which was most of what a forwarded
    request cost over a direct one; aiohttp keeps connections open and reuses them. It
    retries a request that found its kept-alive connection closed only for idempotent
    methods; a POST on a connection the service closed at that moment answers 502."""
    session: aiohttp.ClientSession | None = settings.get(_SESSION)
    if session is None or session.closed:
        link: ServiceLink = settings["jms_service"]
        session = aiohttp.ClientSession(
            timeout=aiohttp.ClientTimeout(
                total=link.request_timeout, sock_connect=link.connect_timeout
            ),
            # Only what the Lab's client sent goes on (``forward._REQUEST_PASSED``): no encodings
            # asked for that the answer would then carry, no guessed Content-Type.
            skip_auto_headers=("Accept-Encoding", "Content-Type", "User-Agent"),
        )
        settings[_SESSION] = session
    return session


async def close_service_session(settings: dict[str, Any]) -> None:
    session: aiohttp.ClientSession | None = settings.pop(_SESSION, None)
    if session is not None:
        await session.close()


def service_url(url: str) -> URL:
    """The URL exactly as built (the path as the Lab's client encoded it), not re-quoted."""
    return URL(url, encoded=True)
