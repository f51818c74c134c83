"""The base of every jupyter-jms handler: JSON in and out, one error shape, services off-loop."""

from __future__ import annotations

import asyncio
import json
from collections.abc import Callable
from functools import partial
from typing import Any, TypeVar

from jupyter_server.base.handlers import APIHandler
from jupyter_server.extension.handler import ExtensionHandlerMixin
from tornado import web

from ..container import Services
from ..domain.access import Caller
from ..domain.states import IllegalTransition
from ..errors import Conflict, InvalidInput, NotFound, ServiceError, TooLarge
from ..notebooks import no_json_constant
from ..services.kernel import inputs

T = TypeVar("T")


class UriTooLong(ServiceError):
    status = 414
    reason = "uri_too_long"


SIGN_IN = "Sign in first: this needs a JMS member token or a Jupyter login."
# Kept close to what the widgets say about jupyter_server's own bare "Forbidden".
UNKNOWN_TOKEN = (
    "The server did not accept the token: it is unknown, revoked or expired. "
    "Check it, or ask an admin for a new JMS member token."
)


def _anonymous(handler: web.RequestHandler) -> bool:
    """Whether ``prepare`` looked for a user and found none. ``_current_user`` is what it
    found (the property would look again); it is unset when identifying raised, as when a
    member token is refused with its own message."""
    return "_current_user" in vars(handler) and vars(handler)["_current_user"] is None


def _signed_out(handler: JmsHandler) -> str:
    """Why a caller without a user is refused: a token that matched no one, or none at all."""
    return UNKNOWN_TOKEN if handler.identity_provider.get_token(handler) else SIGN_IN


def _refused(handler: JmsHandler) -> str:
    return _signed_out(handler) if _anonymous(handler) else "You may not do this."


def _not_allowed(handler: JmsHandler) -> str:
    method = handler.request.method
    return f"This address does not take {method} requests; it takes {handler.allowed_methods()}."


# What a refusal that carries no message of its own says, instead of the bare reason phrase.
_SENTENCES: dict[int, Callable[[JmsHandler], str]] = {403: _refused, 405: _not_allowed}


