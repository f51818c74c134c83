"""The bad inputs of the security review (M2 D1-D12, L1, L4, L5, L6), one row each, sent to a
live server: each gets a 4xx in the one error shape and changes nothing in any table."""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from typing import Any

import pytest
from sqlalchemy import func, select

from jupyter_jms.sample.posts import make_post
from jupyter_jms.store.models import Base

BIG = "100000000000000000000"  # 20 digits: over any 64-bit id
OVER_PG = "9223372036854775808"  # 2**63: over PostgreSQL's BIGINT
OCC = "meetings/occurrences"
SERIES = {
    "title": "JMS bi-weekly",
    "rrule": "FREQ=WEEKLY;INTERVAL=2",
    "tz": "Europe/Berlin",
    "dtstart": "2024-02-20T17:00",
}


@dataclass
class Case:
    name: str
    user: str
    method: str
    path: str
    body: Any = None
    params: dict[str, str] | None = None
    raw: bytes | None = None
    headers: dict[str, str] = field(default_factory=dict)
    status: tuple[int, ...] = (400,)


def _deep_yaml(depth: int) -> bytes:
    return ("a: " + "[" * depth + "]" * depth + "\n").encode()


CASES = [
    # D1: decision ids past 64 bits
    *[
        Case(
            f"D1 {m} {suffix or 'decision'} {n[:4]}",
            "eve",
            m,
            f"decisions/{n}{suffix}",
            body,
            status=(403, 404),
        )  # fmt: skip
        for n in (BIG, OVER_PG, "²", "٣")
        for m, suffix, body in (
            ("GET", "", None),
            ("PATCH", "", {"title": "x", "if_version": 1}),
            ("POST", "/votes", {"choice": "yes"}),
            ("POST", "/close", {"if_version": 1}),
        )
    ],
    # D2: grant ids past 64 bits
    Case("D2 GET grant", "dana", "GET", f"channels/mastodon/grants/{BIG}", status=(404,)),
    Case(
        "D2 PATCH grant",
        "dana",
        "PATCH",
        f"channels/mastodon/grants/{BIG}",
        {"reason": "r", "if_version": 1},
        status=(404,),
    ),  # fmt: skip
    Case("D2 GET grant pg", "dana", "GET", f"channels/mastodon/grants/{OVER_PG}", status=(404,)),
    # D3: a decision id in a body past 64 bits, or not an integer at all
    *[
        Case(
            f"D3 grant decision {v!r}",
            "dana",
            "POST",
            "channels/bluesky/grants",
            {"username": "ben", "access": "viewer", "reason": "r", "decision": v},
        )  # fmt: skip
        for v in (int(BIG), OVER_PG, True, 1.5, "²", {"id": 1}, [1])
    ],
    # D4: unicode digits as an event id
    *[
        Case(f"D4 events since {v!r}", "dana", "GET", "events", params={"since": v})
        for v in ("²", "٣", BIG, "0001-01-01T00:00:00Z", "9999-12-31T23:59:59-01:00")
    ],
    # D5: versions written in unicode digits (or not integers)
    *[
        Case(
            f"D5 member if_version {v!r}",
            "dana",
            "PATCH",
            "members/carla",
            {"name": "x", "if_version": v},
        )  # fmt: skip
        for v in ("²", "٣", "1.5", True, [1], {"v": 1}, "")
    ],
    # D6: lone surrogates in a JSON body
    Case("D6 comment", "eve", "POST", "drafts/{draft}/comments", raw=b'{"body": "a\\ud800b"}'),
    Case("D6 token note", "eve", "POST", "tokens", raw=b'{"note": "\\udfff"}'),
    Case(
        "D6 attendance username",
        "dana",
        "POST",
        "meetings/occurrences/{occ}/attendance",
        raw=b'{"records": [{"username": "\\ud800", "status": "attended"}]}',
    ),  # fmt: skip
    Case("D6 surrogate key", "dana", "POST", "decisions", raw=b'{"title": "t", "\\ud800": 1}'),
    # D7: a type where a value is looked up
    *[
        Case(
            f"D7 transition to {v!r}",
            "eve",
            "POST",
            "drafts/{draft}/transitions",
            {"to": v, "if_version": 1},
        )  # fmt: skip
        for v in ({}, [], 1, None, "")
    ],
    # D8: days whose windows would overflow
    *[
        Case(f"D8 flags as_of {v}", "dana", m, "attendance/flags", body, params)
        for v in ("9999-12-31", "0001-01-01", "", "²⁰²⁴-01-01")
        for m, body, params in (("GET", None, {"as_of": v}), ("POST", {"as_of": v}, None))
    ],
    # D9: a YAML document thousands of levels deep
    Case(
        "D9 import deep yaml",
        "dana",
        "POST",
        "import",
        raw=_deep_yaml(5000),
        headers={"Content-Type": "application/yaml"},
    ),  # fmt: skip
    Case(
        "D9 import deep yaml json",
        "dana",
        "POST",
        "import",
        {"content": "a: " + "[" * 5000 + "]" * 5000},
    ),  # fmt: skip
    # D10: a title search over the bound (SQLite refuses LIKE patterns over 50,000)
    Case("D10 drafts q 1001", "eve", "GET", "drafts", params={"q": "a" * 1001}),
    Case(
        "D10 drafts q 60000", "eve", "GET", "drafts", params={"q": "a" * 60_000}, status=(400, 414)
    ),  # fmt: skip
    # D11 / L1: NUL in path segments and in free text
    Case("D11 member path NUL", "dana", "GET", "members/a%00b", status=(404,)),
    Case("D11 channel path NUL", "dana", "GET", "channels/a%00b", status=(404,)),
    Case("D11 member grants path NUL", "dana", "GET", "members/a%00b/grants", status=(404,)),
    Case("D11 token note", "eve", "POST", "tokens", {"note": "a\x00b"}),
    Case("D11 member name", "dana", "POST", "members", {"username": "nul1", "name": "a\x00b"}),
    Case(
        "D11 member affiliation",
        "dana",
        "PATCH",
        "members/carla",
        {"affiliation": "a\x00b", "if_version": 1},
    ),  # fmt: skip
    Case("D11 decision title", "dana", "POST", "decisions", {"title": "a\x00b"}),
    Case(
        "D11 grant reason",
        "dana",
        "POST",
        "channels/bluesky/grants",
        {"username": "ben", "access": "viewer", "reason": "a\x00b"},
    ),  # fmt: skip
    Case(
        "D11 channel name",
        "dana",
        "POST",
        "channels",
        {"id": "nulchan", "name": "a\x00b", "status": "active"},
    ),  # fmt: skip
    Case("D11 comment", "eve", "POST", "drafts/{draft}/comments", {"body": "a\x00b"}),
    Case("D11 series title", "dana", "POST", "meetings/series", {**SERIES, "title": "a\x00b"}),
    Case(
        "L1 import NUL",
        "dana",
        "POST",
        "import",
        raw=b'members:\n  - username: "a\\0b"\n',
        headers={"Content-Type": "application/yaml"},
    ),  # fmt: skip
    # D12: lone surrogates and NUL in notebook metadata
    *[
        Case(
            f"D12 notebook {key} {kind}",
            "eve",
            "POST",
            "drafts",
            {"path": f"bad/{key}-{kind}.ipynb"},
        )
        for key in ("title", "tags", "social", "image.alt", "third_party_benefit")
        for kind in ("surrogate", "nul")
    ],
    # L4: unknown or empty enum and flag values
    Case("L4 channels status=x", "eve", "GET", "channels", params={"status": "x"}),
    Case("L4 channels status=", "eve", "GET", "channels", params={"status": ""}),
    Case("L4 decisions status=", "eve", "GET", "decisions", params={"status": ""}),
    Case("L4 grants stale=garbage", "dana", "GET", "grants", params={"stale": "garbage"}),
    Case("L4 grants stale=", "dana", "GET", "grants", params={"stale": ""}),
    Case("L4 include=", "dana", "GET", "channels/mastodon/grants", params={"include": ""}),
    Case("L4 include=garbage", "dana", "GET", "members/ada/grants", params={"include": "x"}),
    Case("L4 page format=", "eve", "GET", "page", params={"format": ""}),
    Case("L4 drafts state=", "ada", "GET", "drafts", params={"state": ""}),
    Case("L4 occurrences from=", "ada", "GET", "meetings/occurrences", params={"from": ""}),
    Case("L4 checklist flag 1.5", "eve", "GET", "checks/checklist", params={"third_party": "1.5"}),
    # L5: a far-past series start
    Case(
        "L5 series dtstart 0025",
        "dana",
        "POST",
        "meetings/series",
        {**SERIES, "rrule": "FREQ=DAILY", "dtstart": "0025-01-01T10:00"},
    ),  # fmt: skip
    Case(
        "L5 series dtstart 1025",
        "dana",
        "POST",
        "meetings/series",
        {**SERIES, "rrule": "FREQ=DAILY", "dtstart": "1025-01-01T10:00"},
    ),  # fmt: skip
    # M1: a series rule's numbers in other scripts' digits, or too large for iCalendar
    *[
        Case(f"M1 series rrule {r}", "dana", "POST", "meetings/series", {**SERIES, "rrule": r})
        for r in (
            *(f"FREQ=WEEKLY;{k}={v}" for k in ("INTERVAL", "COUNT") for v in ("²", "٣", BIG)),
            "FREQ=MONTHLY;BYDAY=99999999999MO",
            "FREQ=MONTHLY;BYMONTHDAY=²",
            "FREQ=WEEKLY;UNTIL=99991231",
        )
    ],
    # M2: a slot id one second before the end of datetime's range, or before year 1000
    *[
        Case(
            f"M2 {m} {slot}{tail}", "dana", m, f"{OCC}/{{series}}-{slot}{tail}", body, status=(404,)
        )
        for slot in ("99991231T235959Z", "00010101T000000Z")
        for m, tail, body in (
            ("GET", "", None),
            ("PATCH", "", {"status": "cancelled"}),
            ("GET", "/attendance", None),
            ("POST", "/attendance", {"records": [{"username": "ada", "status": "attended"}]}),
            ("POST", "/minutes", {"markdown": "## Present\n- ada\n"}),
        )
    ],
    # L6: year=0, and a URL over the limit gets 414 (not a reset connection)
    *[
        Case(
            f"L6 attendance/participation year={y}",
            "dana",
            "GET",
            "attendance/participation",
            params={"year": y},
        )
        for y in ("0", "", "-1", "²⁰²⁴", "1.5", "99999")
    ],
    Case("L6 long URL", "eve", "GET", "drafts", params={"q": "a" * 40_000}, status=(414,)),
    # L4: a token note that is not a string
    *[Case(f"L4 token note {v!r}", "eve", "POST", "tokens", {"note": v}) for v in (False, None, 5)],
]


