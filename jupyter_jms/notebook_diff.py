"""The difference between two revisions of a notebook, computed by nbdime.

nbdime aligns the cells (by id, then by content), and diffs each matched pair: sources line
by line (with the characters inside a changed line), outputs, metadata. This module only
reads nbdime's diff and lays it out for display: per cell its status, its source as kept,
added and removed lines, which outputs and which metadata keys changed, and the notebook's
own metadata keys that changed. The fronts show that shape as it is.

Two things nbdime has no notion of are added here, on top of its result:

- **moved cells**: nbdime's alignment keeps the cells' order, so a cell that changed place is
  a removal at its old position and an addition at its new one. An addition whose cell id was
  also removed is reported once, as moved from its old position (with the changes between
  the two, diffed by nbdime again).
- **bounded cost**: nbdime compares every pair of unaligned cells (and lines) approximately,
  which grows with the product of their numbers. A cell whose id is in both revisions is
  only ever aligned with its own id, and the approximate comparisons are kept to cells whose
  ids are new on one side. When there are too many such pairs, cells are aligned by id only
  (nbdime again, with that predicate alone) and the answer says so in ``matched_by``; when a
  changed source has too many pairs of lines, its lines are compared exactly, with nbdime's
  difflib-based sequence diff.
"""

from __future__ import annotations

import copy
from collections.abc import Callable, Iterable, Mapping
from typing import Any

import nbformat
from nbdime.diffing.config import DiffConfig
from nbdime.diffing.generic import diff as nbdime_diff
from nbdime.diffing.generic import diff_string_lines
from nbdime.diffing.notebooks import (
    compare_cell_approximate,
    compare_cell_by_ids,
    compare_cell_moderate,
    compare_cell_strict,
    notebook_config,
)
from nbdime.diffing.seq_difflib import diff_sequence_difflib
from nbdime.patching import patch_singleline_string

# Above this many pairs of cells whose ids are each on one side only, cells are aligned by
# id alone (nbdime's approximate comparison costs about a millisecond a pair).
MAX_APPROXIMATE_CELL_PAIRS = 400
# Above this many pairs of lines in one changed source, lines are compared exactly.
MAX_APPROXIMATE_LINE_PAIRS = 40_000

Entry = Mapping[str, Any]


def diff(old_text: str, new_text: str) -> dict[str, Any]:
    """The diff from one stored revision (its JSON text) to another."""
    old = nbformat.reads(old_text, as_version=4)
    new = nbformat.reads(new_text, as_version=4)
    old_ids = {c.get("id") for c in old.cells}
    new_ids = {c.get("id") for c in new.cells}
    shared = old_ids & new_ids
    unaligned = len(old_ids - shared) * len(new_ids - shared)
    approximate = unaligned <= MAX_APPROXIMATE_CELL_PAIRS
    config = _config(shared, approximate)
    entries = nbdime_diff(old, new, path="", config=config)
    by_key = {e["key"]: e for e in entries}
    cells_entry = by_key.get("cells")
    cells = _cells(old.cells, new.cells, cells_entry["diff"] if cells_entry else [])
    cells = _pair_moves(cells, old.cells, new.cells, config)
    meta = by_key.get("metadata")
    return {
        "matched_by": "content" if approximate else "id",
        "metadata": _dict_keys(old.get("metadata") or {}, meta),
        "cells": cells,
    }


def _config(shared: set[Any], approximate: bool) -> DiffConfig:
    config = copy.copy(notebook_config)
    if approximate:

        def only_new_ids(compare: Callable[[Any, Any], bool]) -> Callable[[Any, Any], bool]:
            # A cell whose id both revisions have is that cell, moved or not: never
            # aligned with another one by resemblance.
            def predicate(x: Any, y: Any) -> bool:
                return x.get("id") not in shared and y.get("id") not in shared and compare(x, y)

            return predicate

        config.predicates["/cells"] = [
            only_new_ids(compare_cell_approximate),
            only_new_ids(compare_cell_moderate),
            only_new_ids(compare_cell_strict),
            compare_cell_by_ids,
        ]
    else:
        config.predicates["/cells"] = [compare_cell_by_ids]
    config.differs["/cells/*/source"] = _source_differ
    return config


def _ended(text: str) -> str:
    """A source whose last line ends with a newline: nbdime compares lines with their
    endings, so a line added after a last line without one would show that line as
    removed and added again."""
    return text if not text or text.endswith("\n") else text + "\n"


def _source_differ(a: Any, b: Any, path: str = "", config: Any = None) -> list[Any]:
    if isinstance(a, str) and isinstance(b, str):
        a, b = _ended(a), _ended(b)
        lines_a, lines_b = a.splitlines(True), b.splitlines(True)
        if len(lines_a) * len(lines_b) > MAX_APPROXIMATE_LINE_PAIRS:
            # nbdime's difflib-based sequence diff: near linear, where its default
            # (a full comparison grid) is quadratic in time and memory.
            return list(diff_sequence_difflib(lines_a, lines_b))
    return list(diff_string_lines(a, b, path=path, config=config))


