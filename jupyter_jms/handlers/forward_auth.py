"""Which ``jms:*`` resource a forwarded request is authorized as, and the decorator that asks
this server's Authorizer about each request (``forward.ForwardHandler.authorize``).

A connected Lab authorizes a request as the service's handler for its path would: an
Authorizer that lets a user reach some of the JMS API here lets exactly those routes through.
"""

from __future__ import annotations

import re
from collections.abc import Awaitable, Callable
from functools import cache, wraps
from typing import Any, Protocol, TypeVar, cast

from . import routes as service_routes

# A path no service handler answers (the service's 404) is authorized as a resource no
# handler uses: an Authorizer that grants a list of jms:* resources refuses it, and one that
# grants all of jms:* lets the service answer 404.
UNROUTED_RESOURCE = "jms:unrouted"


@cache
def _resource_table() -> tuple[tuple[re.Pattern[str], str], ...]:
    """The service's own routes, each with its handler's resource, in routing order."""
    return tuple(
        (re.compile(pattern + "$"), handler.auth_resource) for pattern, handler in service_routes()
    )


def resource_for(wire_path: str) -> str:
    """The resource the service's handler for this path (as sent, still %-encoded, which is
    what tornado matches routes against) is authorized as."""
    for regex, resource in _resource_table():
        if regex.match(wire_path):
            return resource
    return UNROUTED_RESOURCE


_Method = TypeVar("_Method", bound=Callable[..., Awaitable[None]])


class _Authorizing(Protocol):
    async def authorize(self) -> None: ...


def authorized(method: _Method) -> _Method:
    """``jupyter_server``'s ``@authorized`` for a handler whose resource depends on the path:
    the library's decorator stores the first resource it reads in its closure and reuses it
    for every later request, whatever its path."""

    @wraps(method)
    async def checked(self: _Authorizing, *args: Any, **kwargs: Any) -> None:
        await self.authorize()
        await method(self, *args, **kwargs)

    return cast(_Method, checked)
