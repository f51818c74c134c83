"""Character counts the way each platform counts them.

- Mastodon: grapheme clusters; every URL counts 23; a mention counts only its local part
  (Mastodon.py's own counter).
- Bluesky: grapheme clusters of the text as written (the grapheme package).
- LinkedIn: characters (code points).
- X: weighted: most Latin and punctuation weigh 1, everything else (CJK, emoji) 2;
  every URL counts 23; the limit 280 is on the weighted sum.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterator

import grapheme
from mastodon import Mastodon

URL_RE = re.compile(r"https?://[^\s<>\"]+|\bwww\.[^\s<>\"]+", re.IGNORECASE)
URL_WEIGHT = 23

DEFAULT_LIMITS = {"mastodon": 500, "bluesky": 300, "linkedin": 3000, "x": 280, "twitter": 280}

# X's weight-1 ranges (code points); all others weigh 2.
_X_LIGHT = ((0, 4351), (8192, 8205), (8208, 8223), (8242, 8247))


def graphemes(text: str) -> Iterator[str]:
    """Extended grapheme clusters (UAX #29), by the grapheme package."""
    return iter(grapheme.graphemes(text))


def grapheme_length(text: str) -> int:
    return int(grapheme.length(text))


def _replace_urls(text: str) -> tuple[str, int]:
    count = 0

    def sub(_m: re.Match[str]) -> str:
        nonlocal count
        count += 1
        return ""

    return URL_RE.sub(sub, text), count


def _x_weight(cluster: str) -> int:
    cp = ord(cluster[0])
    if len(cluster) > 1 and not all(
        unicodedata.category(c) in ("Mn", "Me", "Mc") for c in cluster[1:]
    ):
        return 2  # an emoji sequence counts as one heavy character
    if unicodedata.category(cluster[0]) == "So" and cp > 0x2000:
        return 2
    return 1 if any(lo <= cp <= hi for lo, hi in _X_LIGHT) else 2


def count(text: str, platform: str) -> int:
    """The length of ``text`` as ``platform`` counts it."""
    platform = platform.lower()
    if platform == "mastodon":
        # Mastodon.py counts as the server does (URLs 23, a mention's local part).
        return int(Mastodon.get_status_length(text))
    if platform == "bluesky":
        return grapheme_length(text)
    if platform in ("x", "twitter"):
        rest, urls = _replace_urls(text)
        return sum(_x_weight(g) for g in graphemes(rest)) + urls * URL_WEIGHT
    return len(text)


def limit_for(platform: str, configured: int | None) -> int | None:
    """A channel's own limit wins; else the platform's default, if it has one."""
    if configured:
        return configured
    return DEFAULT_LIMITS.get(platform.lower())
