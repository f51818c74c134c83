"""Run the client's blocking calls off the kernel's thread and apply results back on it.

In a kernel (and in tests) an asyncio loop runs the widget messages: a call goes to a worker
thread through ``loop.run_in_executor`` and its result is applied to the widgets by a
callback on that loop, so a slow server never freezes the panel and widgets are only touched
on one thread. Outside any loop (a plain script) the call still runs on a worker thread and
the callback on that thread. ``threaded=False`` runs everything inline, for scripts that
want each click to finish before the next line.
"""

from __future__ import annotations

import asyncio
import concurrent.futures
import logging
import threading
from collections.abc import Callable
from typing import Any, TypeVar

from .client import JmsError

T = TypeVar("T")
log = logging.getLogger("jupyter_jms.widgets")

_EXECUTOR: concurrent.futures.ThreadPoolExecutor | None = None
_EXECUTOR_LOCK = threading.Lock()


def executor() -> concurrent.futures.ThreadPoolExecutor:
    """One small pool for every panel in the kernel: calls are I/O-bound and few at a time."""
    global _EXECUTOR
    with _EXECUTOR_LOCK:
        if _EXECUTOR is None:
            _EXECUTOR = concurrent.futures.ThreadPoolExecutor(
                max_workers=4, thread_name_prefix="jms-widgets"
            )
        return _EXECUTOR


def describe(exc: BaseException, doing: str | None = None) -> str:
    """The sentence a panel shows for a failed call; never a traceback."""
    if isinstance(exc, JmsError):
        return exc.sentence(doing)
    what = f"while trying to {doing}" if doing else "in the panel"
    return f"Something went wrong {what}: {exc.__class__.__name__}: {exc}"


class Tasks:
    """A panel's calls in flight. ``busy`` callbacks hear when it starts and stops waiting."""

    def __init__(self, *, threaded: bool = True) -> None:
        self.threaded = threaded
        self.pending = 0
        self.last_error: str | None = None
        self._listeners: list[Callable[[bool], None]] = []

    def on_busy(self, listener: Callable[[bool], None]) -> None:
        self._listeners.append(listener)

    def _set_pending(self, delta: int) -> None:
        before = self.pending
        self.pending = max(0, before + delta)
        if (before == 0) != (self.pending == 0):
            for listener in self._listeners:
                listener(self.pending > 0)

    def run(
        self,
        fn: Callable[[], T],
        done: Callable[[T], Any] | None = None,
        *,
        failed: Callable[[BaseException], Any] | None = None,
    ) -> None:
        """Call ``fn`` on a worker, then ``done(result)`` or ``failed(exc)`` on the loop."""
        self._set_pending(+1)
        if not self.threaded:
            try:
                result = fn()
            except Exception as exc:  # noqa: BLE001 - every failure becomes a sentence
                self._finish(failed, exc, error=True)
            else:
                self._finish(done, result)
            return
        try:
            loop: asyncio.AbstractEventLoop | None = asyncio.get_running_loop()
        except RuntimeError:
            loop = None
        if loop is not None:
            future = loop.run_in_executor(executor(), fn)
            future.add_done_callback(lambda f: self._settle(f, done, failed))
        else:
            cfuture = executor().submit(fn)
            cfuture.add_done_callback(lambda f: self._settle(f, done, failed))

    def _settle(self, future: Any, done: Any, failed: Any) -> None:
        exc = future.exception()
        if exc is not None:
            self._finish(failed, exc, error=True)
        else:
            self._finish(done, future.result())

    def _finish(
        self, callback: Callable[[Any], Any] | None, value: Any, error: bool = False
    ) -> None:
        try:
            if callback is not None:
                callback(value)
            elif error:
                self.last_error = describe(value)
                log.warning("jupyter-jms panel call failed: %s", self.last_error)
        except Exception as exc:  # noqa: BLE001 - a bug in a callback must not kill the loop
            self.last_error = describe(exc)
            log.exception("jupyter-jms panel update failed")
        finally:
            self._set_pending(-1)

    async def wait(self, timeout: float = 120.0) -> None:
        """Until no call is in flight (tests and notebooks: ``await panel.wait()``)."""
        loop = asyncio.get_running_loop()
        deadline = loop.time() + timeout
        while self.pending:
            if loop.time() > deadline:
                raise TimeoutError(f"{self.pending} panel call(s) still running")
            await asyncio.sleep(0.02)
