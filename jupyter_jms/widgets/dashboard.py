"""``Dashboard``: the four panels in tabs, sharing one client (what the dashboard notebook shows)."""

from __future__ import annotations

from importlib.resources import files
from pathlib import Path
from typing import TYPE_CHECKING

import ipywidgets as widgets

from .attendance_taker import AttendanceTaker
from .client import JmsClient, JmsError
from .panel import Message, Panel, PanelOptions, ServiceLine, esc
from .registry_panel import RegistryPanel
from .review_queue import ReviewQueue
from .submit_panel import SubmitPanel

if TYPE_CHECKING:
    from typing_extensions import Unpack


def dashboard_notebook() -> Path:
    """The editors' dashboard notebook shipped in the package, to copy and open:

    ``shutil.copy(dashboard_notebook(), "editor_dashboard.ipynb")``
    """
    return Path(str(files("jupyter_jms.widgets") / "editor_dashboard.ipynb"))


class Dashboard(widgets.VBox):
    """Review queue, submit, registry and attendance, one tab each."""

    def __init__(
        self,
        url: str | None = None,
        token: str | None = None,
        **options: Unpack[PanelOptions],
    ) -> None:
        super().__init__()
        self.panels: list[Panel] = []
        try:
            self.client: JmsClient | None = options.get("client") or JmsClient(url, token)
        except JmsError as exc:
            self.client = None
            self.children = [
                widgets.HTML(f"<div style='color:#b00020'>{esc(exc.sentence())}</div>")
            ]
            return
        shared: PanelOptions = {"client": self.client, "threaded": options.get("threaded", True)}
        self.queue = ReviewQueue(**shared)
        self.submit = SubmitPanel(**shared)
        self.registry = RegistryPanel(**shared)
        self.attendance = AttendanceTaker(**shared)
        self.panels = [self.queue, self.submit, self.registry, self.attendance]
        self.tabs = widgets.Tab(
            children=self.panels, titles=["Review queue", "Submit", "Channels", "Attendance"]
        )
        # One line for the four panels: which service the Lab is connected to, as the
        # review queue's `GET me` says.
        self.service = ServiceLine()
        for panel in self.panels:
            panel.service.layout.display = "none"
        self.queue.service.observe(self._service_changed, names="value")
        self._service_changed()
        # When the server answers for an anonymous caller, one sentence instead of the tabs.
        self.notice = Message()
        self.queue.on_identity(self._identified)
        self.children = [
            widgets.HTML(f"<div style='font-size:small'>JMS server: {esc(self.client.url)}</div>"),
            self.service,
            self.notice,
            self.tabs,
        ]

    def _service_changed(self, _change: object = None) -> None:
        self.service.value = self.queue.service.value
        self.service.url = self.queue.service.url

    def _identified(self, panel: Panel) -> None:
        self.notice.show(panel.outsider, "warning")
        self.tabs.layout.display = "none" if panel.outsider else ""

    async def wait(self, timeout: float = 120.0) -> None:
        """Until every panel has loaded (``await dashboard.wait()`` in a notebook cell)."""
        for panel in self.panels:
            await panel.wait(timeout)

    def summary(self) -> str:
        """One line on what the panels show, for logs and headless runs."""
        if self.client is None:
            return "Not connected to a JMS server."
        if self.queue.outsider:
            return self.queue.outsider
        me = self.queue.me or {}
        roles = ", ".join(me.get("roles") or []) or "no role"
        service = f" (JMS service {self.service.url})" if self.service.url else ""
        parts = [
            f"Connected to {self.client.url}{service} as {me.get('username', '?')} ({roles})",
            f"review queue: {len(self.queue.items)} draft(s)",
            f"channels: {len(self.registry.channels)}",
            f"meetings listed: {len(self.attendance.meetings)}",
        ]
        problems = [p.message.text for p in self.panels if p.message.kind == "error"]
        if problems:
            parts.append("problems: " + " | ".join(t.rstrip(".") for t in problems))
        return "; ".join(parts) + "."