# -- reading nbdime's diff ---------------------------------------------------------------


def _walk(items: list[Any], ops: Iterable[Entry]) -> Iterable[tuple[str, int | None, Any]]:
    """A list diff as ("same" | "add" | "del" | "patch", old index, value or diff), in order.

    nbdime's list diff is keyed by positions in the old list (as nbdime.patching reads it)."""
    take = 0
    for e in ops:
        key = e["key"]
        for i in range(take, key):
            yield "same", i, items[i]
        skip = 0
        if e["op"] == "addrange":
            for value in e["valuelist"]:
                yield "add", None, value
        elif e["op"] == "removerange":
            skip = e["length"]
            for i in range(key, key + skip):
                yield "del", i, items[i]
        elif e["op"] == "patch":
            skip = 1
            yield "patch", key, e["diff"]
        take = max(take, key + skip)
    for i in range(take, len(items)):
        yield "same", i, items[i]


def _cells(old: list[Any], new: list[Any], ops: list[Entry]) -> list[dict[str, Any]]:
    out: list[dict[str, Any]] = []
    j = 0
    for kind, i, value in _walk(old, ops):
        if kind == "del":
            assert i is not None
            out.append(_entry("removed", old[i], None, i, None))
            continue
        if kind == "add":
            out.append(_entry("added", None, new[j], None, j))
        elif kind == "same":
            out.append(_entry("unchanged", old[i], new[j], i, j))  # type: ignore[index]
        else:
            assert i is not None
            out.append(_changed("modified", old[i], new[j], i, j, value))
        j += 1
    return out


def _pair_moves(
    cells: list[dict[str, Any]], old: list[Any], new: list[Any], config: DiffConfig
) -> list[dict[str, Any]]:
    removed = {c["cell_id"]: c for c in cells if c["status"] == "removed"}
    moved = {c["cell_id"] for c in cells if c["status"] == "added" and c["cell_id"] in removed}
    out = []
    for c in cells:
        if c["cell_id"] in moved and c["status"] == "removed":
            continue
        if c["cell_id"] in moved and c["status"] == "added":
            i, j = removed[c["cell_id"]]["old_index"], c["new_index"]
            changes = nbdime_diff(old[i], new[j], path="/cells/*", config=config)
            c = _changed("moved", old[i], new[j], i, j, changes)
        out.append(c)
    return out


def _source(cell: Any) -> str:
    s = cell.get("source", "")
    return "".join(s) if isinstance(s, list) else str(s)


def _entry(status: str, old: Any, new: Any, i: int | None, j: int | None) -> dict[str, Any]:
    cell = new if new is not None else old
    return {
        "cell_id": cell.get("id"),
        "old_cell_id": old.get("id") if old is not None else None,
        "status": status,
        "cell_type": cell.get("cell_type"),
        "old_index": i,
        "new_index": j,
        "old_source": _source(old) if old is not None else None,
        "new_source": _source(new) if new is not None else None,
        "source": None,
        "outputs": [],
        "metadata": [],
        "other": [],
    }


def _changed(
    status: str, old: Any, new: Any, i: int, j: int, changes: list[Entry]
) -> dict[str, Any]:
    out = _entry(status, old, new, i, j)
    for e in changes:
        key = e["key"]
        if key == "source":
            out["source"] = _lines(_source(old), e)
        elif key == "outputs":
            out["outputs"] = _outputs(old.get("outputs") or [], e)
        elif key == "metadata":
            out["metadata"] = _dict_keys(old.get("metadata") or {}, e)
        else:
            out["other"].append(str(key))
    return out


def _lines(old: str, e: Entry) -> list[dict[str, str]]:
    """A source's lines as kept, removed and added, from nbdime's line diff (a patched
    line, whose characters changed, is the old line removed and the new one added)."""
    lines = _ended(old).splitlines(True)
    if e["op"] != "patch":  # the source key itself added or replaced
        new = "" if e["op"] == "remove" else str(e.get("value", ""))
        return [_line("del", x) for x in lines] + [_line("add", x) for x in new.splitlines(True)]
    out: list[dict[str, str]] = []
    dels: list[dict[str, str]] = []
    adds: list[dict[str, str]] = []
    for kind, i, value in _walk(lines, e["diff"]):
        if kind == "patch":
            assert i is not None
            before, after = (
                _line("del", lines[i]),
                _line("add", patch_singleline_string(lines[i], value)),
            )
            if before["text"] == after["text"]:  # only its line ending changed
                kind, value = "same", lines[i]
            else:
                dels.append(before)
                adds.append(after)
                continue
        if kind == "same":
            # A run of changes reads as its removed lines, then its added ones.
            out += dels + adds + [_line("same", value)]
            dels, adds = [], []
        else:
            (dels if kind == "del" else adds).append(_line(kind, value))
    return out + dels + adds


