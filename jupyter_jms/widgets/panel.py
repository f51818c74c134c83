"""What every panel shares: its client, its calls in flight, a busy line and a message line."""

from __future__ import annotations

import html
import urllib.parse
from collections.abc import Callable, Iterable, Mapping
from typing import Any, TypedDict

import ipywidgets as widgets

from .client import JmsClient, JmsError, unidentified
from .tasks import Tasks, describe

BUSY_ICON = "\u23f3"


class PanelOptions(TypedDict, total=False):
    """How a panel reaches the server: a ``client`` shared with other panels, and whether
    calls run on a worker (``threaded``, the default) or finish before a method returns."""

    client: JmsClient | None
    threaded: bool


def esc(value: Any) -> str:
    """Text for an HTML widget, with every markup character escaped."""
    return html.escape("" if value is None else str(value), quote=True)


class Message(widgets.HTML):
    """One line telling the person what happened: an error sentence or a confirmation."""

    kind = "none"

    def show(self, text: str | None, kind: str = "info") -> None:
        if not text:
            self.kind = "none"
            self.value = ""
            return
        self.kind = kind
        color = {"error": "#b00020", "info": "#1b5e20", "warning": "#8a6d00"}.get(kind, "inherit")
        self.value = f'<div class="jms-message jms-{kind}" style="color:{color}">{esc(text)}</div>'

    @property
    def text(self) -> str:
        """The message as plain text (what a person reads)."""
        return html.unescape(_strip_tags(self.value))


def service_url(me: Mapping[str, Any] | None) -> str | None:
    """The JMS service a connected Lab forwards to, as its ``GET me`` names it; None on a
    personal server (or a service reached directly)."""
    service = (me or {}).get("service")
    url = service.get("url") if isinstance(service, Mapping) else None
    return url if isinstance(url, str) and url.strip() else None


def _host(url: str) -> str:
    parts = urllib.parse.urlsplit(url)
    return parts.netloc or url