def _bad_notebooks(api: Any) -> None:
    for key in ("title", "tags", "social", "image.alt", "third_party_benefit"):
        for kind, bad in (("surrogate", "x\ud800y"), ("nul", "x\x00y")):
            nb = make_post("A post about JupyterLab")
            jms = nb["metadata"]["jms"]
            if key == "tags":
                jms["tags"] = [bad]
            elif key == "social":
                jms["social"] = {"mastodon": bad}
            elif key == "image.alt":
                jms["image"] = {"path": "a.png", "alt": bad}
            elif key == "third_party_benefit":
                jms["third_party"] = True
                jms["third_party_benefit"] = bad
            else:
                jms["title"] = bad
            text = json.dumps(nb)  # ensure_ascii: the surrogate is written as \ud800
            (api.root / "bad").mkdir(exist_ok=True)
            (api.root / "bad" / f"{key}-{kind}.ipynb").write_text(text)


def snapshot(api: Any) -> dict[str, int]:
    """Row counts of every table."""
    with api.services.store.read() as s:
        return {
            t.name: s.scalar(select(func.count()).select_from(t)) or 0
            for t in Base.metadata.sorted_tables
        }


async def make_world(api: Any) -> dict[str, str]:
    """One draft, one grant, one meeting occurrence: objects the bad requests aim at."""
    draft = await api.submit()
    await api.ok(
        "dana", "POST", "channels/mastodon/grants",
        {"username": "ada", "access": "viewer", "reason": "r"},
    )  # fmt: skip
    series = await api.ok("dana", "POST", "meetings/series", SERIES)
    occ = await api.ok(
        "ada", "GET", "meetings/occurrences",
        params={"from": "2024-02-01T00:00:00Z", "to": "2024-04-01T00:00:00Z",
                "series": series["id"]},
    )  # fmt: skip
    _bad_notebooks(api)
    return {"draft": draft["id"], "occ": occ["items"][0]["id"], "series": f"s{series['id']}"}


