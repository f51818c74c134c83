"""Bad input gets the right 4xx in the one error shape, and changes nothing."""

from __future__ import annotations

import base64
import json
from typing import Any

import pytest
from conftest import CHECK_ALL, OWNER
from sqlalchemy import func, select

from jupyter_jms.sample.posts import make_post, write_notebook
from jupyter_jms.store.models import (
    Comment,
    Draft,
    Event,
    MemberToken,
    Review,
    Revision,
    Vetting,
)

TABLES = (Draft, Revision, Review, Vetting, Comment, Event, MemberToken)


def snapshot(api: Any) -> dict[str, Any]:
    """Everything a request could have changed: row counts and each draft's state."""
    with api.services.store.read() as s:
        counts = {t.__tablename__: s.scalar(select(func.count()).select_from(t)) for t in TABLES}
        drafts = [
            (d.id, d.state, d.version, d.revision, d.title, d.path)
            for d in s.scalars(select(Draft).order_by(Draft.id))
        ]
    return {"counts": counts, "drafts": drafts}


def assert_error(code: int, data: Any, status: int | tuple[int, ...]) -> None:
    """The status is right and the body is ``{message, reason, errors}``, never a traceback."""
    wanted = status if isinstance(status, tuple) else (status,)
    assert code in wanted, (code, data)
    assert isinstance(data, dict) and set(data) == {"message", "reason", "errors"}, data
    assert isinstance(data["message"], str) and data["message"]
    assert "Traceback" not in data["message"] and 'File "' not in data["message"]
    assert isinstance(data["errors"], list)
    for e in data["errors"]:
        assert set(e) == {"field", "message"} and all(isinstance(v, str) for v in e.values())


async def refused(
    api: Any,
    status: int | tuple[int, ...],
    user: str | None,
    method: str,
    path: str,
    body=None,
    **kw,
) -> dict[str, Any]:
    """Make a request that must be refused, and check it changed nothing."""
    before = snapshot(api)
    code, data = await api.call(user, method, path, body, **kw)
    request = f"{user} {method} {path} {body!r:.80} {kw!r:.80}"
    try:
        assert_error(code, data, status)
    except AssertionError as exc:
        raise AssertionError(f"{request}: {exc}") from None
    assert snapshot(api) == before, f"{request} was refused but changed something"
    return data


def fields(err: dict[str, Any]) -> list[str]:
    return [e["field"] for e in err["errors"]]


# -- request bodies ---------------------------------------------------------------------------
async def test_a_body_that_is_not_a_json_object_is_refused(api):
    d = await api.submit()
    for raw in (
        b"{not json",
        b"[1, 2]",
        b'"a string"',
        b"\xff\xfe",
        b'{"path": "a.ipynb"',
        b'{"revision": NaN}',
        b"[" * 100_000,
    ):
        err = await refused(api, 400, "eve", "POST", "drafts", raw=raw)
        assert err["reason"] == "invalid"
        await refused(api, 400, "ada", "POST", f"drafts/{d['id']}/reviews", raw=raw)


async def test_an_oversized_json_body_is_refused(api):
    big = {"path": "posts/p.ipynb", "padding": "x" * (api.services.max_body_bytes + 1)}
    err = await refused(api, 413, "eve", "POST", "drafts", big)
    assert err["reason"] == "too_large"


# -- notebook paths ---------------------------------------------------------------------------
BAD_PATHS = [
    "../x.ipynb",
    "/etc/passwd",
    "/etc/x.ipynb",
    "a/../../b.ipynb",
    "posts/./p.ipynb",
    "posts//p.ipynb",
    "posts\\p.ipynb",
    "..\\..\\x.ipynb",
    "posts/p\x00.ipynb",
    "posts/p.py",
    "posts",
    "",
    "   ",
    None,
    42,
    ["posts/p.ipynb"],
]


async def test_a_path_outside_the_root_or_not_a_notebook_is_refused(api):
    api.write_post("posts/p.ipynb")
    (api.root / "posts" / "p.py").write_text("print('hi')\n")
    for path in BAD_PATHS:
        err = await refused(api, 400, "eve", "POST", "drafts", {"path": path})
        assert fields(err) == ["path"], path


