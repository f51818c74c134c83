"""ipywidgets panels for JMS editors, admins and authors, over the REST API.

    from jupyter_jms.widgets import ReviewQueue, SubmitPanel, RegistryPanel, AttendanceTaker
    from jupyter_jms.widgets import ToPublish   # editors: approved and scheduled posts
    ReviewQueue()                       # finds the server by itself (see client.py)
    ReviewQueue(url="https://jms.example.org/", token="jms_...")

ipywidgets and mistune come with jupyter-jms; no extra is needed.
"""

from __future__ import annotations

from typing import Any

from .client import JmsClient, JmsError, ServerInfo, find_server

__all__ = [
    "AttendanceTaker",
    "Dashboard",
    "JmsClient",
    "JmsError",
    "RegistryPanel",
    "ReviewQueue",
    "ServerInfo",
    "SubmitPanel",
    "ToPublish",
    "dashboard_notebook",
    "find_server",
]

_PANELS = {
    "ReviewQueue": "review_queue",
    "SubmitPanel": "submit_panel",
    "RegistryPanel": "registry_panel",
    "AttendanceTaker": "attendance_taker",
    "Dashboard": "dashboard",
    "ToPublish": "publication_view",
    "dashboard_notebook": "dashboard",
}


def __getattr__(name: str) -> Any:
    # The panels import ipywidgets; the client alone does not need it. ipywidgets is a
    # dependency, so a failure here means an environment that lost it.
    module = _PANELS.get(name)
    if module is None:
        raise AttributeError(f"module 'jupyter_jms.widgets' has no attribute {name!r}")
    try:
        import ipywidgets  # noqa: F401
    except ImportError:
        raise ImportError(
            "The JMS panels need ipywidgets, which jupyter-jms depends on: "
            "pip install --force-reinstall jupyter-jms"
        ) from None
    from importlib import import_module

    return getattr(import_module(f".{module}", __name__), name)
