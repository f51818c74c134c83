"""Decisions by the Jupyter Decision-Making Guide, over the REST API.

Voting members in the test roster: ada and ben (editors) and dana (admin, chair). carla is a
council vetter, eve an author and zed a former editor: none of them votes.
"""

from __future__ import annotations

from datetime import datetime, timedelta

from conftest import OWNER

from jupyter_jms.store.models import Decision, utcnow

VOTERS = ["ada", "ben", "dana"]


async def call_vote(api, **extra):
    body = {
        "type": "vote",
        "title": "Retire the LinkedIn page",
        "body": "Nobody reads it; the blog and Mastodon reach the community.",
        "seconded_by": "ada",
        **extra,
    }
    return await api.ok("dana", "POST", "decisions", body)


async def ranked_vote(api, title, options):
    return await call_vote(
        api, question="ranked", title=title, body="", options=options, seconded_by="ben"
    )


async def vote(api, user, decision, **ballot):
    return await api.call(user, "POST", f"decisions/{decision['id']}/votes", ballot)


def end_period(api, decision_id):
    """Move a vote's period into the past, as if its seven days had gone by."""
    with api.services.store.write() as s:
        d = s.get(Decision, int(decision_id))
        d.opened_at = utcnow() - timedelta(days=8)
        d.closes_at = utcnow() - timedelta(days=1)


async def test_retiring_a_channel_through_a_closed_vote_shows_in_its_history(api):
    d = await call_vote(api, channel="linkedin", channel_action="retire")
    assert d["status"] == "open" and d["eligible"] == VOTERS and d["quorum_needed"] == 2
    assert d["closes_at"] == (
        datetime.fromisoformat(d["opened_at"].replace("Z", "+00:00")) + timedelta(days=7)
    ).isoformat().replace("+00:00", "Z")
    for user, choice in (("ada", "yes"), ("ben", "yes"), ("dana", "blank")):
        code, _ = await vote(api, user, d, choice=choice)
        assert code == 201, user
    closed = await api.ok("dana", "POST", f"decisions/{d['id']}/close")
    assert closed["outcome"] == "passed"
    assert closed["tally"]["counts"] == {"yes": 2, "no": 0} and closed["tally"]["blank"] == 1
    assert closed["tally"]["channel_change"] == {"applied": True}
    linkedin = await api.ok("eve", "GET", "channels/linkedin")
    assert linkedin["status"] == "retired" and linkedin["retired_on"]
    retired = [h for h in linkedin["history"] if h["action"] == "channel.retired"]
    assert len(retired) == 1 and retired[0]["data"]["decision"] == d["id"]
    assert linkedin["decisions"] == [
        {
            "id": d["id"],
            "action": "retire",
            "title": "Retire the LinkedIn page",
            "outcome": "passed",
            "closed_at": closed["closed_at"],
            "at": linkedin["decisions"][0]["at"],
        }
    ]
    page = await api.ok("eve", "GET", "page")
    assert "linkedin" not in page["channels"]


async def test_a_failed_vote_leaves_the_channel_alone(api):
    d = await call_vote(api, channel="linkedin", channel_action="retire")
    await vote(api, "ada", d, choice="yes")
    await vote(api, "ben", d, choice="no")
    await vote(api, "dana", d, choice="no")
    closed = await api.ok("dana", "POST", f"decisions/{d['id']}/close", {"outcome": "passed"})
    # The result is computed from the ballots; what the closer types in does not count.
    assert closed["outcome"] == "failed"
    assert (await api.ok("eve", "GET", "channels/linkedin"))["status"] == "active"


async def test_vote_after_closing_by_a_non_voter_or_twice_is_refused(api):
    d = await call_vote(api)
    assert (await vote(api, "ada", d, choice="yes"))[0] == 201
    code, err = await vote(api, "ada", d, choice="no")
    assert code == 409 and "already voted" in err["message"]
    for outsider in ("carla", "eve", "zed"):
        code, _ = await vote(api, outsider, d, choice="yes")
        assert code == 403, outsider
    code, _ = await vote(api, "ben", d, choice="perhaps")
    assert code == 400
    await vote(api, "ben", d, choice="no")
    await vote(api, "dana", d, choice="yes")
    await api.ok("dana", "POST", f"decisions/{d['id']}/close")
    code, err = await vote(api, "ben", d, choice="yes")
    assert code == 409 and "closed" in err["message"]
    code, _ = await api.call("dana", "POST", f"decisions/{d['id']}/close")
    assert code == 409
    code, _ = await api.call("ada", "POST", "decisions/999999/votes", {"choice": "yes"})
    assert code == 404