async def test_a_directory_is_not_a_notebook(api):
    (api.root / "folder.ipynb").mkdir()
    err = await refused(api, 400, "eve", "POST", "drafts", {"path": "folder.ipynb"})
    assert fields(err) == ["path"]


async def test_a_missing_notebook_is_not_found(api):
    await refused(api, 404, "eve", "POST", "drafts", {"path": "posts/missing.ipynb"})


async def test_resubmitting_from_a_bad_path_is_refused(api):
    d = await api.submit()
    for path in ("../p.ipynb", "posts/p.py", "/etc/passwd"):
        await refused(api, 400, "eve", "POST", f"drafts/{d['id']}/revisions", {"path": path})
    await refused(api, 404, "eve", "POST", f"drafts/{d['id']}/revisions", {"path": "no.ipynb"})


# -- notebook contents ------------------------------------------------------------------------
async def test_a_notebook_file_that_is_not_notebook_json_is_refused(api):
    nan = json.dumps(_nb()).replace('"metadata": {}', '"metadata": {"x": NaN}', 1).encode()
    assert b"NaN" in nan
    for content in (b"{not json", b"[]", b"\xff\xfe\x00garbage", b"", b"[" * 100_000, nan):
        (api.root / "broken.ipynb").write_bytes(content)
        await refused(api, 400, "eve", "POST", "drafts", {"path": "broken.ipynb"})


def _nb(**jms: Any) -> dict[str, Any]:
    return make_post(jms.pop("title", "A post about JupyterLab"), **jms)


@pytest.mark.parametrize(
    "breakage",
    [
        "v3",
        "minor_string",
        "cell_type",
        "no_cells",
        "cells_string",
        "cell_not_object",
        "cell_id_list",
        "cell_id_empty",
        "source_type",
        "outputs_type",
    ],
)
async def test_a_notebook_failing_nbformat_validation_is_refused(api, breakage):
    nb = _nb()
    cell = nb["cells"][0]
    if breakage == "v3":
        nb["nbformat"] = 3
    elif breakage == "minor_string":
        nb["nbformat_minor"] = "5"
    elif breakage == "cell_type":
        cell["cell_type"] = "bogus"
    elif breakage == "no_cells":
        del nb["cells"]
    elif breakage == "cells_string":
        nb["cells"] = "abc"
    elif breakage == "cell_not_object":
        nb["cells"].append(7)
    elif breakage == "cell_id_list":
        cell["id"] = ["a"]
    elif breakage == "cell_id_empty":
        cell["id"] = ""
    elif breakage == "source_type":
        cell["source"] = 42
    else:
        nb["cells"][1]["outputs"] = "nope"
    write_notebook(api.root, "invalid.ipynb", nb)
    err = await refused(api, 400, "eve", "POST", "drafts", {"path": "invalid.ipynb"})
    assert fields(err) == ["notebook"]


async def test_every_metadata_error_is_listed_at_once(api):
    nb = _nb(
        subtitle="s" * 141,
        language="not a tag!",
        third_party=True,
        channels=["blog", "myspace"],
        colour="blue",
    )
    del nb["metadata"]["jms"]["title"]
    write_notebook(api.root, "meta.ipynb", nb)
    err = await refused(api, 400, "eve", "POST", "drafts", {"path": "meta.ipynb"})
    got = set(fields(err))
    assert {
        "metadata.jms.title",
        "metadata.jms.subtitle",
        "metadata.jms.language",
        "metadata.jms.third_party_benefit",
        "metadata.jms.channels.1",
        "metadata.jms",  # the unknown field
    } <= got
    assert any("colour" in e["message"] for e in err["errors"] if e["field"] == "metadata.jms")
    assert any("myspace" in e["message"] for e in err["errors"])


async def test_a_notebook_without_post_metadata_is_refused(api):
    nb = _nb()
    del nb["metadata"]["jms"]
    write_notebook(api.root, "plain.ipynb", nb)
    err = await refused(api, 400, "eve", "POST", "drafts", {"path": "plain.ipynb"})
    assert fields(err) == ["metadata.jms"]


