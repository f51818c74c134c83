"""Meeting rules, occurrence identity, minutes parsing and vote participation (pure)."""

from __future__ import annotations

from datetime import date, datetime, timedelta, timezone

import pytest

from jupyter_jms.domain.meetings import (
    CANCELLED,
    Override,
    RuleError,
    SeriesRule,
    check_series,
    normalize_rule,
    parse_occurrence_id,
    series_occurrences,
    slot_id,
    zone,
)
from jupyter_jms.domain.minutes import parse_minutes, resolve_handles
from jupyter_jms.domain.participation import FormalVote, participation

UTC = timezone.utc


def utc(*args: int) -> datetime:
    return datetime(*args, tzinfo=UTC)


def test_rule_gets_an_explicit_week_start():
    assert normalize_rule("FREQ=WEEKLY;INTERVAL=2", "UTC") == "FREQ=WEEKLY;INTERVAL=2;WKST=MO"
    assert normalize_rule("rrule:freq=weekly;interval=2", "UTC", wkst="su").endswith("WKST=SU")
    assert normalize_rule("FREQ=WEEKLY;WKST=SU", "UTC") == "FREQ=WEEKLY;WKST=SU"


def test_week_start_changes_which_weeks_a_biweekly_rule_picks():
    # With two days a week every other week, the week start decides the pairing.
    start = datetime(1997, 8, 5, 9, 0)  # the RFC 5545 example
    mo = check_series("FREQ=WEEKLY;INTERVAL=2;COUNT=4;BYDAY=TU,SU", "UTC", start, wkst="MO")
    su = check_series("FREQ=WEEKLY;INTERVAL=2;COUNT=4;BYDAY=TU,SU", "UTC", start, wkst="SU")
    window = (utc(1997, 8, 1), utc(1997, 9, 30))
    assert [d.day for d in mo.slots(*window)] == [5, 10, 19, 24]
    assert [d.day for d in su.slots(*window)] == [5, 17, 19, 31]


@pytest.mark.parametrize(
    "rule",
    [
        "",
        "INTERVAL=2",
        "FREQ=FORTNIGHTLY",
        "FREQ=HOURLY",
        "FREQ=WEEKLY;INTERVAL=zero",
        "FREQ=WEEKLY;COUNT=3;UNTIL=20250101",
        "FREQ=WEEKLY;BYHOUR=9",
        "FREQ=WEEKLY;INTERVAL=2;INTERVAL=3",
        "FREQ=WEEKLY;WKST=XX",
        "FREQ=WEEKLY;BYDAY=FUNDAY",
        "FREQ=WEEKLY;UNTIL=tomorrow",
        "FREQ=WEEKLY\nFREQ=DAILY",
        "FREQ=WEEKLY;UNTIL=20000101",
        # numbers in other scripts' digits, past the bounds, or dates outside the years
        "FREQ=WEEKLY;INTERVAL=²",
        "FREQ=WEEKLY;COUNT=²",
        "FREQ=WEEKLY;INTERVAL=٣",
        "FREQ=WEEKLY;INTERVAL=99999999999999999999",
        "FREQ=WEEKLY;COUNT=99999999999999999999",
        "FREQ=WEEKLY;INTERVAL=10001",
        "FREQ=WEEKLY;INTERVAL=0",
        "FREQ=MONTHLY;BYMONTHDAY=0",
        "FREQ=MONTHLY;BYMONTHDAY=32",
        "FREQ=MONTHLY;BYMONTHDAY=٣",
        "FREQ=YEARLY;BYMONTH=13",
        "FREQ=YEARLY;BYWEEKNO=54",
        "FREQ=MONTHLY;BYDAY=99999999999MO",
        "FREQ=WEEKLY;BYDAY=54MO",
        "FREQ=WEEKLY;UNTIL=99991231",
        "FREQ=WEEKLY;UNTIL=20251399",
        "FREQ=WEEKLY;UNTIL=٢٠٢٦٠١٠١",
    ],
)
def test_malformed_rules_are_refused_with_a_reason(rule):
    with pytest.raises(RuleError) as err:
        check_series(rule, "Europe/Berlin", datetime(2025, 1, 7, 17, 0))
    assert err.value.message


def test_numbers_within_the_bounds_are_kept_in_canonical_form():
    rule = "FREQ=MONTHLY;INTERVAL=+10000;COUNT=010000;BYDAY=-1FR,+2TU;BYMONTHDAY=-31,31"
    assert normalize_rule(rule, "UTC") == (
        "FREQ=MONTHLY;INTERVAL=10000;COUNT=10000;BYDAY=-1FR,2TU;BYMONTHDAY=-31,31;WKST=MO"
    )


