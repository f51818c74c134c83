"""The connected Lab: the local ``/jms/api/*`` answered by a shared JMS service.

With ``c.JmsApp.service_url`` set, this server holds no jupyter-jms data: one handler sends
each request on to the service as the member whose token is ``service_token``, and streams
the answer back. Two requests change on the way: a submit or resubmit naming a local
``path`` sends that notebook's content (read through this server's contents manager), and
``GET me`` gains ``service.url`` so the fronts can say which service they use.

This server's own Authorizer is asked about each request with the ``jms:*`` resource the
service's handler for that route declares (``forward_auth.resource_for``), so an Authorizer that lets a
user reach some of the JMS API here lets exactly those routes through.

Where the service is and the client that reaches it are ``service_link``'s.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from typing import Any
from urllib.parse import quote

import aiohttp
from jupyter_core.utils import ensure_async
from jupyter_server.auth.utils import HTTP_METHOD_TO_AUTH_ACTION
from jupyter_server.base.handlers import APIHandler
from jupyter_server.extension.handler import ExtensionHandlerMixin
from tornado import web
from tornado.iostream import StreamClosedError

from ..errors import InvalidInput, ServiceError, TooLarge
from ..notebooks import check_path
from .forward_auth import UNROUTED_RESOURCE, authorized, resource_for
from .identity import VersionHandler
from .local_notebook import read_local_notebook
from .service_link import (
    ServiceLink,
    ServiceTimeout,
    ServiceUnreachable,
    TokenRefused,
    service_session,
    service_url,
)

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
    @authorized
    async def get(self, path: str) -> None:
        """The service's answer to the same GET."""
        await self.forward("GET", path)

    @web.authenticated
    @authorized
    async def post(self, path: str) -> None:
        """The service's answer to the same POST."""
        await self.forward("POST", path)

    @web.authenticated
    @authorized
    async def put(self, path: str) -> None:
        """The service's answer to the same PUT."""
        await self.forward("PUT", path)

    @web.authenticated
    @authorized
    async def patch(self, path: str) -> None:
        """The service's answer to the same PATCH."""
        await self.forward("PATCH", path)

    @web.authenticated
    @authorized
    async def delete(self, path: str) -> None:
        """The service's answer to the same DELETE."""
        await self.forward("DELETE", path)

    async def authorize(self) -> None:
        """This server's Authorizer on this request's action and resource (``authorized``)."""
        action = HTTP_METHOD_TO_AUTH_ACTION[self.request.method or "GET"]
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
        if self._too_large:
            raise TooLarge(f"The request body is over {self._limit} bytes.")
        body: bytes | None = b"".join(self._chunks) if method in ("POST", "PUT", "PATCH") else None
        if body is not None and _is_submit(method, path):
            body = await self.content_body(body)
        headers = {"Authorization": f"token {self.link.token}"}
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
    @property
    def session(self) -> aiohttp.ClientSession:
        return service_session(self.settings)

    def _failure(self, exc: BaseException) -> ServiceError:
        if isinstance(exc, TimeoutError):  # aiohttp's timeouts are TimeoutErrors
            return ServiceTimeout(
                f"The JMS service at {self.link.url} did not answer in time; try again, "
                "or check that it is running."
            )
        return ServiceUnreachable(
            f"The JMS service at {self.link.url} cannot be reached ({exc}); check that it is "
            "running and that this Lab can reach it."
        )

    def _refused(self) -> TokenRefused:
        if self.link.hub_token:
            return TokenRefused(
                f"The JMS service at {self.link.url} refused this server's JupyterHub token; "
                "stop and start your server from the Hub's home page to get a new one."
            )
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

    async def _token_accepted(self, headers: dict[str, str]) -> bool:
        """Whether the service still knows the token: a 403 is either a member's missing
        role (passed on as it is) or the server refusing the token, which only ``me`` tells
        apart (every member may read ``me``)."""
        probe = {"Authorization": headers["Authorization"]}
        try:
            async with self.session.get(self.link.api + "me", headers=probe) as resp:
                return resp.status not in (401, 403)
        except Exception:
            return True  # not a verdict on the token: pass the 403 on

    async def _answer_error(
        self,
        sent: dict[str, str],
        code: int,
        reason: str | None,
        headers: Mapping[str, str],
        body: bytes,
    ) -> None:
        """The service's 4xx or 5xx to a request sent with ``sent`` headers (errors are
        short: sent on whole, or replaced by this side's own)."""
        if code == 401 or (code == 403 and not await self._token_accepted(sent)):
            raise self._refused()
        self._send_status(code, reason)
        self._copy_headers(headers)
        self._finish_as_copied(body)

    async def forward_me(self, url: str, headers: dict[str, str]) -> None:
        try:
            async with self.session.get(service_url(url), headers=headers) as resp:
                code, reason, got, body = resp.status, resp.reason, resp.headers, await resp.read()
        except Exception as exc:  # connection refused, DNS, TLS, timeout: "not reachable"
            raise self._failure(exc) from None
        if code in (401, 403):
            raise self._refused()
        if code != 200:
            self._send_status(code, reason)
            self._copy_headers(got)
            self._finish_as_copied(body)
            return
        data = json.loads(body)
        data["service"] = {"url": self.link.url}
        self.set_header("Content-Type", "application/json; charset=UTF-8")
        self.finish(json.dumps(data))

    async def stream(
        self, method: str, url: str, headers: dict[str, str], body: bytes | None
    ) -> None:
        started = False
        error: tuple[int, str | None, Mapping[str, str], bytes] | None = None
        try:
            async with self.session.request(
                method, service_url(url), headers=headers, data=body, allow_redirects=False
            ) as resp:
                if resp.status >= 400:
                    error = (resp.status, resp.reason, resp.headers, await resp.read())
                else:
                    self._send_status(resp.status, resp.reason)
                    self._copy_headers(resp.headers)
                    started = True
                    # Sent on in pieces of at least FLUSH_BYTES: a big answer is never held
                    # whole, a small one goes out in one write.
                    pending = 0
                    async for chunk in resp.content.iter_any():
                        self.write(chunk)
                        pending += len(chunk)
                        if pending >= FLUSH_BYTES:
                            pending = 0
                            await self.flush()  # at the pace the Lab's client reads
        except StreamClosedError:
            return  # the Lab's client went away: nobody to answer, the service's answer dropped
        except Exception as exc:
            if started:
                raise  # the answer is under way; the connection is closed
            raise self._failure(exc) from None
        if error is not None:
            await self._answer_error(headers, *error)
            return
        self._finish_as_copied(None)

    def _finish_as_copied(self, body: bytes | None) -> None:
        """Finish with the service's Content-Type (a notebook's is not JSON's), which
        ``APIHandler.finish`` would otherwise replace."""
        self.finish(body, set_content_type=self._headers.get("Content-Type", "application/json"))

    def _copy_headers(self, headers: Mapping[str, str]) -> None:
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


# `version` is this server's own: the frontend's handshake checks that the labextension and
# the server extension installed beside it match, which is what a reinstall here would fix,
# and it must answer while the service is down.
ROUTES = [(r"version", VersionHandler), (r"(.*)", ForwardHandler)]