class ServiceLine(widgets.HTML):
    """Which JMS service a connected Lab talks to: its host, the full URL as tooltip.
    Empty on a personal server. Every panel has one, filled from ``GET me``."""

    url: str | None = None

    def __init__(self, submits: bool = False, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.submits = submits

    def show(self, me: Mapping[str, Any] | None) -> None:
        self.url = service_url(me)
        if self.url is None:
            self.value = ""
            return
        words = "Submits to" if self.submits else "Connected to"
        self.value = (
            f'<div class="jms-service" title="JMS service: {esc(self.url)}" '
            f'style="font-size:small;color:#555">{words} <b>{esc(_host(self.url))}</b></div>'
        )

    @property
    def text(self) -> str:
        """The line as plain text (what a person reads)."""
        return html.unescape(_strip_tags(self.value))


def _strip_tags(value: str) -> str:
    import re

    return re.sub(r"<[^>]+>", "", value)


class Panel(widgets.VBox):
    """A panel over the REST API: calls run on a worker, results land on the kernel's loop.

    Pass ``url`` and ``token``, or a ``client`` to share one between panels, or nothing to
    let ``JmsClient`` find the server. ``threaded=False`` makes every call finish before the
    method returns (for scripts); panels in a kernel keep the default.
    """

    def __init__(
        self,
        url: str | None = None,
        token: str | None = None,
        *,
        client: JmsClient | None = None,
        threaded: bool = True,
        **kwargs: Any,
    ) -> None:
        super().__init__(**kwargs)
        self.tasks = Tasks(threaded=threaded)
        self.busy = widgets.HTML("", layout=widgets.Layout(min_height="1.5em"))
        self.message = Message()
        self.service = ServiceLine()
        self._busy_text = "Working\u2026"
        self.tasks.on_busy(self._show_busy)
        # Who the server says this panel acts as (its `GET me`), and when that is nobody a
        # panel can work for, the one sentence that says so (see ``discovery.unidentified``).
        self.me: dict[str, Any] | None = None
        self.outsider: str | None = None
        self._identity_watchers: list[Callable[[Panel], Any]] = []
        self.client: JmsClient | None
        try:
            self.client = client or JmsClient(url, token)
        except JmsError as exc:
            self.client = None
            self.message.show(exc.sentence(), "error")

    # -- calls ----------------------------------------------------------------------------
    def _show_busy(self, busy: bool) -> None:
        self.busy.value = (
            f'<span class="jms-busy">{BUSY_ICON} {esc(self._busy_text)}</span>' if busy else ""
        )

    def call(
        self,
        fn: Callable[[JmsClient], Any],
        done: Callable[[Any], Any] | None = None,
        *,
        doing: str,
        busy: str | None = None,
        disable: Iterable[widgets.Widget] = (),
        quiet: bool = False,
    ) -> None:
        """Run ``fn(client)`` on a worker and ``done(result)`` back on the loop.

        A failure shows as one sentence built from ``doing`` ("approve this draft"). The
        widgets in ``disable`` stay disabled while the call runs, against double clicks.
        ``quiet`` calls (background refreshes) keep the message already shown.
        """
        client = self.client
        if client is None:
            if not self.message.value:
                self.message.show("Not connected to a JMS server.", "error")
            return
        if not quiet:
            self.message.show(None)
        held = [w for w in disable if not getattr(w, "disabled", True)]
        for w in held:
            w.disabled = True
        self._busy_text = busy or f"Working: {doing}\u2026"
        if self.tasks.pending:
            self._show_busy(True)

        def release() -> None:
            for w in held:
                w.disabled = False

        def ok(result: Any) -> None:
            release()
            if done is not None:
                done(result)

        def bad(exc: BaseException) -> None:
            release()
            self.message.show(describe(exc, doing), "error")

        self.tasks.run(lambda: fn(client), ok, failed=bad)

    def begin(
        self,
        load: Callable[[JmsClient, dict[str, Any]], Any],
        done: Callable[[Any], Any],
        *,
        doing: str,
    ) -> None:
        """Ask who this panel acts as, then (for anyone but an anonymous caller) ``load(client,
        me)``, on one worker call; ``done(loaded)`` runs once ``connected`` has shown who."""

        def fetch(c: JmsClient) -> tuple[dict[str, Any], Any]:
            me = c.me()
            return me, None if unidentified(me, c.server) else load(c, me)

        def arrived(result: tuple[dict[str, Any], Any]) -> None:
            me, loaded = result
            self.connected(me)
            if self.outsider is None:
                done(loaded)

        self.call(fetch, arrived, doing=doing, quiet=True)

    def connected(self, me: Mapping[str, Any] | None) -> None:
        """Show which JMS service ``me`` (the server's ``GET me``) says this Lab uses, and
        when it answers for an anonymous caller, the one sentence that says what to do."""
        self.me = dict(me or {})
        self.service.show(me)
        self.outsider = unidentified(self.me, self.client.server) if self.client else None
        if self.outsider:
            self.message.show(self.outsider, "warning")
        for watcher in self._identity_watchers:
            watcher(self)

    def on_identity(self, watcher: Callable[[Panel], Any]) -> None:
        """Call ``watcher(panel)`` each time the panel learns who it acts as."""
        self._identity_watchers.append(watcher)

    def can(self, capability: str) -> bool:
        """Whether ``GET me`` names this capability (e.g. ``record_attendance``): the
        panels hide what the member cannot do, the server still decides."""
        return capability in ((self.me or {}).get("capabilities") or [])

    def say(self, text: str | None, kind: str = "info") -> None:
        """Show a confirmation (or with kind="error", a problem) on the message line."""
        self.message.show(text, kind)

    async def wait(self, timeout: float = 120.0) -> None:
        """Until every call this panel started (and those their results started) is done."""
        await self.tasks.wait(timeout)

    @property
    def pending(self) -> int:
        return self.tasks.pending
