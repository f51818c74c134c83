"""`jupyter jms demo` run as a person runs it: one process that starts the JMS service and a
connected JupyterLab per member, prints their links, and stops them all on SIGTERM."""

from __future__ import annotations

import json
import os
import signal
import socket
import sqlite3
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path
from typing import Any

import psutil
import pytest
from jms_service import BIN, free_port

from jupyter_jms.domain.checklist import all_passed

AS_ROOT = hasattr(os, "geteuid") and os.geteuid() == 0
NO_PROXY = urllib.request.build_opener(urllib.request.ProxyHandler({}))


def call(method: str, url: str, token: str, body: Any = None) -> tuple[int, Any]:
    data = None if body is None else json.dumps(body).encode()
    request = urllib.request.Request(
        url,
        data=data,
        method=method,
        headers={"Authorization": f"token {token}", "Content-Type": "application/json"},
    )
    try:
        with NO_PROXY.open(request, timeout=60) as resp:
            raw = resp.read()
            return resp.status, json.loads(raw) if raw else None
    except urllib.error.HTTPError as exc:
        raw = exc.read()
        try:
            return exc.code, json.loads(raw)
        except ValueError:
            return exc.code, raw.decode(errors="replace")


def count_rows(root: Path, table: str) -> int:
    with sqlite3.connect(root / ".jms" / "jms.sqlite") as db:
        (n,) = db.execute(f"SELECT count(*) FROM {table}").fetchone()  # noqa: S608 (a test's own names)
    return int(n)


def demo_command(root: Path, port: int, *extra: str) -> list[str]:
    return [str(BIN / "jupyter"), "jms", "demo", "--root", str(root), "--port", str(port), *extra]


class RunningDemo:
    """A `jupyter jms demo --members ada,eve` process, once its labs.json is written."""

    def __init__(self, root: Path, port: int, members: str = "ada,eve") -> None:
        self.root, self.port = root, port
        self.out_path = root.parent / f"{root.name}-demo-{time.monotonic_ns()}.out"
        self.out = open(self.out_path, "w")  # noqa: SIM115 (closed in stop)
        self.proc = subprocess.Popen(
            demo_command(root, port, "--members", members, "--no-browser"),
            stdout=self.out,
            stderr=subprocess.STDOUT,
            env={k: v for k, v in os.environ.items() if not k.startswith("JMS_SERVICE_")},
        )
        labs_file = root / ".jms" / "labs.json"
        deadline = time.monotonic() + 300
        while not labs_file.exists():
            if self.proc.poll() is not None or time.monotonic() > deadline:
                self.stop()
                raise RuntimeError(f"the demo did not start:\n{self.output()}")
            time.sleep(0.3)
        self.labs: dict[str, Any] = json.loads(labs_file.read_text())
        self.tokens: dict[str, str] = self.labs["service"]["tokens"]

    def output(self) -> str:
        return self.out_path.read_text()

    def lab(self, user: str, method: str, path: str, body: Any = None) -> tuple[int, Any]:
        lab = self.labs[user]
        return call(method, lab["url"] + "jms/api/" + path, lab["token"], body)

    def descendants(self) -> list[psutil.Process]:
        return psutil.Process(self.proc.pid).children(recursive=True)

    def stop(self, sig: int = signal.SIGTERM) -> int:
        if self.proc.poll() is None:
            self.proc.send_signal(sig)
            try:
                self.proc.wait(timeout=60)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait()
        self.out.close()
        return self.proc.returncode


@pytest.fixture(scope="module")
def demo(tmp_path_factory: pytest.TempPathFactory) -> Any:
    running = RunningDemo(tmp_path_factory.mktemp("demo") / "root", free_port())
    yield running
    running.stop()


def test_each_started_member_gets_a_link_and_the_others_their_service_token(demo):
    out = demo.output()
    assert set(demo.labs) == {"ada", "eve", "service"}
    for user in ("ada", "eve"):
        lab = demo.labs[user]
        assert f"{lab['url']}lab?token={lab['token']}" in out
        assert lab["url"] != demo.labs["service"]["url"]
    for user in ("ben", "carla", "dana"):
        assert f"no Lab (--members); service token {demo.tokens[user]}" in out
    assert f"http://127.0.0.1:{demo.port}/" == demo.labs["service"]["url"]
    # The service's own Jupyter token signs in no member: no link with it is advertised.
    assert f"{demo.labs['service']['url']}lab" not in out
    assert not [line for line in out.splitlines() if f":{demo.port}/?token=" in line]
    assert f'curl -H "Authorization: token {demo.tokens["ada"]}"' in out
    # Each Lab has its own root: eve's holds her posts, ada's does not.
    assert (demo.root / "labs" / "eve" / "posts" / "my-new-post.ipynb").exists()
    assert not (demo.root / "labs" / "ada" / "posts").exists()
    assert list((demo.root / "service").iterdir()) == []
    # As root the demo passes --allow-root to its own servers, and says so.
    assert ("Running as root: the demo passes --allow-root" in out) == AS_ROOT


