"""The diff between two revisions of a draft, computed by nbdime: each shape a reviewer sees
(added, removed, modified, moved, output-only, metadata-only), the endpoint over both
databases, its refusals, and the bound on a large notebook's cost."""

from __future__ import annotations

import copy
import json
import time
from typing import Any

import pytest
from nbformat.v4 import new_code_cell, new_markdown_cell, new_notebook, new_output
from test_bad_input import refused

from jupyter_jms import notebook_diff
from jupyter_jms.sample.posts import make_post


def nb(*cells: Any, **metadata: Any) -> dict[str, Any]:
    return json.loads(json.dumps(new_notebook(cells=list(cells), metadata=metadata)))


def base() -> dict[str, Any]:
    return nb(
        new_markdown_cell("# Title\n\nFirst words.\nSecond line.\n", id="intro"),
        new_code_cell(
            "x = 1\nprint(x)",
            id="code",
            outputs=[new_output("stream", name="stdout", text="1\n")],
        ),
        new_markdown_cell("Thanks for reading!", id="outro"),
        jms={"title": "A post"},
    )


def run(old: dict[str, Any], new: dict[str, Any]) -> dict[str, Any]:
    return notebook_diff.diff(json.dumps(old), json.dumps(new))


def changed(d: dict[str, Any]) -> list[tuple[str, str]]:
    return [(c["cell_id"], c["status"]) for c in d["cells"] if c["status"] != "unchanged"]


def test_identical_revisions_have_no_change():
    d = run(base(), base())
    assert changed(d) == [] and d["metadata"] == [] and d["matched_by"] == "content"
    assert [c["new_index"] for c in d["cells"]] == [0, 1, 2]


def test_an_added_cell():
    new = base()
    new["cells"].insert(1, new_markdown_cell("A new paragraph.", id="fresh"))
    d = run(base(), new)
    assert changed(d) == [("fresh", "added")]
    added = d["cells"][1]
    assert added["new_index"] == 1 and added["old_index"] is None
    assert added["new_source"] == "A new paragraph." and added["old_source"] is None
    # The cells after it shifted; they did not move.
    assert [(c["status"], c["old_index"], c["new_index"]) for c in d["cells"][2:]] == [
        ("unchanged", 1, 2),
        ("unchanged", 2, 3),
    ]


def test_a_removed_cell_stays_where_it_was():
    new = base()
    del new["cells"][1]
    d = run(base(), new)
    assert [(c["cell_id"], c["status"]) for c in d["cells"]] == [
        ("intro", "unchanged"),
        ("code", "removed"),
        ("outro", "unchanged"),
    ]
    assert d["cells"][1]["old_index"] == 1 and d["cells"][1]["new_index"] is None
    assert d["cells"][1]["old_source"] == "x = 1\nprint(x)"


def test_a_modified_source_as_lines_kept_removed_and_added():
    new = base()
    new["cells"][0]["source"] = "# Title\n\nFirst words, rewritten.\nSecond line.\nThird line.\n"
    d = run(base(), new)
    assert changed(d) == [("intro", "modified")]
    assert d["cells"][0]["source"] == [
        {"kind": "same", "text": "# Title"},
        {"kind": "same", "text": ""},
        {"kind": "del", "text": "First words."},
        {"kind": "add", "text": "First words, rewritten."},
        {"kind": "same", "text": "Second line."},
        {"kind": "add", "text": "Third line."},
    ]
    assert d["cells"][0]["outputs"] == [] and d["cells"][0]["metadata"] == []


def test_lines_added_after_a_last_line_without_newline_keep_that_line():
    old = nb(new_markdown_cell("# Title\n\nA paragraph.", id="intro"))
    new = nb(new_markdown_cell("# Title\n\nA paragraph.\n\nAn added one.", id="intro"))
    assert run(old, new)["cells"][0]["source"] == [
        {"kind": "same", "text": "# Title"},
        {"kind": "same", "text": ""},
        {"kind": "same", "text": "A paragraph."},
        {"kind": "add", "text": ""},
        {"kind": "add", "text": "An added one."},
    ]