async def test_eligible_voters_are_fixed_when_the_vote_opens(api):
    d = await call_vote(api)
    # carla becomes an editor after the vote opened: she still may not vote on it.
    carla = await api.ok("dana", "GET", "members/carla")
    await api.ok(
        "dana",
        "POST",
        "members/carla/roles",
        {"role": "editor", "since": "2020-01-01", "if_version": carla["version"]},
    )
    code, _ = await vote(api, "carla", d, choice="yes")
    assert code == 403
    later = await call_vote(api, title="A later question")
    assert "carla" in later["eligible"]


async def test_a_vote_stays_open_for_its_period_unless_everyone_has_voted(api):
    d = await call_vote(api)
    await vote(api, "ada", d, choice="yes")
    code, err = await api.call("dana", "POST", f"decisions/{d['id']}/close")
    assert code == 409 and "runs until" in err["message"]
    end_period(api, d["id"])
    code, err = await vote(api, "ben", d, choice="yes")
    assert code == 409 and "ended" in err["message"]
    closed = await api.ok("dana", "POST", f"decisions/{d['id']}/close")
    # one ballot of three eligible is under the 50% quorum
    assert closed["outcome"] == "no_quorum" and closed["tally"]["cast"] == 1


async def test_quorum_counts_blank_ballots(api):
    d = await call_vote(api, channel="linkedin", channel_action="retire")
    await vote(api, "ada", d, choice="yes")
    await vote(api, "ben", d, choice="blank")
    end_period(api, d["id"])
    closed = await api.ok("dana", "POST", f"decisions/{d['id']}/close")
    assert closed["outcome"] == "passed"  # 2 of 3 cast: quorum; 1 yes to 0 no
    assert (await api.ok("eve", "GET", "channels/linkedin"))["status"] == "retired"


async def test_a_shorter_period_needs_every_voting_member_present(api):
    before = api.count_events()
    code, err = await api.call(
        "dana",
        "POST",
        "decisions",
        {
            "type": "vote",
            "title": "Quick one",
            "seconded_by": "ada",
            "period_days": 1,
            "present": ["ada", "dana"],
        },
    )
    assert code == 400 and "ben" in err["message"]
    assert api.count_events() == before
    d = await call_vote(api, period_days=0, present=VOTERS)
    assert d["closes_at"] == d["opened_at"]
    await vote(api, "ada", d, choice="yes")
    await vote(api, "ben", d, choice="yes")
    closed = await api.ok("dana", "POST", f"decisions/{d['id']}/close")
    assert closed["outcome"] == "passed"


async def test_amending_the_proposal_restarts_the_period(api):
    d = await call_vote(api)
    await vote(api, "ada", d, choice="no")
    end_period(api, d["id"])
    current = await api.ok("dana", "GET", f"decisions/{d['id']}")
    amended = await api.ok(
        "dana",
        "PATCH",
        f"decisions/{d['id']}",
        {"body": "Retire it at the end of the year.", "if_version": current["version"]},
    )
    assert amended["round"] == 2 and amended["voted"] == []
    opened = datetime.fromisoformat(amended["opened_at"].replace("Z", "+00:00"))
    assert opened > datetime.fromisoformat(current["opened_at"].replace("Z", "+00:00"))
    assert amended["closes_at"] > current["closes_at"]
    assert amended["eligible"] == VOTERS
    # ada voted on the earlier words; she votes again on the amended proposal
    assert (await vote(api, "ada", d, choice="yes"))[0] == 201
    code, _ = await api.call("dana", "POST", f"decisions/{d['id']}/close")
    assert code == 409  # the new period has just begun
    history = [h["action"] for h in (await api.ok("eve", "GET", f"decisions/{d['id']}"))["history"]]
    assert history == [
        "decision.proposed",
        "decision.vote_opened",
        "decision.voted",
        "decision.amended",
        "decision.voted",
    ]


