"""jupyter-jms: the Media Strategy Working Group's editorial and governance tool for Jupyter."""

from __future__ import annotations

from typing import Any

try:
    from ._version import __version__
except ImportError:  # a source checkout that was never built
    import json
    from pathlib import Path

    _pkg = Path(__file__).resolve().parent.parent / "labextension" / "package.json"
    __version__ = json.loads(_pkg.read_text())["version"] if _pkg.exists() else "0.0.0"


def _jupyter_labextension_paths() -> list[dict[str, str]]:
    return [{"src": "labextension", "dest": "jupyter-jms"}]


def _jupyter_server_extension_points() -> list[dict[str, Any]]:
    from .app import JmsApp

    return [{"module": "jupyter_jms", "app": JmsApp}]
