"""Small helpers the report notebooks share: percentiles, medians and plain text."""

from __future__ import annotations

import html
import math
from collections.abc import Sequence
from typing import Any


def percentile(values: Sequence[float], q: float) -> float | None:
    """The nearest-rank ``q``-th percentile (0 < q <= 100); None for no values.

    Nearest rank always returns an observed value, which reads better in a report than an
    interpolated turnaround nobody waited.
    """
    if not values:
        return None
    ordered = sorted(values)
    rank = max(1, math.ceil(q / 100 * len(ordered)))
    return ordered[rank - 1]


def median(values: Sequence[float]) -> float | None:
    if not values:
        return None
    ordered = sorted(values)
    mid = len(ordered) // 2
    if len(ordered) % 2:
        return ordered[mid]
    return (ordered[mid - 1] + ordered[mid]) / 2


# Characters that would make text members wrote into markup or links in a table cell.
_MARKDOWN = str.maketrans({c: "\\" + c for c in "\\`*_[]|#!"})


def plain(value: Any) -> str:
    """Text as it was written: no HTML, no Markdown emphasis, links or table breaks."""
    return html.escape(str(value), quote=False).translate(_MARKDOWN).replace("\n", " ")
