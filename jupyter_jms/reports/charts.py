"""The report notebooks' charts, drawn as SVG with nothing but the standard library.

Importing matplotlib and drawing a first figure takes about a second in a fresh kernel,
more than the rest of a report; these charts take milliseconds (issue 4's speed target is
newer than DESIGN.md's "draw with matplotlib" and wins).

A chart displays as an ``<img>`` holding the SVG as a data URI, with the chart's title and
description as its ``alt`` text: JupyterLab shows it in an untrusted notebook (it drops
inline ``<svg>`` there), and the HTML export shows it as it is. Every text drawn comes
from members (names, channels, affiliations) and is escaped. Colours are the Okabe-Ito
palette, which readers with colour-vision deficiencies can tell apart.
"""

from __future__ import annotations

import base64
import html
import math
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

FONT = "system-ui, -apple-system, 'Segoe UI', Roboto, 'Helvetica Neue', Arial, sans-serif"
INK = "#222222"
MUTED = "#666666"
RULE = "#dddddd"
PALETTE = (
    "#0072B2",
    "#E69F00",
    "#009E73",
    "#CC79A7",
    "#56B4E9",
    "#D55E00",
    "#F0E442",
    "#000000",
    "#8C564B",
    "#999999",
    "#17BECF",
    "#BCBD22",
)
# Characters XML 1.0 does not allow at all: one in a name would break the whole image.
_NOT_XML = re.compile(r"[^\t\n\r\x20-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")


def esc(text: object) -> str:
    """Text as SVG/HTML character data or attribute value."""
    return html.escape(_NOT_XML.sub("", str(text)), quote=True)


def text_width(text: str, size: float) -> float:
    """Rough width of ``text`` in a sans-serif font (layout only needs to be close)."""
    return len(text) * size * 0.62


def fit(text: str, width: float, size: float) -> str:
    """``text`` cut with an ellipsis to fit ``width`` pixels."""
    if text_width(text, size) <= width:
        return text
    keep = max(1, int(width / (size * 0.62)) - 1)
    return text[:keep].rstrip() + "…"


def nice_ticks(top: float, count: int = 5) -> list[float]:
    """Round tick values from 0 to at least ``top`` (1, 2 or 5 times a power of ten)."""
    if top <= 0:
        return [0, 1]
    raw = top / count
    power = 10 ** math.floor(math.log10(raw))
    step = next(m * power for m in (1, 2, 5, 10) if m * power >= raw)
    if step < 1 and float(top).is_integer():
        step = 1
    n = math.ceil(top / step - 1e-9)
    return [round(i * step, 10) for i in range(n + 1)]


def _number(value: float) -> str:
    return f"{value:g}" if abs(value) < 1e6 else f"{value:.3g}"


