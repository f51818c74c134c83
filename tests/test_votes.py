"""The vote arithmetic of the Jupyter Decision-Making Guide, by example and by property."""

from __future__ import annotations

from collections import Counter
from datetime import date, datetime, timedelta, timezone

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from jupyter_jms.domain import votes
from jupyter_jms.domain.participation import FormalVote, participation
from jupyter_jms.domain.votes import Ballot, instant_runoff, tally

OPTIONS = ("a", "b", "c", "d")


def yes_no_ballots(yes: int, no: int, blank: int) -> list[Ballot]:
    return (
        [Ballot(f"y{i}", ("yes",)) for i in range(yes)]
        + [Ballot(f"n{i}", ("no",)) for i in range(no)]
        + [Ballot(f"b{i}", ()) for i in range(blank)]
    )


# -- quorum -------------------------------------------------------------------------------


@given(st.integers(min_value=1, max_value=200), st.data())
def test_quorum_is_half_the_electorate_rounded_up(eligible, data):
    cast = data.draw(st.integers(min_value=0, max_value=eligible))
    assert votes.quorum_met(cast, eligible) == (cast >= votes.quorum_needed(eligible))
    assert votes.quorum_met(cast, eligible) == (cast / eligible >= 0.5)


@pytest.mark.parametrize(
    ("eligible", "cast", "met"),
    [(4, 2, True), (4, 1, False), (5, 3, True), (5, 2, False), (1, 1, True), (1, 0, False)],
)
def test_quorum_edges(eligible, cast, met):
    assert votes.quorum_met(cast, eligible) is met


def test_no_electorate_never_makes_quorum():
    assert not votes.quorum_met(0, 0)


@given(
    st.integers(min_value=1, max_value=60),
    st.integers(min_value=0, max_value=60),
    st.integers(min_value=0, max_value=60),
    st.integers(min_value=0, max_value=60),
)
def test_blank_ballots_count_toward_quorum_but_not_the_result(eligible, yes, no, blank):
    total = yes + no + blank
    if total > eligible:
        eligible = total
    with_blanks = tally("yes_no", votes.YES_NO_OPTIONS, eligible, yes_no_ballots(yes, no, blank))
    assert with_blanks.cast == total and with_blanks.blank == blank
    assert with_blanks.counts == {"yes": yes, "no": no}
    if 2 * total >= eligible:
        # Quorum reached, blanks included: the outcome depends on yes and no alone.
        assert with_blanks.outcome == ("passed" if yes > no else "failed")
    else:
        assert with_blanks.outcome == "no_quorum"


def test_blank_votes_make_quorum_for_a_narrow_majority():
    # 10 eligible: 2 yes, 1 no and 2 blank is 5 ballots, exactly half: quorum, and it passes.
    result = tally("yes_no", votes.YES_NO_OPTIONS, 10, yes_no_ballots(2, 1, 2))
    assert result.outcome == "passed"
    without_blanks = tally("yes_no", votes.YES_NO_OPTIONS, 10, yes_no_ballots(2, 1, 0))
    assert without_blanks.outcome == "no_quorum"


@given(st.integers(min_value=0, max_value=30), st.integers(min_value=0, max_value=30))
def test_a_tie_does_not_pass(n, blank):
    result = tally("yes_no", votes.YES_NO_OPTIONS, 2 * n + blank or 1, yes_no_ballots(n, n, blank))
    assert result.outcome in ("failed", "no_quorum")


def test_all_blank_ballots_carry_nothing():
    result = tally("yes_no", votes.YES_NO_OPTIONS, 3, yes_no_ballots(0, 0, 3))
    assert result.outcome == "failed"
    ranked = tally("ranked", OPTIONS, 3, [Ballot("x"), Ballot("y")])
    assert ranked.outcome == "no_result" and ranked.winner is None


# -- ranked choice ------------------------------------------------------------------------

rankings = st.lists(
    st.permutations(OPTIONS).flatmap(lambda p: st.integers(1, len(p)).map(lambda k: tuple(p[:k]))),
    max_size=25,
)


def reference_runoff(ballots, options):
    """Instant runoff by brute force: rewrite every ballot after each elimination."""
    remaining = list(options)
    ballots = [list(b) for b in ballots]
    while True:
        firsts = Counter(b[0] for b in ballots if b)
        counts = {o: firsts.get(o, 0) for o in remaining}
        total = sum(counts.values())
        if total == 0:
            return None, ()
        for o in remaining:
            if counts[o] * 2 > total:
                return o, ()
        low = min(counts.values())
        out = [o for o in remaining if counts[o] == low]
        if len(out) == len(remaining):
            return None, tuple(remaining)
        remaining = [o for o in remaining if o not in out]
        ballots = [[o for o in b if o in remaining] for b in ballots]


@settings(max_examples=300)
@given(rankings)
def test_instant_runoff_matches_brute_force(ballots):
    run = instant_runoff(ballots, OPTIONS)
    assert (run.winner, run.tied) == reference_runoff(ballots, OPTIONS)


@given(rankings)
def test_a_first_choice_majority_wins_outright(ballots):
    firsts = Counter(b[0] for b in ballots)
    leader = next((o for o, n in firsts.items() if 2 * n > len(ballots)), None)
    run = instant_runoff(ballots, OPTIONS)
    if leader is not None:
        assert run.winner == leader and len(run.rounds) == 1


