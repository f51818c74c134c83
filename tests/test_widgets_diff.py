"""The widgets' review view shows the server's diff (computed by nbdime) for each shape:
changed lines, new, removed and moved cells, output and metadata changes."""

from __future__ import annotations

from typing import Any

from nbformat.v4 import new_code_cell, new_markdown_cell, new_output
from test_diff import base, run

from jupyter_jms.widgets import diff_view


def shown(new: dict[str, Any], old: dict[str, Any] | None = None) -> str:
    data = {"from": 1, "to": 2, "metadata_changed": False, **run(old or base(), new)}
    return diff_view.diff(data)


def test_a_modified_cell_shows_its_changed_lines():
    new = base()
    new["cells"][0]["source"] = "# Title\n\nFirst words, <b>rewritten</b>.\nSecond line.\n"
    html = shown(new)
    assert "Changes from revision 1 to 2: 1 of 3 cells." in html
    assert "Cell 1 (markdown): changed" in html
    assert '<span style="background:#ffeef0">-First words.</span>' in html
    # Escaped, never markup.
    assert "+First words, &lt;b&gt;rewritten&lt;/b&gt;." in html and "<b>rewritten" not in html


def test_an_added_and_a_removed_cell():
    new = base()
    new["cells"][1] = new_markdown_cell("Instead of code.", id="prose")
    html = shown(new)
    assert "Cell 2 (markdown): new" in html and "+Instead of code." in html
    assert "Cell 2 (code): removed" in html and "-x = 1" in html


def test_a_moved_cell_says_from_where():
    new = base()
    new["cells"].insert(0, new["cells"].pop(2))
    html = shown(new)
    assert "Cell 1 (markdown): moved from position 3" in html
    assert "1 of 3 cells" in html


def test_an_output_only_change_is_listed():
    new = base()
    old = base()
    old["cells"][1]["outputs"] = [new_output("display_data", data={"image/png": "iVBORw0KGgo="})]
    new["cells"][1]["outputs"] = [new_output("display_data", data={"image/png": "R0lGODlhAQ=="})]
    html = shown(new, old)
    assert "Cell 2 (code): changed" in html
    assert "<li>Output 1: image/png changed</li>" in html
    assert "jms-diff-lines" not in html


def test_a_metadata_only_change_is_listed():
    new = base()
    new["cells"][2]["metadata"] = {"tags": ["footer"]}
    new["metadata"]["jms"]["title"] = "Another title"
    html = shown(new)
    assert "<li>Metadata: tags (added)</li>" in html
    assert "Notebook metadata changed: jms.title (changed)." in html


def test_long_unchanged_stretches_are_folded():
    old = base()
    old["cells"][1] = new_code_cell("\n".join(f"line{i}" for i in range(30)), id="code")
    new = base()
    new["cells"][1] = new_code_cell(
        "\n".join(f"line{i}" if i != 15 else "changed" for i in range(30)), id="code"
    )
    html = shown(new, old)
    assert "\u2026 13 unchanged lines" in html and "\u2026 12 unchanged lines" in html
    assert " line13<" in html and " line17<" in html
    assert " line12<" not in html and " line18<" not in html
    assert "-line15" in html and "+changed" in html


def test_fold_keeps_context_around_each_change():
    lines = [{"kind": "same", "text": str(i)} for i in range(10)]
    lines[5] = {"kind": "add", "text": "new"}
    folded = diff_view.fold(lines)
    assert [x["kind"] for x in folded] == [
        "skipped",
        "same",
        "same",
        "add",
        "same",
        "same",
        "skipped",
    ]
    assert folded[0]["count"] == 3 and folded[-1]["count"] == 2
