"""Registry export and import: a lossless round trip, and all-or-nothing imports."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml
from conftest import fresh_postgres_database

from jupyter_jms.cli import main as cli
from jupyter_jms.container import Services
from jupyter_jms.domain.access import Caller
from jupyter_jms.errors import InvalidInput
from jupyter_jms.store.db import Store

ADMIN = Caller("restorer", frozenset({"admin"}))
YAML = {"Content-Type": "application/yaml"}


@pytest.fixture
def other_db(db_url, tmp_path):
    """A second, empty database on the same backend as the test server."""
    if db_url.startswith("sqlite"):
        yield f"sqlite:///{tmp_path / 'other.sqlite'}"
        return
    url, drop = fresh_postgres_database()
    yield url
    drop()


def services_on(url: str) -> Services:
    store = Store(url)
    store.ensure_schema()
    return Services(store)


async def busy_registry(api):
    """Grants (one revoked), votes (one amended, one ranked), a consensus that made a channel."""
    g = await api.ok(
        "dana",
        "POST",
        "channels/mastodon/grants",
        {
            "username": "ada",
            "access": "publisher",
            "vault_ref": "op://JMS/Mastodon",
            "reason": "posts",
        },
    )
    await api.ok(
        "dana",
        "PATCH",
        f"channels/mastodon/grants/{g['id']}",
        {"action": "revoke", "if_version": g["version"]},
    )
    await api.ok(
        "dana",
        "POST",
        "channels/bluesky/grants",
        {
            "username": "ben",
            "access": "viewer",
            "vault_ref": "vault://jms/bluesky",
            "reason": "reads DMs",
        },
    )
    v = await api.ok(
        "dana",
        "POST",
        "decisions",
        {
            "type": "vote",
            "title": "Retire LinkedIn",
            "seconded_by": "ada",
            "channel": "linkedin",
            "channel_action": "retire",
        },
    )
    await api.call("ada", "POST", f"decisions/{v['id']}/votes", {"choice": "no"})
    v = await api.ok(
        "dana", "PATCH", f"decisions/{v['id']}", {"body": "Amended", "if_version": v["version"]}
    )
    for user in ("ada", "ben", "dana"):
        await api.call(user, "POST", f"decisions/{v['id']}/votes", {"choice": "yes"})
    await api.ok("dana", "POST", f"decisions/{v['id']}/close")
    r = await api.ok(
        "dana",
        "POST",
        "decisions",
        {
            "type": "vote",
            "question": "ranked",
            "title": "Pick",
            "options": ["x", "y"],
            "seconded_by": "ben",
        },
    )
    await api.call("ada", "POST", f"decisions/{r['id']}/votes", {"ranking": ["y", "x"]})
    await api.ok(
        "dana",
        "POST",
        "decisions",
        {
            "type": "consensus",
            "title": "Open a newsletter",
            "channel": "news",
            "channel_action": "create",
            "channel_change": {"name": "Jupyter News", "kind": "newsletter"},
        },
    )


async def export_text(api) -> str:
    resp = await api.fetch(
        "jms", "api", "export", headers={"Authorization": f"token {api.tokens['dana']}"}
    )
    assert resp.headers["Content-Type"].startswith("application/yaml")
    return resp.body.decode()


async def test_export_import_round_trip_is_lossless(api, other_db):
    await busy_registry(api)
    first = await export_text(api)
    data = yaml.safe_load(first)
    assert {"members", "channels", "grants", "decisions", "channel_decisions"} <= set(data)
    assert len(data["grants"]) == 2 and len(data["decisions"]) == 3
    amended = next(d for d in data["decisions"] if d["title"] == "Retire LinkedIn")
    assert amended["round"] == 2 and len(amended["votes"]) == 4
    other = services_on(other_db)
    try:
        counts = other.registry_io.import_text(first, actor="restorer")
        assert counts["created"] == len(data["members"]) + len(data["channels"]) + 2 + 3
        second = other.registry_io.export_yaml(ADMIN)
        assert second == first
        # New rows after an import do not collide with imported ids.
        other.decisions.create(ADMIN, {"title": "After the restore"})
    finally:
        other.close()
    # Importing a registry into itself changes nothing.
    before = api.count_events()
    again = api.services.registry_io.import_text(first, actor="dana")
    assert again["created"] == again["updated"] == 0
    assert api.count_events() == before


async def test_malformed_yaml_import_changes_nothing(api):
    await busy_registry(api)
    before, events = await export_text(api), api.count_events()
    code, err = await api.call(
        "dana", "POST", "import", raw=b"members: [\n  - {username: ", headers=YAML
    )
    assert code == 400 and "not valid YAML" in err["message"]
    code, err = await api.call("dana", "POST", "import", {"content": "- just\n- a list\n"})
    assert code == 400
    assert await export_text(api) == before and api.count_events() == events


async def test_an_import_with_one_bad_entry_imports_nothing(api):
    doc = yaml.safe_load(await export_text(api))
    doc["members"].append({"username": "newbie", "name": "New Member"})
    doc["channels"].append({"id": "matrix", "name": "Jupyter on Matrix", "kind": "chat"})
    good_tail = {
        "id": 1,
        "channel": "matrix",
        "username": "newbie",
        "access": "viewer",
        "granted_by": "dana",
        "granted_at": "2026-01-01T00:00:00Z",
    }
    before, events = await export_text(api), api.count_events()
    for bad in (
        {**good_tail, "vault_ref": "ghp_0123456789abcdefghijklmnopqrstuvwxyzAB"},
        {**good_tail, "channel": "nowhere"},
        {**good_tail, "username": "stranger"},
        {**good_tail, "granted_at": "last tuesday"},
    ):
        doc["grants"] = [bad]
        code, err = await api.call(
            "dana", "POST", "import", raw=yaml.safe_dump(doc).encode(), headers=YAML
        )
        assert code == 400 and "nothing was imported" in err["message"], bad
        assert err["errors"][0]["field"].startswith("grants[0]")
    assert await export_text(api) == before and api.count_events() == events
    doc["grants"] = [{**good_tail, "vault_ref": "op://JMS/Matrix"}]
    result = await api.ok("dana", "POST", "import", raw=yaml.safe_dump(doc).encode(), headers=YAML)
    assert result["created"] == 3
    reach = await api.ok("dana", "GET", "members/newbie/grants")
    assert [g["channel"] for g in reach["items"]] == ["matrix"]


async def test_a_registry_with_two_preferred_channels_is_refused(api):
    doc = yaml.safe_load(await export_text(api))
    for c in doc["channels"]:
        if c["id"] == "bluesky":
            c["preferred"] = True
    with pytest.raises(InvalidInput) as exc:
        api.services.registry_io.import_text(yaml.safe_dump(doc), actor="dana")
    assert "exactly one" in str(exc.value.errors)


async def test_only_admins_export_and_import(api):
    for user in ("ada", "carla", "eve"):
        code, _ = await api.call(user, "GET", "export")
        assert code == 403
        code, _ = await api.call(user, "POST", "import", {"content": "members: []"})
        assert code == 403


async def test_cli_page_export_and_import(api, tmp_path: Path, db_url, other_db, capsys):
    page = tmp_path / "page.html"
    assert cli(["--db", db_url, "page", "--html", "-o", str(page)]) == 0
    html = page.read_text()
    assert "<h1>Jupyter Media Strategy</h1>" in html and "Project Jupyter on Mastodon" in html
    assert cli(["--db", db_url, "page"]) == 0
    assert "**preferred channel**" in capsys.readouterr().out
    dump = tmp_path / "registry.yaml"
    assert cli(["--db", db_url, "export", "-o", str(dump)]) == 0
    assert cli(["--db", other_db, "import", str(dump)]) == 0
    out = tmp_path / "again.yaml"
    assert cli(["--db", other_db, "export", "-o", str(out)]) == 0
    assert out.read_text() == dump.read_text()
    bad = tmp_path / "bad.yaml"
    bad.write_text("channels: {")
    assert cli(["--db", other_db, "import", str(bad)]) == 2
    assert "not valid YAML" in capsys.readouterr().err
