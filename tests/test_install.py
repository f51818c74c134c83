"""One install runs every front: reports and widgets need no extra, only PostgreSQL does.

A missing piece anyway (a database driver, the report kernel) is one sentence naming what
to install, never a traceback.
"""

from __future__ import annotations

import importlib
import json
import subprocess
import sys
from importlib import metadata
from pathlib import Path
from typing import Any

import pytest
from packaging.requirements import Requirement
from tornado.httpclient import HTTPClientError
from traitlets.config import Config

from jupyter_jms.cli import main
from jupyter_jms.reports.runner import unavailable_reason

tomllib = pytest.importorskip("tomllib")  # Python 3.11+; the CI runs 3.11

ROOT = Path(__file__).resolve().parent.parent
FRONTS = {"papermill", "nbconvert", "ipykernel", "ipywidgets"}


def _unconditional(requirements: list[str]) -> set[str]:
    """Names of the requirements that hold without an extra (nor any other marker)."""
    names = set()
    for line in requirements:
        req = Requirement(line)
        if req.marker is None:
            names.add(req.name.lower())
    return names


def test_the_report_and_widget_packages_are_plain_dependencies() -> None:
    project = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]
    assert FRONTS <= _unconditional(project["dependencies"])
    extras = project["optional-dependencies"]
    # Old install lines keep working; only PostgreSQL's driver is an extra with content.
    assert extras["widgets"] == [] and extras["reports"] == []
    assert any(Requirement(r).name == "psycopg" for r in extras["postgres"])


def test_the_installed_distribution_requires_them_without_an_extra() -> None:
    dist = metadata.distribution("jupyter-jms")
    source = json.loads(dist.read_text("direct_url.json") or "{}").get("url", "")
    if source != ROOT.as_uri():
        pytest.skip(f"the installed jupyter-jms is built from {source or 'an index'}")
    assert FRONTS <= _unconditional(dist.requires or [])


def test_report_list_runs_in_a_fresh_process() -> None:
    done = subprocess.run(
        [sys.executable, "-m", "jupyter_jms.cli", "report", "--list"],
        capture_output=True,
        text=True,
        timeout=120,
        cwd=str(ROOT),
    )
    assert done.returncode == 0, done.stderr
    assert "attendance:" in done.stdout and "publication:" in done.stdout
    assert "Traceback" not in done.stderr


def test_reports_can_run_here_and_a_missing_kernel_is_one_sentence() -> None:
    assert unavailable_reason() == ""
    reason = unavailable_reason("no-such-kernel-jms")
    assert "python -m ipykernel install" in reason and "\n" not in reason


def test_every_panel_imports() -> None:
    widgets = importlib.import_module("jupyter_jms.widgets")
    for name in widgets.__all__:
        assert getattr(widgets, name) is not None, name


def test_a_missing_database_driver_is_one_sentence(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv("JUPYTER_CONFIG_DIR", str(tmp_path))
    url = "postgresql+pg8000://jms:secret-pw@127.0.0.1:9/jms"
    assert main(["--db", url, "db", "current"]) == 2
    err = capsys.readouterr().err
    assert "driver (pg8000) is not installed: install the Python package pg8000." in err
    assert "Traceback" not in err and "secret-pw" not in err


@pytest.fixture
def jp_server_config() -> Config:
    return Config(
        {
            "ServerApp": {"jpserver_extensions": {"jupyter_jms": True}},
            "JmsApp": {"database_url": "postgresql+pg8000://jms:secret-pw@127.0.0.1:9/jms"},
        }
    )


async def test_a_server_without_the_driver_starts_without_the_jms_routes(
    jp_serverapp: Any, jp_fetch: Any
) -> None:
    # The reason is logged as one sentence (see JmsApp.initialize_settings); Lab still runs.
    assert "jms" not in jp_serverapp.web_app.settings
    assert (await jp_fetch("api", "status")).code == 200
    with pytest.raises(HTTPClientError) as got:
        await jp_fetch("jms", "api", "me")
    assert got.value.code == 404
