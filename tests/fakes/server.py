"""Run a tornado application on 127.0.0.1 in a thread of its own, with its own event loop,
so that it keeps answering while a test (or the service under test) blocks."""

from __future__ import annotations

import asyncio
import threading
from typing import Any

from tornado.httpserver import HTTPServer
from tornado.netutil import bind_sockets
from tornado.web import Application


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