async def test_several_options_are_decided_by_ranked_choice(api):
    d = await ranked_vote(
        api, "Next preferred platform to evaluate", ["bluesky", "threads", "matrix"]
    )
    assert d["method"] == "ranked" and d["options"] == ["bluesky", "threads", "matrix"]
    await vote(api, "ada", d, ranking=["threads", "bluesky"])
    await vote(api, "ben", d, ranking=["matrix", "bluesky"])
    await vote(api, "dana", d, ranking=["bluesky"])
    open_view = await api.ok("eve", "GET", f"decisions/{d['id']}")
    assert "ballots" not in open_view and open_view["voted"] == VOTERS
    closed = await api.ok("dana", "POST", f"decisions/{d['id']}/close")
    # 1-1-1 in the first round: every option is last, nobody has a majority.
    assert closed["outcome"] == "tie" and closed["tally"]["tied"] == [
        "bluesky",
        "threads",
        "matrix",
    ]
    assert len(closed["ballots"]) == 3
    d2 = await ranked_vote(api, "Again", ["a", "b", "c"])
    await vote(api, "ada", d2, ranking=["a", "b"])
    await vote(api, "ben", d2, ranking=["c", "b"])
    await vote(api, "dana", d2, ranking=["b", "c"])
    code, _ = await vote(api, "ada", d2, ranking=["z"])
    assert code == 409  # already voted
    closed2 = await api.ok("dana", "POST", f"decisions/{d2['id']}/close")
    assert closed2["outcome"] == "tie"
    d3 = await ranked_vote(api, "Third", ["a", "b", "c"])
    await vote(api, "ada", d3, ranking=["a", "b"])
    await vote(api, "ben", d3, ranking=["b", "a"])
    await vote(api, "dana", d3, ranking=["c", "b"])
    closed3 = await api.ok("dana", "POST", f"decisions/{d3['id']}/close")
    assert closed3["outcome"] == "tie"
    assert closed3["tally"]["rounds"][0] == {"a": 1, "b": 1, "c": 1}


async def test_ranked_choice_transfers_to_a_winner(api):
    # Add two editors so that five vote.
    for name in ("fay", "gus"):
        await api.ok(
            "dana",
            "POST",
            "members",
            {"username": name, "roles": [{"role": "editor", "since": "2024-01-01"}]},
        )
    tokens = api.tokens
    for name in ("fay", "gus"):
        tokens[name] = api.services.tokens.create(OWNER, name)[0]
    d = await ranked_vote(api, "Pick", ["a", "b", "c"])
    for user, ranking in (
        ("ada", ["a"]),
        ("ben", ["a"]),
        ("dana", ["c", "b"]),
        ("fay", ["b", "c"]),
        ("gus", ["c"]),
    ):
        assert (await vote(api, user, d, ranking=ranking))[0] == 201
    closed = await api.ok("dana", "POST", f"decisions/{d['id']}/close")
    assert closed["outcome"] == "elected" and closed["winner"] == "c"
    assert closed["tally"]["rounds"] == [{"a": 2, "b": 1, "c": 2}, {"a": 2, "c": 3}]


async def test_consensus_record_creates_a_channel_linked_to_it(api):
    d = await api.ok(
        "dana",
        "POST",
        "decisions",
        {
            "type": "consensus",
            "title": "Open a Jupyter account on Threads",
            "present": ["ada", "ben", "dana"],
            "channel": "threads",
            "channel_action": "create",
            "channel_change": {
                "name": "Jupyter on Threads",
                "platform": "threads",
                "char_limit": 500,
            },
        },
    )
    assert d["status"] == "closed" and d["outcome"] == "consensus"
    threads = await api.ok("eve", "GET", "channels/threads")
    assert threads["status"] == "active" and threads["char_limit"] == 500
    assert [x["action"] for x in threads["decisions"]] == ["create"]
    assert threads["history"][0]["data"]["decision"] == d["id"]