def test_an_author_submits_in_her_lab_and_an_editor_approves_in_his(demo):
    code, draft = demo.lab("eve", "POST", "drafts", {"path": "posts/my-new-post.ipynb"})
    assert code == 201, draft
    assert draft["state"] == "submitted"
    # The notebook went as content: neither the service's root nor ada's Lab has the file.
    assert not list((demo.root / "service").iterdir())

    code, seen = demo.lab("ada", "GET", f"drafts/{draft['id']}")
    assert code == 200, seen
    assert seen["title"] == draft["title"]
    code, revision = demo.lab("ada", "GET", f"drafts/{draft['id']}/revisions/1")
    assert code == 200, revision
    cell_id = revision["cells"][0]["id"]
    code, comment = demo.lab(
        "ada", "POST", f"drafts/{draft['id']}/comments", {"body": "Nice intro.", "cell_id": cell_id}
    )
    assert code == 201, comment
    code, reviewed = demo.lab(
        "ada",
        "POST",
        f"drafts/{draft['id']}/reviews",
        {"revision": 1, "verdict": "approve", "checklist": all_passed()},
    )
    assert code in (200, 201), reviewed
    assert reviewed["state"] == "approved"

    code, mine = demo.lab("eve", "GET", f"drafts/{draft['id']}")
    assert code == 200 and mine["state"] == "approved", mine
    assert [(c["cell_id"], c["body"]) for c in mine["comments"]] == [(cell_id, "Nice intro.")]


def test_the_dashboard_in_a_member_s_folder_acts_as_that_member_unedited(demo, tmp_path):
    """The copy in ada's folder, run as it is in a kernel whose notebook is there: the kernel
    finds ada's Lab by itself, and ada's Lab answers as ada."""
    copy = demo.root / "labs" / "ada" / "editor_dashboard.ipynb"
    assert copy.exists() and not (demo.root / "labs" / "eve" / "editor_dashboard.ipynb").exists()
    out = tmp_path / "out.ipynb"
    env = {k: v for k, v in os.environ.items() if not k.startswith(("JMS_", "JUPYTERHUB_"))}
    subprocess.run(
        [sys.executable, "-m", "papermill", str(copy), str(out), "-k", "python3"]
        + ["--cwd", str(copy.parent)],
        env=env,
        check=True,
        capture_output=True,
        text=True,
        timeout=600,
    )
    nb = json.loads(out.read_text())
    printed = "".join(
        "".join(o.get("text", ""))
        for c in nb["cells"]
        if c["cell_type"] == "code"
        for o in c.get("outputs", [])
        if o["output_type"] == "stream"
    )
    lab_port = demo.labs["ada"]["url"].rstrip("/").rsplit(":", 1)[1]
    assert f":{lab_port}/ (JMS service {demo.labs['service']['url']}) as ada (editor)" in printed
    assert " as ada (editor)" in printed and "problems:" not in printed, printed
    assert "review queue: 0 draft(s)" not in printed, printed


@pytest.mark.parametrize(
    ("method", "path"),
    [
        ("GET", "api/contents"),
        ("GET", "api/kernels"),
        ("POST", "api/terminals"),
        ("GET", "lab"),
    ],
)
def test_a_member_token_on_the_service_reaches_only_the_jms_api(demo, method, path):
    service = demo.labs["service"]["url"]
    code, _ = call(method, service + path, demo.tokens["ada"], {} if method == "POST" else None)
    assert code == 403
    code, me = call("GET", service + "jms/api/me", demo.tokens["ada"])
    assert code == 200 and me["username"] == "ada"


def test_a_labs_token_opens_only_that_lab(demo):
    code, _ = call("GET", demo.labs["eve"]["url"] + "api/contents", demo.labs["ada"]["token"])
    assert code == 403
    code, listing = call("GET", demo.labs["eve"]["url"] + "api/contents", demo.labs["eve"]["token"])
    assert code == 200
    assert "posts" in {item["name"] for item in listing["content"]}


