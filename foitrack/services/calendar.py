"""``foitrack calendar``: every open deadline of the ledger as an iCalendar file."""

from __future__ import annotations

from datetime import date

from foitrack.notify.calendar import Entry, build_calendar
from foitrack.services.ledger import Ledger
from foitrack.store.base import Query


def deadline_calendar(ledger: Ledger, today: date, campaign: str | None = None) -> bytes:
    """The open deadlines on ``today`` of the requests still watched (of
    ``campaign`` alone, if given), one all-day event each."""
    entries = [
        Entry(
            request.id,
            deadline,
            when,
            ledger.directory.display_name(request.authority),
            request.title,
            request.sent,
        )
        for request, summary in ledger.store.summaries(Query(campaign=campaign), watching=today)
        for deadline, when in summary.open_deadlines(today)
    ]
    return build_calendar(entries)
