"""``jupyter jms serve`` itself: the configuration it gives the server, and a real process of
it (a private empty root, the landing page, the operator's own options kept)."""

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

from jupyter_jms.cli import serve_config


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
