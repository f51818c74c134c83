"""The attendance rule as a pure function: the charter's edge cases and the fast search."""

from __future__ import annotations

from datetime import date, datetime, timedelta, timezone
from fractions import Fraction

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from jupyter_jms.domain.attendance import evaluate, evaluate_brute_force
from jupyter_jms.domain.attendance_counts import (
    FLAG,
    INCOMPLETE,
    OK,
    TOO_FEW,
    Meeting,
    verdict,
)
from jupyter_jms.domain.attendance_policy import (
    ABSENT,
    ATTENDED,
    EXCUSED,
    STATUSES,
    UNKNOWN,
    Policy,
    PolicyError,
)
from jupyter_jms.domain.meetings import check_series, series_occurrences
from jupyter_jms.domain.roles import RoleSpan

START = date(2025, 1, 7)
EDITOR = [RoleSpan("editor", date(2024, 1, 1))]
CODES = {"A": ATTENDED, "M": ABSENT, "E": EXCUSED, "U": UNKNOWN}


def biweekly(n: int, start: date = START, cancelled: tuple[int, ...] = ()) -> list[Meeting]:
    return [
        Meeting(f"m{i}", start + timedelta(days=14 * i), cancelled=i in cancelled) for i in range(n)
    ]


def statuses(meetings: list[Meeting], pattern: str) -> dict[str, str]:
    """One letter per meeting: A attended, M missed, E excused, U or . no record."""
    return {m.id: CODES[c] for m, c in zip(meetings, pattern, strict=False) if c in CODES}


def run(pattern: str, *, policy: Policy | None = None, spans=EDITOR, meetings=None, as_of=None):
    meetings = meetings or biweekly(len(pattern))
    as_of = as_of or meetings[-1].day + timedelta(days=120)
    return evaluate("ada", meetings, statuses(meetings, pattern), spans, policy or Policy(), as_of)


def test_verdict_uses_a_strict_integer_comparison():
    policy = Policy()
    assert verdict(6, 4, 0, policy) == OK  # exactly two thirds
    assert verdict(6, 5, 0, policy) == FLAG
    assert verdict(3, 3, 0, policy) == TOO_FEW  # under the minimum of 4
    assert verdict(6, 3, 2, policy) == INCOMPLETE  # 5 of 6 if both unknowns were absences
    assert verdict(6, 1, 1, policy) == OK  # unknowns cannot change the verdict


def test_exactly_two_thirds_is_not_flagged():
    # Six meetings inside 90 days, four missed; no run of 4 or 5 meetings is over 2/3 either.
    result = run("MMAAMM")
    assert result.flags == () and result.incomplete == ()
    one_more = run("MMAMMM")
    assert len(one_more.flags) == 1
    flag = one_more.flags[0]
    assert 3 * flag.window.missed > 2 * flag.window.eligible


def test_missing_more_than_two_thirds_is_flagged_with_its_evidence():
    # Every 90-day window holds 6 or 7 bi-weekly meetings: five misses in a row flag.
    assert run("AAAMMMMAAAAA").flags == ()
    result = run("AAAMMMMMAAAAA")
    assert len(result.flags) == 1
    ev = result.flags[0].as_dict(Policy())
    assert ev["username"] == "ada" and ev["verdict"] == FLAG
    statuses_seen = [m["status"] for m in ev["meetings"]]
    assert statuses_seen.count(ABSENT) == ev["missed"] == 5
    assert len(statuses_seen) == ev["eligible"] and 3 * 5 > 2 * ev["eligible"]
    assert {m["occurrence"] for m in ev["meetings"]} >= {"m3", "m4", "m5", "m6", "m7"}
    start, end = date.fromisoformat(ev["window"]["start"]), date.fromisoformat(ev["window"]["end"])
    assert (end - start).days == 89
    assert all(start <= date.fromisoformat(m["date"]) <= end for m in ev["meetings"])


def test_joining_mid_window_counts_only_meetings_since_joining():
    meetings = biweekly(12)
    joined = meetings[5].day
    spans = [RoleSpan("editor", joined)]
    # Before joining there are no records at all; they must not become unknowns.
    result = run("....." + "MMAAAAA", spans=spans, meetings=meetings)
    assert result.flags == () and result.incomplete == ()
    assert result.counted[0].day == joined
    flagged = run("....." + "MMMMAAA", spans=spans, meetings=meetings)
    assert len(flagged.flags) == 1
    assert {m.day for m in flagged.flags[0].window.meetings} >= {joined}
    assert all(m.day >= joined for m in flagged.flags[0].window.meetings)


def test_leaving_ends_the_count_at_the_end_of_the_role():
    meetings = biweekly(12)
    spans = [RoleSpan("editor", date(2024, 1, 1), meetings[4].day)]
    result = run("AAAA" + "MMMMMMMM", spans=spans, meetings=meetings)
    assert result.flags == ()
    assert [c.id for c in result.counted] == ["m0", "m1", "m2", "m3"]


