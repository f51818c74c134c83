"""The editors' dashboard notebook, executed headless by papermill against a demo server."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

pytest.importorskip("ipywidgets")
pytest.importorskip("papermill")

from jms_service import BIN, JmsService  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent
NOTEBOOK = ROOT / "notebooks" / "editor_dashboard.ipynb"


def printed_text(path: Path) -> str:
    nb = json.loads(path.read_text())
    outputs = [o for c in nb["cells"] if c["cell_type"] == "code" for o in c.get("outputs", [])]
    return "".join("".join(o.get("text", "")) for o in outputs if o["output_type"] == "stream")


def test_packaged_dashboard_is_the_repository_notebook():
    from jupyter_jms.widgets import dashboard_notebook

    assert dashboard_notebook().read_text() == NOTEBOOK.read_text()


def test_dashboard_notebook_runs_headless_against_the_demo(tmp_path):
    kernels = json.loads(
        subprocess.run(
            [str(BIN / "jupyter"), "kernelspec", "list", "--json"],
            check=True,
            capture_output=True,
            text=True,
        ).stdout
    )["kernelspecs"]
    spec = json.loads((Path(kernels["python3"]["resource_dir"]) / "kernel.json").read_text())
    # papermill must run the notebook with this environment's Python (scripts/setup.sh).
    kernel_python = Path(shutil.which(spec["argv"][0]) or spec["argv"][0])
    assert kernel_python.absolute().parent == BIN.absolute(), spec["argv"]

    server = JmsService(tmp_path / "demo")
    try:
        out = tmp_path / "out.ipynb"
        subprocess.run(
            [
                sys.executable,
                "-m",
                "papermill",
                str(NOTEBOOK),
                str(out),
                "-k",
                "python3",
                "-p",
                "url",
                server.url,
                "--cwd",
                str(tmp_path),
            ],
            # The token in the environment, as the README says: never in the notebook.
            env={**os.environ, "JMS_TOKEN": server.tokens["ada"]},
            check=True,
            capture_output=True,
            text=True,
            timeout=600,
        )
        # The queue is the states the server names for ada in `GET me`.
        me = server.get("me", "ada")
        states = ",".join(me["review_queue"]["states"])
        queue = server.get(f"drafts?state={states}", "ada")
        channels = server.get("channels", "ada")["items"]
        # Unchanged, in a kernel whose only way in is the server's own token (its anonymous
        # user): one sentence pointing to JMS_TOKEN, not an empty queue under a random id.
        inside = tmp_path / "demo" / "labs" / "ada"
        anonymous = tmp_path / "anonymous.ipynb"
        env = {k: v for k, v in os.environ.items() if not k.startswith(("JMS_", "JUPYTERHUB_"))}
        subprocess.run(
            [sys.executable, "-m", "papermill", str(NOTEBOOK), str(anonymous), "-k", "python3"]
            + ["--cwd", str(inside)],
            env=env,
            check=True,
            capture_output=True,
            text=True,
            timeout=600,
        )
    finally:
        server.stop()
    said = printed_text(anonymous)
    assert f"This kernel reaches {server.url} only as an anonymous user" in said, said
    assert "JMS_TOKEN" in said and "Signed in as" not in said and "review queue:" not in said

    assert server.tokens["ada"] not in out.read_text()
    nb = json.loads(out.read_text())
    outputs = [o for c in nb["cells"] if c["cell_type"] == "code" for o in c.get("outputs", [])]
    assert not [o for o in outputs if o["output_type"] == "error"]
    printed = "".join("".join(o.get("text", "")) for o in outputs if o["output_type"] == "stream")
    assert f"Connected to {server.url} as ada (editor)" in printed
    assert f"review queue: {queue['total']} draft(s)" in printed
    assert f"channels: {len(channels)}" in printed
    assert "problems:" not in printed
    # The dashboard itself was displayed as a widget.
    assert any("application/vnd.jupyter.widget-view+json" in o.get("data", {}) for o in outputs)
