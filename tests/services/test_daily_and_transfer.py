"""The daily check's digest, the calendar and import, called directly on an open ledger."""

from __future__ import annotations

from datetime import date

import pytest
from icalendar import Calendar

from foitrack.core.errors import Problems
from foitrack.core.events import Event, EventType, Outcome
from foitrack.services.calendar import deadline_calendar
from foitrack.services.digest import SECTION_TITLES, headline, render_html, render_text
from foitrack.services.due import Kind, daily_check
from foitrack.services.ledger import Ledger
from foitrack.services.requests import NewRequest, add_requests, log_event
from foitrack.services.transfer import import_contents
from foitrack.store.base import Contents, Request


def _campaign(ledger: Ledger) -> list[int]:
    # Received Mon 14 Apr 2025 (FOIA): due Thu 15 May 2025.
    return add_requests(
        ledger,
        NewRequest(("essex", "kent", "met"), "LFR", date(2025, 4, 14), campaign="lfr-2025"),
    ).ids


def test_text_and_html_say_the_same_daily_check(ledger: Ledger) -> None:
    essex, kent, _ = _campaign(ledger)
    log_event(ledger, kent, Event(EventType.RESPONDED, date(2025, 5, 12), Outcome.REFUSED))
    items = daily_check(ledger, date(2025, 5, 20))
    assert {(i.request.id, i.kind) for i in items} >= {
        (essex, Kind.OVERDUE),
        (kent, Kind.REVIEW_WINDOW),
    }
    assert headline(items) == "2 overdue, 1 review window open"
    text, html = render_text(items, date(2025, 5, 20)), render_html(items, date(2025, 5, 20))
    for kind in (Kind.OVERDUE, Kind.REVIEW_WINDOW):
        assert SECTION_TITLES[kind] in text
        assert SECTION_TITLES[kind] in html
    # Essex and the Met, overdue together: one block, one command for both.
    command = "foitrack draft chase --campaign lfr-2025"
    assert command in text
    assert command in html
    assert "lfr-2025 — 2 requests" in text


def test_the_calendar_holds_the_open_deadlines(ledger: Ledger) -> None:
    essex, kent, met = _campaign(ledger)
    log_event(ledger, kent, Event(EventType.RESPONDED, date(2025, 5, 12), Outcome.GRANTED))
    parsed = Calendar.from_ical(deadline_calendar(ledger, date(2025, 5, 13), "lfr-2025"))
    found = {str(e["uid"]): e.decoded("dtstart") for e in parsed.walk("VEVENT")}
    assert found[f"foitrack-{essex}-response_due@foitrack"] == date(2025, 5, 15)
    assert found[f"foitrack-{met}-response_due@foitrack"] == date(2025, 5, 15)
    assert not any(uid.startswith(f"foitrack-{kent}-") for uid in found)  # granted in full


def _request(**fields: object) -> Request:
    base: dict[str, object] = {
        "id": 7,
        "authority": "kent",
        "title": "LFR",
        "regime": "foia",
        "sent": date(2025, 6, 2),
        "received": date(2025, 6, 2),
    }
    return Request(**{**base, **fields})  # type: ignore[arg-type]


def test_import_refuses_what_has_not_happened(ledger: Ledger) -> None:
    later = Event(EventType.RESPONDED, date(2025, 6, 23), Outcome.GRANTED)
    contents = Contents(
        requests=[_request(events=(later,)), _request(id=8, sent=date(2025, 6, 21))]
    )
    with pytest.raises(Problems) as refused:
        import_contents(ledger, contents, date(2025, 6, 20))
    assert refused.value.lines == [
        "request 7: event 1 (responded) 2025-06-23 is after today (2025-06-20): "
        "record what has happened",
        "request 8: sent 2025-06-21 is after today (2025-06-20): record what has happened",
    ]
    assert list(ledger.store.requests()) == []


def test_import_takes_what_has_happened(ledger: Ledger) -> None:
    done = Event(EventType.RESPONDED, date(2025, 6, 20), Outcome.GRANTED)
    result = import_contents(
        ledger, Contents(requests=[_request(events=(done,))]), date(2025, 6, 20)
    )
    assert result.added == [7]
    assert ledger.store.get(7) == _request(events=(done,))
