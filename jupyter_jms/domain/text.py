"""Free text from users (titles, comments): kept verbatim, shown as text by every front.

Markup is legal in a title ("Why <details> helps notebooks"), but active content that
only makes sense as an attack is refused so no later renderer can be tricked by it.
"""

from __future__ import annotations

import re

_ACTIVE = re.compile(
    r"<\s*(script|iframe|object|embed|style|link|meta|base|form|svg)\b"
    r"|\bon[a-z]+\s*=\s*[\"'\w]"
    r"|javascript\s*:",
    re.IGNORECASE,
)
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


def text_problem(value: str, *, max_length: int, single_line: bool = False) -> str | None:
    """Why this text is refused, or None when it is acceptable."""
    if len(value) > max_length:
        return f"at most {max_length} characters (got {len(value)})"
    if _CONTROL.search(value):
        return "contains control characters"
    if single_line and ("\n" in value or "\r" in value):
        return "must be a single line"
    if _ACTIVE.search(value):
        return "contains active HTML (script, event handler or javascript: URL)"
    return None