async def test_every_bad_input_gets_a_4xx_and_changes_nothing(api: Any):
    world = await make_world(api)
    failures = []
    for case in CASES:
        before = snapshot(api)
        code, data = await api.call(
            case.user,
            case.method,
            case.path.format(**world),
            case.body,
            params=case.params,
            raw=case.raw,
            headers=case.headers,
        )
        ok = code in case.status and isinstance(data, dict) and set(data) == {
            "message", "reason", "errors"
        }  # fmt: skip
        if not ok:
            failures.append(f"{case.name}: {code} {str(data)[:160]}")
        elif snapshot(api) != before:
            failures.append(f"{case.name}: refused but changed a table")
    assert not failures, "\n".join(failures)


async def test_a_refused_field_is_named(api: Any):
    world = await make_world(api)
    """Where a bad string sits is said in the error, for bodies and notebooks alike."""
    code, err = await api.call(
        "eve", "POST", f"drafts/{world['draft']}/comments", raw=b'{"body": "a\\ud800b"}'
    )
    assert code == 400 and [e["field"] for e in err["errors"]] == ["body"]
    code, err = await api.call("eve", "POST", "drafts", {"path": "bad/tags-nul.ipynb"})
    assert code == 400 and [e["field"] for e in err["errors"]] == ["metadata.jms.tags.0"]


