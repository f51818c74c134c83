"""The authorization matrix over the whole server: on a service configured as ``jupyter jms
serve`` configures it, a member token opens the JMS API and nothing else; the operator's own
token keeps the rest; anonymous callers are refused or sent to the login page as before.

The server runs JupyterLab and the terminals extension too, so ``/lab``, its settings and
workspaces APIs and ``/api/terminals`` are real handlers here, not 404s."""

from __future__ import annotations

import json
import os
import re
import stat
import subprocess
import sys
import urllib.error
import urllib.request
from pathlib import Path
from typing import Any

import pytest
from jms_service import free_port, wait_for_server
from traitlets.config import Config

from jupyter_jms.cli import serve_config

MEMBERS = {"author": "eve", "editor": "ada", "admin": "dana"}
WRITE = json.dumps({"type": "file", "format": "text", "content": "the operator's"})

# (name, method, path, body): every one answers 403 to each member token.
SERVER_ROWS = [
    ("start a kernel", "POST", "api/kernels", json.dumps({"name": "python3"})),
    ("list kernels", "GET", "api/kernels", None),
    ("kernel websocket", "GET", "api/kernels/00000000-0000-0000-0000-000000000000/channels", None),
    ("open a terminal", "POST", "api/terminals", "{}"),
    ("list terminals", "GET", "api/terminals", None),
    ("terminal websocket", "GET", "terminals/websocket/1", None),
    ("list contents", "GET", "api/contents", None),
    ("read a file's model", "GET", "api/contents/x.txt", None),
    ("overwrite a file", "PUT", "api/contents/x.txt", WRITE),
    ("copy a file", "POST", "api/contents", json.dumps({"copy_from": "x.txt"})),
    ("delete a file", "DELETE", "api/contents/x.txt", None),
    ("download a file", "GET", "files/x.txt", None),
    ("list sessions", "GET", "api/sessions", None),
    ("kernelspecs", "GET", "api/kernelspecs", None),
    ("nbconvert", "GET", "api/nbconvert", None),
    ("frontend config", "GET", "api/config/notebook", None),
    ("server status", "GET", "api/status", None),
    ("server identity", "GET", "api/me", None),
    ("emit an event", "POST", "api/events", json.dumps({"schema_id": "x", "data": {}})),
    ("the Lab page", "GET", "lab", None),
    ("the Lab tree page", "GET", "lab/tree/x.txt", None),
    ("Lab settings", "GET", "lab/api/settings", None),
    ("Lab workspaces", "GET", "lab/api/workspaces", None),
    (
        "save a Lab workspace",
        "PUT",
        "lab/api/workspaces/w",
        json.dumps({"data": {}, "metadata": {"id": "w"}}),
    ),
    # nbdime (a dependency, for the revision diff) enables its own server extension, whose
    # handlers read the server's files: members stay out of it too.
    ("nbdime diff of two files", "POST", "nbdime/api/diff", json.dumps({"base": "x.txt"})),
    ("nbdime diff tool page", "GET", "nbdime/difftool", None),
    ("nbdime git check", "POST", "nbdime/api/isgit", json.dumps({"path": "x.txt"})),
]

# What the operator's token still gets on the same server (status, or a set of statuses).
OPERATOR_ROWS = [
    ("GET", "api/kernels", None, 200),
    ("GET", "api/terminals", None, 200),
    ("GET", "api/contents", None, 200),
    ("GET", "api/contents/x.txt", None, 200),
    ("GET", "files/x.txt", None, 200),
    ("GET", "api/sessions", None, 200),
    ("GET", "api/kernelspecs", None, 200),
    ("GET", "api/status", None, 200),
    ("GET", "api/me", None, 200),
    ("GET", "lab", None, 200),
    ("GET", "lab/api/settings", None, 200),
    ("GET", "lab/api/workspaces", None, 200),
    ("PUT", "api/contents/y.txt", WRITE, 201),
    ("GET", "jms/api/me", None, 200),
]


@pytest.fixture
def jp_server_config(db_url: str, jp_root_dir: Path) -> Config:
    """``jupyter jms serve``'s own configuration, with Lab and terminals loaded."""
    config = serve_config(str(jp_root_dir))
    config["ServerApp"]["jpserver_extensions"] = {  # type: ignore[assignment]
        "jupyter_jms": True,
        "jupyterlab": True,
        "jupyter_server_terminals": True,
        "nbdime": True,
    }
    config["JmsApp"]["database_url"] = db_url
    return Config(config)


async def _send(jp_fetch: Any, token: str | None, method: str, path: str, body: Any, **kw: Any):
    headers = {"Authorization": f"token {token}" if token else ""}
    headers.update(kw.pop("headers", {}))
    return await jp_fetch(
        *path.split("/"),
        method=method,
        body=body,
        headers=headers,
        raise_error=False,
        follow_redirects=False,
        **kw,
    )


