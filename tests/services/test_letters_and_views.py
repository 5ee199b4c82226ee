"""Drafting, showing and listing, called directly on an open ledger."""

from __future__ import annotations

from datetime import date

import pytest

from foitrack.core.errors import FoitrackError
from foitrack.core.events import Event, EventType, Outcome
from foitrack.letters import DraftRefused
from foitrack.services.campaigns import draft_request
from foitrack.services.ledger import Ledger
from foitrack.services.requests import NewRequest, add_requests, delete_request, log_event
from foitrack.services.views import listed_requests, shown_request


def _one(ledger: Ledger) -> int:
    # Received Mon 14 Apr 2025 (FOIA): due Thu 15 May 2025 (20 working days,
    # Good Friday, Easter Monday and 5 May skipped).
    [request_id] = add_requests(
        ledger, NewRequest(("essex",), "Live facial recognition", date(2025, 4, 14))
    ).ids
    return request_id


def test_a_chaser_drafted_and_logged_as_sent(ledger: Ledger) -> None:
    request_id = _one(ledger)
    letter = draft_request(
        ledger, "chase", request_id, date(2025, 5, 20), signature="A. Requester",
        config_dir=None, mark_sent=True,
    )  # fmt: skip
    assert "Thu 15 May 2025" in letter.text
    assert letter.text.rstrip().endswith("A. Requester")
    [event] = ledger.store.get(request_id).events
    assert (event.type, event.date) == (EventType.CHASED, date(2025, 5, 20))


def test_a_letter_that_does_not_fit_logs_nothing(ledger: Ledger) -> None:
    request_id = _one(ledger)
    with pytest.raises(DraftRefused, match="not overdue"):
        draft_request(
            ledger, "chase", request_id, date(2025, 5, 15), signature="x",
            config_dir=None, mark_sent=True,
        )  # fmt: skip
    assert ledger.store.get(request_id).events == ()


def test_no_letter_for_a_deleted_request(ledger: Ledger) -> None:
    request_id = _one(ledger)
    delete_request(ledger, request_id, date(2025, 5, 20))
    with pytest.raises(FoitrackError, match="deleted"):
        draft_request(
            ledger, "chase", request_id, date(2025, 5, 20), signature="x", config_dir=None
        )


def test_shown_as_it_stood_on_the_day(ledger: Ledger) -> None:
    request_id = _one(ledger)
    log_event(ledger, request_id, Event(EventType.RESPONDED, date(2025, 5, 12), Outcome.REFUSED))
    before = shown_request(ledger, request_id, date(2025, 5, 9))
    after = shown_request(ledger, request_id, date(2025, 5, 12))
    assert (before["status"], before["events"]) == ("awaiting-response", [])
    assert after["status"] == "responded"
    assert [e["type"] for e in after["events"]] == ["responded"]


def test_listed_requests_are_the_list_items(ledger: Ledger) -> None:
    ids = add_requests(
        ledger, NewRequest(("essex", "kent"), "LFR", date(2025, 4, 14), campaign="lfr")
    ).ids
    items = listed_requests(ledger, ids, date(2025, 5, 16))
    assert [(i["id"], i["authority"], i["due"], i["status"]) for i in items] == [
        (ids[0], "essex", "2025-05-15", "overdue"),
        (ids[1], "kent", "2025-05-15", "overdue"),
    ]