def test_conflicting_week_starts_are_refused():
    with pytest.raises(RuleError) as err:
        normalize_rule("FREQ=WEEKLY;WKST=SU", "UTC", wkst="MO")
    assert err.value.field == "wkst"


@pytest.mark.parametrize("tz", ["Mars/Olympus", "CEST", "../../etc/passwd", "", "europe/berlin"])
def test_unknown_time_zones_are_refused(tz):
    with pytest.raises(RuleError) as err:
        zone(tz)
    assert err.value.field == "tz"


def test_slots_keep_the_wall_clock_across_daylight_saving():
    rule = check_series("FREQ=WEEKLY;INTERVAL=2", "Europe/Berlin", datetime(2025, 3, 18, 17, 0))
    first, second = rule.slots(utc(2025, 3, 1), utc(2025, 4, 30))[:2]
    assert (first.hour, second.hour) == (16, 15)  # 17:00 CET, then 17:00 CEST
    assert second - first == timedelta(days=14, hours=-1)


def test_a_date_only_until_includes_that_local_day():
    rule = check_series(
        "FREQ=WEEKLY;INTERVAL=2;UNTIL=20250401", "America/Los_Angeles", datetime(2025, 3, 4, 9, 0)
    )
    assert "UNTIL=20250402T065959Z" in rule.rrule
    assert [d.date() for d in rule.slots(utc(2025, 1, 1), utc(2026, 1, 1))] == [
        date(2025, 3, 4),
        date(2025, 3, 18),
        date(2025, 4, 1),
    ]


def test_moved_and_cancelled_slots_keep_their_identity():
    rule = SeriesRule("FREQ=WEEKLY;INTERVAL=2;WKST=MO", "UTC", datetime(2025, 1, 7, 17, 0))
    slots = rule.slots(utc(2025, 1, 1), utc(2025, 3, 1))
    moved_to = slots[1] + timedelta(days=1)
    overrides = {
        slots[1]: Override(slots[1], "scheduled", moved_to),
        slots[2]: Override(slots[2], CANCELLED, slots[2]),
    }
    occ = series_occurrences(7, rule, overrides, utc(2025, 1, 1), utc(2025, 3, 1))
    by_id = {o.id: o for o in occ}
    moved = by_id[slot_id(7, slots[1])]
    assert moved.moved and moved.start == moved_to and moved.slot == slots[1]
    assert by_id[slot_id(7, slots[2])].status == CANCELLED
    assert len(occ) == len(slots)
    # A meeting moved out of the range is not in it; one moved into it is.
    narrow = series_occurrences(7, rule, overrides, utc(2025, 1, 22), utc(2025, 1, 23))
    assert [o.id for o in narrow] == [slot_id(7, slots[1])]
    before = series_occurrences(7, rule, overrides, utc(2025, 1, 21), utc(2025, 1, 22))
    assert before == []


def test_occurrence_ids_round_trip_and_reject_garbage():
    slot = utc(2025, 1, 7, 16, 0)
    assert parse_occurrence_id(slot_id(3, slot)) == ("slot", 3, slot)
    assert parse_occurrence_id("a12") == ("ad_hoc", 12, None)
    bad_ids = ("", "s3", "s3-2025", "x12", "a", "s3-20250107T160000", "a1; DROP TABLE")
    # slots in years no series reaches (one second past 9999-12-31T23:59:59 overflows)
    far = ("s3-99991231T235959Z", "s3-00010101T000000Z", "s3-09991231T235959Z")
    for bad in (*bad_ids, *far, "s3-20251399T000000Z"):
        with pytest.raises(ValueError):
            parse_occurrence_id(bad)


def test_is_slot_only_accepts_instants_the_rule_produces():
    rule = check_series("FREQ=WEEKLY;INTERVAL=2", "UTC", datetime(2025, 1, 7, 17, 0))
    assert rule.is_slot(utc(2025, 1, 21, 17, 0))
    assert not rule.is_slot(utc(2025, 1, 14, 17, 0))
    assert not rule.is_slot(utc(2025, 1, 21, 17, 1))


MINUTES = """# JMS meeting, 14 January

## Present
- @ada
- @Ben (notes), @carla-old
- write to ada@example.org for the slides

## Regrets
@dana

## Guests
- @visitor

## Notes
@eve said hello
"""


def test_minutes_sections_give_statuses_and_skip_guests_and_emails():
    m = parse_minutes(MINUTES)
    assert m.statuses == {
        "ada": "attended",
        "ben": "attended",
        "carla-old": "attended",
        "dana": "excused",
    }
    assert m.sections_found == ["present", "regrets"]


