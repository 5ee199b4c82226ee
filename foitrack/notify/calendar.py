"""Open deadlines as an iCalendar (RFC 5545) file of all-day events.

Each event's UID is made from the request id and the deadline's name, so
importing a newer file updates the events instead of duplicating them.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta

from foitrack.core.dates import format_day
from foitrack.text import one_line


@dataclass(frozen=True, slots=True)
class Entry:
    """One open deadline of one request, as a calendar shows it."""

    request_id: int
    #: The deadline's name in the lifecycle (``response_due``, ``regulator_by`` ...).
    deadline: str
    day: date
    authority_name: str
    title: str
    sent: date


_SUMMARIES = {
    "response_due": "FOI due",
    "extended_due": "FOI due (extended)",
    "long_overdue": "FOI long overdue",
    "fee_lapses": "FOI last day to pay",
    "review_request_by": "Ask for review by",
    "review_request_by_stated": "Ask for review by (the response's window)",
    "review_request_by_default": "Ask for review by (the law's window)",
    "review_response_due": "Review due",
    "regulator_by": "Complain to regulator by",
    "tribunal_by": "Appeal by",
}
_ACTIONS = {
    "response_due": "The response is due today; chase it tomorrow if nothing has come.",
    "extended_due": "The extended deadline the authority named.",
    "long_overdue": "Day 40: the response is long overdue; complain to the regulator.",
    "fee_lapses": "Last day to pay the fee or charge: unpaid after today, the request lapses.",
    "review_request_by": "Last day to ask for an internal review (the earlier window, if the "
    "response states one that differs from the law's).",
    "review_request_by_stated": "Last day of the review window the response states.",
    "review_request_by_default": "Last day of the review window the law sets.",
    "review_response_due": "The internal review's answer is due today.",
    "regulator_by": "Last day to complain to the regulator.",
    "tribunal_by": "Last day to appeal the regulator's decision.",
}


def build_calendar(entries: Iterable[Entry]) -> bytes:
    """An iCalendar file with one all-day event per entry."""
    from icalendar import Calendar, Event

    calendar = Calendar()
    calendar.add("prodid", "-//foitrack//foitrack deadlines//EN")
    calendar.add("version", "2.0")
    calendar.add("x-wr-calname", "FOI deadlines")
    stamp = datetime.now(UTC).replace(microsecond=0)
    for entry in entries:
        name, when = entry.authority_name, entry.day
        event = Event()
        event.add("uid", f"foitrack-{entry.request_id}-{entry.deadline}@foitrack")
        event.add("dtstamp", stamp)
        event.add("dtstart", when)
        event.add("dtend", when + timedelta(days=1))
        event.add("summary", f"{_SUMMARIES[entry.deadline]}: {name} — {one_line(entry.title)}")
        event.add(
            "description",
            f"{_ACTIONS[entry.deadline]}\nRequest #{entry.request_id} to {name}, sent "
            f"{format_day(entry.sent)}.\nfoitrack show {entry.request_id}",
        )
        event.add("transp", "TRANSPARENT")
        calendar.add_component(event)
    return bytes(calendar.to_ical())
