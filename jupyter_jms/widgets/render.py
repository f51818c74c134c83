"""HTML for the panels: a submitted notebook, its pre-checks, reviews and comments (a diff:
diff_view.py).

Everything that came from a notebook or a person is escaped. Markdown is rendered with raw
HTML turned off (mistune escapes it, and drops ``javascript:`` links), so a post cannot run
script in the editor's browser through an HTML widget.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping, Sequence
from functools import lru_cache
from typing import Any

from .panel import esc

_BASE64 = re.compile(r"^[A-Za-z0-9+/=\s]+$")
MAX_OUTPUT_CHARS = 5000


@lru_cache(maxsize=1)
def _markdown() -> Any:
    import mistune

    return mistune.create_markdown(escape=True, plugins=["strikethrough", "table"])


def markdown(text: str) -> str:
    """Markdown as HTML, with any HTML in the source shown as text."""
    return str(_markdown()(text))


def source(cell: Mapping[str, Any]) -> str:
    src = cell.get("source", "")
    return "".join(src) if isinstance(src, list) else str(src)


def cell_label(index: int, cell: Mapping[str, Any], width: int = 50) -> str:
    """How a person picks a cell: its number, type and first words."""
    first = next((line.strip() for line in source(cell).splitlines() if line.strip()), "")
    if len(first) > width:
        first = first[: width - 1] + "\u2026"
    return f"[{index + 1}] {cell.get('cell_type', 'cell')}: {first}"


def _text(value: Any) -> str:
    text = "".join(value) if isinstance(value, list) else str(value or "")
    if len(text) > MAX_OUTPUT_CHARS:
        text = text[:MAX_OUTPUT_CHARS] + "\n\u2026 (output cut)"
    return text


def _output(out: Mapping[str, Any]) -> str:
    kind = out.get("output_type")
    if kind == "stream":
        return f'<pre class="jms-out">{esc(_text(out.get("text")))}</pre>'
    if kind == "error":
        return (
            '<pre class="jms-out jms-error-output" style="color:#b00020">'
            f"{esc(out.get('ename', 'Error'))}: {esc(out.get('evalue', ''))}</pre>"
        )
    data = out.get("data") or {}
    for mime in ("image/png", "image/jpeg"):
        payload = _text(data.get(mime))
        if payload and _BASE64.match(payload):
            return f'<img class="jms-out" src="data:{mime};base64,{payload.strip()}" alt="output">'
    if "text/plain" in data:
        return f'<pre class="jms-out">{esc(_text(data["text/plain"]))}</pre>'
    return '<div class="jms-out"><em>(rich output not shown)</em></div>'


def notebook(nb: Mapping[str, Any], comments: Sequence[Mapping[str, Any]] = ()) -> str:
    """A submitted revision as the editor reads it, with the comment count per cell."""
    per_cell: dict[str, int] = {}
    for c in comments:
        if c.get("cell_id"):
            per_cell[str(c["cell_id"])] = per_cell.get(str(c["cell_id"]), 0) + 1
    parts = ['<div class="jms-notebook">']
    for i, cell in enumerate(nb.get("cells") or []):
        cid = str(cell.get("id") or f"#{i}")
        kind = cell.get("cell_type", "")
        n = per_cell.get(cid, 0)
        note = f" \u00b7 {n} comment{'s' if n != 1 else ''}" if n else ""
        parts.append(
            f'<div class="jms-cell" data-cell-id="{esc(cid)}" '
            'style="border-left:3px solid #ddd;padding-left:8px;margin:6px 0">'
            f'<div style="font-size:small;color:#666">[{i + 1}] {esc(kind)}{esc(note)}</div>'
        )
        if kind == "markdown":
            parts.append(markdown(source(cell)))
        else:
            parts.append(f"<pre>{esc(source(cell))}</pre>")
            for out in cell.get("outputs") or []:
                if isinstance(out, Mapping):
                    parts.append(_output(out))
        parts.append("</div>")
    parts.append("</div>")
    return "".join(parts)


# Presentation only: what each of the server's pre-checks (domain/prechecks.py) is called
# for a person; an id not listed here is shown as words.
CHECK_LABELS = {
    "metadata": "Post metadata",
    "error_outputs": "Error outputs",
    "image_alt": "Image descriptions",
    "blog_link": "Link to the blog",
    "char_limits": "Social text length",
    "language": "Language",
}


def check_label(check_id: Any) -> str:
    text = str(check_id or "")
    return CHECK_LABELS.get(text) or text.replace("_", " ").capitalize()


def cell_numbers(nb: Mapping[str, Any]) -> dict[str, int]:
    """Each cell's id to the number a person sees ([1], [2], ...)."""
    return {str(cell.get("id") or f"#{i}"): i + 1 for i, cell in enumerate(nb.get("cells") or [])}


