"""Pure review rules: approval, checklist, states, metadata, text."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from jupyter_jms.domain import access, approval, checklist, states
from jupyter_jms.domain.metadata import validate_post
from jupyter_jms.domain.roles import RoleSpan, active_roles, covers_language
from jupyter_jms.domain.text import text_problem

ALL_PASS = {k: "pass" for k in checklist.ITEMS if k not in checklist.DERIVED}


def review(who, verdict="approve", revision=1, **items):
    return approval.ReviewFact(who, revision, verdict, {**ALL_PASS, **items})


def evaluate(
    reviews, vettings=(), *, language="en", third_party=False, required=1, authors=("eve",)
):
    return approval.evaluate(
        revision=1,
        authors=authors,
        language=language,
        third_party=third_party,
        reviews=reviews,
        vettings=vettings,
        required_approvals=required,
    )


def test_one_editor_approval_approves_an_english_post():
    assert evaluate([review("ada")]).approved


def test_author_approval_never_counts():
    status = evaluate([review("eve")])
    assert status.approvals == 0 and not status.approved


def test_reviews_of_an_earlier_revision_are_void():
    assert not evaluate([review("ada", revision=0)]).approved


def test_a_later_request_for_changes_replaces_the_same_editors_approval():
    status = evaluate([review("ada"), review("ada", "request_changes")])
    assert status.approvals == 0 and status.open_change_requests == 1
    assert approval.state_after(status, "request_changes") == states.CHANGES_REQUESTED


def test_open_request_for_changes_blocks_other_approvals():
    status = evaluate([review("ada"), review("ben", "request_changes")])
    assert not status.approved


def test_non_english_post_waits_for_council_vetting():
    assert not evaluate([review("ada")], language="es").approved
    vet = approval.VettingFact("carla", 1, "es", "approve", frozenset({"es"}))
    assert evaluate([review("ada")], [vet], language="es-MX").approved


def test_vetting_by_an_author_or_in_another_language_does_not_count():
    own = approval.VettingFact("eve", 1, "es", "approve", frozenset({"es"}))
    other = approval.VettingFact("carla", 1, "pt", "approve", frozenset({"pt"}))
    assert not evaluate([review("ada")], [own, other], language="es").approved


def test_a_vetting_rejection_sends_the_post_back():
    vet = approval.VettingFact("carla", 1, "es", "reject", frozenset({"es"}))
    status = evaluate([review("ada")], [vet], language="es")
    assert approval.state_after(status, None) == states.CHANGES_REQUESTED


def test_third_party_post_needs_benefit_passed_by_an_approver():
    assert not evaluate([review("ada", third_party_benefit="n/a")], third_party=True).approved
    assert evaluate([review("ada", third_party_benefit="pass")], third_party=True).approved


@given(
    approvers=st.sets(st.sampled_from(["ada", "ben", "cy", "dee", "eve"])),
    required=st.integers(min_value=1, max_value=4),
)
def test_approved_iff_enough_distinct_non_author_approvals(approvers, required):
    status = evaluate([review(u) for u in sorted(approvers)], required=required)
    assert status.approved == (len(approvers - {"eve"}) >= required)


def test_checklist_approval_needs_every_applicable_item():
    errs = checklist.validate_checklist(
        {**ALL_PASS, "code_of_conduct": "n/a"},
        third_party=False,
        needs_vetting=False,
        verdict="approve",
    )
    assert errs == [("checklist.code_of_conduct", "Marked n/a: approving needs pass.")]
    missing = checklist.validate_checklist(
        {}, third_party=False, needs_vetting=False, verdict="approve"
    )
    assert {m for _, m in missing} == {"Not marked yet: mark it pass to approve."}
    assert (
        checklist.validate_checklist(
            {}, third_party=False, needs_vetting=False, verdict="request_changes"
        )
        == []
    )
    assert (
        checklist.validate_checklist(
            {"bogus": "pass"}, third_party=False, needs_vetting=False, verdict="reject"
        )[0][0]
        == "checklist.bogus"
    )


def test_third_party_item_only_applies_to_third_party_posts():
    assert "third_party_benefit" not in checklist.applicable_items(
        third_party=False, needs_vetting=False
    )
    assert "third_party_benefit" in checklist.applicable_items(
        third_party=True, needs_vetting=False
    )
    assert "language_vetted" in checklist.applicable_items(third_party=False, needs_vetting=True)


@pytest.mark.parametrize(
    "current,target,ok",
    [
        ("approved", "scheduled", True),
        ("approved", "published", True),
        ("scheduled", "published", True),
        ("submitted", "published", False),
        ("published", "withdrawn", False),
        ("rejected", "withdrawn", False),
        ("in_review", "withdrawn", True),
    ],
)
def test_manual_transitions(current, target, ok):
    if ok:
        states.check_manual_transition(current, target)
    else:
        with pytest.raises(states.IllegalTransition):
            states.check_manual_transition(current, target)


def test_allowed_actions_follow_role_and_authorship():
    editor = access.Caller("ada", frozenset({"editor"}))
    author = access.Caller("eve", frozenset())
    council = access.Caller("carla", frozenset({"council"}), frozenset({"es"}))
    kw = {
        "state": "submitted",
        "authors": ["eve"],
        "submitted_by": "eve",
        "needs_vetting": True,
        "language": "es",
    }
    assert {"approve", "request_changes", "reject", "withdraw"} <= set(
        access.allowed_actions(caller=editor, **kw)
    )
    assert "approve" not in access.allowed_actions(caller=author, **kw)
    assert {"resubmit", "withdraw"} <= set(access.allowed_actions(caller=author, **kw))
    assert "vet" in access.allowed_actions(caller=council, **kw)
    assert "vet" not in access.allowed_actions(caller=council, **{**kw, "language": "fr"})
    assert access.allowed_actions(caller=editor, **{**kw, "state": "published"}) == []


def test_every_metadata_error_is_listed():
    errors = dict(
        validate_post(
            {
                "subtitle": "x" * 141,
                "language": "not a tag",
                "third_party": True,
                "channels": ["blog", "myspace"],
                "colour": "blue",
            },
            known_channels=["blog"],
        )
    )
    assert set(errors) == {
        "metadata.jms.title",
        "metadata.jms.subtitle",
        "metadata.jms.language",
        "metadata.jms.third_party_benefit",
        "metadata.jms.channels.1",
        "metadata.jms",
    }


def test_metadata_missing_entirely():
    assert validate_post(None)[0][0] == "metadata.jms"


def test_markup_in_a_title_is_text_but_active_html_is_refused():
    assert text_problem("Why <details> helps notebooks", max_length=200) is None
    assert text_problem('<img src=x onerror="alert(1)">', max_length=200)
    assert text_problem("<script>alert(1)</script>", max_length=200)
    assert text_problem("click javascript:alert(1)", max_length=200)


@pytest.mark.parametrize(
    "text",
    [
        "<img src=x onerror=(alert)(1)>",
        "<img src=x onerror=/**/alert(3)>",
        "<img src=x onerror=`alert(1)`>",
        "<img src=x onerror = alert(1)>",
        "<svg><a ONCLICK=alert(1)>",
        "<a href='jav&#x61;script:alert(1)'>x</a>",
        "<a href='javascript&colon;alert(1)'>x</a>",
        "<a href='java\tscript:alert(1)'>x</a>",
        "<img src=x on&#101;rror=alert(1)>",
        "&lt;script&gt;alert(1)&lt;/script&gt;",
        "vbscript:msgbox(1)",
    ],
)
def test_active_html_is_refused_however_it_is_spelled(text):
    assert text_problem(text, max_length=200)


@pytest.mark.parametrize(
    "text",
    [
        "turn on = off",
        "one=two",
        "once = a week",
        "only=1 slot",
        "ones = np.ones(3)",
        "on=off & b < c",
        "The online meeting, at 17:00 = 5 pm",
        "Why <details> helps notebooks",
        "JupyterLab &amp; Notebook 7: what's new",
        "A script: the JMS call's agenda",
    ],
)
def test_ordinary_prose_is_not_mistaken_for_active_html(text):
    assert text_problem(text, max_length=200) is None


def test_role_intervals_are_half_open():
    from datetime import date

    spans = [RoleSpan("editor", date(2025, 1, 1), date(2025, 7, 1))]
    assert active_roles(spans, date(2025, 1, 1)) == {"editor"}
    assert active_roles(spans, date(2025, 7, 1)) == set()
    assert covers_language(["es"], "es-MX") and not covers_language(["pt"], "es")