def _state(jp_serverapp: Any, root: Path) -> dict[str, Any]:
    """What a refused request must leave alone: files, kernels, terminals, sessions."""
    terminals = jp_serverapp.web_app.settings.get("terminal_manager")
    return {
        "files": sorted(
            (str(p.relative_to(root)), p.read_bytes()) for p in root.rglob("*") if p.is_file()
        ),
        "kernels": list(jp_serverapp.kernel_manager.list_kernel_ids()),
        "terminals": len(terminals.terminals) if terminals else 0,
    }


@pytest.mark.parametrize("part", list(MEMBERS))
async def test_a_member_token_opens_nothing_but_the_jms_api(
    part, api, jp_fetch, jp_serverapp, jp_root_dir
):
    root = Path(jp_root_dir)
    (root / "x.txt").write_text("the operator's file")
    token = api.tokens[MEMBERS[part]]
    before = _state(jp_serverapp, root)
    got = {}
    for name, method, path, body in SERVER_ROWS:
        resp = await _send(jp_fetch, token, method, path, body)
        got[name] = resp.code
    assert got == {name: 403 for name, *_ in SERVER_ROWS}
    assert _state(jp_serverapp, root) == before

    # The JMS API still answers the same token: who they are, the page, their drafts, a submit.
    me = await _send(jp_fetch, token, "GET", "jms/api/me", None)
    assert me.code == 200 and json.loads(me.body)["username"] == MEMBERS[part]
    page = await _send(jp_fetch, token, "GET", "jms/api/page", None, params={"format": "html"})
    assert page.code == 200
    assert (await _send(jp_fetch, token, "GET", "jms/api/drafts", None)).code == 200
    api.write_post(f"posts/{part}.ipynb", authors=[MEMBERS[part]])
    code, draft = await api.call(MEMBERS[part], "POST", "drafts", {"path": f"posts/{part}.ipynb"})
    assert code == 201, draft


async def test_a_member_cookie_is_held_to_the_same_rule(api, jp_fetch):
    """A browser signed in with a member token gets the same 403 outside the JMS API."""
    resp = await _send(jp_fetch, api.tokens["eve"], "GET", "jms/api/me", None)
    cookie = "; ".join(
        c.split(";", 1)[0] for c in resp.headers.get_list("Set-Cookie") if "username" in c
    )
    assert cookie, resp.headers
    jms = await _send(jp_fetch, None, "GET", "jms/api/me", None, headers={"Cookie": cookie})
    assert jms.code == 200 and json.loads(jms.body)["username"] == "eve"
    for path in ("lab", "api/contents", "api/kernels", "lab/api/settings"):
        resp = await _send(jp_fetch, None, "GET", path, None, headers={"Cookie": cookie})
        assert resp.code == 403, path


async def test_the_operator_token_keeps_the_whole_server(
    api, jp_fetch, jp_root_dir, jp_auth_header
):
    (Path(jp_root_dir) / "x.txt").write_text("the operator's file")
    token = jp_auth_header["Authorization"].split()[1]
    got = {}
    for method, path, body, _ in OPERATOR_ROWS:
        got[(method, path)] = (await _send(jp_fetch, token, method, path, body)).code
    assert got == {(m, p): code for m, p, _, code in OPERATOR_ROWS}
    # and a terminal, which it then closes
    resp = await _send(jp_fetch, token, "POST", "api/terminals", "{}")
    assert resp.code == 200
    name = json.loads(resp.body)["name"]
    assert (await _send(jp_fetch, token, "DELETE", f"api/terminals/{name}", None)).code == 204


async def test_anonymous_callers_are_refused_or_sent_to_sign_in(api, jp_fetch):
    for name, method, path, body in SERVER_ROWS:
        resp = await _send(jp_fetch, None, method, path, body)
        if method == "GET" and resp.code == 302:
            assert "/login" in resp.headers["Location"], name
        else:
            assert resp.code == 403, (name, resp.code)
    assert (await _send(jp_fetch, None, "GET", "jms/api/me", None)).code == 403


@pytest.mark.parametrize("who", ["anonymous", "author", "operator"])
async def test_the_landing_page_and_the_login_page_are_open(who, api, jp_fetch, jp_auth_header):
    token = {
        "anonymous": None,
        "author": api.tokens["eve"],
        "operator": jp_auth_header["Authorization"].split()[1],
    }[who]
    resp = await _send(jp_fetch, token, "GET", "jms/", None)
    assert resp.code == 200
    html = resp.body.decode()
    for words in (
        "jupyter jms connect",
        "c.JmsApp.service_url",
        "c.JmsApp.service_token",
        "JMS_SERVICE_URL",
        "jms/api/page",
    ):
        assert words in html, words
    login = await _send(jp_fetch, token, "GET", "login", None)
    assert login.code in (200, 302)
    if login.code == 302:  # already signed in: sent on, not to a refusal
        assert "/login" not in login.headers["Location"]
    # the login page's own assets, and signing out
    assert (await _send(jp_fetch, token, "GET", "static/favicons/favicon.ico", None)).code == 200
    assert (await _send(jp_fetch, token, "GET", "logout", None)).code == 200


