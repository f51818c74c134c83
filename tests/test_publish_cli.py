"""`jupyter jms publish ...` on the local store, posting to the Mastodon and Bluesky
stand-ins: list, show, now, run, mark, export; refusals are sentences with exit code 2."""

# The fixtures are imported from publish_fixtures and named as test arguments, as pytest wants.
# ruff: noqa: F811

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from fakes.bluesky_pds import FakeBluesky
from fakes.mastodon_api import FakeMastodon
from fakes.scenario import (
    ENV,
    approved_draft,
    prepare_registry,
)
from publish_fixtures import bluesky, mastodon  # noqa: F401 (fixtures)

from jupyter_jms.cli import main
from jupyter_jms.cli.context import open_services

BLOG_URL = "https://blog.jupyter.org/release-notes-cli-5c1b2e"


@pytest.fixture
def setup(
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    mastodon: FakeMastodon,
    bluesky: FakeBluesky,
) -> dict[str, Any]:
    for k, v in ENV.items():
        monkeypatch.setenv(k, v)
    url = f"sqlite:///{tmp_path / 'jms.sqlite'}"
    svc = open_services(url)
    prepare_registry(svc, mastodon.url, bluesky.url)
    did = approved_draft(svc, "cli", cover=True)
    svc.close()
    return {"db": url, "draft": did, "mastodon": mastodon, "bluesky": bluesky}


def jms(setup: dict[str, Any], *args: str) -> int:
    return main(["--db", setup["db"], "publish", *args])


def test_an_approved_post_is_listed_published_marked_and_exported(setup, capsys, tmp_path):
    did = setup["draft"]
    assert jms(setup, "list") == 0
    out = capsys.readouterr().out
    assert f"{did}\tapproved" in out and "Release notes cli" in out

    assert jms(setup, "show", did) == 0
    out = capsys.readouterr().out
    assert "not scheduled" in out and "| A new post on the Jupyter blog: {blog_url} #Jupyter" in out

    assert jms(setup, "now", did, "--tz", "Europe/Paris") == 0
    out = capsys.readouterr().out
    assert f"draft {did}: scheduled" in out and "(Europe/Paris)" in out
    assert "waits for the blog URL" in out

    # The social posts wait for the blog: running the due work posts nothing yet.
    assert jms(setup, "run") == 0
    assert "ran 0 due channel(s)" in capsys.readouterr().out
    assert jms(setup, "mark", did, "blog", "done", "--url", BLOG_URL) == 0
    capsys.readouterr()
    assert jms(setup, "run") == 0
    assert "ran 2 due channel(s)" in capsys.readouterr().out
    assert [s["text"] for s in setup["mastodon"].statuses] == [
        f"A new post on the Jupyter blog: {BLOG_URL} #Jupyter"
    ]
    assert setup["bluesky"].posts() == [f"New on the Jupyter blog 📓 {BLOG_URL}"]

    assert jms(setup, "show", did) == 0
    out = capsys.readouterr().out
    assert f"draft {did}: published" in out and f"blog URL: {BLOG_URL}" in out
    assert jms(setup, "list") == 0
    assert f"{did}\t" not in capsys.readouterr().out  # published: nothing left to do

    folder = tmp_path / "out"
    assert jms(setup, "export", did, "--format", "static", "--to", str(folder)) == 0
    index = folder / f"draft-{did}" / "index.md"
    assert index.read_text().startswith("---\ntitle: Release notes cli\n")
    assert jms(setup, "export", did, "--to", str(folder)) == 0
    assert (folder / f"draft-{did}.html").read_text().lstrip().startswith("<!DOCTYPE html>")


def test_refusals_are_sentences_and_change_nothing(setup, capsys):
    did = setup["draft"]
    assert jms(setup, "mark", did, "blog", "done", "--url", BLOG_URL) == 2
    assert f"'blog' is not scheduled for draft {did}" in capsys.readouterr().err
    assert jms(setup, "now", did, "--tz", "Mars/Olympus") == 2
    assert "tz" in capsys.readouterr().err
    assert jms(setup, "now", did) == 0
    capsys.readouterr()
    assert jms(setup, "mark", did, "blog", "done", "--url", "not a url") == 2
    assert "http(s) URL" in capsys.readouterr().err
    assert jms(setup, "mark", did, "mastodon", "retry") == 2
    assert "cannot be marked retry" in capsys.readouterr().err
    assert jms(setup, "show", "999") == 2
    assert jms(setup, "list", "--json") == 0
    assert '"state": "scheduled"' in capsys.readouterr().out