def test_only_the_policy_roles_count():
    council_only = [RoleSpan("council", date(2024, 1, 1), languages=("es",))]
    assert run("MMMMMM", spans=council_only).counted == ()
    assert len(run("MMMMMM", spans=council_only, policy=Policy(roles=frozenset({"council"}))).flags)


def test_cancelled_meetings_leave_the_count():
    meetings = biweekly(4, cancelled=(1,))
    # The cancelled slot has no record: counting it would make the window incomplete.
    result = run("M.MA", meetings=meetings)
    assert [c.id for c in result.counted] == ["m0", "m2", "m3"]
    assert result.flags == () and result.incomplete == ()
    # A stray "absent" on a cancelled meeting does not count either.
    stray = run("MMMA", meetings=meetings)
    assert stray.flags == ()


def test_ad_hoc_meetings_are_never_in_the_denominator():
    meetings = biweekly(6) + [Meeting("adhoc", START + timedelta(days=3), regular=False)]
    pattern = {**statuses(meetings, "MMAAMM"), "adhoc": ABSENT}
    result = evaluate("ada", meetings, pattern, EDITOR, Policy(), START + timedelta(days=300))
    assert "adhoc" not in {c.id for c in result.counted}
    assert result.flags == ()


@pytest.mark.parametrize(
    ("mode", "flagged"),
    [("leave", False), ("missed", True), ("attended", False)],
)
def test_excused_absences_count_as_the_policy_says(mode, flagged):
    result = run("MEMEME", policy=Policy(excused=mode))
    assert bool(result.flags) is flagged
    if mode == "leave":
        assert result.incomplete == ()


def test_excused_absences_leave_the_count_by_default():
    # Three absences among six meetings, three of them excused: 3 of 3 remaining, under the
    # minimum of four eligible meetings, so no verdict.
    assert Policy().excused == "leave"
    assert run("MEMEME").flags == ()
    # With four real absences left, the window is judged on those alone.
    result = run("MEMEMEM")
    assert len(result.flags) == 1
    assert result.flags[0].window.eligible == 4 and result.flags[0].window.excused >= 2
    counted = {m["status"]: m["counted_as"] for m in result.flags[0].as_dict(Policy())["meetings"]}
    assert counted == {ABSENT: "missed", EXCUSED: "left"}


def test_unknown_records_make_a_window_incomplete_not_flagged():
    result = run("MMUMM")
    assert result.flags == ()
    assert len(result.incomplete) >= 1
    assert any(c.status == UNKNOWN for c in result.incomplete[0].window.meetings)
    # Unknowns that could not change the verdict leave the window decided.
    assert run("AAUAA").incomplete == ()


def test_a_window_still_running_is_not_judged():
    # The schedule goes on after as_of: a window holding only the last four absences has
    # not ended, and the meetings still ahead of it may be attended.
    meetings = biweekly(20)
    as_of = meetings[11].day
    assert run("AAAAAAAAMMMM", meetings=meetings, as_of=as_of).flags == ()
    assert run("AAAAAAAAMMMMAAAA", meetings=meetings).flags == ()
    assert len(run("AAAAAAAAMMMMMMMM", meetings=meetings).flags) == 1


def test_effective_date_ignores_earlier_meetings():
    meetings = biweekly(12)
    policy = Policy(effective=meetings[6].day)
    result = run("MMMMMM" + "AAAAAA", meetings=meetings, policy=policy)
    assert result.flags == ()
    assert result.counted[0].id == "m6"


def test_daylight_saving_change_inside_a_window_keeps_the_local_days():
    # 00:30 in Berlin is the previous day in UTC; across the March change the slot stays at
    # 00:30 local and every meeting lands on the local day the rule says.
    rule = check_series(
        "FREQ=WEEKLY;INTERVAL=2;WKST=MO", "Europe/Berlin", datetime(2025, 2, 4, 0, 30)
    )
    occ = series_occurrences(
        1,
        rule,
        {},
        datetime(2025, 1, 1, tzinfo=timezone.utc),
        datetime(2025, 6, 1, tzinfo=timezone.utc),
    )
    days = [o.day for o in occ]
    assert all((b - a).days == 14 for a, b in zip(days, days[1:], strict=False))
    assert {o.start.hour for o in occ} == {22, 23}  # UTC offset moved, the wall clock did not
    assert all(o.day.weekday() == 1 for o in occ)  # every one on a Tuesday, locally
    meetings = [Meeting(o.id, o.day) for o in occ]
    joined = date(2025, 3, 4)  # a role starting on the local day of a meeting includes it
    spans = [RoleSpan("editor", joined)]
    pattern = {m.id: ABSENT for m in meetings}
    result = evaluate("ada", meetings, pattern, spans, Policy(), date(2025, 12, 1))
    assert result.counted[0].day == joined
    (flag,) = result.flags
    window_days = [m.day for m in flag.window.meetings]
    assert window_days[0] < date(2025, 3, 30) < window_days[-1]  # the DST change is inside


