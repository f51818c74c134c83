"""Wires the governance services (meetings, attendance, reports) onto ``Services``."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from ...domain.attendance_policy import Policy, PolicyError
from .attendance import AttendanceService
from .meetings import MeetingService
from .report_runs import ReportService


def attach_governance(
    services: Any, policy: dict[str, Any] | None = None, reports_dir: str = ""
) -> None:
    """Give ``services`` its ``meetings``, ``attendance`` and ``reports`` services.

    Called once with defaults when Services is built and again by the server extension
    with its configuration; a bad attendance policy stops start-up with the reason.
    """
    try:
        rule_policy = Policy.from_mapping(policy or {})
    except PolicyError as exc:
        raise ValueError(f"JmsApp.attendance_policy: {exc.field}: {exc.message}") from None
    services.meetings = MeetingService(services.ctx)
    services.attendance = AttendanceService(services.ctx, rule_policy)
    services.reports = ReportService(services.ctx, Path(reports_dir) if reports_dir else None)
