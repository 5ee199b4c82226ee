"""Open deadlines as an iCalendar (RFC 5545) file of all-day events.

Each event's UID is made from the request id and the deadline's name, so
importing a newer file updates the events instead of duplicating them.
"""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

from foitrack.core.dates import format_day
from foitrack.services.due import one_line
from foitrack.services.ledger import Ledger
from foitrack.store.base import Query

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


def build_calendar(ledger: Ledger, today: date, campaign: str | None = None) -> bytes:
    from icalendar import Calendar, Event

    calendar = Calendar()
    calendar.add("prodid", "-//foitrack//foitrack deadlines//EN")
    calendar.add("version", "2.0")
    calendar.add("x-wr-calname", "FOI deadlines")
    stamp = datetime.now(UTC).replace(microsecond=0)
    query = Query(campaign=campaign)
    for request, summary in ledger.store.summaries(query, watching=today):
        name = ledger.directory.display_name(request.authority)
        for deadline, when in summary.open_deadlines(today):
            event = Event()
            event.add("uid", f"foitrack-{request.id}-{deadline}@foitrack")
            event.add("dtstamp", stamp)
            event.add("dtstart", when)
            event.add("dtend", when + timedelta(days=1))
            event.add("summary", f"{_SUMMARIES[deadline]}: {name} — {one_line(request.title)}")
            event.add(
                "description",
                f"{_ACTIONS[deadline]}\nRequest #{request.id} to {name}, sent "
                f"{format_day(request.sent)}.\nfoitrack show {request.id}",
            )
            event.add("transp", "TRANSPARENT")
            calendar.add_component(event)
    return bytes(calendar.to_ical())
