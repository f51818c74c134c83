"""The demo's channels are set up for publishing without reaching any platform: the blog is
exported, every other channel is manual."""

from __future__ import annotations

from pathlib import Path

from conftest import DATA

from jupyter_jms.container import Services
from jupyter_jms.sample.demo import seed_registry
from jupyter_jms.store.db import Store


def test_the_demo_exports_the_blog_and_posts_nowhere_by_itself(tmp_path: Path) -> None:
    store = Store(f"sqlite:///{tmp_path / 'demo.sqlite'}")
    store.ensure_schema()
    svc = Services(store)
    try:
        svc.members.import_roster_text((DATA / "demo-roster.yaml").read_text(), actor="t")
        seed_registry(svc, (DATA / "jupyter-channels.yaml").read_text())
        channels = {c["id"]: c for c in svc.channels.list()}
        assert channels["blog"]["connector"] == "blog_export"
        others = {c["connector"] for cid, c in channels.items() if cid != "blog"}
        assert others == {"manual"}
        assert all(not c["api_url"] for c in channels.values())
    finally:
        svc.close()