async def test_proposal_becomes_a_vote_or_a_consensus(api):
    p = await api.ok(
        "dana",
        "POST",
        "decisions",
        {
            "title": "Delegate the forum",
            "channel": "discourse",
            "channel_action": "delegate",
            "channel_change": {"delegates": ["ben"]},
        },
    )
    assert p["status"] == "proposed"
    code, err = await api.call("dana", "POST", f"decisions/{p['id']}/close")
    assert code == 409 and "consensus" in err["message"]
    consensus = await api.ok("dana", "POST", f"decisions/{p['id']}/close", {"consensus": True})
    assert consensus["outcome"] == "consensus"
    forum = await api.ok("eve", "GET", "channels/discourse")
    assert forum["delegates"] == ["ben"] and forum["decisions"][0]["action"] == "delegate"

    q = await api.ok("dana", "POST", "decisions", {"title": "Weekly digest"})
    code, _ = await api.call(
        "dana",
        "PATCH",
        f"decisions/{q['id']}",
        {"status": "open", "seconded_by": "dana", "if_version": q["version"]},
    )
    assert code == 400  # nobody seconds their own call
    opened = await api.ok(
        "dana",
        "PATCH",
        f"decisions/{q['id']}",
        {"status": "open", "seconded_by": "ben", "if_version": q["version"]},
    )
    assert opened["status"] == "open" and opened["seconded_by"] == "ben"
    withdrawn = await api.ok(
        "dana",
        "PATCH",
        f"decisions/{q['id']}",
        {"status": "withdrawn", "if_version": opened["version"]},
    )
    assert withdrawn["status"] == "withdrawn"
    code, _ = await vote(api, "ada", q, choice="yes")
    assert code == 409


async def test_a_channel_change_that_no_longer_fits_is_reported_not_forced(api):
    d = await call_vote(api, channel="youtube", channel_action="retire")
    yt = await api.ok("eve", "GET", "channels/youtube")
    await api.ok(
        "dana", "PATCH", "channels/youtube", {"status": "retired", "if_version": yt["version"]}
    )
    for user in VOTERS:
        await vote(api, user, d, choice="yes")
    closed = await api.ok("dana", "POST", f"decisions/{d['id']}/close")
    assert closed["outcome"] == "passed"
    assert closed["tally"]["channel_change"]["applied"] is False
    assert "already retired" in closed["tally"]["channel_change"]["reason"]


async def test_linking_a_channel_change_to_a_decision_by_hand(api):
    d = await call_vote(api, title="Pause YouTube")
    code, err = await api.call(
        "dana",
        "PATCH",
        "channels/youtube",
        {"status": "paused", "decision": d["id"], "if_version": 1},
    )
    assert code == 400 and "did not carry" in err["message"]
    for user in VOTERS:
        await vote(api, user, d, choice="yes")
    await api.ok("dana", "POST", f"decisions/{d['id']}/close")
    yt = await api.ok("eve", "GET", "channels/youtube")
    paused = await api.ok(
        "dana",
        "PATCH",
        "channels/youtube",
        {"status": "paused", "decision": d["id"], "if_version": yt["version"]},
    )
    assert paused["status"] == "paused"
    assert (await api.ok("eve", "GET", "channels/youtube"))["decisions"][0]["action"] == "pause"


async def test_bad_decision_input_is_a_clear_400(api):
    before = api.count_events()
    for body in (
        {"type": "vote", "title": "x"},  # not seconded
        {"type": "vote", "title": "x", "seconded_by": "carla"},  # not a voter
        {"type": "poll", "title": "x"},
        {"title": ""},
        {
            "type": "vote",
            "question": "ranked",
            "title": "x",
            "options": ["a"],
            "seconded_by": "ada",
        },
        {
            "type": "vote",
            "question": "ranked",
            "title": "x",
            "options": ["a", "a"],
            "seconded_by": "ada",
        },
        {"title": "x", "channel": "facebook", "channel_action": "retire"},  # already retired
        {"title": "x", "channel": "nope", "channel_action": "pause"},
        {"title": "x", "channel": "blog", "channel_action": "explode"},
        {"type": "vote", "title": "x", "seconded_by": "ada", "period_days": "seven"},
    ):
        code, err = await api.call("dana", "POST", "decisions", body)
        assert code == 400 and err["message"], body
    assert api.count_events() == before