def checks(items: Iterable[Mapping[str, Any]], numbers: Mapping[str, int] | None = None) -> str:
    """The server's pre-checks: warnings first, each with the cells it points at (by their
    numbers in the revision, from ``cell_numbers``)."""
    rows = sorted(items, key=lambda c: c.get("status") == "ok")
    numbers = numbers or {}
    if not rows:
        return "<p>No pre-checks ran.</p>"
    out = ['<ul class="jms-checks">']
    for c in rows:
        ok = c.get("status") == "ok"
        icon = "\u2714" if ok else "\u26a0"
        color = "#1b5e20" if ok else "#8a6d00"
        cells = [f"[{numbers[x]}]" for x in c.get("cells") or [] if x in numbers]
        where = f" (cells {', '.join(cells)})" if cells else ""
        out.append(
            f'<li style="color:{color}">{icon} <b>{esc(check_label(c.get("id")))}</b>: '
            f"{esc(c.get('message'))}{esc(where)}</li>"
        )
    out.append("</ul>")
    return "".join(out)


def publications(draft: Mapping[str, Any]) -> str:
    """Where a published post went out, as links ("" when nothing is recorded)."""
    items = draft.get("publications") or []
    if not items:
        return ""
    links = "".join(
        f"<li><b>{esc(p.get('channel'))}</b>: "
        f'<a href="{esc(p.get("url"))}" target="_blank" rel="noopener noreferrer">'
        f"{esc(p.get('url'))}</a></li>"
        for p in items
    )
    return f'<p><b>Published at</b></p><ul class="jms-publications">{links}</ul>'


def reviews(draft: Mapping[str, Any], labels: Mapping[str, str] | None = None) -> str:
    """Reviews and vettings, newest first, with voided ones (earlier revisions) marked and
    the checklist items each review failed named (by ``labels``, item id -> label)."""
    labels = labels or {}
    rows = [("review", r, r.get("reviewer")) for r in draft.get("reviews") or []]
    rows += [("vetting", v, v.get("vetter")) for v in draft.get("vettings") or []]
    published = publications(draft)
    if not rows:
        return published + "<p>No reviews yet.</p>"
    rows.sort(key=lambda t: str(t[1].get("created_at") or ""), reverse=True)
    out = ['<ul class="jms-reviews">']
    for kind, r, who in rows:
        void = " (earlier revision)" if r.get("voided") else ""
        lang = f" [{r.get('language')}]" if kind == "vetting" else ""
        comment = f": \u201c{esc(r.get('comment'))}\u201d" if r.get("comment") else ""
        failed = [labels.get(k, k) for k, v in (r.get("checklist") or {}).items() if v == "fail"]
        failed_html = (
            f'<div class="jms-failed">Failed: {esc(", ".join(failed))}</div>' if failed else ""
        )
        out.append(
            f"<li>{esc(kind)}{esc(lang)} by <b>{esc(who)}</b> on revision "
            f"{esc(r.get('revision'))}: <b>{esc(r.get('verdict'))}</b>{esc(void)}{comment}"
            f"{failed_html}</li>"
        )
    out.append("</ul>")
    return published + "".join(out)


def comments(items: Sequence[Mapping[str, Any]], cells: Mapping[str, str] | None = None) -> str:
    """Comments in order, each with the cell it is on (by the label the picker shows)."""
    if not items:
        return "<p>No comments yet.</p>"
    cells = cells or {}
    out = ['<ul class="jms-comments">']
    for c in items:
        cid = c.get("cell_id")
        where = f" on {cells.get(str(cid), str(cid))}" if cid else ""
        out.append(
            f"<li><b>{esc(c.get('author'))}</b> (revision {esc(c.get('revision'))}"
            f"{esc(where)}): {esc(c.get('body'))}</li>"
        )
    out.append("</ul>")
    return "".join(out)
