"""The store's schema handling and the `jupyter jms` command line."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from sqlalchemy import text

from jupyter_jms.cli import main
from jupyter_jms.store.db import SchemaMismatch, Store

DATA = Path(__file__).resolve().parent.parent / "jupyter_jms" / "data"


def test_fresh_sqlite_gets_wal_foreign_keys_and_busy_timeout(tmp_path):
    store = Store(f"sqlite:///{tmp_path / 'jms.sqlite'}")
    store.ensure_schema()
    with store.read() as s:
        assert s.execute(text("PRAGMA journal_mode")).scalar() == "wal"
        assert s.execute(text("PRAGMA foreign_keys")).scalar() == 1
        assert s.execute(text("PRAGMA busy_timeout")).scalar() >= 5000
    assert store.current_revision() == store.head_revision()


def test_start_up_refuses_an_older_schema_and_says_what_to_run(db_url):
    store = Store(db_url)
    store.upgrade(backup=False)
    with store.engine.begin() as conn:
        conn.execute(text("UPDATE alembic_version SET version_num = '0001'"))
    if store.head_revision() == "0001":
        pytest.skip("only one schema revision so far")
    with pytest.raises(SchemaMismatch, match="jupyter jms db upgrade"):
        store.ensure_schema()
    store.dispose()


def test_start_up_refuses_a_newer_unknown_schema(db_url):
    store = Store(db_url)
    store.upgrade(backup=False)
    with store.engine.begin() as conn:
        conn.execute(text("UPDATE alembic_version SET version_num = 'ffff'"))
    with pytest.raises(SchemaMismatch, match="newer jupyter-jms"):
        store.ensure_schema()
    store.dispose()


def test_db_upgrade_backs_up_sqlite_first(tmp_path, capsys):
    url = f"sqlite:///{tmp_path / 'jms.sqlite'}"
    Store(url).ensure_schema()
    assert main(["--db", url, "db", "upgrade"]) == 0
    out = capsys.readouterr().out
    backups = list(tmp_path.glob("jms.sqlite.*.bak"))
    assert len(backups) == 1 and str(backups[0]) in out
    # the copy is a usable database at the same revision
    assert Store(f"sqlite:///{backups[0]}").current_revision() == Store(url).head_revision()


def test_roster_import_token_create_and_revoke(tmp_path, capsys, monkeypatch):
    url = f"sqlite:///{tmp_path / 'jms.sqlite'}"
    monkeypatch.setenv("JMS_DATABASE_URL", url)
    assert main(["roster", "import", str(DATA / "demo-roster.yaml")]) == 0
    assert "6 created" in capsys.readouterr().out
    # importing again changes nothing
    assert main(["roster", "import", str(DATA / "demo-roster.yaml")]) == 0
    assert "0 created, 0 updated" in capsys.readouterr().out
    assert main(["token", "create", "ada"]) == 0
    token = capsys.readouterr().out.strip().splitlines()[-1]
    assert token.startswith("jms_")
    from jupyter_jms.container import Services

    svc = Services(Store(url))
    assert svc.tokens.resolve(token) == "ada"
    assert main(["token", "revoke", token]) == 0
    assert svc.tokens.resolve(token) is None
    assert main(["token", "create", "nobody"]) == 2
    assert "No member 'nobody'" in capsys.readouterr().err


def test_malformed_roster_imports_nothing(tmp_path, capsys, monkeypatch):
    url = f"sqlite:///{tmp_path / 'jms.sqlite'}"
    monkeypatch.setenv("JMS_DATABASE_URL", url)
    bad = tmp_path / "roster.yaml"
    bad.write_text(
        "members:\n  - username: ok\n  - username: bad\n    roles:\n"
        "      - {role: wizard, since: 2025-01-01}\n      - {role: council, since: nope}\n"
    )
    assert main(["roster", "import", str(bad)]) == 2
    err = capsys.readouterr().err
    assert "members[1].roles[0].role" in err and "members[1].roles[1].since" in err
    from jupyter_jms.container import Services

    assert Services(Store(url)).members.list() == []
    bad.write_text("members: [unclosed")
    assert main(["roster", "import", str(bad)]) == 2


def test_demo_prepares_members_channels_and_drafts_in_several_states(tmp_path, capsys):
    assert main(["demo", "--prepare-only", "--root", str(tmp_path)]) == 0
    out = capsys.readouterr().out
    tokens = json.loads((tmp_path / ".jms" / "tokens.json").read_text())
    assert set(tokens) == {"ada", "ben", "carla", "dana", "eve"}
    assert all(t in out for t in tokens.values())
    from jupyter_jms.container import Services

    svc = Services(Store(f"sqlite:///{tmp_path / '.jms' / 'jms.sqlite'}"))
    page = svc.drafts.list(svc.members.caller("ada"), limit=50)
    states = {d["state"] for d in page["items"]}
    assert {
        "submitted",
        "in_review",
        "changes_requested",
        "approved",
        "published",
        "withdrawn",
    } <= states
    assert any(d["language"] == "es" for d in page["items"])
    assert any(d["third_party"] for d in page["items"])


def test_jupyter_finds_the_jms_subcommand_and_the_extensions():
    bindir = Path(sys.executable).parent
    env = {**os.environ, "PATH": f"{bindir}{os.pathsep}{os.environ.get('PATH', '')}"}
    out = subprocess.run(
        [str(bindir / "jupyter"), "jms", "--version"], capture_output=True, text=True, env=env
    )
    assert out.returncode == 0 and out.stdout.strip()
    server = subprocess.run(
        [str(bindir / "jupyter"), "server", "extension", "list"],
        capture_output=True,
        text=True,
        env=env,
    )
    assert "jupyter_jms" in server.stderr + server.stdout
    assert "OK" in (server.stderr + server.stdout).split("jupyter_jms", 1)[1]
    lab = subprocess.run(
        [str(bindir / "jupyter"), "labextension", "list"], capture_output=True, text=True, env=env
    )
    text_ = lab.stderr + lab.stdout
    assert "jupyter-jms" in text_ and "enabled" in text_.split("jupyter-jms", 1)[1].splitlines()[0]