def test_a_moved_cell_says_where_it_was():
    new = base()
    new["cells"] = [new["cells"][2], new["cells"][0], new["cells"][1]]
    d = run(base(), new)
    moved = [c for c in d["cells"] if c["status"] == "moved"]
    assert len(moved) == 1, d["cells"]
    assert moved[0]["cell_id"] == "outro"
    assert (moved[0]["old_index"], moved[0]["new_index"]) == (2, 0)
    assert moved[0]["source"] is None
    # Reported once, at its new place; the others kept their order.
    assert [c["cell_id"] for c in d["cells"]] == ["outro", "intro", "code"]
    assert [c["status"] for c in d["cells"][1:]] == ["unchanged", "unchanged"]


def test_a_moved_and_edited_cell_shows_both():
    new = base()
    outro = new["cells"].pop(2)
    outro["source"] = "Thanks for reading!\nSee you soon."
    new["cells"].insert(0, outro)
    d = run(base(), new)
    moved = d["cells"][0]
    assert (moved["cell_id"], moved["status"], moved["old_index"]) == ("outro", "moved", 2)
    assert {"kind": "add", "text": "See you soon."} in moved["source"]


def test_an_output_only_change():
    new = base()
    new["cells"][1]["outputs"] = [
        new_output("display_data", data={"image/png": "iVBORw0KGgo=", "text/plain": "<Figure>"})
    ]
    d = run(base(), new)
    cell = d["cells"][1]
    assert changed(d) == [("code", "modified")] and cell["source"] is None
    assert sorted(o["summary"] for o in cell["outputs"]) == [
        "image/png, text/plain added",
        "stdout removed",
    ]
    again = copy.deepcopy(new)
    again["cells"][1]["outputs"][0]["data"]["image/png"] = "R0lGODlhAQABAAAAACw="
    d2 = run(new, again)
    assert d2["cells"][1]["outputs"] == [
        {"change": "changed", "index": 0, "summary": "image/png changed"}
    ]


def test_a_stream_output_text_change():
    new = base()
    new["cells"][1]["outputs"][0]["text"] = "2\n"
    d = run(base(), new)
    assert d["cells"][1]["outputs"] == [
        {"change": "changed", "index": 0, "summary": "stdout text changed"}
    ]


def test_a_metadata_only_change_of_a_cell_and_of_the_notebook():
    new = base()
    new["cells"][2]["metadata"] = {"tags": ["footer"]}
    new["metadata"]["jms"]["title"] = "A better post"
    new["metadata"]["jms"]["summary"] = "Short."
    d = run(base(), new)
    assert changed(d) == [("outro", "modified")]
    assert d["cells"][2]["metadata"] == [{"key": "tags", "change": "added"}]
    assert d["cells"][2]["source"] is None and d["cells"][2]["outputs"] == []
    assert sorted((k["key"], k["change"]) for k in d["metadata"]) == [
        ("jms.summary", "added"),
        ("jms.title", "changed"),
    ]


def test_an_execution_count_is_an_other_change():
    new = base()
    new["cells"][1]["execution_count"] = 3
    d = run(base(), new)
    assert d["cells"][1]["status"] == "modified"
    assert d["cells"][1]["other"] == ["execution_count"]


def test_many_replaced_cells_are_matched_by_id_only_and_quickly():
    def many(tag: str) -> dict[str, Any]:
        cells = [
            new_code_cell("\n".join(f"{tag}{i}_{j} = {i * j}" for j in range(10)), id=f"{tag}{i}")
            for i in range(300)
        ]
        return nb(*cells)

    start = time.perf_counter()
    d = run(many("a"), many("b"))
    elapsed = time.perf_counter() - start
    assert d["matched_by"] == "id"
    statuses = [c["status"] for c in d["cells"]]
    assert statuses.count("removed") == 300 and statuses.count("added") == 300
    # nbdime's approximate matching of these 90,000 pairs takes minutes.
    assert elapsed < 20, elapsed