def test_serve_configuration_installs_the_authorizer_and_no_allow_root():
    config = serve_config("/nowhere")
    assert config["ServerApp"]["authorizer_class"] == "jupyter_jms.authorizer.JmsAuthorizer"
    assert config["ServerApp"]["root_dir"] == "/nowhere"
    assert "allow_root" not in json.dumps(config)


# -- a real `jupyter jms serve` process ------------------------------------------------------


def _serve(tmp_path: Path, *extra: str) -> tuple[subprocess.Popen[bytes], dict[str, str], Path]:
    env = {
        **os.environ,
        "JUPYTER_DATA_DIR": str(tmp_path / "data"),
        "JUPYTER_CONFIG_DIR": str(tmp_path / "config"),
        "JUPYTER_RUNTIME_DIR": str(tmp_path / "runtime"),
        "JMS_DATABASE_URL": f"sqlite:///{tmp_path / 'jms.sqlite'}",
    }
    log = tmp_path / "serve.log"
    proc = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "jupyter_jms.cli",
            "serve",
            "--no-browser",
            "--ip=127.0.0.1",
            "--IdentityProvider.token=operator-token",
            *extra,
        ],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=log.open("w"),
    )
    return proc, env, log


@pytest.mark.skipif(not hasattr(os, "geteuid") or os.geteuid() != 0, reason="needs root")
def test_serve_as_root_does_not_add_allow_root(tmp_path):
    proc, _, log = _serve(tmp_path, f"--port={free_port()}")
    try:
        assert proc.wait(timeout=60) != 0
    finally:
        if proc.poll() is None:
            proc.kill()
    assert "--allow-root" in log.read_text()


def test_serve_runs_on_a_private_empty_root_and_leads_to_the_landing_page(tmp_path):
    port = free_port()
    extra = [f"--port={port}", "--ServerApp.port_retries=0"]
    if hasattr(os, "geteuid") and os.geteuid() == 0:
        extra.append("--allow-root")  # this test's own, deliberate choice
    proc, _, log = _serve(tmp_path, *extra)
    base = f"http://127.0.0.1:{port}/"

    class NoRedirect(urllib.request.HTTPRedirectHandler):
        def redirect_request(self, *args: Any, **kwargs: Any) -> None:
            return None

    opener = urllib.request.build_opener(NoRedirect)

    def get(path: str) -> tuple[int, dict[str, str], bytes]:
        req = urllib.request.Request(base + path, headers={"Authorization": "token operator-token"})
        try:
            with opener.open(req, timeout=10) as resp:
                return resp.status, dict(resp.headers), resp.read()
        except urllib.error.HTTPError as exc:
            return exc.code, dict(exc.headers), exc.read()

    try:
        up = wait_for_server(lambda: get("jms/api/version")[0] == 200, proc)
        assert up, log.read_text()
        code, headers, _ = get("")
        assert code == 302 and re.search(r"/jms/\??$", headers["Location"]), (code, headers)
        code, _, body = get("api/contents")
        assert code == 200 and json.loads(body)["content"] == []
        root = tmp_path / "data" / "jms" / "service-root"
        assert root.is_dir() and stat.S_IMODE(root.stat().st_mode) == 0o700
        assert list(root.iterdir()) == []
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=20)
        except subprocess.TimeoutExpired:
            proc.kill()


def test_serve_keeps_a_root_the_operator_chose(tmp_path, monkeypatch):
    from jupyter_jms.cli import _root_dir_chosen

    monkeypatch.setenv("JUPYTER_CONFIG_DIR", str(tmp_path))
    assert not _root_dir_chosen(["--port=8890"])
    assert _root_dir_chosen(["--ServerApp.root_dir=/srv/jms"])
    assert _root_dir_chosen(["--notebook-dir", "/srv/jms"])
    (tmp_path / "jupyter_server_config.json").write_text(
        json.dumps({"ServerApp": {"root_dir": str(tmp_path)}})
    )
    assert _root_dir_chosen([])
    assert "root_dir" not in serve_config(None)["ServerApp"]


def test_an_option_the_operator_gives_replaces_the_services_own(tmp_path, monkeypatch):
    from jupyter_jms.cli import serve_argv

    monkeypatch.setenv("JUPYTER_CONFIG_DIR", str(tmp_path / "config"))
    monkeypatch.setenv("JUPYTER_DATA_DIR", str(tmp_path / "data"))
    argv = serve_argv(["--port=8890"])
    assert "--ServerApp.authorizer_class=jupyter_jms.authorizer.JmsAuthorizer" in argv
    assert f"--ServerApp.root_dir={tmp_path / 'data' / 'jms' / 'service-root'}" in argv
    assert not any("allow" in a and "root" in a for a in argv)
    mine = "--LabApp.default_url=/lab"
    argv = serve_argv([mine, "--ServerApp.root_dir=/srv/jms"])
    assert [a for a in argv if a.startswith("--LabApp.default_url")] == [mine]
    assert [a for a in argv if "root_dir" in a] == ["--ServerApp.root_dir=/srv/jms"]