def _line(kind: str, text: str) -> dict[str, str]:
    return {"kind": kind, "text": text.rstrip("\r\n")}


def _outputs(old: list[Any], e: Entry) -> list[dict[str, Any]]:
    if e["op"] != "patch":
        return [{"change": "changed", "index": None, "summary": "outputs replaced"}]
    found: list[tuple[str, int | None, Any]] = []
    j = 0
    for kind, i, value in _walk(old, e["diff"]):
        if kind == "del":
            found.append(("del", i, value))
            continue
        if kind == "add":
            found.append(("add", j, value))
        elif kind == "patch":
            assert i is not None
            found += [("changed", j, s) for s in _output_changes(old[i], value)]
        j += 1
    return _replaced_outputs(found)


def _replaced_outputs(found: list[tuple[str, int | None, Any]]) -> list[dict[str, Any]]:
    """nbdime aligns two outputs only when their data resemble (never two different images):
    an output removed and one of the same kind added at the same place read as that output
    changed, with the mime types whose data differ."""
    added = {i: v for kind, i, v in found if kind == "add"}
    paired = {
        i for kind, i, v in found if kind == "del" and i in added and _kind(added[i]) == _kind(v)
    }
    out = []
    for kind, i, value in found:
        if kind == "add" and i in paired:
            continue
        if kind == "del" and i in paired:
            summaries = _replacement(value, added[i])
            out += [{"change": "changed", "index": i, "summary": x} for x in summaries]
        elif kind == "changed":
            out.append({"change": "changed", "index": i, "summary": value})
        else:
            change = "added" if kind == "add" else "removed"
            out.append({"change": change, "index": i, "summary": f"{_what(value)} {change}"})
    return out


def _kind(output: Any) -> tuple[Any, Any]:
    return output.get("output_type"), output.get("name")


def _replacement(old: Any, new: Any) -> list[str]:
    if "data" in old or "data" in new:
        a, b = old.get("data") or {}, new.get("data") or {}
        keys = sorted(set(a) | set(b))
        return [
            f"{k} {'added' if k not in a else 'removed' if k not in b else 'changed'}"
            for k in keys
            if a.get(k) != b.get(k)
        ] or ["output changed"]
    if old.get("output_type") == "stream":
        return [f"{old.get('name') or 'stream'} text changed"]
    return [
        f"{_what(old)} changed"
        if _what(old) == _what(new)
        else f"{_what(new)} instead of {_what(old)}"
    ]


def _what(output: Any) -> str:
    kind = output.get("output_type")
    if kind == "stream":
        return str(output.get("name") or "stream")
    if kind == "error":
        return f"error {output.get('ename') or ''}".strip()
    data = output.get("data") or {}
    return ", ".join(sorted(data)) or str(kind)


def _output_changes(old: Any, changes: list[Entry]) -> list[str]:
    out = []
    for e in changes:
        key = e["key"]
        if key == "data" and e["op"] == "patch":
            for k in _keys(old.get("data") or {}, e["diff"], "", depth=0):
                out.append(f"{k['key']} {k['change']}")
        elif key == "text":
            out.append(f"{old.get('name') or 'stream'} text changed")
        elif key in ("ename", "evalue", "traceback"):
            if "error changed" not in out:
                out.append("error changed")
        else:
            out.append(f"{str(key).replace('_', ' ')} changed")
    return out


def _dict_keys(old: Any, e: Entry | None) -> list[dict[str, str]]:
    """The keys of a dict (metadata) that nbdime's entry for it changed."""
    if e is None:
        return []
    if e["op"] != "patch":
        return [{"key": str(e["key"]), "change": "changed"}]
    return _keys(old, e["diff"], "")


def _keys(old: Any, entries: Iterable[Entry], prefix: str, depth: int = 3) -> list[dict[str, str]]:
    """The dotted keys a dict diff touches, each added, removed or changed; nested dicts are
    followed ``depth`` levels down."""
    out = []
    for e in entries:
        key = f"{prefix}{e['key']}"
        before = old.get(e["key"]) if isinstance(old, Mapping) else None
        if e["op"] == "patch" and isinstance(before, Mapping) and depth > 0:
            out.extend(_keys(before, e["diff"], f"{key}.", depth - 1))
        else:
            change = {"add": "added", "remove": "removed"}.get(e["op"], "changed")
            out.append({"key": key, "change": change})
    return [k for k in out if k["key"]]
