"""Meetings, attendance, the attendance rule's flags, and report runs.

Who may do what is decided in the services: editors, admins and the chair read meetings
and attendance; admins and the chair record them; editors, admins and the chair run and
read reports.
"""

from __future__ import annotations

from typing import Any

from jupyter_server.auth.decorator import authorized
from jupyter_server.utils import url_path_join
from tornado import web

from ..errors import InvalidInput
from .base import JmsHandler


class MeetingsHandler(JmsHandler):
    auth_resource = "jms:meetings"


class SeriesListHandler(MeetingsHandler):
    @web.authenticated
    @authorized
    async def get(self) -> None:
        """Every meeting series with its rule, zone and next meeting."""
        caller = await self.caller()
        self.reply({"items": await self.call(self.jms.meetings.list_series, caller)})

    @web.authenticated
    @authorized
    async def post(self) -> None:
        """Create a series: title, rrule, tz (IANA), dtstart (local), wkst, duration_minutes."""
        await self.act(self.jms.meetings.create_series, status=201)


class SeriesHandler(MeetingsHandler):
    @web.authenticated
    @authorized
    async def get(self, series_id: str) -> None:
        """One meeting series."""
        caller = await self.caller()
        self.reply(await self.call(self.jms.meetings.get_series, caller, series_id))

    @web.authenticated
    @authorized
    async def patch(self, series_id: str) -> None:
        """Rename a series, change its duration, or end it at ``ends_at`` (never deleted)."""
        await self.act(self.jms.meetings.update_series, series_id, versioned=True)


class CalendarHandler(MeetingsHandler):
    @web.authenticated
    @authorized
    async def get(self) -> None:
        """Every series and ad hoc meeting as iCalendar (``?series=ID`` for one series)."""
        caller = await self.caller()
        text = await self.call(
            self.jms.calendar.export_ics, caller, self.get_query_argument("series", None)
        )
        self.set_header("Content-Disposition", 'attachment; filename="jms-meetings.ics"')
        # APIHandler.finish would otherwise reset the type to application/json.
        self.finish(text, set_content_type="text/calendar; charset=UTF-8")

    @web.authenticated
    @authorized
    async def post(self) -> None:
        """Import an iCalendar document (raw ``text/calendar`` or ``{"ics": text}``)."""
        caller = await self.caller()
        if self.request.headers.get("Content-Type", "").startswith("text/calendar"):
            try:
                text: Any = (self.request.body or b"").decode("utf-8")
            except UnicodeDecodeError:
                raise InvalidInput("The calendar is not UTF-8 text.", field="ics") from None
        else:
            text = self.json_body().get("ics")
        self.reply(await self.call(self.jms.calendar.import_ics, caller, text), status=201)


class OccurrencesHandler(MeetingsHandler):
    @web.authenticated
    @authorized
    async def get(self) -> None:
        """Occurrences starting in ``[from, to)``, optionally of one ``series``."""
        caller = await self.caller()
        self.reply(
            await self.call(
                self.jms.meetings.list_occurrences,
                caller,
                start=self.query_value("from"),
                end=self.query_value("to"),
                series=self.query_str("series"),
            )
        )

    @web.authenticated
    @authorized
    async def post(self) -> None:
        """Add an ad hoc meeting (never counted by the attendance rule)."""
        await self.act(self.jms.meetings.create_ad_hoc, status=201)


class OccurrenceHandler(MeetingsHandler):
    @web.authenticated
    @authorized
    async def get(self, occurrence_id: str) -> None:
        """One occurrence: its slot, actual start, status and whether it moved."""
        caller = await self.caller()
        self.reply(await self.call(self.jms.meetings.get_occurrence, caller, occurrence_id))

    @web.authenticated
    @authorized
    async def patch(self, occurrence_id: str) -> None:
        """Cancel, restore, move (``start``; null moves it back to its slot) or annotate."""
        await self.act(self.jms.meetings.update_occurrence, occurrence_id, versioned=True)


class AttendanceHandler(JmsHandler):
    auth_resource = "jms:attendance"

    @web.authenticated
    @authorized
    async def get(self, occurrence_id: str) -> None:
        """Everyone expected at the meeting with their status (no record: unknown)."""
        caller = await self.caller()
        self.reply(await self.call(self.jms.attendance.get, caller, occurrence_id))

    @web.authenticated
    @authorized
    async def post(self, occurrence_id: str) -> None:
        """Record statuses: ``{"records": [{"username", "status", "note"?}]}``, all or none."""
        await self.act(self.jms.attendance.set_records, occurrence_id)