@given(rankings, st.randoms())
def test_ballot_order_does_not_matter(ballots, rnd):
    shuffled = list(ballots)
    rnd.shuffle(shuffled)
    a, b = instant_runoff(ballots, OPTIONS), instant_runoff(shuffled, OPTIONS)
    assert (a.winner, a.tied) == (b.winner, b.tied)


@given(st.lists(st.sampled_from([("a", "b"), ("b", "a"), ("a",), ("b",)]), max_size=30))
def test_two_options_reduce_to_simple_majority(ballots):
    a = sum(1 for b in ballots if b[0] == "a")
    b = len(ballots) - a
    run = instant_runoff(ballots, ("a", "b"))
    if a > b:
        assert run.winner == "a"
    elif b > a:
        assert run.winner == "b"
    elif ballots:
        assert run.winner is None and set(run.tied) == {"a", "b"}


@given(rankings)
def test_winner_has_a_majority_in_the_final_round(ballots):
    run = instant_runoff(ballots, OPTIONS)
    if run.winner is not None:
        last = run.rounds[-1]
        assert 2 * last[run.winner] > sum(last.values())
        assert any(run.winner in b for b in ballots)


def test_runoff_transfers_votes_of_the_eliminated():
    ballots = [("a",)] * 4 + [("b", "c")] * 2 + [("c",)] * 3
    run = instant_runoff(ballots, ("a", "b", "c"))
    # b is out first; its ballots move to c, which then beats a 5 to 4.
    assert run.winner == "c"
    assert run.rounds == [{"a": 4, "b": 2, "c": 3}, {"a": 4, "c": 5}]


def test_a_perfect_tie_is_reported_not_broken():
    run = instant_runoff([("a", "b"), ("b", "a")], ("a", "b", "c"))
    assert run.winner is None and run.tied == ("a", "b")
    result = tally("ranked", ("a", "b", "c"), 2, [Ballot("x", ("a", "b")), Ballot("y", ("b", "a"))])
    assert result.outcome == "tie" and result.tied == ("a", "b")


@given(rankings, st.integers(min_value=0, max_value=10))
def test_ranked_tally_needs_quorum_with_blanks_counted(ballots, blank):
    cast = [Ballot(f"v{i}", b) for i, b in enumerate(ballots)] + [
        Ballot(f"blank{i}") for i in range(blank)
    ]
    eligible = 2 * len(cast) + 1  # one short of quorum
    assert tally("ranked", OPTIONS, eligible, cast).outcome == "no_quorum"
    if cast:
        result = tally("ranked", OPTIONS, len(cast), cast)
        assert result.outcome != "no_quorum"
        assert result.winner == instant_runoff(ballots, OPTIONS).winner


# -- ballots, periods, electorate -------------------------------------------------------


def test_ballots_are_checked_against_the_options():
    assert votes.parse_ballot("yes_no", votes.YES_NO_OPTIONS, {"choice": "yes"}) == ("yes",)
    assert votes.parse_ballot("yes_no", votes.YES_NO_OPTIONS, {"choice": "blank"}) == ()
    assert votes.parse_ballot("ranked", OPTIONS, {"ranking": ["b", "a"]}) == ("b", "a")
    assert votes.parse_ballot("ranked", OPTIONS, {"choice": "blank"}) == ()
    for method, body in [
        ("yes_no", {"choice": "maybe"}),
        ("yes_no", {}),
        ("ranked", {"ranking": ["a", "a"]}),
        ("ranked", {"ranking": ["z"]}),
        ("ranked", {"ranking": []}),
        ("ranked", {"choice": "yes"}),
    ]:
        with pytest.raises(ValueError):
            votes.parse_ballot(method, OPTIONS, body)


def test_period_shorter_than_seven_days_needs_everyone_present():
    eligible = ["ada", "ben", "dana"]
    assert votes.period_error(7, eligible, []) is None
    assert votes.period_error(14, eligible, []) is None
    assert "ben" in (votes.period_error(2, eligible, ["ada", "dana"]) or "")
    assert votes.period_error(0, eligible, eligible) is None
    assert votes.period_error(-1, eligible, eligible) is not None


@given(st.integers(min_value=0, max_value=30), st.integers(min_value=-48, max_value=48))
def test_a_vote_closes_after_its_period_or_once_everyone_voted(days, offset_hours):
    opened = datetime(2026, 3, 1, tzinfo=timezone.utc)
    ends = votes.closes_at(opened, days)
    now = ends + timedelta(hours=offset_hours)
    assert votes.may_close(now, ends, ["a", "b"], ["a"]) == (offset_hours >= 0)
    assert votes.may_close(now, ends, ["a", "b"], ["b", "a"])


def test_electorate_is_editors_admins_and_chairs():
    roles = {"ada": {"editor"}, "carla": {"council"}, "dana": {"admin", "chair"}, "eve": set()}
    assert votes.electorate(roles) == ["ada", "dana"]


@given(
    st.lists(
        st.tuples(st.sets(st.sampled_from("abcde"), min_size=1), st.sets(st.sampled_from("abcde"))),
        max_size=12,
    )
)
def test_participation_is_below_required_under_two_thirds(closed):
    formal = [
        FormalVote(str(i), "", date(2025, 1, 1), frozenset(e), frozenset(v))
        for i, (e, v) in enumerate(closed)
    ]
    rows = {p.username: p for p in participation(formal, 2025)}
    for user, p in rows.items():
        eligible = sum(1 for e, _ in closed if user in e)
        voted = sum(1 for e, v in closed if user in e and user in v)
        assert (p.eligible, p.took_part) == (eligible, voted)
        assert p.below() == (voted / eligible < 2 / 3)