class Canvas:
    """An SVG document built from a few primitives."""

    def __init__(self, width: float, height: float) -> None:
        self.width, self.height = width, height
        self.parts: list[str] = []

    def rect(self, x: float, y: float, w: float, h: float, fill: str, extra: str = "") -> None:
        self.parts.append(
            f'<rect x="{x:.1f}" y="{y:.1f}" width="{max(w, 0):.1f}" height="{max(h, 0):.1f}" '
            f'fill="{fill}"{extra}/>'
        )

    def line(self, x1: float, y1: float, x2: float, y2: float, stroke: str = RULE) -> None:
        self.parts.append(
            f'<line x1="{x1:.1f}" y1="{y1:.1f}" x2="{x2:.1f}" y2="{y2:.1f}" stroke="{stroke}"/>'
        )

    def text(
        self,
        x: float,
        y: float,
        content: str,
        *,
        size: float = 12,
        anchor: str = "start",
        fill: str = INK,
        weight: str = "normal",
        rotate: float = 0,
    ) -> None:
        turn = f' transform="rotate({rotate:g} {x:.1f} {y:.1f})"' if rotate else ""
        bold = ' font-weight="600"' if weight == "bold" else ""
        self.parts.append(
            f'<text x="{x:.1f}" y="{y:.1f}" font-size="{size:g}" text-anchor="{anchor}" '
            f'fill="{fill}"{bold}{turn}>{esc(content)}</text>'
        )

    def swatch_legend(
        self, x: float, y: float, items: Sequence[tuple[str, str]], *, max_width: float
    ) -> float:
        """Colour swatches with labels, wrapped to ``max_width``; returns the height used."""
        cx, cy = x, y
        for label, colour in items:
            w = 16 + text_width(label, 12) + 18
            if cx > x and cx + w > x + max_width:
                cx, cy = x, cy + 20
            self.rect(cx, cy, 12, 12, colour, ' stroke="#bbbbbb" stroke-width="0.5"')
            self.text(cx + 17, cy + 10.5, label)
            cx += w
        return cy - y + 20

    def svg(self, title: str, description: str) -> str:
        return (
            f'<svg xmlns="http://www.w3.org/2000/svg" width="{self.width:.0f}" '
            f'height="{self.height:.0f}" viewBox="0 0 {self.width:.0f} {self.height:.0f}" '
            f'role="img" aria-labelledby="t d" font-family="{esc(FONT)}">'
            f'<title id="t">{esc(title)}</title><desc id="d">{esc(description)}</desc>'
            f'<rect width="100%" height="100%" fill="#ffffff"/>' + "".join(self.parts) + "</svg>"
        )


@dataclass(frozen=True)
class Chart:
    """An SVG chart; displays in a notebook as an image whose alt text is its description."""

    svg: str
    title: str
    description: str
    width: float

    def data_uri(self) -> str:
        return "data:image/svg+xml;base64," + base64.b64encode(self.svg.encode()).decode()

    def _repr_html_(self) -> str:
        alt = esc(f"{self.title}. {self.description}")
        return (
            f'<figure style="margin: 0.5em 0 1em 0">'
            f'<img src="{self.data_uri()}" alt="{alt}" width="{self.width:.0f}" '
            f'style="max-width: 100%; height: auto"></figure>'
        )

    def _repr_mimebundle_(self, include: object = None, exclude: object = None) -> dict[str, str]:
        return {"text/html": self._repr_html_(), "text/plain": f"{self.title}. {self.description}"}


# -- the charts -------------------------------------------------------------------------------


@dataclass(frozen=True)
class Category:
    code: int | None
    label: str
    colour: str


