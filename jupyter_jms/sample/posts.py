"""Sample posts: notebooks with ``metadata.jms`` as an author writes them, for the demo,
the example history, the tests and the benchmarks.

Each post shows ``jupyterlab.png`` (shipped beside this module: a small drawing of a Lab
window) inline as a ``data:`` URI, so that it shows wherever the post is read (the author's
notebook, the review view in any member's Lab, the panels) with no file to fetch."""

from __future__ import annotations

import base64
import json
from functools import cache
from importlib.resources import files
from pathlib import Path
from typing import Any

import nbformat
from nbformat.v4 import new_code_cell, new_markdown_cell, new_notebook, new_output

LOREM = (
    "Project Jupyter is a community of people who build tools for interactive computing. "
    "This post tells the community what changed and why it matters for everyone who uses "
    "notebooks in research, teaching and industry."
)
LOREM_ES = (
    "El Proyecto Jupyter es una comunidad de personas que construyen herramientas para la "
    "computación interactiva. En esta entrada contamos a la comunidad lo que cambió y por qué "
    "es importante para todas las personas que usan cuadernos en la investigación, la "
    "enseñanza y la industria. Queremos que la comunidad de habla hispana tenga un lugar en "
    "el blog de Jupyter con una traducción cuidada y revisada por el consejo."
)


IMAGE = "jupyterlab.png"


@cache
def image_uri() -> str:
    """The sample image as a ``data:`` URI."""
    data = (files("jupyter_jms.sample") / IMAGE).read_bytes()
    return "data:image/png;base64," + base64.b64encode(data).decode("ascii")


def make_post(title: str, *, body: str = LOREM, error: bool = False, **post: Any) -> dict[str, Any]:
    nb = new_notebook()
    cells = [
        new_markdown_cell(f"# {title}\n\n{body}"),
        new_code_cell("import sys\nprint(sys.version_info[:2])"),
        new_markdown_cell(f"![The JupyterLab interface]({image_uri()})\n\nThanks for reading!"),
    ]
    if error:
        cells[1].outputs = [new_output("error", ename="NameError", evalue="x", traceback=[])]
    nb.cells = cells
    nb.metadata["jms"] = {"title": title, **post}
    nb.metadata["kernelspec"] = {
        "name": "python3",
        "display_name": "Python 3",
        "language": "python",
    }
    text: str = nbformat.writes(nb)
    notebook: dict[str, Any] = json.loads(text)
    return notebook


def write_notebook(root: Path, rel: str, nb: dict[str, Any]) -> tuple[str, int]:
    path = root / rel
    path.parent.mkdir(parents=True, exist_ok=True)
    text = json.dumps(nb, indent=1)
    path.write_text(text)
    return rel, len(text.encode())
