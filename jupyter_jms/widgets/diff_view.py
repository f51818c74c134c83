"""HTML for the diff between two revisions, as the server computed it (with nbdime): each
changed cell's lines, its outputs and metadata keys that changed, and the notebook's metadata.

Nothing is compared here; long runs of unchanged lines are only folded for reading.
Everything that came from a notebook is escaped.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from .panel import esc

# Unchanged lines kept on each side of a change; longer runs are folded.
CONTEXT = 2
STATUS = {"added": "new", "removed": "removed", "modified": "changed", "moved": "moved"}
LINE_STYLE = {"add": "background:#e6ffed", "del": "background:#ffeef0", "same": ""}
MARK = {"add": "+", "del": "-", "same": " "}


def fold(lines: Sequence[Mapping[str, Any]], context: int = CONTEXT) -> list[dict[str, Any]]:
    """The lines with runs of unchanged ones longer than ``2 * context + 1`` folded into one
    ``{"kind": "skipped", "count": n}`` (only ``context`` lines kept next to a change)."""
    out: list[dict[str, Any]] = []
    run: list[Mapping[str, Any]] = []

    def flush(first: bool, last: bool) -> None:
        head = 0 if first else context
        tail = 0 if last else context
        if len(run) > head + tail + 1:
            out.extend(dict(x) for x in run[:head])
            out.append({"kind": "skipped", "count": len(run) - head - tail, "text": ""})
            out.extend(dict(x) for x in run[len(run) - tail :])
        else:
            out.extend(dict(x) for x in run)
        run.clear()

    first = True
    for line in lines:
        if line.get("kind") == "same":
            run.append(line)
            continue
        flush(first, False)
        first = False
        out.append(dict(line))
    flush(first, True)
    return out


def _lines(lines: Sequence[Mapping[str, Any]]) -> str:
    rows = []
    for line in fold(lines):
        kind = str(line.get("kind"))
        if kind == "skipped":
            n = int(line.get("count") or 0)
            rows.append(
                f'<span style="color:#666">\u2026 {n} unchanged line{"s" * (n != 1)}</span>'
            )
        else:
            text = f"{MARK.get(kind, ' ')}{line.get('text', '')}"
            rows.append(f'<span style="{LINE_STYLE.get(kind, "")}">{esc(text)}</span>')
    return '<pre class="jms-diff-lines">' + "\n".join(rows) + "</pre>"


def _whole(source: Any, kind: str) -> str:
    return _lines([{"kind": kind, "text": t} for t in str(source or "").splitlines()])


def _keys(keys: Sequence[Mapping[str, Any]]) -> str:
    return ", ".join(f"{esc(k.get('key'))} ({esc(k.get('change'))})" for k in keys)


def cell_heading(c: Mapping[str, Any]) -> str:
    status = str(c.get("status"))
    where = c.get("old_index") if status == "removed" else c.get("new_index")
    pos = int(where) + 1 if isinstance(where, int) else "?"
    text = f"Cell {pos} ({c.get('cell_type')}): {STATUS.get(status, status)}"
    if status == "moved" and isinstance(c.get("old_index"), int):
        text += f" from position {int(c['old_index']) + 1}"
    return text


def cell(c: Mapping[str, Any]) -> str:
    status = str(c.get("status"))
    parts = [
        f'<div class="jms-diff-cell" data-status="{esc(status)}">'
        f'<div style="font-size:small;color:#666">{esc(cell_heading(c))}</div>'
    ]
    if c.get("source"):
        parts.append(_lines(c["source"]))
    elif status == "added":
        parts.append(_whole(c.get("new_source"), "add"))
    elif status == "removed":
        parts.append(_whole(c.get("old_source"), "del"))
    notes = []
    for o in c.get("outputs") or []:
        index = o.get("index")
        label = f"Output {int(index) + 1}: " if isinstance(index, int) else "Outputs: "
        notes.append(label + esc(o.get("summary")))
    if c.get("metadata"):
        notes.append("Metadata: " + _keys(c["metadata"]))
    if c.get("other"):
        notes.append(
            "Also changed: " + esc(", ".join(str(x).replace("_", " ") for x in c["other"]))
        )
    if notes:
        parts.append('<ul class="jms-diff-notes">' + "".join(f"<li>{n}</li>" for n in notes))
        parts.append("</ul>")
    parts.append("</div>")
    return "".join(parts)


def diff(data: Mapping[str, Any]) -> str:
    """The cells that changed between two revisions (unchanged ones are only counted)."""
    cells = data.get("cells") or []
    changed = [c for c in cells if c.get("status") != "unchanged"]
    head = [
        f"<p>Changes from revision {esc(data.get('from'))} to {esc(data.get('to'))}: "
        f"{len(changed)} of {len(cells)} cells.</p>"
    ]
    if data.get("metadata"):
        head.append(f"<p>Notebook metadata changed: {_keys(data['metadata'])}.</p>")
    elif data.get("metadata_changed"):
        head.append("<p>The post metadata changed.</p>")
    if data.get("matched_by") == "id":
        head.append(
            "<p><em>Many cells were replaced: cells are matched by their ids only.</em></p>"
        )
    return "".join(head) + "".join(cell(c) for c in changed)
