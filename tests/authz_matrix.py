"""What the authorization-matrix tests share: who plays each part, one row of a matrix,
running a row once per caller, and the routes a matrix must cover.

A matrix module lists its ``ROWS``, checks them with ``@each_row(ROWS)`` and ``check_row``,
and checks that they cover its handler modules' routes with ``assert_covers``.

A row runs its request once per caller, against objects made fresh for that caller by its
``setup``, and compares the statuses to what it expects. A refused request changes nothing.
"""

from __future__ import annotations

import re
from collections.abc import Awaitable, Callable, Iterable, Mapping
from dataclasses import dataclass
from typing import Any

import pytest

# Who plays each part (see conftest.api). "outsider" is a member with no role now and no
# part in the draft: drafts they may not read look as if they did not exist.
CALLERS = {
    "anonymous": None,
    "author": "eve",
    "editor": "ada",
    "council": "carla",
    "admin": "dana",
    "outsider": "zed",
}
DENIED = "401|403"
HTTP_METHODS = ("GET", "POST", "PATCH", "PUT", "DELETE")

Setup = Callable[[Any, str], Awaitable[dict[str, Any]]]


@dataclass
class Row:
    name: str
    method: str
    path: str
    # statuses for author, editor, council, admin, outsider (anonymous is always DENIED),
    # or every part's status by name
    codes: tuple[int, int, int, int, int] | Mapping[str, Any]
    body: Callable[[dict[str, Any]], Any] | None = None
    setup: Setup | None = None

    def expected(self) -> dict[str, Any]:
        if isinstance(self.codes, Mapping):
            return dict(self.codes)
        return {"anonymous": DENIED, **dict(zip(list(CALLERS)[1:], self.codes, strict=True))}


async def check_row(api: Any, row: Row) -> None:
    """Run ``row`` as every caller; refusals use the one error shape and record nothing."""
    got: dict[str, Any] = {}
    for part, user in CALLERS.items():
        ctx = await row.setup(api, f"{row.name.replace(' ', '-')}-{part}") if row.setup else {}
        body = row.body(ctx) if row.body else None
        events = api.count_events()
        code, data = await api.call(user, row.method, row.path.format(**ctx), body)
        got[part] = DENIED if user is None and code in (401, 403) else code
        if code >= 400:
            assert set(data) == {"message", "reason", "errors"}, (part, data)
            assert api.count_events() == events, f"{part} was refused but something changed"
    assert got == row.expected()


def route_patterns(modules: Iterable[str], *, with_methods: bool = False) -> set[Any]:
    """The routes of these handler modules, path groups as ``*`` (with each method served)."""
    from jupyter_jms.handlers import routes

    names = set(modules)
    out: set[Any] = set()
    for pattern, handler in routes():
        if handler.__module__.rsplit(".", 1)[-1] not in names:
            continue
        key = re.sub(r"\([^)]*\)", "*", pattern)
        if with_methods:
            out |= {(key, m) for m in HTTP_METHODS if m.lower() in handler.__dict__}
        else:
            out.add(key)
    return out


def each_row(rows: list[Row]) -> pytest.MarkDecorator:
    """Run a test once per row, named by the row's name."""
    return pytest.mark.parametrize("row", rows, ids=lambda r: r.name)


def assert_covers(
    rows: Iterable[Row],
    modules: Iterable[str],
    key: Callable[[str], str],
    *,
    with_methods: bool = False,
) -> None:
    """Every route of these handler modules (with each method it serves) is some row's: a
    row's path as ``key`` makes it a route pattern (its placeholders and sample values
    ``*``)."""
    wanted = route_patterns(modules, with_methods=with_methods)
    covered = {(key(r.path), r.method) if with_methods else key(r.path) for r in rows}
    assert wanted and wanted <= covered, sorted(wanted - covered)
