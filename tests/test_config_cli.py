"""The command line reads the Jupyter configuration the server reads.

A ``jupyter_server_config.py`` alone selects the database for ``jupyter jms`` and for the
server; ``--db`` and ``JMS_DATABASE_URL`` win over it; the attendance policy it sets is the
one ``attendance flags --record`` applies; the database is named on stderr, never with its
password.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from meetings_fixtures import create_series, import_roster, record_attendance
from sqlalchemy import func, select
from sqlalchemy.engine import make_url
from traitlets.config import Config

from jupyter_jms.cli import main
from jupyter_jms.cli.context import configured_app
from jupyter_jms.container import Services
from jupyter_jms.store.db import Store, describe_url
from jupyter_jms.store.models import AttendanceFlag

DATA = Path(__file__).resolve().parent.parent / "jupyter_jms" / "data"
ROOT = Path(__file__).resolve().parent.parent
PASSWORD = "pw-never-shown-7d1c"


def write_config(folder: Path, **jms: Any) -> None:
    lines = [f"c.JmsApp.{key} = {value!r}" for key, value in jms.items()]
    (folder / "jupyter_server_config.py").write_text("\n".join(lines) + "\n")


def with_password(url: str) -> str:
    """The URL with a password in it (the test cluster trusts local connections, so it is
    accepted and ignored; SQLite URLs have none)."""
    parsed = make_url(url)
    if parsed.get_backend_name() != "postgresql":
        return url
    return parsed.set(password=PASSWORD).render_as_string(hide_password=False)


@pytest.fixture
def configured_url(db_url: str) -> str:
    return with_password(db_url)


@pytest.fixture
def jp_server_config(configured_url: str, jp_config_dir: Path) -> Config:
    # The database and the policy come from the config file only, as in a deployment.
    write_config(
        jp_config_dir, database_url=configured_url, attendance_policy={"threshold": "9/10"}
    )
    return Config(
        {
            "ServerApp": {
                "jpserver_extensions": {"jupyter_jms": True},
                "identity_provider_class": "jupyter_jms.auth.JmsIdentityProvider",
            },
            "JmsApp": {"identity": "server"},
        }
    )


def run_cli(*args: str, env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "jupyter_jms.cli", *args],
        env=env,
        cwd=str(ROOT),
        capture_output=True,
        text=True,
        timeout=120,
    )


def cli_env(config_dir: Path, data_dir: Path, **extra: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k != "JMS_DATABASE_URL"}
    env |= {
        "JUPYTER_CONFIG_DIR": str(config_dir),
        "JUPYTER_DATA_DIR": str(data_dir),
        "PYTHONPATH": str(ROOT),
    }
    return env | extra


async def test_a_config_file_alone_selects_the_database_for_cli_and_server(
    jp_serverapp: Any, jp_fetch: Any, jp_config_dir: Path, configured_url: str, tmp_path: Path
) -> None:
    services = jp_serverapp.web_app.settings["jms"]
    assert describe_url(services.store.url) == describe_url(configured_url)

    data_dir = tmp_path / "cli-data"
    env = cli_env(jp_config_dir, data_dir)
    roster = run_cli("roster", "import", str(DATA / "demo-roster.yaml"), env=env)
    assert roster.returncode == 0, roster.stderr
    assert f"database: {describe_url(configured_url)}\n" in roster.stderr
    created = run_cli("token", "create", "ada", env=env)
    assert created.returncode == 0, created.stderr
    token = created.stdout.strip().splitlines()[-1]
    for done in (roster, created):
        assert PASSWORD not in done.stdout + done.stderr
    # Nothing went to the default SQLite file under the data dir.
    assert not (data_dir / "jms" / "jms.sqlite").exists()

    # The server, configured by the same file, sees what the command line wrote.
    resp = await jp_fetch("jms", "api", "me", headers={"Authorization": f"token {token}"})
    me = json.loads(resp.body)
    assert me["username"] == "ada" and me["member"] is True
    assert services.members.list() and {m["username"] for m in services.members.list()} >= {
        "ada",
        "dana",
    }


def test_commands_pick_the_database_in_the_servers_order(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    config_dir = tmp_path / "config"
    config_dir.mkdir()
    urls = {name: f"sqlite:///{tmp_path / name / 'jms.sqlite'}" for name in ("cfg", "env", "flag")}
    write_config(config_dir, database_url=urls["cfg"])
    monkeypatch.setenv("JUPYTER_CONFIG_DIR", str(config_dir))
    monkeypatch.setenv("JUPYTER_DATA_DIR", str(tmp_path / "data"))
    monkeypatch.delenv("JMS_DATABASE_URL", raising=False)
    roster = str(DATA / "demo-roster.yaml")

    def used(*argv: str) -> str:
        assert main([*argv, "roster", "import", roster]) == 0
        err = capsys.readouterr().err
        return err.split("database: ", 1)[1].splitlines()[0]

    assert used() == urls["cfg"]
    monkeypatch.setenv("JMS_DATABASE_URL", urls["env"])
    # The config wins over the environment, as it does for the server (JmsApp.database_url's
    # default is the environment variable).
    assert used() == urls["cfg"]
    # The extension as the server configures it (config files, then its link step).
    assert configured_app().database_url == urls["cfg"]
    assert used("--db", urls["flag"]) == urls["flag"]
    write_config(config_dir)
    assert used() == urls["env"]
    for name, url in urls.items():
        svc = Services(Store(url))
        assert svc.members.list(), name  # each one got the roster when it was named
        svc.close()
    assert not (tmp_path / "data" / "jms").exists()


def test_a_password_never_shows_even_when_the_database_is_unreachable(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv("JUPYTER_CONFIG_DIR", str(tmp_path))
    url = f"postgresql://jms:{PASSWORD}@127.0.0.1:9/jms"
    assert main(["--db", url, "db", "current"]) == 3
    out = capsys.readouterr()
    assert "database: postgresql://jms@127.0.0.1:9/jms" in out.err
    assert "error: the database could not be used" in out.err
    assert PASSWORD not in out.out + out.err and "Traceback" not in out.err


def _ada_misses_five(url: str) -> None:
    """ada attends one, misses five, then attends five bi-weekly meetings (2024)."""
    import_roster(url)
    create_series(url)
    record_attendance(url, "ada", "AMMMMMAAAAA")


def test_attendance_flags_record_applies_the_configured_policy(
    db_url: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    _ada_misses_five(db_url)
    monkeypatch.delenv("JMS_DATABASE_URL", raising=False)
    flags = ["attendance", "flags", "--as-of", "2024-09-01"]

    # Under the default policy (no config), ada is flagged.
    monkeypatch.setenv("JUPYTER_CONFIG_DIR", str(tmp_path / "none"))
    capsys.readouterr()
    assert main(["--db", db_url, *flags]) == 0
    assert "FLAG ada" in capsys.readouterr().out

    # A config that asks for more than 9/10 missed: the command line applies it, and the
    # flags it keeps are the ones the server would raise.
    config_dir = tmp_path / "config"
    config_dir.mkdir()
    write_config(config_dir, database_url=db_url, attendance_policy={"threshold": "9/10"})
    monkeypatch.setenv("JUPYTER_CONFIG_DIR", str(config_dir))
    assert main([*flags, "--record"]) == 0
    out = capsys.readouterr()
    assert f"database: {describe_url(db_url)}" in out.err
    assert "more than 9/10 of meetings missed" in out.out
    assert "no flags" in out.out and "0 raised" in out.out
    store = Store(db_url)
    try:
        with store.read() as s:
            assert s.scalar(select(func.count()).select_from(AttendanceFlag)) == 0
    finally:
        store.dispose()
