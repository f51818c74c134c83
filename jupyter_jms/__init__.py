"""jupyter-jms: the Media Strategy Working Group's editorial and governance tool for Jupyter."""

from __future__ import annotations

from typing import Any

from .version import __version__ as __version__  # the conventional public attribute


def _jupyter_labextension_paths() -> list[dict[str, str]]:
    return [{"src": "labextension", "dest": "jupyter-jms"}]


def _jupyter_server_extension_points() -> list[dict[str, Any]]:
    from .app import JmsApp

    return [{"module": "jupyter_jms", "app": JmsApp}]