async def test_a_405_names_the_allowed_methods(api: Any):
    resp, _ = await api.send("eve", "PUT", "drafts", {})
    assert resp.code == 405
    assert {m.strip() for m in resp.headers["Allow"].split(",")} == {"GET", "POST"}
    message = json.loads(resp.body)["message"]
    assert message == "This address does not take PUT requests; it takes GET, POST."


async def test_good_values_next_to_the_bad_ones_still_work(api: Any):
    world = await make_world(api)
    """The bounds are not too tight: the largest id is a 404, a 1,000-character search, a
    flag, an enum and a day each work."""
    await api.ok("eve", "GET", "drafts", params={"q": "a" * 1000})
    code, _ = await api.call("dana", "GET", "decisions/9223372036854775807")
    assert code == 404
    await api.ok("dana", "GET", "grants", params={"stale": "true"})
    await api.ok("dana", "GET", "channels/mastodon/grants", params={"include": "history"})
    await api.ok("dana", "GET", "attendance/flags", params={"as_of": "2024-12-31"})
    await api.ok("dana", "GET", "attendance/participation", params={"year": "2024"})
    occ = world["occ"]
    assert (await api.ok("ada", "GET", f"meetings/occurrences/{occ}"))["id"] == occ


@pytest.mark.parametrize("jms_config", [{"attendance_policy": {"effective": "2024-06-01"}}])
async def test_an_old_daily_series_does_not_stall_the_rule(api: Any, jms_config: Any):
    """Only meetings from the rule's effective date can count, so only those are expanded:
    a daily series since 2000 (over 9,000 slots) leaves the flags and participation working."""
    old = {**SERIES, "rrule": "FREQ=DAILY", "dtstart": "2000-01-01T10:00"}
    await api.ok("dana", "POST", "meetings/series", old)
    flags = await api.ok("dana", "GET", "attendance/flags", params={"as_of": "2024-12-31"})
    assert isinstance(flags, dict)
    code, _ = await api.call("dana", "POST", "attendance/flags", {"as_of": "2024-12-31"})
    assert code == 200


async def test_the_calendar_still_answers_after_a_refused_series(api: Any):
    """A rule iCalendar cannot write (INTERVAL past 2^31) used to be stored, and from then
    on every calendar export failed: it is refused, and the calendar keeps answering."""
    await make_world(api)
    code, _ = await api.call(
        "dana", "POST", "meetings/series", {**SERIES, "rrule": f"FREQ=WEEKLY;INTERVAL={BIG}"}
    )
    assert code == 400
    resp, _ = await api.send("ada", "GET", "meetings/calendar")
    assert resp.code == 200 and b"RRULE:FREQ=WEEKLY;INTERVAL=2" in resp.body