def test_sigterm_stops_every_child_and_a_restart_keeps_data_tokens_and_links(demo):
    # A kernel in eve's Lab: a grandchild the demo must not leave behind either.
    code, kernel = call(
        "POST", demo.labs["eve"]["url"] + "api/kernels", demo.labs["eve"]["token"], {}
    )
    assert code == 201, kernel
    code, draft = demo.lab("eve", "POST", "drafts", {"path": "posts/my-new-post.ipynb"})
    if code == 409:  # submitted by the test above: find it
        code, found = demo.lab("eve", "GET", "drafts?path=posts/my-new-post.ipynb")
        draft = found["items"][0]
    assert draft["id"]
    children = demo.descendants()
    assert len(children) >= 4, children  # the service, two Labs, the kernel
    tokens_before = (demo.root / ".jms" / "tokens.json").read_text()
    labs_before = demo.labs

    assert demo.stop(signal.SIGTERM) == 0
    gone, alive = psutil.wait_procs(children, timeout=30)
    assert alive == [], alive
    assert not (demo.root / ".jms" / "labs.json").exists()
    assert "Stopping the demo's servers" in demo.output()

    again = RunningDemo(demo.root, demo.port)
    try:
        assert "the demo found there, with its data and tokens" in again.output()
        assert (demo.root / ".jms" / "tokens.json").read_text() == tokens_before
        # The same links: the same ports (still free) and Lab tokens.
        assert again.labs == labs_before
        code, kept = again.lab("ada", "GET", f"drafts/{draft['id']}")
        assert code == 200, kept
        assert kept["title"] == draft["title"]
    finally:
        assert again.stop(signal.SIGINT) == 0


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="prctl is Linux's")
def test_the_servers_stop_even_when_the_demo_is_killed(tmp_path):
    demo = RunningDemo(tmp_path / "root", free_port(), members="eve")
    children = demo.descendants()
    assert len(children) >= 2, children  # the service and eve's Lab
    demo.stop(signal.SIGKILL)
    _, alive = psutil.wait_procs(children, timeout=30)
    for proc in alive:  # a failure leaves nothing behind either
        proc.kill()
    assert alive == [], alive


def test_a_busy_port_is_one_line_and_no_link(tmp_path):
    with socket.socket() as busy:
        busy.bind(("127.0.0.1", 0))
        busy.listen()
        port = busy.getsockname()[1]
        done = subprocess.run(demo_command(tmp_path / "root", port), capture_output=True, text=True)
    assert done.returncode == 2
    assert done.stderr.strip() == (
        f"jupyter jms demo: port {port} is in use; choose another with --port."
    )
    assert "token=" not in done.stdout
    # Nothing was prepared either.
    assert not (tmp_path / "root").exists()


@pytest.mark.parametrize(
    ("args", "says"),
    [
        (["--members", "ada,zed"], "unknown: zed"),
        (["--ServerApp.port=9999"], "--ServerApp.port is set by the demo"),
        (["--IdentityProvider.token=x"], "--IdentityProvider.token is set by the demo"),
    ],
)
def test_options_the_demo_cannot_take_are_one_sentence(tmp_path, args, says):
    done = subprocess.run(
        demo_command(tmp_path / "root", free_port(), *args),
        capture_output=True,
        text=True,
    )
    assert done.returncode == 2
    assert says in done.stderr
    assert "Traceback" not in done.stderr
    assert len(done.stderr.strip().splitlines()) == 1


def test_a_half_prepared_root_is_refused_in_one_sentence(tmp_path):
    root = tmp_path / "root"
    prepared = subprocess.run(
        demo_command(root, free_port(), "--prepare-only"), capture_output=True, text=True
    )
    assert prepared.returncode == 0, prepared.stderr
    tokens = json.loads((root / ".jms" / "tokens.json").read_text())
    drafts = count_rows(root, "drafts"), count_rows(root, "member_tokens")
    # Preparing again keeps the data and the tokens (and does not seed twice).
    again = subprocess.run(
        demo_command(root, free_port(), "--prepare-only"), capture_output=True, text=True
    )
    assert again.returncode == 0, again.stderr
    assert json.loads((root / ".jms" / "tokens.json").read_text()) == tokens
    assert (count_rows(root, "drafts"), count_rows(root, "member_tokens")) == drafts
    assert all(token in again.stdout for token in tokens.values())

    (root / ".jms" / "tokens.json").unlink()
    refused = subprocess.run(
        demo_command(root, free_port(), "--prepare-only"), capture_output=True, text=True
    )
    assert refused.returncode == 2
    assert "holds part of a demo (no tokens.json)" in refused.stderr
    assert "Traceback" not in refused.stderr