async def test_only_admins_and_chairs_record_decisions(api):
    for user in ("ada", "carla", "eve"):
        code, _ = await api.call(user, "POST", "decisions", {"title": "x"})
        assert code == 403
    d = await call_vote(api)
    code, _ = await api.call("ada", "POST", f"decisions/{d['id']}/close")
    assert code == 403
    code, _ = await api.call(
        "ada", "PATCH", f"decisions/{d['id']}", {"title": "y", "if_version": d["version"]}
    )
    assert code == 403
    listing = await api.ok("eve", "GET", "decisions")
    assert [x["id"] for x in listing["items"]] == [d["id"]]


async def test_vote_participation_is_reported_per_member(api):
    for i in range(3):
        d = await call_vote(api, title=f"Question {i}")
        await vote(api, "ada", d, choice="yes")
        if i == 0:
            await vote(api, "ben", d, choice="no")
        end_period(api, d["id"])
        await api.ok("dana", "POST", f"decisions/{d['id']}/close")
    code, _ = await api.call("dana", "GET", "decisions/participation")
    assert code == 404  # one participation report: attendance/participation
    for reader in ("dana", "ada"):  # the chair and an editor see everyone
        report = await api.ok(reader, "GET", "attendance/participation")
        rows = {r["username"]: r for r in report["items"]}
        assert report["votes"] == 3
        assert (rows["ada"]["took_part"], rows["ada"]["below_required"]) == (3, False)
        assert (rows["ben"]["took_part"], rows["ben"]["below_required"]) == (1, True)
        assert (rows["dana"]["took_part"], rows["dana"]["below_required"]) == (0, True)
        assert len(rows["ben"]["missed_votes"]) == 2
    # A caller who does not read governance sees only their own row (here: none).
    for other in ("carla", "eve"):
        own = await api.ok(other, "GET", "attendance/participation")
        assert own["votes"] == 3 and own["items"] == []


def test_demo_registry_retires_facebook_through_a_closed_vote(tmp_path):
    from conftest import DATA

    from jupyter_jms.container import Services
    from jupyter_jms.sample.demo import seed_registry
    from jupyter_jms.store.db import Store

    store = Store(f"sqlite:///{tmp_path / 'demo.sqlite'}")
    store.ensure_schema()
    svc = Services(store)
    try:
        svc.members.import_roster_text((DATA / "demo-roster.yaml").read_text(), actor="t")
        seed_registry(svc, (DATA / "jupyter-channels.yaml").read_text())
        facebook = svc.channels.get("facebook")
        assert facebook["status"] == "retired"
        assert [d["action"] for d in facebook["decisions"]] == ["retire"]
        assert svc.decisions.list(status="closed")["items"][0]["outcome"] == "passed"
        dana = svc.members.caller("dana")
        assert len(svc.grants.all(dana)["items"]) == 4
    finally:
        svc.close()


async def test_a_decision_says_what_the_caller_may_do_with_it_now(api):
    async def actions(user, d):
        return (await api.ok(user, "GET", f"decisions/{d['id']}"))["allowed_actions"]

    proposal = await api.ok(
        "dana", "POST", "decisions", {"type": "proposal", "title": "Open a Threads account"}
    )
    assert await actions("dana", proposal) == ["call_vote", "record_consensus", "withdraw"]
    assert await actions("ada", proposal) == []

    d = await call_vote(api)
    # During the period, before everyone voted: the chair may not close it yet.
    assert await actions("dana", d) == ["vote", "withdraw"]
    assert await actions("ada", d) == ["vote"]
    assert await actions("carla", d) == []  # not a voting member
    code, _ = await vote(api, "ada", d, choice="yes")
    assert code == 201
    assert await actions("ada", d) == []
    end_period(api, d["id"])
    assert await actions("dana", d) == ["vote", "close", "withdraw"]
    await api.ok("dana", "POST", f"decisions/{d['id']}/close")
    assert await actions("dana", d) == []