def heatmap(
    rows: Sequence[str],
    columns: Sequence[str],
    grid: Sequence[Sequence[int | None]],
    categories: Sequence[Category],
    *,
    title: str,
    description: str,
    bars: Sequence[float | None] = (),
    bars_title: str = "",
) -> Chart:
    """One row per label, one cell per column coloured by its category's code.

    ``bars`` (shares from 0 to 1, one per row) are drawn beside the rows, labelled in
    percent; None draws no bar and a dash.
    """
    label_w = min(220.0, max([text_width(r, 12) for r in rows] + [40.0]) + 16)
    cell_w = min(22.0, 620 / max(1, len(columns)))
    cell_h = 18.0
    # Cells too narrow for a visible gap are drawn as runs of one colour.
    gap = 1.0 if cell_w >= 6 else 0.0
    top, left = 40.0, label_w
    plot_w = cell_w * len(columns)
    bar_x = left + plot_w + 24
    bar_w = 120.0 if bars else 0.0
    width = bar_x + bar_w + (48 if bars else 0)
    longest = max((text_width(c, 11) for c in columns), default=0.0)
    axis_h = longest * 0.72 + 16
    legend_y = top + cell_h * len(rows) + axis_h + 8
    canvas = Canvas(max(width, 420.0), 0)
    colours = {c.code: c.colour for c in categories}
    # One path per colour keeps the file small: a year of 40 members is over 1,000 cells.
    shapes: dict[str, list[str]] = {}
    canvas.text(0, 18, title, size=14, weight="bold")
    for i, (label, values) in enumerate(zip(rows, grid, strict=True)):
        y = top + i * cell_h
        canvas.text(left - 8, y + cell_h / 2 + 4, fit(label, label_w - 12, 12), anchor="end")
        j = 0
        while j < len(values):
            k = j + 1
            if not gap:
                while k < len(values) and values[k] == values[j]:
                    k += 1
            w = (k - j) * cell_w - gap
            shapes.setdefault(colours.get(values[j], "#ffffff"), []).append(
                f"M{left + j * cell_w:.1f} {y + 1:.1f}h{w:.1f}v{cell_h - 2:g}h{-w:.1f}z"
            )
            j = k
    for colour, parts in shapes.items():
        canvas.parts.append(f'<path fill="{colour}" d="{"".join(parts)}"/>')
    step = max(1, math.ceil(len(columns) * 16 / max(plot_w, 1)))
    axis_y = top + cell_h * len(rows) + 6
    for j in range(0, len(columns), step):
        x = left + j * cell_w + cell_w / 2
        canvas.line(x, axis_y - 4, x, axis_y, MUTED)
        canvas.text(x + 3, axis_y + 8, columns[j], size=11, anchor="end", rotate=-45, fill=MUTED)
    if bars:
        canvas.text(bar_x, top - 8, bars_title, size=12, fill=MUTED)
        canvas.line(bar_x, top, bar_x, top + cell_h * len(rows), MUTED)
        for i, share in enumerate(bars):
            y = top + i * cell_h
            if share is None:
                canvas.text(bar_x + 6, y + cell_h / 2 + 4, "–", fill=MUTED)
                continue
            canvas.rect(bar_x, y + 3, bar_w * max(0.0, min(1.0, share)), cell_h - 6, PALETTE[0])
            canvas.text(
                bar_x + bar_w * max(0.0, min(1.0, share)) + 4,
                y + cell_h / 2 + 4,
                f"{share:.0%}",
                size=11,
            )
    used = canvas.swatch_legend(
        left, legend_y, [(c.label, c.colour) for c in categories], max_width=canvas.width - left
    )
    canvas.height = legend_y + used + 4
    return Chart(canvas.svg(title, description), title, description, canvas.width)


