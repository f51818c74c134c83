"""Notebook handling for drafts: path checks, snapshot + hash (the diff between revisions
is notebook_diff.py)."""

from __future__ import annotations

import copy
import hashlib
import json
import posixpath
from typing import Any

import nbformat
from nbformat.validator import normalize

from .errors import InvalidInput
from .services.kernel.inputs import check_document


def check_path(path: Any) -> str:
    """A notebook path relative to the server root; refuses traversal and non-notebooks."""
    if not isinstance(path, str) or not path.strip():
        raise InvalidInput("A notebook path is required.", field="path")
    if "\x00" in path or "\\" in path:
        raise InvalidInput("The path contains characters that are not allowed.", field="path")
    clean = path.strip().lstrip("/")
    if path.startswith("/") or posixpath.isabs(path):
        raise InvalidInput("The path must be relative to the server root.", field="path")
    parts = clean.split("/")
    if any(p in ("..", ".") for p in parts) or any(p == "" for p in parts):
        raise InvalidInput("The path must stay inside the server root.", field="path")
    if not clean.endswith(".ipynb"):
        raise InvalidInput("Only notebooks (.ipynb) can be submitted.", field="path")
    return clean


def no_json_constant(name: str) -> Any:
    """For ``json.loads(parse_constant=...)``: Python's parser takes NaN and Infinity, but a
    snapshot or a request body must be JSON every client reads."""
    raise ValueError(f"{name} is not a JSON value")


def parse(text: str | bytes, *, what: str = "notebook") -> dict[str, Any]:
    """A notebook's JSON text (or UTF-8 bytes, such as a request body that carries one) as a
    dict; malformed JSON is a 400, not a crash. ``what`` names it in messages."""
    try:
        nb = json.loads(text, parse_constant=no_json_constant)
    except ValueError as exc:
        raise InvalidInput(f"The {what} is not valid JSON: {exc}", field=what) from None
    except RecursionError:
        raise InvalidInput(f"The {what} is nested too deeply.", field=what) from None
    if not isinstance(nb, dict):
        raise InvalidInput(f"The {what} must be a JSON object.", field=what)
    # A lone surrogate cannot be stored as UTF-8, nor a NUL in PostgreSQL text.
    check_document(nb)
    return nb


def prepare(nb: dict[str, Any], *, owned: bool = False) -> dict[str, Any]:
    """Validate a notebook (nbformat 4) and give every cell an id.

    The input is copied unless ``owned`` says the caller hands it over."""
    if not isinstance(nb, dict) or nb.get("nbformat") != 4:
        raise InvalidInput("Not an nbformat 4 notebook.", field="notebook")
    if not owned:
        nb = copy.deepcopy(nb)
    minor = nb.get("nbformat_minor", 0)
    if isinstance(minor, bool) or not isinstance(minor, int):
        raise InvalidInput("nbformat_minor must be an integer.", field="notebook")
    if minor < 5:
        nb["nbformat_minor"] = 5
    cells = nb.get("cells")
    # normalize() assumes the notebook's shape before validating it, so check that first.
    if not isinstance(cells, list) or not all(isinstance(c, dict) for c in cells):
        raise InvalidInput("Invalid notebook: 'cells' must be a list of objects.", field="notebook")
    if any(not isinstance(c.get("id", ""), str) for c in cells):
        raise InvalidInput("Invalid notebook: cell ids must be strings.", field="notebook")
    try:
        if isinstance(cells, list) and all(isinstance(c, dict) and c.get("id") for c in cells):
            nbformat.validate(nb, version=4)
        else:
            # normalize() adds missing cell ids, and validates while it is at it.
            _changes, nb = normalize(nb, strip_invalid_metadata=False)
            nbformat.validate(nb, version=4)
    except nbformat.ValidationError as exc:
        raise InvalidInput(f"Invalid notebook: {exc.message}", field="notebook") from exc
    seen: set[str] = set()
    for i, cell in enumerate(nb["cells"]):
        cid = cell.get("id") or f"cell-{i}"
        while cid in seen:
            cid = f"{cid}-{i}"
        cell["id"] = cid
        seen.add(cid)
    return nb


def serialize(nb: dict[str, Any]) -> tuple[str, str]:
    """Canonical JSON text of a notebook and its sha256."""
    text = json.dumps(nb, sort_keys=True, ensure_ascii=False, separators=(",", ":"))
    return text, hashlib.sha256(text.encode("utf-8")).hexdigest()


def post_metadata(nb: dict[str, Any]) -> Any:
    return (nb.get("metadata") or {}).get("jms")
