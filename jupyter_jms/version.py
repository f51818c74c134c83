"""The package version, in a module of its own so the modules that report it (the server
extension, the CLI, the identity handler) need not import the package root, which in turn
names the server extension."""

from __future__ import annotations

try:
    from ._version import __version__
except ImportError:  # a source checkout that was never built
    import json
    from pathlib import Path

    _pkg = Path(__file__).resolve().parent.parent / "labextension" / "package.json"
    __version__ = json.loads(_pkg.read_text())["version"] if _pkg.exists() else "0.0.0"

__all__ = ["__version__"]
