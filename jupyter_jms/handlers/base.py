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

from ..domain.states import Caller, IllegalTransition
from ..services.errors import Conflict, InvalidInput, ServiceError, TooLarge

T = TypeVar("T")


def _no_constant(name: str) -> Any:
    """NaN and Infinity are not JSON, though Python's parser takes them."""
    raise ValueError(f"{name} is not a JSON value")


class JmsHandler(ExtensionHandlerMixin, APIHandler):
    """HTTP only: parse, identify, call a service in a worker thread, serialize."""

    auth_resource = "jms:drafts"

    @property
    def jms(self) -> Any:
        return self.settings["jms"]

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
            data = json.loads(raw, parse_constant=_no_constant)
        except (ValueError, UnicodeDecodeError) as exc:
            raise InvalidInput(f"The body is not valid JSON: {exc}") from None
        except RecursionError:
            raise InvalidInput("The body is nested too deeply.") from None
        if not isinstance(data, dict):
            raise InvalidInput("The body must be a JSON object.")
        return data

    def query_int(self, name: str, default: int) -> int:
        value = self.get_query_argument(name, None)
        if value is None or value == "":
            return default
        try:
            return int(value)
        except ValueError:
            raise InvalidInput(f"{name} must be an integer.", field=name) from None

    def query_str(self, name: str) -> str | None:
        value = self.get_query_argument(name, None)
        return value or None

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
        super()._handle_request_exception(e)  # type: ignore[arg-type]

    def write_error(self, status_code: int, **kwargs: Any) -> None:
        """One error shape, never a traceback: ``{message, reason, errors}``."""
        err: ServiceError | None = kwargs.get("jms_error")
        self.set_header("Content-Type", "application/json; charset=UTF-8")
        if err is not None:
            body = {
                "message": err.message,
                "reason": err.reason,
                "errors": [{"field": f, "message": m} for f, m in err.errors],
            }
        else:
            exc = kwargs.get("exc_info", (None, None, None))[1]
            message = self._reason
            if isinstance(exc, web.HTTPError) and exc.log_message:
                message = exc.log_message % exc.args if exc.args else exc.log_message
            if status_code >= 500:
                message = "Internal server error: see the server log."
            body = {"message": message, "reason": None, "errors": []}
        self.finish(json.dumps(body))