class JmsHandler(ExtensionHandlerMixin, APIHandler):
    """HTTP only: parse, identify, call a service in a worker thread, serialize."""

    # The jms:* resource @authorized checks. No default: a handler that forgot it would
    # otherwise be authorized as some other area's handler.
    auth_resource: str

    def __init_subclass__(cls, **kwargs: Any) -> None:
        super().__init_subclass__(**kwargs)
        resource = getattr(cls, "auth_resource", None)
        if not (isinstance(resource, str) and resource.startswith("jms:")):
            raise TypeError(f"{cls.__qualname__} names no jms:* auth_resource.")

    @property
    def jms(self) -> Services:
        services: Services = self.settings["jms"]
        return services

    # -- identity -------------------------------------------------------------------------
    @property
    def member_name(self) -> str:
        """The member this request acts as (see JmsApp.identity)."""
        return self.jms.username_for(self.current_user)

    async def caller(self) -> Caller:
        # A member token's roles were read with the token, earlier in this same request.
        known = getattr(self.current_user, "jms_caller", None)
        if isinstance(known, Caller) and known.username == self.member_name:
            return known
        return await self.read(self.jms.members.caller, self.member_name)

    # -- plumbing -------------------------------------------------------------------------
    async def prepare(self) -> None:  # type: ignore[override]
        """Refuse what no handler can serve before anything else runs: an over-long URL
        (414) and a NUL or a lone surrogate in a path segment (404: no such object)."""
        limit = self.settings.get("jms_max_url_bytes", 32 * 1024)
        if len(self.request.uri or "") > limit:
            raise UriTooLong(f"The URL is over {limit} bytes: send long values in a request body.")
        for segment in [*self.path_args, *self.path_kwargs.values()]:
            if isinstance(segment, str) and inputs.text_error(segment):
                raise NotFound("No such object: the path holds a character no name can.")
        await super().prepare()

    async def call(self, fn: Callable[..., T], *args: Any, **kwargs: Any) -> T:
        """Run a blocking service call on the worker pool, never on the event loop."""
        loop = asyncio.get_running_loop()
        return await loop.run_in_executor(self.jms.executor, partial(fn, *args, **kwargs))

    async def read(self, fn: Callable[..., T], *args: Any, **kwargs: Any) -> T:
        """Run a read-only service call: on the loop when ``JmsApp.inline_reads`` says reads
        never wait (SQLite WAL readers take no locks, PostgreSQL readers none that writers
        hold), else like ``call``. A thread hop costs more than a short indexed read."""
        if self.jms.inline_reads:
            return fn(*args, **kwargs)
        return await self.call(fn, *args, **kwargs)

    async def act(
        self, fn: Callable[..., Any], *ids: str, status: int = 200, versioned: bool = False
    ) -> None:
        """The usual write: ``fn(caller, *ids, body)`` on the worker pool, its result the reply.

        ``versioned`` writes take ``if_version`` from ``If-Match`` when the body has none."""
        body = self.json_body()
        if versioned:
            version = self.if_version(body)
            if version is not None:
                body["if_version"] = version
        caller = await self.caller()
        self.reply(await self.call(fn, caller, *ids, body), status=status)

    def json_body(self) -> dict[str, Any]:
        raw = self.request.body or b""
        if len(raw) > self.jms.max_body_bytes:
            raise TooLarge(f"The request body is over {self.jms.max_body_bytes} bytes.")
        if not raw.strip():
            return {}
        try:
            data = json.loads(raw, parse_constant=no_json_constant)
        except (ValueError, UnicodeDecodeError) as exc:
            raise InvalidInput(f"The body is not valid JSON: {exc}") from None
        except RecursionError:
            raise InvalidInput("The body is nested too deeply.") from None
        if not isinstance(data, dict):
            raise InvalidInput("The body must be a JSON object.")
        inputs.check_document(data)
        return data

    def query_int(self, name: str, default: int) -> int:
        """A non-negative integer query value (services check their own ranges)."""
        return inputs.integer(
            self.get_query_argument(name, None), name, lo=0, hi=inputs.MAX_ID, default=default
        )

    def query_str(self, name: str) -> str | None:
        """A free-text query value; empty counts as absent."""
        value = self.get_query_argument(name, None)
        return value or None

    def query_value(self, name: str) -> str | None:
        """A query value as sent (None when absent): for enums, flags and days, where an
        empty value is an error rather than absent."""
        return self.get_query_argument(name, None)

    def query_flag(self, name: str) -> bool:
        return inputs.flag(self.query_value(name), name)

    def if_version(self, body: dict[str, Any]) -> Any:
        """The version a write was based on: ``if_version`` in the body or ``If-Match``."""
        if body.get("if_version") is not None:
            return body["if_version"]
        header = self.request.headers.get("If-Match")
        return header.strip('"W/ ') if header else None

    def reply(self, data: Any, status: int = 200) -> None:
        self.set_status(status)
        self.set_header("Content-Type", "application/json; charset=UTF-8")
        self.finish(json.dumps(data))

    def reply_json_text(self, text: str, status: int = 200) -> None:
        """Send JSON the service already encoded."""
        self.set_status(status)
        self.set_header("Content-Type", "application/json; charset=UTF-8")
        self.finish(text)

    # -- errors ---------------------------------------------------------------------------
    def _handle_request_exception(self, e: BaseException) -> None:
        if isinstance(e, IllegalTransition):
            e = Conflict(str(e))
            e.reason = "illegal_transition"
        if isinstance(e, ServiceError):
            if self._finished:
                return
            self.log.info("jupyter-jms %s: %s", e.status, e.message)
            self.send_error(e.status, jms_error=e)
            return
        super()._handle_request_exception(e)

    def write_error(self, status_code: int, **kwargs: Any) -> None:
        """One error shape, never a traceback: ``{message, reason, errors}``."""
        err: ServiceError | None = kwargs.get("jms_error")
        self.set_header("Content-Type", "application/json; charset=UTF-8")
        if status_code == 405:
            self.set_header("Allow", self.allowed_methods())
        if err is not None:
            body = {
                "message": err.message,
                "reason": err.reason,
                "errors": [{"field": f, "message": m} for f, m in err.errors],
            }
        else:
            exc = kwargs.get("exc_info", (None, None, None))[1]
            message = self._reason
            if status_code == 403 and _anonymous(self):
                # Also instead of an XSRF complaint: with no credentials at all, those are
                # what is missing.
                message = _signed_out(self)
            elif isinstance(exc, web.HTTPError) and exc.log_message:
                message = exc.log_message % exc.args if exc.args else exc.log_message
            elif status_code in _SENTENCES:
                message = _SENTENCES[status_code](self)
            if status_code >= 500:
                message = "Internal server error: see the server log."
            body = {"message": message, "reason": None, "errors": []}
        self.finish(json.dumps(body))

    def allowed_methods(self) -> str:
        """The methods this route serves, for the ``Allow`` header of a 405."""
        served = [
            m
            for m in ("GET", "POST", "PUT", "PATCH", "DELETE")
            if getattr(type(self), m.lower()) is not getattr(web.RequestHandler, m.lower())
        ]
        return ", ".join(served)
