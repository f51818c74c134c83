"""Meetings, occurrences, the calendar, attendance and report runs."""
