"""Reading a notebook that lives on this server, for a submit that names its path.

Used by the server's own submit handlers and by the connected Lab's forwarder, so both refuse
the same things: a path outside the root (through a symbolic link), a missing file, a file that
is not a notebook, one over the size limit (checked before its content is read).
"""

from __future__ import annotations

import os
from typing import Any

from jupyter_core.utils import ensure_async
from tornado import web

from ..errors import InvalidInput, NotFound, TooLarge
from ..notebooks import check_path


def inside_root(contents_manager: Any, path: str) -> None:
    """Refuse a path that resolves outside the server's root (through a symlink to a file or a
    folder): the contents manager follows links, the root is the boundary."""
    root = getattr(contents_manager, "root_dir", None)
    if not root:
        return
    real_root = os.path.realpath(root)
    real = os.path.realpath(os.path.join(real_root, *path.split("/")))
    if os.path.commonpath([real_root, real]) != real_root:
        raise InvalidInput(
            f"'{path}' resolves outside the server's root (through a symbolic link): "
            "copy the notebook into the root to submit it.",
            field="path",
        )


async def read_local_notebook(contents_manager: Any, path: Any, limit: int) -> tuple[str, str]:
    """The notebook's text and its checked path; refused early when over ``limit`` bytes."""
    path = check_path(path)
    inside_root(contents_manager, path)
    cm = contents_manager
    try:
        stat = await ensure_async(cm.get(path, content=False))
    except web.HTTPError as exc:
        if exc.status_code == 404:
            raise NotFound(f"No notebook at '{path}'.") from None
        raise InvalidInput(f"Cannot read '{path}'.", field="path") from None
    if stat.get("type") != "notebook":
        raise InvalidInput(f"'{path}' is not a notebook.", field="path")
    size = stat.get("size") or 0
    if size > limit:
        raise TooLarge(
            f"The notebook is {size / 1e6:.1f} MB; the limit is {limit / 1e6:.1f} MB. "
            "Clear large outputs and submit again."
        )
    try:
        model = await ensure_async(cm.get(path, type="file", format="text", content=True))
    except web.HTTPError:
        raise InvalidInput(f"'{path}' is not a readable UTF-8 notebook.", field="path") from None
    text: str = model["content"]
    return text, path
