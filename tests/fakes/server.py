"""Run a tornado application on 127.0.0.1 in a thread of its own, with its own event loop,
so that it keeps answering while a test (or the service under test) blocks; and the HTTP
plumbing every stand-in's handlers share (JSON answers, bearer tokens, a shared state)."""

from __future__ import annotations

import asyncio
import json
import threading
from typing import Any

from tornado.httpserver import HTTPServer
from tornado.netutil import bind_sockets
from tornado.web import Application, RequestHandler


class Running:
    def __init__(self, app: Application) -> None:
        self.app = app
        sockets = bind_sockets(0, "127.0.0.1")
        self.port = sockets[0].getsockname()[1]
        self.url = f"http://127.0.0.1:{self.port}"
        self._loop = asyncio.new_event_loop()
        self._server: Any = None
        ready = threading.Event()

        def run() -> None:
            asyncio.set_event_loop(self._loop)
            self._server = HTTPServer(app)
            self._server.add_sockets(sockets)
            ready.set()
            self._loop.run_forever()

        self._thread = threading.Thread(target=run, daemon=True)
        self._thread.start()
        ready.wait(10)

    def stop(self) -> None:
        def shut() -> None:
            self._server.stop()
            self._loop.stop()

        self._loop.call_soon_threadsafe(shut)
        self._thread.join(10)


class JsonHandler(RequestHandler):
    """A stand-in's handler: handed the stand-in's state, answering JSON, taking a bearer
    token. API clients send no XSRF cookie, so none is checked."""

    state: Any

    def initialize(self, state: Any) -> None:
        self.state = state

    def check_xsrf_cookie(self) -> None:
        pass

    def reply(self, code: int, body: Any) -> None:
        self.set_status(code)
        self.set_header("Content-Type", "application/json")
        self.finish(json.dumps(body))

    def bearer(self) -> str:
        """The token of an ``Authorization: Bearer ...`` header ("" without one)."""
        auth = self.request.headers.get("Authorization", "")
        return auth[len("Bearer ") :] if auth.startswith("Bearer ") else ""