def stacked_panels(
    panels: Sequence[tuple[str, Mapping[str, Sequence[float]]]],
    columns: Sequence[str],
    *,
    title: str,
    description: str,
    y_label: str = "",
) -> Chart:
    """Small multiples sharing a y axis: per panel, bars per column stacked by series.

    Each series keeps its colour in every panel; the legend lists the series in the order
    they first appear.
    """
    series: list[str] = []
    for _, stacks in panels:
        series.extend(s for s in stacks if s not in series)
    colour = {s: PALETTE[i % len(PALETTE)] for i, s in enumerate(series)}
    totals = [
        sum(values[j] for values in stacks.values())
        for _, stacks in panels
        for j in range(len(columns))
    ]
    ticks = nice_ticks(max(totals, default=0))
    top_value = ticks[-1] or 1
    left, top, plot_h, gutter = 44.0, 56.0, 200.0, 20.0
    legend_w = min(200.0, max([text_width(s, 12) for s in series] + [60.0]) + 30)
    panel_w = max(200.0, min(250.0, len(columns) * 16.0))
    width = left + len(panels) * (panel_w + gutter) + legend_w
    longest = max((text_width(c, 11) for c in columns), default=0.0)
    canvas = Canvas(width, top + plot_h + longest * 0.72 + 24)
    canvas.text(0, 18, title, size=14, weight="bold")
    if y_label:
        canvas.text(12, top + plot_h / 2, y_label, size=12, anchor="middle", rotate=-90)
    slot = panel_w / max(1, len(columns))
    step = max(1, math.ceil(len(columns) * 16 / panel_w))
    for p, (name, stacks) in enumerate(panels):
        x0 = left + p * (panel_w + gutter)
        canvas.text(x0 + panel_w / 2, top - 10, name, size=12, anchor="middle", weight="bold")
        for t in ticks:
            y = top + plot_h - plot_h * t / top_value
            canvas.line(x0, y, x0 + panel_w, y)
            if p == 0:
                canvas.text(x0 - 6, y + 4, _number(t), size=11, anchor="end", fill=MUTED)
        for j in range(len(columns)):
            base = 0.0
            for s in series:
                value = stacks.get(s, ())[j] if s in stacks else 0
                if not value:
                    continue
                h = plot_h * value / top_value
                y = top + plot_h - plot_h * (base + value) / top_value
                canvas.rect(x0 + j * slot + slot * 0.12, y, slot * 0.76, h, colour[s])
                base += value
        canvas.line(x0, top + plot_h, x0 + panel_w, top + plot_h, MUTED)
        for j in range(0, len(columns), step):
            x = x0 + j * slot + slot / 2
            canvas.text(
                x + 3, top + plot_h + 12, columns[j], size=11, anchor="end", rotate=-45, fill=MUTED
            )
    lx = left + len(panels) * (panel_w + gutter) + 4
    for i, s in enumerate(series):
        y = top + i * 18
        canvas.rect(lx, y, 12, 12, colour[s])
        canvas.text(lx + 17, y + 10.5, fit(s, legend_w - 24, 12))
    canvas.height = max(canvas.height, top + len(series) * 18 + 8)
    return Chart(canvas.svg(title, description), title, description, canvas.width)


def bars(
    labels: Sequence[str],
    values: Sequence[float],
    *,
    title: str,
    description: str,
    horizontal: bool = False,
    colour: str = PALETTE[0],
    value_format: str = "{:g}",
) -> Chart:
    """One bar per label with its value written at the bar's end."""
    top_value = max(values, default=0) or 1
    if horizontal:
        label_w = min(240.0, max([text_width(s, 12) for s in labels] + [40.0]) + 16)
        row_h, top, bar_w = 22.0, 32.0, 260.0
        canvas = Canvas(label_w + bar_w + 60, top + row_h * len(labels) + 8)
        canvas.text(0, 18, title, size=14, weight="bold")
        canvas.line(label_w, top, label_w, top + row_h * len(labels), MUTED)
        for i, (label, value) in enumerate(zip(labels, values, strict=True)):
            y = top + i * row_h
            w = bar_w * value / top_value
            canvas.text(label_w - 8, y + row_h / 2 + 4, fit(label, label_w - 12, 12), anchor="end")
            canvas.rect(label_w, y + 4, w, row_h - 8, colour)
            canvas.text(label_w + w + 4, y + row_h / 2 + 4, value_format.format(value), size=11)
    else:
        slot = max(28.0, min(60.0, 420 / max(1, len(labels))))
        left, top, plot_h = 12.0, 40.0, 160.0
        canvas = Canvas(max(260.0, left * 2 + slot * len(labels)), top + plot_h + 26)
        canvas.text(0, 18, title, size=14, weight="bold")
        canvas.line(left, top + plot_h, left + slot * len(labels), top + plot_h, MUTED)
        for j, (label, value) in enumerate(zip(labels, values, strict=True)):
            h = plot_h * value / top_value
            x = left + j * slot
            canvas.rect(x + slot * 0.15, top + plot_h - h, slot * 0.7, h, colour)
            canvas.text(
                x + slot / 2,
                top + plot_h - h - 4,
                value_format.format(value),
                size=11,
                anchor="middle",
            )
            canvas.text(x + slot / 2, top + plot_h + 16, fit(label, slot, 12), anchor="middle")
    return Chart(canvas.svg(title, description), title, description, canvas.width)