def test_a_long_rewritten_cell_is_compared_line_by_line_exactly():
    old = nb(new_code_cell("\n".join(f"a{i} = {i}" for i in range(400)), id="big"))
    new = nb(new_code_cell("\n".join(f"b{i} = {i}" for i in range(400)), id="big"))
    start = time.perf_counter()
    d = run(old, new)
    assert time.perf_counter() - start < 20
    lines = d["cells"][0]["source"]
    assert [x["kind"] for x in lines].count("del") == 400
    assert [x["kind"] for x in lines].count("add") == 400


# -- the endpoint -------------------------------------------------------------------------


def post(title: str = "A post about JupyterLab") -> dict[str, Any]:
    return make_post(title, authors=["eve"], channels=["blog"])


async def two_revisions(api: Any, edit: Any) -> dict[str, Any]:
    first = post()
    d = await api.ok("eve", "POST", "drafts", {"notebook": first, "path": "laptop/p.ipynb"})
    second = copy.deepcopy(first)
    edit(second)
    body = {"notebook": second, "if_version": d["version"]}
    d2 = await api.ok("eve", "POST", f"drafts/{d['id']}/revisions", body)
    assert d2["revision"] == 2
    return d


async def test_the_endpoint_reports_moves_outputs_and_metadata(api):
    def edit(nb: dict[str, Any]) -> None:
        cells = nb["cells"]
        cells[0]["source"] += "\n\nA closing line."
        cells[1]["outputs"] = [new_output("stream", name="stdout", text="(3, 11)\n")]
        cells.insert(0, cells.pop(2))
        nb["metadata"]["jms"]["title"] = "A post about JupyterLab, revised"

    d = await two_revisions(api, edit)
    diff = await api.ok("ada", "GET", f"drafts/{d['id']}/revisions/2/diff")
    assert (diff["from"], diff["to"], diff["draft"]) == (1, 2, d["id"])
    assert diff["metadata_changed"] is True
    assert {"key": "jms.title", "change": "changed"} in diff["metadata"]
    assert [c["status"] for c in diff["cells"]] == ["moved", "modified", "modified"]
    moved, text, code = diff["cells"]
    assert moved["old_index"] == 2 and moved["new_index"] == 0
    assert {"kind": "add", "text": "A closing line."} in text["source"]
    assert code["outputs"] == [{"change": "added", "index": 0, "summary": "stdout added"}]
    # The same when `from` is given explicitly.
    same = await api.ok("ada", "GET", f"drafts/{d['id']}/revisions/2/diff", params={"from": "1"})
    assert same == diff


async def test_revision_one_alone_compares_with_itself(api):
    d = await api.submit()
    diff = await api.ok("ada", "GET", f"drafts/{d['id']}/revisions/1/diff")
    assert (diff["from"], diff["to"]) == (1, 1)
    assert {c["status"] for c in diff["cells"]} == {"unchanged"}


@pytest.mark.parametrize("from_n", ["2", "3"])
async def test_a_from_that_is_not_earlier_is_refused(api, from_n):
    d = await two_revisions(api, lambda nb: nb["cells"][0].update(source="# New"))
    if from_n == "3":
        # A revision that does not exist is not found, whichever order.
        await refused(api, 404, "ada", "GET", f"drafts/{d['id']}/revisions/2/diff",
                      params={"from": from_n})  # fmt: skip
        return
    code, err = await api.call(
        "ada", "GET", f"drafts/{d['id']}/revisions/2/diff", params={"from": from_n}
    )
    assert code == 400 and err["errors"][0]["field"] == "from"
    assert "earlier revision" in err["message"]


@pytest.mark.parametrize("bad", ["x", "1.5", "-1", "0", ""])
async def test_non_integer_revisions_are_not_found(api, bad):
    d = await two_revisions(api, lambda nb: nb["cells"][0].update(source="# New"))
    if bad:
        await refused(api, 404, "ada", "GET", f"drafts/{d['id']}/revisions/{bad}/diff")
    code, _ = await api.call(
        "ada", "GET", f"drafts/{d['id']}/revisions/2/diff", params={"from": bad}
    )
    # An empty `from` is the default (the revision before); anything else is not a revision.
    assert code == (200 if bad == "" else 404)