class MinutesHandler(JmsHandler):
    auth_resource = "jms:attendance"

    @web.authenticated
    @authorized
    async def post(self, occurrence_id: str) -> None:
        """Record attendance from Markdown minutes (``## Present`` / ``## Regrets``)."""
        caller = await self.caller()
        body = self.json_body()
        # Given only when sent: its default is the service's (an explicit null stays a 400).
        given = {"unlisted": body["unlisted"]} if "unlisted" in body else {}
        self.reply(
            await self.call(
                self.jms.attendance.import_minutes,
                caller,
                occurrence_id,
                body.get("markdown"),
                **given,
            )
        )


class FlagsHandler(JmsHandler):
    auth_resource = "jms:attendance"

    @web.authenticated
    @authorized
    async def get(self) -> None:
        """The attendance rule's flags (with evidence) and incomplete windows ``as_of`` a day."""
        caller = await self.caller()
        self.reply(await self.call(self.jms.attendance.flags, caller, self.query_value("as_of")))

    @web.authenticated
    @authorized
    async def post(self) -> None:
        """Keep the flags as of a day: raise new ones, clear gone ones, never duplicate."""
        caller = await self.caller()
        body = self.json_body()
        self.reply(await self.call(self.jms.attendance.record_flags, caller, body.get("as_of")))


class ParticipationHandler(JmsHandler):
    auth_resource = "jms:attendance"

    @web.authenticated
    @authorized
    async def get(self) -> None:
        """Formal-vote participation per member for a calendar ``year`` (default: this one)."""
        caller = await self.caller()
        year = self.query_value("year")
        self.reply(await self.call(self.jms.attendance.participation, caller, year))


class ReportBase(JmsHandler):
    auth_resource = "jms:reports"

    def with_links(self, run: dict[str, Any]) -> dict[str, Any]:
        base = url_path_join(self.base_url, "jms", "api", "reports", "runs", run["id"], "files")
        run["links"] = {
            ("html" if name.endswith(".html") else "notebook"): url_path_join(base, name)
            for name in run["files"]
        }
        return run


class ReportsHandler(ReportBase):
    @web.authenticated
    @authorized
    async def get(self) -> None:
        """The report notebooks and the parameters each one takes."""
        caller = await self.caller()
        self.reply({"items": await self.call(self.jms.reports.list, caller)})


class ReportRunsHandler(ReportBase):
    @web.authenticated
    @authorized
    async def get(self, name: str) -> None:
        """Recent runs of a report, newest first."""
        caller = await self.caller()
        runs = await self.call(
            self.jms.reports.list_runs, caller, name, self.query_int("limit", 20)
        )
        self.reply({"items": [self.with_links(r) for r in runs]})

    @web.authenticated
    @authorized
    async def post(self, name: str) -> None:
        """Start a run in a separate process: ``{"parameters": {...}}`` → 202 with the run."""
        caller = await self.caller()
        body = self.json_body()
        run = await self.call(self.jms.reports.start, caller, name, body)
        self.reply(self.with_links(run), status=202)


class ReportRunHandler(ReportBase):
    @web.authenticated
    @authorized
    async def get(self, run_id: str) -> None:
        """A run's status, its error and failed cell if any, and links to its outputs."""
        caller = await self.caller()
        self.reply(self.with_links(await self.call(self.jms.reports.get, caller, run_id)))


class ReportFileHandler(ReportBase):
    @web.authenticated
    @authorized
    async def get(self, run_id: str, filename: str) -> None:
        """Download an output (the executed notebook or its HTML) as an attachment."""
        caller = await self.caller()
        data, content_type = await self.call(self.jms.reports.output_file, caller, run_id, filename)
        # A report's HTML holds text members wrote: never render it on the server's origin.
        self.set_header("Content-Disposition", f'attachment; filename="{filename}"')
        self.set_header("Content-Security-Policy", "sandbox")
        self.finish(data, set_content_type=content_type)


ROUTES = [
    (r"meetings/series", SeriesListHandler),
    (r"meetings/series/([^/]+)", SeriesHandler),
    (r"meetings/calendar", CalendarHandler),
    (r"meetings/occurrences", OccurrencesHandler),
    (r"meetings/occurrences/([^/]+)", OccurrenceHandler),
    (r"meetings/occurrences/([^/]+)/attendance", AttendanceHandler),
    (r"meetings/occurrences/([^/]+)/minutes", MinutesHandler),
    (r"attendance/flags", FlagsHandler),
    (r"attendance/participation", ParticipationHandler),
    (r"reports", ReportsHandler),
    (r"reports/runs/([^/]+)", ReportRunHandler),
    (r"reports/runs/([^/]+)/files/([^/]+)", ReportFileHandler),
    (r"reports/([^/]+)/runs", ReportRunsHandler),
]
