"""Who the panels act as, and what they show each member, against a live server.

The server here signs members in with member tokens; its own token signs in jupyter_server's
anonymous user, as a kernel of a `jupyter jms serve` server opened with that token would.
"""

from __future__ import annotations

from datetime import datetime, timedelta, timezone
from typing import Any

import pytest

pytest.importorskip("ipywidgets")

from jupyter_jms.widgets import (  # noqa: E402
    AttendanceTaker,
    Dashboard,
    JmsClient,
    RegistryPanel,
    ReviewQueue,
)


class RecordingClient(JmsClient):
    """The real client, keeping the method, path and status of every call it made."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.calls: list[tuple[str, str, int]] = []

    def request(self, method: str, path: str, *args: Any, **kwargs: Any) -> Any:
        try:
            result = super().request(method, path, *args, **kwargs)
        except Exception as exc:
            self.calls.append((method, path, getattr(exc, "status", -1)))
            raise
        self.calls.append((method, path, 200))
        return result


@pytest.fixture
def server_token(jp_serverapp: Any) -> str:
    return str(jp_serverapp.identity_provider.token)


async def test_an_anonymous_caller_gets_one_sentence_not_an_empty_queue(
    api, server_url, server_token, monkeypatch
):
    monkeypatch.delenv("JMS_TOKEN", raising=False)
    await api.submit(authors=["eve"], channels=["blog"])
    client = RecordingClient(server_url, server_token)
    dashboard = Dashboard(client=client)
    await dashboard.wait()
    sentence = dashboard.notice.text
    assert sentence.startswith(f"This kernel reaches {server_url} only as an anonymous user")
    assert "JMS_TOKEN" in sentence and sentence.count(". ") == 0
    assert dashboard.tabs.layout.display == "none"
    assert dashboard.summary() == sentence
    # No panel went on to ask for what only a member may see, so nothing was refused.
    # (The submit panel still lists the server's notebooks, which is not the JMS API.)
    assert {p for _, p, _ in client.calls if not p.startswith("contents")} == {"me"}
    assert all(status == 200 for *_, status in client.calls)
    assert "Signed in as" not in dashboard.queue.header.value
    assert dashboard.queue.items == []


async def test_jms_token_in_the_environment_makes_the_panels_that_member(
    api, server_url, monkeypatch
):
    monkeypatch.setenv("JMS_TOKEN", api.tokens["ada"])
    queue = ReviewQueue(url=server_url)
    await queue.wait()
    assert queue.client is not None and queue.client.server.token == api.tokens["ada"]
    assert "Signed in as <b>ada</b> (editor)" in queue.header.value
    assert queue.outsider is None


async def test_an_author_off_the_roster_is_herself_not_anonymous(api, panel_as):
    queue = await panel_as(ReviewQueue, "zed")
    assert queue.outsider is None
    assert "Signed in as <b>zed</b>" in queue.header.value


async def test_the_queue_filter_offers_active_channels_only(api, panel_as):
    queue = await panel_as(ReviewQueue, "ada")
    offered = {v for _, v in queue.channel.options}
    active = {
        c["id"]
        for c in (await api.ok("ada", "GET", "channels"))["items"]
        if c["status"] == "active"
    }
    assert offered == active | {""}
    assert not {"x", "facebook", "slack-jupyterlab"} & offered


async def test_an_editor_s_registry_makes_no_admin_call(api, server_url):
    client = RecordingClient(server_url, api.tokens["ada"])
    panel = RegistryPanel(client=client)
    await panel.wait()
    assert not panel.is_admin and panel.message.kind != "error"
    assert not [c for c in client.calls if c[1] == "grants" or c[2] >= 400], client.calls


async def test_the_grant_form_lists_who_may_hold_access(api, panel_as):
    panel = await panel_as(RegistryPanel, "dana")
    panel.channel.value = "mastodon"
    await panel.wait()
    names = {v for _, v in panel.member.options}
    # The server's list for this channel: eve (an author) and zed (a former editor) hold no
    # role today; whoever already holds live access is not offered it again.
    grants = await api.ok("dana", "GET", "channels/mastodon/grants")
    assert names == {m["username"] for m in grants["grantable"]}
    assert {"ada", "ben", "carla", "dana"} - {g["username"] for g in grants["items"]} <= names
    assert not {"eve", "zed"} & names


async def weekly_series(api: Any, weeks_ago: int) -> list[dict[str, Any]]:
    """A weekly series whose first meeting was ``weeks_ago`` weeks ago (its meetings, oldest
    first: the last started half an hour ago)."""
    start = datetime.now(timezone.utc) - timedelta(weeks=weeks_ago, minutes=30)
    series = await api.ok(
        "dana",
        "POST",
        "meetings/series",
        {
            "title": "JMS weekly",
            "rrule": "FREQ=WEEKLY",
            "tz": "UTC",
            "dtstart": start.strftime("%Y-%m-%dT%H:%M"),
        },
    )
    got = await api.ok("dana", "GET", "meetings/occurrences", params={"series": series["id"]})
    now = datetime.now(timezone.utc)
    return [
        o for o in got["items"] if datetime.fromisoformat(o["start"].replace("Z", "+00:00")) <= now
    ]


async def record_all(api: Any, occurrence: dict[str, Any]) -> None:
    path = f"meetings/occurrences/{occurrence['id']}/attendance"
    sheet = await api.ok("dana", "GET", path)
    records = [{"username": i["username"], "status": "attended"} for i in sheet["items"]]
    await api.ok("dana", "POST", path, {"records": records})


async def test_attendance_opens_on_the_latest_meeting_lacking_records(api, panel_as):
    past = await weekly_series(api, 3)
    assert len(past) == 4
    await record_all(api, past[-1])  # today's is done; last week's is not
    panel = await panel_as(AttendanceTaker, "dana")
    assert panel.meeting.value == past[-2]["id"]
    assert panel.buttons.layout.display == ""
    assert not any(t.disabled for t in panel.statuses.values())


async def test_an_editor_reads_attendance_without_the_recording_buttons(api, panel_as):
    past = await weekly_series(api, 1)
    panel = await panel_as(AttendanceTaker, "ada")
    assert panel.meeting.value == past[-1]["id"]
    assert panel.buttons.layout.display == "none"
    assert panel.statuses and all(t.disabled for t in panel.statuses.values())
    assert panel.message.kind != "error"


async def test_a_member_who_reads_no_meetings_is_told_so_once(api, server_url):
    client = RecordingClient(server_url, api.tokens["zed"])  # a former editor
    panel = AttendanceTaker(client=client)
    await panel.wait()
    assert panel.message.kind == "info" and "current members" in panel.message.text
    assert [c[1] for c in client.calls] == ["me"]


async def test_pre_checks_and_cells_read_as_labels_and_numbers(api, panel_as):
    draft = await api.submit(authors=["eve"], channels=["blog"], error=True)
    queue = await panel_as(ReviewQueue, "ada")
    queue.results.value = draft["id"]
    await queue.wait()
    held = await api.ok("ada", "GET", f"drafts/{draft['id']}")
    notebook = await api.ok("ada", "GET", f"drafts/{draft['id']}/revisions/1")
    ids = [c["id"] for c in notebook["cells"]]
    checks = queue.review.checks_html.value
    assert "<b>Error outputs</b>" in checks and "error_outputs" not in checks
    assert "(cells [2])" in checks
    assert any(c["id"] == "error_outputs" for c in held["checks"])
    # The revision names cells by number; their ids are for the markup only.
    shown = queue.review.revision_html.value.replace('data-cell-id="', "")
    assert "[1] markdown" in shown and not any(f"{i}<" in shown for i in ids)


def test_a_withdrawn_draft_counts_no_approvals():
    from jupyter_jms.widgets.review_queue import row_label

    row = {"id": "4", "title": "An idea", "revision": 1, "approvals": 0, "required_approvals": 1}
    shown = row_label({**row, "state": "in_review", "collects_approvals": True})
    assert "approvals 0/1" in shown
    withdrawn = row_label({**row, "state": "withdrawn", "collects_approvals": False})
    assert withdrawn == "#4 An idea \u2014 withdrawn, rev 1"


async def test_the_summary_ends_each_problem_once(api, panel_as):
    dashboard = await panel_as(Dashboard, "ada")
    dashboard.attendance.say("You cannot list the meetings: Only admins and the chair.", "error")
    line = dashboard.summary()
    assert line.endswith("problems: You cannot list the meetings: Only admins and the chair.")
    assert ".." not in line
