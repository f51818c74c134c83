"""What a view inside a panel may ask of the panel that owns it.

The review view and the post form are built by their panels and call back into them; they
depend on these two shapes instead of on the panel classes, so no widget module imports the
module that imports it.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import Any, Protocol

import ipywidgets as widgets

from .client import JmsClient
from .tasks import Tasks


class PanelHost(Protocol):
    """A panel that runs server calls for a view and refreshes after a change."""

    def call(
        self,
        fn: Callable[[JmsClient], Any],
        done: Callable[[Any], Any] | None = None,
        *,
        doing: str,
        busy: str | None = None,
        disable: Iterable[widgets.Widget] = (),
        quiet: bool = False,
    ) -> None: ...

    def after_change(self, text: str) -> None: ...


class FormHost(Protocol):
    """A panel that lends a form its client and its worker, and knows what it has loaded."""

    @property
    def client(self) -> JmsClient | None: ...

    @property
    def tasks(self) -> Tasks: ...

    @property
    def loaded_path(self) -> str | None: ...
