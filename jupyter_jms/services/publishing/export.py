"""The blog post as files an editor pastes or imports, made from the approved revision by
nbconvert: HTML (images inline), Markdown with its images (a zip), and Markdown with YAML
front matter plus images for static-site blogs (Jekyll, Hugo, MyST; a zip).

Cells the author hid stay out: a cell tagged ``remove-cell`` (or ``hide-cell``) goes
entirely, ``remove-input``/``hide-input`` (or a collapsed input, ``jupyter.source_hidden``)
drops its code, ``remove-output`` its outputs.
"""

from __future__ import annotations

import io
import json
import zipfile
from dataclasses import dataclass
from datetime import datetime
from typing import Any

import nbformat
import yaml

FORMATS = ("html", "md", "static")
REMOVE_CELL = {"remove-cell", "remove_cell", "hide-cell", "jms-hidden"}
REMOVE_INPUT = {"remove-input", "remove_input", "hide-input"}
REMOVE_OUTPUT = {"remove-output", "remove_output", "hide-output"}


@dataclass(frozen=True)
class Export:
    filename: str
    content_type: str
    data: bytes


def _prepared(nb: dict[str, Any]) -> Any:
    # Through the reader: it joins sources stored as lists of lines, as nbconvert expects.
    node = nbformat.reads(json.dumps(nb), as_version=4)
    for cell in node.cells:
        if cell.get("cell_type") == "code" and cell.get("metadata", {}).get("jupyter", {}).get(
            "source_hidden"
        ):
            tags = list(cell.metadata.get("tags") or [])
            cell.metadata["tags"] = [*tags, "remove-input"]
    return node


def _config() -> Any:
    from traitlets.config import Config

    c = Config()
    c.TagRemovePreprocessor.enabled = True
    c.TagRemovePreprocessor.remove_cell_tags = set(REMOVE_CELL)
    c.TagRemovePreprocessor.remove_input_tags = set(REMOVE_INPUT)
    c.TagRemovePreprocessor.remove_all_outputs_tags = set(REMOVE_OUTPUT)
    c.TemplateExporter.exclude_input_prompt = True
    c.TemplateExporter.exclude_output_prompt = True
    return c


def _markdown(nb: dict[str, Any]) -> tuple[str, dict[str, bytes]]:
    from nbconvert import MarkdownExporter

    exporter = MarkdownExporter(config=_config())
    body, resources = exporter.from_notebook_node(
        _prepared(nb), resources={"output_files_dir": "images"}
    )
    return body, dict(resources.get("outputs") or {})


def _zip(files: dict[str, bytes | str]) -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as z:
        for name, data in files.items():
            z.writestr(name, data)
    return buf.getvalue()


def front_matter(post: dict[str, Any], published: datetime) -> str:
    meta: dict[str, Any] = {"title": post.get("title", "")}
    for key in ("subtitle", "summary"):
        if post.get(key):
            meta[key] = post[key]
    meta["date"] = published.isoformat()
    if post.get("authors"):
        meta["authors"] = list(post["authors"])
    if post.get("tags"):
        meta["tags"] = list(post["tags"])
    meta["lang"] = post.get("language", "en")
    return "---\n" + yaml.safe_dump(meta, sort_keys=False, allow_unicode=True) + "---\n\n"


def make(
    fmt: str, nb: dict[str, Any], post: dict[str, Any], slug: str, published: datetime
) -> Export:
    if fmt == "html":
        from nbconvert import HTMLExporter

        exporter = HTMLExporter(config=_config(), embed_images=True)
        body, _ = exporter.from_notebook_node(_prepared(nb))
        return Export(f"{slug}.html", "text/html; charset=UTF-8", body.encode("utf-8"))
    body, images = _markdown(nb)
    if fmt == "static":
        body = front_matter(post, published) + body
    files: dict[str, bytes | str] = {f"{slug}/index.md": body}
    for name, data in images.items():
        files[f"{slug}/{name}"] = data
    suffix = "static" if fmt == "static" else "md"
    return Export(f"{slug}-{suffix}.zip", "application/zip", _zip(files))