async def test_html_in_a_title_is_kept_verbatim(api):
    d = await api.submit(title="Why <b>bold</b> & <details> help")
    full = await api.ok("ada", "GET", f"drafts/{d['id']}")
    assert full["title"] == d["title"] == "Why <b>bold</b> & <details> help"


async def test_active_html_in_a_title_is_refused(api):
    for title in (
        "<img src=x onerror=alert(1)>",
        "<script>alert(1)</script>",
        "<a href='javascript:alert(1)'>x</a>",
        "<svg/onload=alert(1)>",
    ):
        write_notebook(api.root, "xss.ipynb", _nb(title=title))
        err = await refused(api, 400, "eve", "POST", "drafts", {"path": "xss.ipynb"})
        assert "metadata.jms.title" in fields(err), title


async def test_active_html_in_a_comment_is_refused(api):
    d = await api.submit()
    err = await refused(
        api, 400, "ada", "POST", f"drafts/{d['id']}/comments", {"body": "<script>x</script>"}
    )
    assert fields(err) == ["body"]


@pytest.mark.parametrize("jms_config", [{"max_notebook_bytes": 4000}])
async def test_an_oversized_notebook_is_refused(api, jms_config):
    small = await api.submit(body="Short.")
    api.write_post("posts/big.ipynb", body="Long words. " * 1000)
    err = await refused(api, 413, "eve", "POST", "drafts", {"path": "posts/big.ipynb"})
    assert err["reason"] == "too_large" and "limit" in err["message"]
    # a resubmission that grew past the limit is refused the same way
    api.write_post("posts/p.ipynb", body="Long words. " * 1000)
    await refused(api, 413, "eve", "POST", f"drafts/{small['id']}/revisions", {})


# -- ids, versions, cursors, limits -----------------------------------------------------------
async def test_an_unknown_draft_id_is_not_found(api):
    await api.submit()
    for draft_id in ("999", "abc", "-1", "0", "1.5", "9" * 30, "%20"):
        await _all_draft_endpoints_404(api, draft_id)


async def _all_draft_endpoints_404(api: Any, draft_id: str) -> None:
    for method, suffix, body in (
        ("GET", "", None),
        ("GET", "/revisions/1", None),
        ("GET", "/revisions/1/diff", None),
        ("POST", "/revisions", {}),
        ("POST", "/reviews", {"revision": 1, "verdict": "approve", "checklist": CHECK_ALL}),
        ("POST", "/vettings", {"revision": 1, "verdict": "approve"}),
        ("POST", "/comments", {"body": "hi"}),
        ("POST", "/transitions", {"to": "withdrawn", "if_version": 1}),
    ):
        await refused(api, 404, "dana", method, f"drafts/{draft_id}{suffix}", body)


async def test_an_unknown_revision_is_not_found(api):
    d = await api.submit()
    for n in ("2", "0", "-1", "x", "9" * 30):
        await refused(api, 404, "ada", "GET", f"drafts/{d['id']}/revisions/{n}")
        await refused(api, 404, "ada", "GET", f"drafts/{d['id']}/revisions/{n}/diff")
        await refused(
            api, 404, "ada", "GET", f"drafts/{d['id']}/revisions/1/diff", params={"from": n}
        )


async def test_a_stale_version_is_a_conflict(api):
    d = await api.submit()
    await api.ok("ada", "POST", f"drafts/{d['id']}/comments", {"body": "Fine."})
    review = await api.approve("ada", d["id"])
    stale = review["version"] - 1
    err = await refused(
        api, 409, "ada", "POST", f"drafts/{d['id']}/transitions",
        {"to": "withdrawn", "if_version": stale},
    )  # fmt: skip
    assert err["reason"] == "stale_version"
    await refused(
        api, 409, "ada", "POST", f"drafts/{d['id']}/transitions",
        {"to": "withdrawn"}, headers={"If-Match": f'"{stale}"'},
    )  # fmt: skip
    api.edit_post("posts/p.ipynb", "Edited")
    await refused(api, 409, "eve", "POST", f"drafts/{d['id']}/revisions", {"if_version": stale})
    for bad in ("abc", [1], {"v": 1}, 1.5, True, "-2", ""):
        await refused(
            api, 400, "ada", "POST", f"drafts/{d['id']}/transitions",
            {"to": "withdrawn", "if_version": bad},
        )  # fmt: skip


