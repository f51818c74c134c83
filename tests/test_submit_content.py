"""Submitting a notebook's content (a connected Lab's way), authorship, per-member limits,
and the path form's root boundary."""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Any

import pytest
from test_bad_input import refused, snapshot

from jupyter_jms.sample.posts import make_post


def post(title: str = "A post about JupyterLab", **meta: Any) -> dict[str, Any]:
    return make_post(title, **meta)


def content(path: str = "laptop/p.ipynb", **meta: Any) -> dict[str, Any]:
    meta.setdefault("authors", ["eve"])
    return {"notebook": post(**meta), "path": path}


async def test_content_is_submitted_and_resubmitted_without_a_file_on_the_server(api):
    body = content("on/my/laptop.ipynb", channels=["blog"])
    assert not (api.root / "on").exists()
    d = await api.ok("eve", "POST", "drafts", body)
    assert d["path"] == "on/my/laptop.ipynb" and d["revision"] == 1 and d["state"] == "submitted"
    stored = await api.ok("eve", "GET", f"drafts/{d['id']}/revisions/1")
    assert stored["metadata"]["jms"]["title"] == "A post about JupyterLab"
    assert stored["cells"][0]["source"] == body["notebook"]["cells"][0]["source"]

    again = content("on/my/laptop.ipynb", title="Better title", channels=["blog"])
    d2 = await api.ok(
        "eve", "POST", f"drafts/{d['id']}/revisions", {**again, "if_version": d["version"]}
    )
    assert d2["revision"] == 2 and d2["title"] == "Better title"
    diff = await api.ok("ada", "GET", f"drafts/{d['id']}/revisions/2/diff")
    assert diff["metadata_changed"] is True
    # Without a path, the draft keeps its label.
    third = {"notebook": post("Third title", authors=["eve"], channels=["blog"])}
    d3 = await api.ok("eve", "POST", f"drafts/{d['id']}/revisions", third)
    assert d3["revision"] == 3 and d3["path"] == "on/my/laptop.ipynb"


async def test_two_members_labels_may_name_the_same_path(api):
    a = await api.ok("eve", "POST", "drafts", content("post.ipynb"))
    b = await api.ok("zed", "POST", "drafts", content("post.ipynb", authors=["zed"]))
    assert a["id"] != b["id"]
    # The same member's own label still clashes.
    err = await refused(api, 409, "eve", "POST", "drafts", content("post.ipynb"))
    assert f"draft {a['id']}" in err["message"]


async def test_without_authors_the_submitter_is_the_author(api):
    nb = post()
    d = await api.ok("zed", "POST", "drafts", {"notebook": nb, "path": "mine.ipynb"})
    assert d["authors"] == ["zed"]


async def test_another_members_post_is_refused_in_either_form(api):
    err = await refused(api, 400, "zed", "POST", "drafts", content(authors=["eve"]))
    assert "You (zed) are not among the post's authors (eve)" in err["message"]
    assert err["errors"][0]["field"] == "metadata.jms.authors"
    api.write_post("posts/eves.ipynb", authors=["eve"])
    await refused(api, 400, "zed", "POST", "drafts", {"path": "posts/eves.ipynb"})
    # The real author is not locked out.
    await api.ok("eve", "POST", "drafts", {"path": "posts/eves.ipynb"})


async def test_unknown_authors_are_named(api):
    body = content(authors=["eve", "ada", "nobody1", "ghost-2"])
    err = await refused(api, 400, "eve", "POST", "drafts", body)
    assert "nobody1, ghost-2" in err["message"] and "ada" not in err["message"]


async def test_co_authors_may_not_leave_the_post_without_a_reviewer(api):
    # ada and ben are the roster's editors; a post needs one approval from a non-author.
    both = content(authors=["eve", "ada", "ben"])
    err = await refused(api, 400, "eve", "POST", "drafts", both)
    assert "Naming ada, ben as author(s) leaves 0 editor(s) outside the authors" in err["message"]
    assert err["errors"][0]["field"] == "metadata.jms.authors"
    assert (await api.ok("eve", "GET", "drafts"))["items"] == []
    # One editor named still leaves ben to review; zed (a former editor) does not count.
    d = await api.ok("eve", "POST", "drafts", content(authors=["eve", "ada", "zed"]))
    assert "approve" in (await api.ok("ben", "GET", f"drafts/{d['id']}"))["allowed_actions"]
    # The same holds when a new revision adds the other editor.
    again = content(title="With ben too", authors=["eve", "ada", "ben"])
    await refused(api, 400, "eve", "POST", f"drafts/{d['id']}/revisions", again)
    assert (await api.ok("eve", "GET", f"drafts/{d['id']}"))["revision"] == 1


async def test_a_resubmit_comes_from_an_author_of_the_draft(api):
    d = await api.ok("eve", "POST", "drafts", content(authors=["eve", "zed"]))
    again = content(title="Edited by an editor", authors=["eve", "zed"])
    # ada, an editor, sees the draft but did not write it.
    err = await refused(api, 403, "ada", "POST", f"drafts/{d['id']}/revisions", again)
    assert err["reason"] == "forbidden"
    ada_too = content(title="Ada joins", authors=["eve", "ada"])
    await refused(api, 403, "ada", "POST", f"drafts/{d['id']}/revisions", ada_too)
    # A co-author may, and must still list themselves.
    await refused(
        api,
        400,
        "zed",
        "POST",
        f"drafts/{d['id']}/revisions",
        content(title="Zed left out", authors=["eve"]),
    )
    d2 = await api.ok("zed", "POST", f"drafts/{d['id']}/revisions", again)
    assert d2["revision"] == 2


