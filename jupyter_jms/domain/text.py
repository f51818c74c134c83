"""Free text from users (titles, comments): kept verbatim, shown as text by every front.

Markup is legal in a title ("Why <details> helps notebooks"), but active content that
only makes sense as an attack is refused so no later renderer can be tricked by it.
"""

from __future__ import annotations

import html
import re

_ACTIVE = re.compile(
    r"<\s*(script|iframe|object|embed|style|link|meta|base|form|svg)\b"
    # An event handler attribute, whatever its value starts with: ``onerror=(alert)(1)`` and
    # ``onerror=/**/alert(1)`` run as well as a quoted one. Every handler name has at least
    # three letters after "on" (oncut, onload), so "one=two", "once =" and "on = off" pass.
    r"|\bon[a-z]{3,}\s*="
    r"|(java|vb)script\s*:",
    re.IGNORECASE,
)
# Browsers drop tabs and line breaks anywhere in a URL, so "java\tscript:" is a scheme too.
_URL_BLANKS = re.compile(r"[\t\n\r]")
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


def text_problem(value: str, *, max_length: int, single_line: bool = False) -> str | None:
    """Why this text is refused, or None when it is acceptable."""
    if len(value) > max_length:
        return f"at most {max_length} characters (got {len(value)})"
    if _CONTROL.search(value):
        return "contains control characters"
    if single_line and ("\n" in value or "\r" in value):
        return "must be a single line"
    if _is_active(value):
        return "contains active HTML (script, event handler or javascript: URL)"
    return None


def _is_active(value: str) -> bool:
    """Active content as written, or once a renderer has decoded its character references
    (``jav&#x61;script:``, ``on&#101;rror=``) and dropped a URL's tabs and line breaks."""
    decoded = html.unescape(value)
    return any(_ACTIVE.search(v) for v in {value, decoded, _URL_BLANKS.sub("", decoded)})