async def test_an_illegal_transition_is_a_conflict(api):
    d = await api.submit()
    err = await refused(
        api, 409, "ada", "POST", f"drafts/{d['id']}/transitions",
        {"to": "published", "if_version": d["version"],
         "publications": [{"channel": "blog", "url": "https://blog.jupyter.org/x"}]},
    )  # fmt: skip
    assert err["reason"] == "illegal_transition"


BAD_CURSORS = [
    "garbage",
    "!!!",
    base64.urlsafe_b64encode(b"x:1").decode(),
    base64.urlsafe_b64encode(b"d:abc").decode(),
    base64.urlsafe_b64encode(b"\xff\xfe").decode(),
    base64.urlsafe_b64encode(b"d:-1").decode(),
    base64.urlsafe_b64encode(b"d:" + b"9" * 30).decode(),
]


async def test_a_cursor_this_server_did_not_give_out_is_refused(api):
    await api.submit()
    for cursor in BAD_CURSORS:
        err = await refused(api, 400, "ada", "GET", "drafts", params={"cursor": cursor})
        assert fields(err) == ["cursor"]


async def test_a_limit_out_of_range_is_refused(api):
    for limit in ("0", "-5", "1000", "abc", "1e3"):
        err = await refused(api, 400, "ada", "GET", "drafts", params={"limit": limit})
        assert fields(err) == ["limit"]


async def test_bad_event_queries_are_refused(api):
    for params in (
        {"limit": "0"},
        {"limit": "100000"},
        {"limit": "x"},
        {"since": "yesterday"},
        {"since": "9" * 30},
        {"since": "2024-13-45T99:00:00Z"},
        {"since": "0001-01-01T00:00:00+01:00"},
    ):
        await refused(api, 400, "dana", "GET", "events", params=params)


async def test_an_unknown_state_filter_is_refused(api):
    err = await refused(api, 400, "ada", "GET", "drafts", params={"state": "lost"})
    assert fields(err) == ["state"]


# -- who may do what --------------------------------------------------------------------------
async def test_a_reviewer_who_is_an_author_is_refused(api):
    d = await api.submit(authors=["eve", "ben"])
    err = await refused(
        api, 403, "ben", "POST", f"drafts/{d['id']}/reviews",
        {"revision": 1, "verdict": "approve", "checklist": CHECK_ALL},
    )  # fmt: skip
    assert err["reason"] == "forbidden"


async def test_a_vetter_without_the_language_is_refused(api):
    d = await api.submit(language="fr", body="Bonjour " * 30)
    await refused(
        api, 403, "carla", "POST", f"drafts/{d['id']}/vettings",
        {"revision": 1, "language": "fr", "verdict": "approve"},
    )  # fmt: skip
    # nor may a vetter pick another language than the post's
    await refused(
        api, 400, "carla", "POST", f"drafts/{d['id']}/vettings",
        {"revision": 1, "language": "es", "verdict": "approve"},
    )  # fmt: skip


async def test_a_non_editor_reviewing_is_refused(api):
    d = await api.submit()
    for user in ("carla", "dana"):
        await refused(
            api, 403, user, "POST", f"drafts/{d['id']}/reviews",
            {"revision": 1, "verdict": "approve", "checklist": CHECK_ALL},
        )  # fmt: skip


BAD_REVIEWS = [
    {"revision": 1, "verdict": "love it", "checklist": CHECK_ALL},
    {"revision": "1", "verdict": "approve", "checklist": CHECK_ALL},
    {"revision": True, "verdict": "approve", "checklist": CHECK_ALL},
    {"revision": 1, "verdict": "approve", "checklist": ["pass"]},
    {"revision": 1, "verdict": "approve", "checklist": {**CHECK_ALL, "bogus": "pass"}},
    {"revision": 1, "verdict": "approve", "checklist": {**CHECK_ALL, "jupyter_focus": 1}},
    {"revision": 1, "verdict": "reject", "checklist": {}},
    {"revision": 1, "verdict": "approve", "checklist": CHECK_ALL, "comment": 5},
]