def test_running_again_or_later_finds_the_same_flags():
    meetings = biweekly(20)
    pattern = statuses(meetings, "AAAMMMMMAAAAAAAAAAAA")
    first = evaluate("ada", meetings, pattern, EDITOR, Policy(), date(2025, 9, 1))
    again = evaluate("ada", meetings, pattern, EDITOR, Policy(), date(2025, 9, 1))
    later = evaluate("ada", meetings, pattern, EDITOR, Policy(), date(2026, 6, 1))
    assert (
        [f.key for f in first.flags] == [f.key for f in again.flags] == [f.key for f in later.flags]
    )
    assert len(first.flags) == 1


def test_policy_settings_are_validated():
    assert Policy.from_mapping({"threshold": "3/4"}).threshold == Fraction(3, 4)
    assert Policy.from_mapping({"window_days": "60"}).window_days == 60
    for bad in (
        {"threshold": "2"},
        {"threshold": "two thirds"},
        {"window_days": 0},
        {"excused": "ignore"},
        {"min_eligible": -1},
        {"effective": "soon"},
        {"colour": "red"},
    ):
        with pytest.raises(PolicyError):
            Policy.from_mapping(bad)


# -- the fast search against judging every start day -----------------------------------------

DAY0 = date(2025, 1, 1)


@st.composite
def scenarios(draw):
    n = draw(st.integers(0, 40))
    offsets = sorted(draw(st.lists(st.integers(0, 400), min_size=n, max_size=n)))
    meetings = [
        Meeting(
            f"m{i}",
            DAY0 + timedelta(days=off),
            regular=draw(st.booleans()) or draw(st.booleans()),
            cancelled=draw(st.integers(0, 9)) == 0,
        )
        for i, off in enumerate(offsets)
    ]
    status_of = {}
    for m in meetings:
        s = draw(st.sampled_from((*STATUSES, None)))
        if s is not None:
            status_of[m.id] = s
    spans = []
    for _ in range(draw(st.integers(0, 3))):
        since = DAY0 + timedelta(days=draw(st.integers(-30, 380)))
        length = draw(st.one_of(st.none(), st.integers(1, 300)))
        role = draw(st.sampled_from(("editor", "chair", "council")))
        spans.append(RoleSpan(role, since, since + timedelta(days=length) if length else None))
    policy = Policy(
        threshold=draw(st.sampled_from((Fraction(1, 2), Fraction(2, 3), Fraction(3, 4)))),
        window_days=draw(st.integers(1, 120)),
        excused=draw(st.sampled_from(("leave", "attended", "missed"))),
        min_eligible=draw(st.integers(0, 6)),
        effective=draw(
            st.one_of(st.none(), st.just(DAY0 + timedelta(days=draw(st.integers(0, 300)))))
        ),
    )
    as_of = DAY0 + timedelta(days=draw(st.integers(0, 500)))
    return meetings, status_of, spans, policy, as_of


def _shape(result):
    return [
        (
            e.key,
            e.verdict,
            e.last_start,
            e.window.end,
            e.window.eligible,
            e.window.missed,
            e.window.unknown,
            e.window.excused,
            tuple(c.id for c in e.window.meetings),
        )
        for e in (*result.flags, *result.incomplete)
    ]


@settings(max_examples=400, deadline=None)
@given(scenarios())
def test_fast_window_search_matches_brute_force(scenario):
    meetings, status_of, spans, policy, as_of = scenario
    fast = evaluate("ada", meetings, status_of, spans, policy, as_of)
    slow = evaluate_brute_force("ada", meetings, status_of, spans, policy, as_of)
    assert _shape(fast) == _shape(slow)
    assert fast.counted == slow.counted


def test_the_rate_counts_excused_meetings_as_the_policy_says():
    from jupyter_jms.domain.attendance_counts import rate

    meetings = biweekly(10)
    result = run("AAAAEEEEMU", meetings=meetings)
    assert rate(result.counted, Policy()) == (4, 5, 0.8)  # excused left out
    assert rate(result.counted, Policy(excused="attended"))[:2] == (8, 9)
    assert rate(result.counted, Policy(excused="missed"))[:2] == (4, 9)
    assert rate(run("EEEE", meetings=biweekly(4)).counted, Policy()) == (0, 0, None)


def test_evidence_marks_moved_and_lists_cancelled_meetings_and_says_when_it_is_open():
    meetings = [
        Meeting(f"m{i}", START + timedelta(days=14 * i), cancelled=i == 3, moved=i == 2)
        for i in range(7)
    ]
    pattern = "MMMMMMM"
    last = meetings[-1].day
    for as_of, is_open in ((last + timedelta(days=10), True), (last + timedelta(days=200), False)):
        result = evaluate("ada", meetings, statuses(meetings, pattern), EDITOR, Policy(), as_of)
        (flag,) = result.flags
        shown = flag.as_dict(Policy())
        assert [m["moved"] for m in shown["meetings"]] == [
            m.id == "m2" for m in meetings if m.id in {c["occurrence"] for c in shown["meetings"]}
        ]
        assert shown["cancelled"] == [{"occurrence": "m3", "date": meetings[3].day.isoformat()}]
        assert flag.open_on(as_of, Policy()) is is_open
        assert shown["last_window_end"] == (flag.last_start + timedelta(days=89)).isoformat()
