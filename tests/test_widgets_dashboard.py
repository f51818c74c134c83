"""The editors' dashboard notebook, executed headless by papermill against a demo server."""

from __future__ import annotations

import http.client
import json
import os
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

pytest.importorskip("ipywidgets")
pytest.importorskip("papermill")

ROOT = Path(__file__).resolve().parent.parent
NOTEBOOK = ROOT / "notebooks" / "editor_dashboard.ipynb"
BIN = Path(sys.executable).parent


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def get(url: str, token: str) -> dict:
    req = urllib.request.Request(url, headers={"Authorization": f"token {token}"})
    with urllib.request.urlopen(req, timeout=30) as resp:
        return json.loads(resp.read())


class DemoServer:
    """``jupyter jms demo --prepare-only`` data behind a real Jupyter server process."""

    def __init__(self, root: Path) -> None:
        subprocess.run(
            [str(BIN / "jupyter"), "jms", "demo", "--prepare-only", "--root", str(root)],
            check=True,
            capture_output=True,
        )
        self.tokens = json.loads((root / ".jms" / "tokens.json").read_text())
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}/"
        env = {**os.environ, "JMS_DATABASE_URL": f"sqlite:///{root / '.jms' / 'jms.sqlite'}"}
        self.log = open(root / "server.log", "w")  # noqa: SIM115
        self.proc = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "jupyter_server",
                f"--port={self.port}",
                "--ip=127.0.0.1",
                "--no-browser",
                "--allow-root",
                f"--ServerApp.root_dir={root}",
                "--IdentityProvider.token=demo-server-token",
                "--ServerApp.identity_provider_class=jupyter_jms.auth.JmsIdentityProvider",
                "--JmsApp.identity=server",
                "--ServerApp.jpserver_extensions=jupyter_jms=True",
            ],
            env=env,
            stdout=subprocess.DEVNULL,
            stderr=self.log,
        )
        deadline = time.monotonic() + 90
        while True:
            try:
                get(self.url + "jms/api/version", self.tokens["ada"])
                return
            except (
                OSError,
                http.client.HTTPException,
            ):  # a self-connected probe reads its own request
                if time.monotonic() > deadline or self.proc.poll() is not None:
                    self.stop()
                    raise RuntimeError(
                        f"the demo server did not start: see {root / 'server.log'}"
                    ) from None
                time.sleep(0.3)

    def stop(self) -> None:
        self.proc.terminate()
        try:
            self.proc.wait(timeout=20)
        except subprocess.TimeoutExpired:
            self.proc.kill()
        self.log.close()


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

    server = DemoServer(tmp_path / "demo")
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
        me = get(server.url + "jms/api/me", server.tokens["ada"])
        states = ",".join(me["review_queue"]["states"])
        queue = get(server.url + f"jms/api/drafts?state={states}", server.tokens["ada"])
        channels = get(server.url + "jms/api/channels", server.tokens["ada"])["items"]
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