async def test_a_malformed_review_is_refused(api):
    d = await api.submit()
    for body in BAD_REVIEWS:
        await refused(api, 400, "ada", "POST", f"drafts/{d['id']}/reviews", body)


BAD_COMMENTS = [
    {},
    {"body": ""},
    {"body": 5},
    {"body": "x" * 20_001},
    {"body": "hi", "cell_id": 3},
    {"body": "hi", "cell_id": "no-such-cell"},
    {"body": "hi", "revision": 7},
    {"body": "hi", "revision": "1"},
    {"body": "hi", "revision": 0},
    {"body": "hi", "revision": 10**30},
]


async def test_a_malformed_comment_is_refused(api):
    d = await api.submit()
    for body in BAD_COMMENTS:
        await refused(api, 400, "ada", "POST", f"drafts/{d['id']}/comments", body)


BAD_TRANSITIONS = [
    {"to": "approved", "if_version": 1},
    {"to": "withdrawn"},
    {"to": "scheduled", "if_version": 2},
    {"to": "scheduled", "if_version": 2, "publish_at": "next week"},
    {"to": "scheduled", "if_version": 2, "publish_at": "2030-01-01T10:00:00"},
    {"to": "scheduled", "if_version": 2, "publish_at": "0001-01-01T00:00:00+01:00"},
    {"to": "scheduled", "if_version": 2, "publish_at": "9999-12-31T23:59:59-14:00"},
    {"to": "published", "if_version": 2},
    {"to": "published", "if_version": 2, "publications": [{"channel": "myspace"}]},
    {"to": "published", "if_version": 2, "publications": ["blog"]},
    {
        "to": "published",
        "if_version": 2,
        "publications": [{"channel": "blog", "url": "javascript:alert(1)"}],
    },
]


async def test_a_malformed_transition_is_refused(api):
    d = await api.submit()
    r = await api.approve("ada", d["id"])
    assert r["version"] == 2
    for body in BAD_TRANSITIONS:
        await refused(api, 400, "ada", "POST", f"drafts/{d['id']}/transitions", body)


async def test_a_revoked_token_is_refused(api):
    d = await api.submit()
    api.services.tokens.revoke(OWNER, api.tokens["eve"])
    await refused(api, (401, 403), "eve", "GET", "drafts")
    await refused(api, (401, 403), "eve", "GET", f"drafts/{d['id']}")
    api.write_post("posts/other.ipynb")
    await refused(api, (401, 403), "eve", "POST", "drafts", {"path": "posts/other.ipynb"})
    await refused(
        api, (401, 403), "eve", "POST", f"drafts/{d['id']}/transitions",
        {"to": "withdrawn", "if_version": d["version"]},
    )  # fmt: skip
    # other members' tokens still work
    await api.ok("ada", "GET", f"drafts/{d['id']}")


async def test_an_unknown_token_is_refused(api):
    before = snapshot(api)
    for token in ("jms_not-a-real-token", "garbage", "token jms_", "jms_" + "x" * 5000):
        resp = await api.fetch(
            "jms", "api", "drafts", headers={"Authorization": f"token {token}"}, raise_error=False
        )
        assert resp.code in (401, 403), token[:30]
    assert snapshot(api) == before


async def test_token_requests_with_bad_fields_are_refused(api):
    await refused(api, 400, "eve", "POST", "tokens", {"note": "n" * 201})
    await refused(api, 400, "eve", "POST", "tokens", {"note": 5})
    await refused(api, 400, "eve", "POST", "tokens", {"username": 5})
    await refused(api, 404, "dana", "POST", "tokens", {"username": "nobody"})
    await refused(api, 404, "eve", "DELETE", "tokens/99999")
    await refused(api, 404, "eve", "DELETE", "tokens/abc")
