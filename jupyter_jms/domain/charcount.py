"""Character counts the way each platform counts them.

- Mastodon: grapheme clusters; every URL counts 23; a mention counts only its local part.
- Bluesky: grapheme clusters of the text as written.
- LinkedIn: characters (code points).
- X: weighted: most Latin and punctuation weigh 1, everything else (CJK, emoji) 2;
  every URL counts 23; the limit 280 is on the weighted sum.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterator

URL_RE = re.compile(r"https?://[^\s<>\"]+|\bwww\.[^\s<>\"]+", re.IGNORECASE)
MENTION_RE = re.compile(r"(@[A-Za-z0-9_]+)@[A-Za-z0-9.-]+\.[A-Za-z]{2,}")
URL_WEIGHT = 23

DEFAULT_LIMITS = {"mastodon": 500, "bluesky": 300, "linkedin": 3000, "x": 280, "twitter": 280}

_ZWJ = 0x200D
# X's weight-1 ranges (code points); all others weigh 2.
_X_LIGHT = ((0, 4351), (8192, 8205), (8208, 8223), (8242, 8247))


def _extends(cp: int) -> bool:
    if cp == _ZWJ or 0xFE00 <= cp <= 0xFE0F or 0x1F3FB <= cp <= 0x1F3FF:
        return True
    if 0xE0020 <= cp <= 0xE007F:  # emoji tag sequences (subdivision flags)
        return True
    return unicodedata.category(chr(cp)) in ("Mn", "Me", "Mc")


def _is_regional(cp: int) -> bool:
    return 0x1F1E6 <= cp <= 0x1F1FF


def graphemes(text: str) -> Iterator[str]:
    """Extended grapheme clusters, close enough to UAX #29 for the texts posts contain:
    combining marks, ZWJ emoji sequences, skin tones, variation selectors, flags, CRLF."""
    cluster = ""
    prev = -1
    regional_run = 0
    for ch in text:
        cp = ord(ch)
        join = False
        if cluster:
            if _extends(cp) or prev == _ZWJ:
                join = True
            elif prev == 0x0D and cp == 0x0A:
                join = True
            elif _is_regional(cp) and _is_regional(prev) and regional_run % 2 == 1:
                join = True
        if join:
            cluster += ch
        else:
            if cluster:
                yield cluster
            cluster = ch
        regional_run = regional_run + 1 if _is_regional(cp) else 0
        prev = cp
    if cluster:
        yield cluster


def grapheme_length(text: str) -> int:
    return sum(1 for _ in graphemes(text))


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
        rest, urls = _replace_urls(text)
        rest = MENTION_RE.sub(r"\1", rest)
        return grapheme_length(rest) + urls * URL_WEIGHT
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
