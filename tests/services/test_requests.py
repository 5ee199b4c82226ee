"""The request services called directly: corrections, the date-has-happened rule."""

from __future__ import annotations

from datetime import date

import pytest

from foitrack.core.errors import BadDate, BadEvent
from foitrack.core.events import Event, EventType, Outcome
from foitrack.services.ledger import Ledger
from foitrack.services.requests import (
    BadRequest,
    Correction,
    NewRequest,
    add_requests,
    correct,
    happened,
    log_event,
)

TODAY = date(2025, 6, 20)


def _one(ledger: Ledger) -> int:
    [request_id] = add_requests(
        ledger, NewRequest(("essex",), "Live facial recognition", date(2025, 4, 14))
    ).ids
    return request_id


def test_a_date_that_has_happened_is_taken_a_later_one_refused() -> None:
    assert happened(TODAY, TODAY, "--date") == TODAY
    with pytest.raises(BadDate) as refused:
        happened(date(2025, 6, 21), TODAY, "--date")
    assert str(refused.value) == (
        "--date 2025-06-21 is after today (2025-06-20): record what has happened"
    )


def test_a_correction_is_one_transaction(ledger: Ledger) -> None:
    request_id = _one(ledger)
    log_event(ledger, request_id, Event(EventType.RESPONDED, date(2025, 5, 12), Outcome.GRANTED))
    before = ledger.store.get(request_id)
    # The event withdrawn first, then a change that fails: neither is kept.
    with pytest.raises(BadRequest):
        correct(ledger, request_id, Correction({"title": "  "}, remove_event=1), TODAY)
    assert ledger.store.get(request_id) == before


def test_a_correction_says_what_changed_and_derives_the_new_state(ledger: Ledger) -> None:
    request_id = _one(ledger)
    log_event(ledger, request_id, Event(EventType.RESPONDED, date(2025, 5, 12), Outcome.GRANTED))
    done = correct(
        ledger,
        request_id,
        Correction({"received": date(2025, 4, 15)}, tag=("lfr",), remove_event=1, note="typo"),
        TODAY,
    )
    assert done.said == (
        "removed event 1",
        "received: 2025-04-14 -> 2025-04-15",
        "tags: [] -> [lfr]",
    )
    assert done.request.tags == ("lfr",)
    # Received Tue 15 Apr 2025: the count of 2025-04-14 (due Thu 15 May, day
    # 20) moves one working day on, to Fri 16 May.
    assert done.state.date_of("response_due") == date(2025, 5, 16)
    # The response withdrawn, the request waits again.
    assert done.state.answered is None


def test_a_correction_refuses_a_date_after_today_before_writing(ledger: Ledger) -> None:
    request_id = _one(ledger)
    before = ledger.store.get(request_id)
    with pytest.raises(BadDate):
        correct(ledger, request_id, Correction({"sent": date(2025, 6, 21)}), TODAY)
    assert ledger.store.get(request_id) == before


def test_nothing_to_correct_is_said(ledger: Ledger) -> None:
    request_id = _one(ledger)
    with pytest.raises(BadRequest, match="nothing to change"):
        correct(ledger, request_id, Correction({}), TODAY)


def test_removing_an_event_twice_is_refused(ledger: Ledger) -> None:
    request_id = _one(ledger)
    log_event(ledger, request_id, Event(EventType.ACKNOWLEDGED, date(2025, 4, 15)))
    correct(ledger, request_id, Correction({}, remove_event=1), TODAY)
    with pytest.raises(BadEvent, match="already removed on 2025-06-20"):
        correct(ledger, request_id, Correction({}, remove_event=1), TODAY)