BAD_CONTENT = [
    ("not an object", "a notebook"),
    ("a list", [1, 2]),
    ("nbformat 3", {"nbformat": 3, "nbformat_minor": 0, "cells": [], "metadata": {}}),
    ("cells not a list", {"nbformat": 4, "nbformat_minor": 5, "cells": {}, "metadata": {}}),
    ("null", None),
]


@pytest.mark.parametrize("what,notebook", BAD_CONTENT, ids=[b[0] for b in BAD_CONTENT])
async def test_bad_content_is_a_400(api, what, notebook):
    await refused(api, 400, "eve", "POST", "drafts", {"notebook": notebook, "path": "x.ipynb"})


async def test_content_is_checked_like_a_file(api):
    nul = post(authors=["eve"])
    nul["cells"][0]["source"] = "a\u0000b"
    await refused(api, 400, "eve", "POST", "drafts", {"notebook": nul, "path": "x.ipynb"})
    raw = json.dumps({"notebook": post(authors=["eve"]), "path": "x.ipynb"})
    raw = raw.replace('"nbformat": 4', '"nbformat": NaN')
    await refused(api, 400, "eve", "POST", "drafts", raw=raw.encode())
    for path in (None, "", "../x.ipynb", "/abs.ipynb", "notes.txt", 7):
        body = {"notebook": post(authors=["eve"]), "path": path}
        await refused(api, 400, "eve", "POST", "drafts", body)


async def test_content_over_the_request_limit_but_under_the_notebook_limit_is_accepted(api):
    big = post(authors=["eve"], body="x" * (api.services.max_body_bytes + 10))
    d = await api.ok("eve", "POST", "drafts", {"notebook": big, "path": "big.ipynb"})
    assert d["revision"] == 1
    # A path-only body stays under the ordinary request limit.
    padded = {"path": "big.ipynb", "padding": "x" * (api.services.max_body_bytes + 1)}
    await refused(api, 413, "eve", "POST", "drafts", padded)


class TestLimits:
    @pytest.fixture
    def jms_config(self) -> dict[str, Any]:
        return {
            "max_open_drafts_per_member": 2,
            "max_stored_bytes_per_member": 60_000,
            "max_notebook_bytes": 40_000,
        }

    async def test_open_drafts_over_the_limit_get_429(self, api):
        a = await api.ok("eve", "POST", "drafts", content("a.ipynb"))
        await api.ok("eve", "POST", "drafts", content("b.ipynb"))
        err = await refused(api, 429, "eve", "POST", "drafts", content("c.ipynb"))
        assert "the limit is 2 per member" in err["message"] and "Withdraw" in err["message"]
        # Another member has their own count; a withdrawn draft frees a place.
        await api.ok("zed", "POST", "drafts", content("c.ipynb", authors=["zed"]))
        await api.ok(
            "eve", "POST", f"drafts/{a['id']}/transitions", {"to": "withdrawn", "if_version": 1}
        )
        await api.ok("eve", "POST", "drafts", content("c.ipynb"))

    async def test_stored_bytes_over_the_limit_get_413(self, api):
        body = "x" * 25_000
        d = await api.ok("eve", "POST", "drafts", content("a.ipynb", body=body))
        again = content("a.ipynb", title="Second", body=body)
        await api.ok("eve", "POST", f"drafts/{d['id']}/revisions", again)
        third = content("a.ipynb", title="Third", body=body)
        err = await refused(api, 413, "eve", "POST", f"drafts/{d['id']}/revisions", third)
        assert "the limit is 0.1 MB per member" in err["message"]
        err = await refused(api, 413, "eve", "POST", "drafts", content("b.ipynb", body=body))
        assert "Clear large outputs" in err["message"]

    async def test_a_notebook_over_the_notebook_limit_gets_413(self, api):
        big = content("big.ipynb", body="x" * 50_000)
        err = await refused(api, 413, "eve", "POST", "drafts", big)
        assert "The notebook is 0.1 MB; the limit is 0.0 MB" in err["message"]
        huge = content("huge.ipynb", body="x" * 200_000)
        err = await refused(api, 413, "eve", "POST", "drafts", huge)
        assert err["reason"] == "too_large"


# -- the path form: the root is the boundary -----------------------------------------------
@pytest.fixture
def outside(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("outside")
    nb = make_post("OUTSIDE SECRET", authors=["eve"])
    (folder / "secret.ipynb").write_text(json.dumps(nb))
    return folder


async def test_a_symlink_out_of_the_root_is_refused(api, outside):
    (api.root / "posts").mkdir(exist_ok=True)
    os.symlink(outside / "secret.ipynb", api.root / "posts" / "link_out.ipynb")
    os.symlink(outside, api.root / "linkdir")
    for path in ("posts/link_out.ipynb", "linkdir/secret.ipynb"):
        err = await refused(api, 400, "eve", "POST", "drafts", {"path": path})
        assert "outside the server's root" in err["message"]
    d = await api.submit(authors=["eve"])
    await refused(
        api, 400, "eve", "POST", f"drafts/{d['id']}/revisions", {"path": "linkdir/secret.ipynb"}
    )
    assert snapshot(api)["counts"]["revisions"] == 1


async def test_a_symlink_inside_the_root_still_works(api):
    api.write_post("posts/real.ipynb", authors=["eve"])
    os.symlink(api.root / "posts" / "real.ipynb", api.root / "posts" / "alias.ipynb")
    d = await api.ok("eve", "POST", "drafts", {"path": "posts/alias.ipynb"})
    assert d["path"] == "posts/alias.ipynb"


async def test_content_from_nobody_signed_in_is_refused(api):
    for path, body in (("drafts", content()), ("drafts/1/revisions", content())):
        await refused(api, (401, 403), None, "POST", path, body)
