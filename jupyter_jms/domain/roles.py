"""Role intervals: a role is held over the half-open interval [since, until)."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date

ROLES = ("editor", "council", "admin", "chair")


@dataclass(frozen=True)
class RoleSpan:
    role: str
    since: date
    until: date | None = None
    languages: tuple[str, ...] = field(default_factory=tuple)

    def covers(self, day: date) -> bool:
        return self.since <= day and (self.until is None or day < self.until)


def active_roles(spans: Iterable[RoleSpan], day: date) -> set[str]:
    return {s.role for s in spans if s.covers(day)}


def council_languages(spans: Iterable[RoleSpan], day: date) -> set[str]:
    langs: set[str] = set()
    for s in spans:
        if s.role == "council" and s.covers(day):
            langs.update(primary_language(x) for x in s.languages)
    return langs


def primary_language(tag: str) -> str:
    """The primary subtag of a BCP 47 tag, lower-cased: ``pt-BR`` -> ``pt``."""
    return tag.split("-", 1)[0].lower()


def is_english(tag: str) -> bool:
    return primary_language(tag or "en") == "en"


def covers_language(languages: Iterable[str], tag: str) -> bool:
    """A vetter covers a tag when one of their languages matches it or its primary subtag."""
    wanted = tag.lower()
    for lang in languages:
        lang = lang.lower()
        if lang == wanted or lang == primary_language(wanted):
            return True
    return False
