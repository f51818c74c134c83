"""``AttendanceTaker``: record who attended today's meeting in a few clicks.

It opens on the most recent meeting that still lacks records (else the one closest to now),
lists everyone the server expects there with the status on record, and sends only what the
person changed (``POST meetings/occurrences/{id}/attendance``). The server decides who is
expected and what may be recorded; statuses come from the attendance sheet it returns. The
recording buttons show only for those ``GET me`` says may record attendance.
"""

from __future__ import annotations

from datetime import datetime, timedelta, timezone
from typing import TYPE_CHECKING, Any

import ipywidgets as widgets

from .client import JmsClient, JmsError
from .panel import Panel, PanelOptions, esc

if TYPE_CHECKING:
    from typing_extensions import Unpack

PAST_DAYS = 35
FUTURE_DAYS = 14
FALLBACK_STATUSES = ("attended", "absent", "excused", "unknown")
# How many past meetings the taker reads, newest first, to find one that lacks records.
LOOK_BACK = 6
READ = "read_governance"
RECORD = "record_attendance"


def _iso(ts: datetime) -> str:
    return ts.astimezone(timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")


def _start(occ: dict[str, Any]) -> datetime:
    return datetime.fromisoformat(str(occ["start"]).replace("Z", "+00:00"))


def load_meetings(client: JmsClient, now: datetime | None = None) -> list[dict[str, Any]] | None:
    """Meetings from five weeks ago to two weeks ahead, oldest first (None: a server that
    keeps no meetings)."""
    now = now or datetime.now(timezone.utc)
    window = {
        "from": _iso(now - timedelta(days=PAST_DAYS)),
        "to": _iso(now + timedelta(days=FUTURE_DAYS)),
    }
    try:
        data = client.get("meetings/occurrences", **window)
    except JmsError as exc:
        if exc.status == 404:
            return None
        raise
    return list(data.get("items") or [])


def first_unrecorded(
    client: JmsClient, meetings: list[dict[str, Any]], now: datetime
) -> str | None:
    """The most recent meeting that has started, was not cancelled and still has someone
    expected with nothing recorded; at most ``LOOK_BACK`` sheets are read."""
    started = [m for m in meetings if m.get("status") != "cancelled" and _start(m) <= now]
    for m in sorted(started, key=_start, reverse=True)[:LOOK_BACK]:
        sheet = client.get(f"meetings/occurrences/{m['id']}/attendance")
        if any(i.get("expected", True) and not i.get("recorded") for i in sheet.get("items") or []):
            return str(m["id"])
    return None


def nearest(meetings: list[dict[str, Any]], now: datetime) -> dict[str, Any] | None:
    """The meeting to open first: the one starting closest to now that is not cancelled."""
    live = [m for m in meetings if m.get("status") != "cancelled"] or meetings
    if not live:
        return None
    return min(live, key=lambda m: abs((_start(m) - now).total_seconds()))


def meeting_label(m: dict[str, Any]) -> str:
    local = str(m.get("local_start") or m.get("start") or "")
    when = local[:16].replace("T", " ")
    extra = []
    if m.get("status") == "cancelled":
        extra.append("cancelled")
    if m.get("kind") == "ad_hoc":
        extra.append("ad hoc")
    if m.get("moved"):
        extra.append("moved")
    tail = f" ({', '.join(extra)})" if extra else ""
    return f"{when} {m.get('tz', '')} \u2014 {m.get('title') or 'meeting'}{tail}"


class AttendanceTaker(Panel):
    """Pick the meeting (today's by default), click each member's status, save."""

    def __init__(
        self,
        url: str | None = None,
        token: str | None = None,
        *,
        now: datetime | None = None,
        **options: Unpack[PanelOptions],
    ) -> None:
        super().__init__(url, token, **options)
        self.now = now
        self.meetings: list[dict[str, Any]] = []
        self.sheet: dict[str, Any] | None = None
        self.statuses: dict[str, widgets.ToggleButtons] = {}
        self._quiet = False
        self.meeting = widgets.Dropdown(
            options=[], description="Meeting", layout=widgets.Layout(width="40em")
        )
        self.meeting.observe(lambda _c: self.load_sheet(), names="value")
        self.summary = widgets.HTML("")
        self.rows = widgets.VBox([])
        self.all_attended_button = widgets.Button(
            description="The rest attended", icon="check", layout=widgets.Layout(width="auto")
        )
        self.all_attended_button.on_click(lambda _b: self.mark_all("attended"))
        self.save_button = widgets.Button(description="Save attendance", button_style="primary")
        self.save_button.on_click(lambda _b: self.save())
        # Shown to those who record attendance (admins and the chair), once `GET me` says so.
        self.buttons = widgets.HBox(
            [self.all_attended_button, self.save_button], layout=widgets.Layout(display="none")
        )
        self.children = [
            widgets.HTML("<h3>Attendance</h3>"),
            self.service,
            self.meeting,
            self.busy,
            self.message,
            self.summary,
            self.rows,
            self.buttons,
        ]
        self.refresh()

    def _now(self) -> datetime:
        return self.now or datetime.now(timezone.utc)

    # -- reading --------------------------------------------------------------------------
    def refresh(self) -> None:
        """Reload the list of meetings and open the one that lacks records (or is nearest)."""
        now = self._now()

        def load(c: JmsClient, me: dict[str, Any]) -> dict[str, Any] | None:
            if READ not in (me.get("capabilities") or []):
                return None  # nothing to call: the server would refuse
            meetings = load_meetings(c, now)
            pick = first_unrecorded(c, meetings, now) if meetings else None
            return {"meetings": meetings, "pick": pick}

        self.begin(load, self._listed, doing="list the meetings")

    def _listed(self, data: dict[str, Any] | None) -> None:
        recorder = self.can(RECORD)
        self.buttons.layout.display = "" if recorder else "none"
        if data is None:
            self.say("Meetings and attendance are shown to the group's current members.")
            return
        meetings = data["meetings"]
        if meetings is None:
            self.say("This JMS server does not keep meetings.", "warning")
            return
        self.meetings = meetings
        picked = next((m for m in meetings if m["id"] == data.get("pick")), None)
        pick = picked or nearest(meetings, self._now())
        keep = self.meeting.value
        ids = [m["id"] for m in meetings]
        self._quiet = True
        try:
            self.meeting.options = [(meeting_label(m), m["id"]) for m in reversed(meetings)]
            self.meeting.value = keep if keep in ids else (pick["id"] if pick else None)
        finally:
            self._quiet = False
        if not meetings:
            self.summary.value = "<em>No meetings in the last five weeks or the next two.</em>"
            self.rows.children = []
            return
        self.load_sheet()

    def load_sheet(self) -> None:
        """Show everyone expected at the chosen meeting with their recorded status."""
        oid = self.meeting.value
        if not oid or self._quiet:
            return
        self.call(
            lambda c: c.get(f"meetings/occurrences/{oid}/attendance"),
            self._show_sheet,
            doing="load the attendance sheet",
            busy="Loading the attendance sheet\u2026",
        )

    def _show_sheet(self, sheet: dict[str, Any]) -> None:
        occ = sheet.get("occurrence") or {}
        if occ.get("id") != self.meeting.value:
            return
        self.sheet = sheet
        options = list(sheet.get("counts") or FALLBACK_STATUSES)
        self.statuses = {}
        rows = []
        for item in sheet.get("items") or []:
            toggle = widgets.ToggleButtons(
                options=options,
                value=item.get("status"),
                style={"button_width": "7.5em"},
                disabled=not self.can(RECORD),
            )
            self.statuses[item["username"]] = toggle
            who = item.get("name") or item["username"]
            note = "" if item.get("expected", True) else " (not expected that day)"
            rows.append(
                widgets.HBox(
                    [
                        widgets.Label(
                            f"{who} ({item['username']}){note}", layout=widgets.Layout(width="22em")
                        ),
                        toggle,
                    ]
                )
            )
        self.rows.children = rows
        counts = sheet.get("counts") or {}
        tally = ", ".join(f"{n} {k}" for k, n in counts.items() if n)
        cancelled = occ.get("status") == "cancelled"
        rule = (
            ""
            if sheet.get("counts_toward_rule")
            else " It does not count toward the attendance rule."
        )
        self.summary.value = (
            f"<div><b>{esc(occ.get('title'))}</b> on {esc(occ.get('date'))}: {esc(tally or 'no one expected')}."
            f"{esc(rule)}{' <b>This meeting was cancelled.</b>' if cancelled else ''}</div>"
        )
        self.save_button.disabled = cancelled
        self.all_attended_button.disabled = cancelled

    # -- recording ------------------------------------------------------------------------
    def mark_all(self, status: str) -> None:
        """Set every member still unknown to ``status`` (other choices are kept)."""
        for toggle in self.statuses.values():
            if toggle.value in (None, "unknown"):
                toggle.value = status

    def set_status(self, username: str, status: str) -> None:
        self.statuses[username].value = status

    def changes(self) -> list[dict[str, str]]:
        """The statuses that differ from what the server holds."""
        held = {i["username"]: i.get("status") for i in (self.sheet or {}).get("items") or []}
        return [
            {"username": u, "status": t.value}
            for u, t in self.statuses.items()
            if t.value is not None and t.value != held.get(u)
        ]

    def save(self) -> None:
        """Send the changed statuses; the server keeps all of them or none."""
        oid = self.meeting.value
        records = self.changes()
        if not oid:
            self.say("Pick a meeting first.", "error")
            return
        if not records:
            self.say("Nothing changed since the sheet was loaded.")
            return

        def done(sheet: dict[str, Any]) -> None:
            changed = sheet.get("changed") or []
            self._show_sheet(sheet)
            self.say(f"Recorded attendance for {len(changed)} member(s).")

        self.call(
            lambda c: c.post(f"meetings/occurrences/{oid}/attendance", {"records": records}),
            done,
            doing="record attendance",
            busy="Saving attendance\u2026",
            disable=[self.save_button],
        )
