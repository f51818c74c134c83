"""Reading attendance out of meeting minutes written in Markdown.

The minutes list @handles under ``## Present`` and ``## Regrets`` (an ``## Absent`` section
is read too). Handles under ``## Guests`` or any other heading are ignored, so guests can
be named without being recorded. Handles resolve to usernames or to a member's aliases,
case-insensitively; a handle that matches nobody is reported, never guessed.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field

SECTIONS = {"present": "attended", "regrets": "excused", "absent": "absent"}
_HEADING = re.compile(r"^\s{0,3}(#{1,6})\s+(.*?)\s*#*\s*$")
# An @handle not preceded by a word character or a dot, so e-mail addresses are skipped.
_HANDLE = re.compile(r"(?<![\w.@/])@([A-Za-z0-9](?:[A-Za-z0-9._-]*[A-Za-z0-9_])?)")


@dataclass
class Minutes:
    """What the minutes say: handle -> status, in order of appearance, plus problems."""

    statuses: dict[str, str] = field(default_factory=dict)
    conflicts: list[str] = field(default_factory=list)
    sections_found: list[str] = field(default_factory=list)


def parse_minutes(text: str) -> Minutes:
    """Handles listed in the attendance sections of ``text`` with the status each implies."""
    out = Minutes()
    current: str | None = None
    level = 0
    for line in text.splitlines():
        m = _HEADING.match(line)
        if m:
            depth = len(m.group(1))
            name = m.group(2).strip().rstrip(":").lower()
            if name in SECTIONS:
                current, level = name, depth
                out.sections_found.append(name)
            elif current is not None and depth <= level:
                current = None
            continue
        if current is None:
            continue
        status = SECTIONS[current]
        for handle in _HANDLE.findall(line):
            key = handle.lower()
            previous = out.statuses.get(key)
            if previous is not None and previous != status:
                out.conflicts.append(handle)
            out.statuses[key] = status
    return out


@dataclass(frozen=True)
class Resolution:
    usernames: dict[str, str]  # handle (lower-cased) -> username
    unknown: list[str]


def resolve_handles(handles: Iterable[str], members: Mapping[str, Iterable[str]]) -> Resolution:
    """Map handles to usernames through usernames first, then aliases; no fuzzy matching.

    ``members`` maps each username to its aliases. A handle that is an alias of two
    members is unknown too: picking one would be a guess.
    """
    by_name = {u.lower(): u for u in members}
    by_alias: dict[str, set[str]] = {}
    for username, aliases in members.items():
        for alias in aliases:
            by_alias.setdefault(alias.lower(), set()).add(username)
    found: dict[str, str] = {}
    unknown: list[str] = []
    for handle in handles:
        key = handle.lower()
        if key in by_name:
            found[key] = by_name[key]
        elif len(by_alias.get(key, ())) == 1:
            found[key] = next(iter(by_alias[key]))
        else:
            unknown.append(handle)
    return Resolution(found, unknown)