def test_a_handle_in_two_sections_is_a_conflict():
    m = parse_minutes("## Present\n@ada\n## Regrets\n@ada\n")
    assert m.conflicts == ["ada"]


def test_handles_resolve_through_aliases_and_unknown_ones_are_never_guessed():
    members = {"ada": [], "ben": ["benjamin"], "carla": ["carla-old"], "dan": ["d"], "dora": ["d"]}
    r = resolve_handles(["ada", "BEN", "carla-old", "adda", "d"], members)
    assert r.usernames == {"ada": "ada", "ben": "ben", "carla-old": "carla"}
    assert r.unknown == ["adda", "d"]  # a typo, and an alias two members share


def test_participation_counts_closed_formal_votes_of_the_year():
    def vote(i: int, closed: date | None, voted: set[str]) -> FormalVote:
        return FormalVote(
            str(i), f"v{i}", closed, frozenset({"ada", "ben", "carla"}), frozenset(voted)
        )

    votes = [
        vote(1, date(2025, 2, 1), {"ada", "ben"}),
        vote(2, date(2025, 5, 1), {"ada", "ben"}),
        vote(3, date(2025, 9, 1), {"ada"}),
        vote(4, None, set()),  # still open
        vote(5, date(2024, 12, 30), set()),  # another year
    ]
    rows = {r.username: r for r in participation(votes, 2025)}
    assert (rows["ada"].took_part, rows["ada"].eligible, rows["ada"].below()) == (3, 3, False)
    assert (rows["ben"].took_part, rows["ben"].below()) == (2, False)  # exactly two thirds
    assert (rows["carla"].took_part, rows["carla"].below()) == (0, True)
    assert rows["carla"].missed == ["1", "2", "3"]


def test_participation_summary_keeps_the_rows_the_reader_may_read():
    from jupyter_jms.domain.access import Caller
    from jupyter_jms.domain.participation import summary

    votes = [
        FormalVote("1", "v1", date(2025, 2, 1), frozenset({"ada", "ben"}), frozenset({"ada"})),
        FormalVote("2", "v2", None, frozenset({"ada", "ben"}), frozenset()),
    ]
    every = summary(votes, 2025)
    assert (every["status"], every["votes"]) == ("ok", 1)
    assert [(r["username"], r["below_required"]) for r in every["items"]] == [
        ("ada", False),
        ("ben", True),
    ]
    assert every["items"][1]["missed_votes"] == ["1"]
    editor = Caller("zoe", frozenset({"editor"}))
    assert summary(votes, 2025, reader=editor) == every
    ben = Caller("ben", frozenset({"council"}))
    assert [r["username"] for r in summary(votes, 2025, reader=ben)["items"]] == ["ben"]
    assert summary(votes, 2024)["status"] == "no_data"


def test_participation_years_are_the_rules_range():
    from jupyter_jms.errors import InvalidInput
    from jupyter_jms.services.kernel import inputs

    def refused(value: object) -> bool:
        try:
            inputs.year(value)
        except InvalidInput:
            return True
        return False

    assert [y for y in (0, 1969, 1970, 9999, 10000, "²⁰²⁵", "") if refused(y)] == [
        0,
        1969,
        10000,
        "²⁰²⁵",
        "",
    ]


def test_participation_lists_every_member_who_held_a_voting_role_that_year():
    from jupyter_jms.domain.participation import expected_voters, summary
    from jupyter_jms.domain.roles import RoleSpan

    spans = {
        "ada": [RoleSpan("editor", date(2020, 1, 1))],
        "ben": [RoleSpan("chair", date(2025, 6, 1))],  # joined after the vote
        "carla": [RoleSpan("council", date(2020, 1, 1))],  # does not vote
        "dan": [RoleSpan("editor", date(2020, 1, 1), date(2025, 1, 1))],  # left before
        "eve": [RoleSpan("admin", date(2025, 12, 1))],  # not yet on the report's day
    }
    expected = expected_voters(spans, 2025, date(2025, 10, 1))
    assert expected == {"ada", "ben"}
    votes = [FormalVote("1", "v1", date(2025, 2, 1), frozenset({"ada"}), frozenset({"ada"}))]
    rows = summary(votes, 2025, expected=expected)["items"]
    assert [(r["username"], r["took_part"], r["eligible"]) for r in rows] == [
        ("ada", 1, 1),
        ("ben", 0, 0),
    ]
    assert not rows[1]["below_required"]  # nothing to take part in is not below 2/3
    assert summary(votes, 2024, expected=expected)["items"] == []  # no vote closed that year
