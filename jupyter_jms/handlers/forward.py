"""The connected Lab: the local ``/jms/api/*`` answered by a shared JMS service.

With ``c.JmsApp.service_url`` set, this server holds no jupyter-jms data: one handler sends
each request on to the service as the member whose token is ``service_token``, and streams
the answer back. Two requests change on the way: a submit or resubmit naming a local
``path`` sends that notebook's content (read through this server's contents manager), and
``GET me`` gains ``service.url`` so the fronts can say which service they use.

This server's own Authorizer is asked about each request with the ``jms:*`` resource the
service's handler for that route declares (``resource_for``), so an Authorizer that lets a
user reach some of the JMS API here lets exactly those routes through.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from functools import cache
from typing import Any
from urllib.parse import quote

from jupyter_core.utils import ensure_async
from jupyter_server.auth.utils import HTTP_METHOD_TO_AUTH_ACTION
from jupyter_server.base.handlers import APIHandler
from jupyter_server.extension.handler import ExtensionHandlerMixin
from tornado import httputil, web
from tornado.httpclient import AsyncHTTPClient, HTTPClientError, HTTPRequest, HTTPResponse

from ..errors import InvalidInput, ServiceError, TooLarge
from ..notebooks import check_path
from . import routes as service_routes
from .local_notebook import read_local_notebook

# Headers that describe one connection, not the message (RFC 9110 §7.6.1), plus the ones
# this side sets itself (credentials, length, host, encodings the client chose).
_HOP = {
    "connection",
    "keep-alive",
    "proxy-authenticate",
    "proxy-authorization",
    "te",
    "trailer",
    "transfer-encoding",
    "upgrade",
}
FLUSH_BYTES = 256 * 1024
_REQUEST_PASSED = ("Content-Type", "If-Match", "If-None-Match", "Accept")
_RESPONSE_PASSED = ("Content-Type", "ETag", "Location", "Cache-Control", "Retry-After")


@dataclass(frozen=True)
class ServiceLink:
    """Where the service is and how to reach it (``c.JmsApp.service_*``)."""

    url: str
    token: str
    connect_timeout: float = 5.0
    request_timeout: float = 60.0
    max_body_bytes: int = 1_000_000
    max_notebook_bytes: int = 20 * 1024 * 1024

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


def _is_submit(method: str, path: str) -> bool:
    parts = path.split("/")
    return method == "POST" and (
        parts == ["drafts"]
        or (len(parts) == 3 and parts[0] == "drafts" and parts[2] == "revisions")
    )


@web.stream_request_body
class ForwardHandler(ExtensionHandlerMixin, APIHandler):
    """Every ``/jms/api/*`` request of a connected Lab, sent on to the service."""

    # Set for each request in ``prepare`` (see ``resource_for``).
    auth_resource = UNROUTED_RESOURCE

    @property
    def link(self) -> ServiceLink:
        link: ServiceLink = self.settings["jms_service"]
        return link

    # -- the request body: read in chunks, refused once it is over the limit ---------------
    async def prepare(self) -> None:  # type: ignore[override]
        self._chunks: list[bytes] = []
        self._size = 0
        self._too_large = False
        path = self.path_args[0] if self.path_args else ""
        self.auth_resource = resource_for(self.wire_path(path))
        # A submit may carry the notebook itself, as the service accepts.
        self._limit = (
            max(self.link.max_body_bytes, self.link.max_notebook_bytes)
            if _is_submit(self.request.method or "", path)
            else self.link.max_body_bytes
        )
        await super().prepare()
        declared = self.request.headers.get("Content-Length")
        if declared and declared.isdigit() and int(declared) > self._limit:
            raise TooLarge(f"The request body is over {self._limit} bytes.")

    def data_received(self, chunk: bytes) -> None:
        self._size += len(chunk)
        if self._size > self._limit:
            # Keep reading (the client is still sending) but keep nothing.
            self._too_large = True
            self._chunks = []
            return
        self._chunks.append(chunk)

    # -- the methods ------------------------------------------------------------------------
    @web.authenticated
    async def get(self, path: str) -> None:
        """The service's answer to the same GET."""
        await self.forward("GET", path)

    @web.authenticated
    async def post(self, path: str) -> None:
        """The service's answer to the same POST."""
        await self.forward("POST", path)

    @web.authenticated
    async def put(self, path: str) -> None:
        """The service's answer to the same PUT."""
        await self.forward("PUT", path)

    @web.authenticated
    async def patch(self, path: str) -> None:
        """The service's answer to the same PATCH."""
        await self.forward("PATCH", path)

    @web.authenticated
    async def delete(self, path: str) -> None:
        """The service's answer to the same DELETE."""
        await self.forward("DELETE", path)

    async def authorize(self, method: str) -> None:
        """What ``@authorized`` does, with this request's resource: the decorator keeps the
        first resource it reads in its closure and would reuse it for every later path."""
        action = HTTP_METHOD_TO_AUTH_ACTION[method]
        user = self.current_user
        allowed = user and await ensure_async(
            self.authorizer.is_authorized(self, user, action, self.auth_resource)
        )
        if not allowed:
            raise web.HTTPError(
                403,
                log_message=f"User is not authorized to {action} on resource: "
                f"{self.auth_resource}.",
            )

    async def forward(self, method: str, path: str) -> None:
        await self.authorize(method)
        if self._too_large:
            raise TooLarge(f"The request body is over {self._limit} bytes.")
        body: bytes | None = b"".join(self._chunks) if method in ("POST", "PUT", "PATCH") else None
        if body is not None and _is_submit(method, path):
            body = await self.content_body(body)
        headers = httputil.HTTPHeaders({"Authorization": f"token {self.link.token}"})
        for name in _REQUEST_PASSED:
            value = self.request.headers.get(name)
            if value is not None:
                headers[name] = value
        query = self.request.query
        url = self.link.api + self.wire_path(path) + (f"?{query}" if query else "")
        if path == "me" and method == "GET":
            await self.forward_me(url, headers)
        else:
            await self.stream(method, url, headers, body)

    def wire_path(self, path: str) -> str:
        """The path as the client encoded it: tornado hands handlers a decoded one, in which
        an escaped ``/`` or space would change or break the service's URL."""
        prefix = f"{self.base_url}jms/api/"
        raw = self.request.path
        if raw.startswith(prefix):
            return raw[len(prefix) :]
        return quote(path)

    # -- submit: the local notebook's content, not its path --------------------------------
    async def content_body(self, raw: bytes) -> bytes:
        try:
            data = json.loads(raw) if raw.strip() else {}
        except (ValueError, UnicodeDecodeError) as exc:
            raise InvalidInput(f"The body is not valid JSON: {exc}") from None
        if not isinstance(data, dict) or "notebook" in data or "path" not in data:
            return raw  # the service answers for any other shape
        path = check_path(data["path"])
        text = await self.read_notebook(path)
        rest = json.dumps({**data, "path": path})
        # The notebook's text is already JSON; it goes into the body as it is rather than
        # decoded and encoded again (up to max_notebook_bytes per submit). The service
        # parses and checks the whole body, a malformed notebook included.
        return b'{"notebook": ' + text.encode("utf-8") + b", " + rest[1:].encode("utf-8")

    async def read_notebook(self, path: str) -> str:
        text, _path = await read_local_notebook(
            self.contents_manager, path, self.link.max_notebook_bytes
        )
        return text

    # -- sending ---------------------------------------------------------------------------
    def _request(
        self, method: str, url: str, headers: httputil.HTTPHeaders, **kw: Any
    ) -> HTTPRequest:
        return HTTPRequest(
            url,
            method=method,
            headers=headers,
            connect_timeout=self.link.connect_timeout,
            request_timeout=self.link.request_timeout,
            decompress_response=False,
            follow_redirects=False,
            allow_nonstandard_methods=True,
            **kw,
        )

    def _failure(self, exc: BaseException) -> ServiceError:
        if isinstance(exc, HTTPClientError) and exc.code == 599:
            if "timeout" in str(exc).lower():
                return ServiceTimeout(
                    f"The JMS service at {self.link.url} did not answer in time; try again, "
                    "or check that it is running."
                )
        return ServiceUnreachable(
            f"The JMS service at {self.link.url} cannot be reached ({exc}); check that it is "
            "running and that this Lab can reach it."
        )

    def _refused(self) -> TokenRefused:
        return TokenRefused(
            f"The JMS service at {self.link.url} refused this Lab's token; run "
            "`jupyter jms connect` to sign in again."
        )

    def _send_status(self, code: int, reason: str | None) -> None:
        if code >= 500:
            # The service's own failure; this side reports it as a bad gateway, not a 500.
            raise ServiceUnreachable(
                f"The JMS service at {self.link.url} failed with {code} {reason or ''}".rstrip()
                + "; see the service's log."
            )
        self.set_status(code, reason)

    async def _token_accepted(self, headers: httputil.HTTPHeaders) -> bool:
        """Whether the service still knows the token: a 403 is either a member's missing
        role (passed on as it is) or the server refusing the token, which only ``me`` tells
        apart (every member may read ``me``)."""
        probe = httputil.HTTPHeaders({"Authorization": headers["Authorization"]})
        try:
            resp = await AsyncHTTPClient().fetch(
                self._request("GET", self.link.api + "me", probe), raise_error=False
            )
        except Exception:
            return True  # not a verdict on the token: pass the 403 on
        return resp.code not in (401, 403)

    async def forward_me(self, url: str, headers: httputil.HTTPHeaders) -> None:
        try:
            resp = await AsyncHTTPClient().fetch(
                self._request("GET", url, headers), raise_error=False
            )
        except Exception as exc:  # connection refused, DNS, TLS: all mean "not reachable"
            raise self._failure(exc) from None
        if resp.code == 599:
            raise self._failure(resp.error or OSError("no answer"))
        if resp.code in (401, 403):
            raise self._refused()
        self._send_status(resp.code, resp.reason)
        if resp.code != 200:
            self._copy_headers(resp.headers)
            self.finish(resp.body)
            return
        data = json.loads(resp.body)
        data["service"] = {"url": self.link.url}
        self.set_header("Content-Type", "application/json; charset=UTF-8")
        self.finish(json.dumps(data))

    async def stream(
        self, method: str, url: str, headers: httputil.HTTPHeaders, body: bytes | None
    ) -> None:
        state: dict[str, Any] = {
            "start": None,
            "headers": httputil.HTTPHeaders(),
            "sent": False,
            "pending": 0,
        }
        held: list[bytes] = []

        def on_header(line: str) -> None:
            line = line.rstrip("\r\n")
            if state["start"] is None:
                state["start"] = httputil.parse_response_start_line(line)
            elif line:
                state["headers"].parse_line(line)

        def start_reply() -> None:
            start = state["start"]
            self._send_status(start.code, start.reason)
            self._copy_headers(state["headers"])
            state["sent"] = True

        def on_chunk(chunk: bytes) -> None:
            start = state["start"]
            if start is None or start.code >= 400:
                held.append(chunk)  # errors are short; they are sent (or replaced) at the end
                return
            if not state["sent"]:
                start_reply()
            self.write(chunk)
            # Sent on in pieces of at least FLUSH_BYTES: a big answer is never held whole,
            # a small one goes out in one write.
            state["pending"] += len(chunk)
            if state["pending"] >= FLUSH_BYTES:
                state["pending"] = 0
                self.flush()

        request = self._request(
            method,
            url,
            headers,
            body=body,
            header_callback=on_header,
            streaming_callback=on_chunk,
        )
        try:
            resp: HTTPResponse = await AsyncHTTPClient().fetch(request, raise_error=False)
        except Exception as exc:
            if state["sent"]:
                raise  # the answer is under way; the connection is closed
            raise self._failure(exc) from None
        if resp.code == 599 and not state["sent"]:
            raise self._failure(resp.error or OSError("no answer"))
        if resp.code == 401 or (resp.code == 403 and not await self._token_accepted(headers)):
            raise self._refused()
        if not state["sent"]:
            if state["start"] is None:
                raise self._failure(OSError("no answer"))
            start_reply()
        self.finish(b"".join(held) if held else None)

    def _copy_headers(self, headers: httputil.HTTPHeaders) -> None:
        for name in _RESPONSE_PASSED:
            value = headers.get(name)
            if value is None or name.lower() in _HOP:
                continue
            if name == "Location":
                value = self._local_location(value)
            self.set_header(name, value)

    def _local_location(self, value: str) -> str:
        """The service's own URL for a new object, as this server's."""
        from urllib.parse import urlsplit

        service_prefix = urlsplit(self.link.api).path
        target = urlsplit(value).path
        if target.startswith(service_prefix):
            return f"{self.base_url}jms/api/{target[len(service_prefix) :]}"
        return value

    # -- errors: the same shape as every jupyter-jms answer --------------------------------
    def _handle_request_exception(self, e: BaseException) -> None:
        if isinstance(e, ServiceError):
            if self._finished:
                return
            self.log.warning("jupyter-jms %s: %s", e.status, e.message)
            self.clear()
            self.send_error(e.status, jms_error=e)
            return
        super()._handle_request_exception(e)

    def write_error(self, status_code: int, **kwargs: Any) -> None:
        err: ServiceError | None = kwargs.get("jms_error")
        self.set_header("Content-Type", "application/json; charset=UTF-8")
        if err is not None:
            body = {
                "message": err.message,
                "reason": err.reason,
                "errors": [{"field": f, "message": m} for f, m in err.errors],
            }
        else:
            message = self._reason
            if status_code >= 500:
                message = "Internal server error: see the server log."
            body = {"message": message, "reason": None, "errors": []}
        self.finish(json.dumps(body))


ROUTES = [(r"(.*)", ForwardHandler)]
