"""One contract, run against both backends (and any future one)."""

from __future__ import annotations

from dataclasses import replace
from datetime import date
from pathlib import Path

import pytest

from foitrack.authorities import Authority
from foitrack.calendars import Calendars
from foitrack.core.errors import LedgerError
from foitrack.core.events import Event, EventType, Outcome, StatedWindow
from foitrack.core.regimes import Unit
from foitrack.core.status import Status
from foitrack.services.ledger import Ledger
from foitrack.store.base import Digest, Listed, Query, Request, UnknownRequest

HOSTILE = (
    'quote " apostrophe \' back\\slash\nnewline\r\ttab \x00nul \u202eRTL ünï 🚓 =HYPERLINK("x") """'
)


def request(authority: str = "essex", **fields) -> Request:  # type: ignore[no-untyped-def]
    base = {
        "id": 0,
        "authority": authority,
        "title": "Live facial recognition",
        "regime": "foia",
        "sent": date(2025, 4, 14),
        "received": date(2025, 4, 14),
    }
    return Request(**{**base, **fields})


def test_add_assigns_ids_and_reads_back(ledger: Ledger) -> None:
    ids = ledger.store.add([request(), request("kent", campaign="lfr", tags=("a", "b"))])
    assert ids == [1, 2]
    assert ledger.store.get(2).tags == ("a", "b")
    assert [r.id for r in ledger.store.requests(Query(campaign="lfr"))] == [2]
    assert [r.id for r in ledger.store.requests(Query(tag="b"))] == [2]
    assert [r.id for r in ledger.store.requests(Query(authorities=("essex",)))] == [1]
    with pytest.raises(UnknownRequest):
        ledger.store.get(3)


def test_events_and_summaries(ledger: Ledger) -> None:
    [request_id] = ledger.store.add([request()])
    stored = ledger.store.get(request_id)
    event = Event(
        EventType.RESPONDED,
        date(2025, 5, 12),
        Outcome.PARTIAL,
        ("s40(2)",),
        window=StatedWindow(40, Unit.DAYS),
        ref="21708",
        note=HOSTILE,
    )
    ledger.store.save(replace(stored, events=(event,)))
    again = ledger.store.get(request_id)
    assert again.events == (event,)
    [(_, summary)] = list(ledger.store.summaries())
    assert summary.status(date(2025, 6, 1)) is Status.RESPONDED
    assert summary.dates["review_request_by"] == date(2025, 6, 21)
    # The stated 40 days end on Sat 21 Jun; FOIA's default, 40 working days after
    # Mon 12 May 2025 (26 May a bank holiday), ends on Tue 8 Jul: both are kept,
    # the earlier advised, and the request watched until the later.
    assert summary.dates["review_request_by_default"] == date(2025, 7, 8)
    assert summary.status(date(2025, 7, 8)) is Status.RESPONDED
    # The daily check's query leaves out what can no longer need the user.
    assert list(ledger.store.summaries(watching=date(2025, 7, 9))) == []
    assert len(list(ledger.store.summaries(watching=date(2025, 6, 21)))) == 1


def test_listing_is_the_derived_state_as_text(ledger: Ledger) -> None:
    """SQLite lists from its cached columns without making a date; what it
    returns must be exactly what the derived state says, as in TOML."""
    ids = ledger.store.add(
        [
            request(),
            request("kent", campaign="lfr", tags=("a", HOSTILE), title=HOSTILE, their_ref="R/1"),
            request(
                "merseyside",
                events=(Event(EventType.EXTENDED, date(2025, 5, 9), until=date(2025, 6, 10)),),
            ),
            request("police-scotland", regime="foisa"),
            request(
                "essex",
                events=(
                    Event(EventType.RESPONDED, date(2025, 5, 1), Outcome.REFUSED, ("s31(1)(a)",)),
                    Event(EventType.REVIEW_REQUESTED, date(2025, 5, 6)),
                ),
            ),
        ]
    )
    expected = [Listed.of(r, s) for r, s in ledger.store.summaries() if r.id in ids]
    assert list(ledger.store.listing()) == expected
    assert expected[2].deadlines["extended_due"] == "2025-06-10"
    assert expected[4].status_on("2025-05-07") == "review-requested"
    assert [row.id for row in ledger.store.listing(Query(campaign="lfr"))] == [ids[1]]
    # (A tag with a NUL in it is kept, but a command line cannot name it.)
    assert [row.id for row in ledger.store.listing(Query(tag="a"))] == [ids[1]]


def test_authorities_groups_digests(ledger: Ledger) -> None:
    council = Authority("suffolk-cc", "Suffolk County Council", "england", "foia", ("scc",))
    ledger.store.save_authority(council)
    ledger.store.save_group("eastern", ["essex", "norfolk"])
    digest = Digest(date(2025, 6, 2), "me@example.org", "foitrack: 1 overdue", "2025-06-02T07:00")
    ledger.store.record_digest(digest)
    assert ledger.store.authorities() == [council]
    assert ledger.store.groups() == {"eastern": ("essex", "norfolk")}
    assert ledger.store.digests() == [digest]


def test_transaction_is_all_or_nothing(ledger: Ledger) -> None:
    ledger.store.add([request()])
    with pytest.raises(RuntimeError), ledger.store.transaction():
        ledger.store.add([request("kent")])
        raise RuntimeError("crash")
    assert [r.id for r in ledger.store.requests()] == [1]


def test_reopen_sees_everything(ledger_path: Path, calendars: Calendars) -> None:
    first = Ledger.open(ledger_path, calendars, create=True)
    first.store.add([request(title=HOSTILE, body=HOSTILE, their_ref=HOSTILE)])
    first.close()
    second = Ledger.open(ledger_path, calendars)
    assert second.store.get(1).title == HOSTILE
    assert second.store.get(1).body == HOSTILE
    second.close()


def test_missing_ledger_is_not_created_by_reading(ledger_path: Path, calendars: Calendars) -> None:
    with pytest.raises(LedgerError, match=r"no ledger at .*: run 'foitrack init'"):
        Ledger.open(ledger_path, calendars)
    assert not ledger_path.exists()


def test_file_is_private(ledger: Ledger) -> None:
    ledger.store.add([request()])
    assert Path(ledger.store.path).stat().st_mode & 0o777 == 0o600


def test_mail_and_cursors_are_kept_and_reopened(ledger: Ledger, calendars: Calendars) -> None:
    from foitrack.store.base import Mail

    proposal = Mail(
        number=0,
        direction="in",
        message_id="<reply@essex.example>",
        digest="ab" * 32,
        status="proposed",
        sender=HOSTILE,
        subject=HOSTILE,
        date="2025-04-15",
        request_id=None,
        rule=None,
        event={"type": "acknowledged", "date": "2025-04-15", "their_ref": "21708", "ncnd": None},
        confidence=0.9,
        references=("<out@example.org>",),
    )
    first = ledger.store.save_mail(proposal)
    second = ledger.store.save_mail(replace(proposal, message_id="<b@x>", digest="cd" * 32))
    assert (first, second) == (1, 2)
    ledger.store.save_mail(replace(proposal, number=1, status="recorded", request_id=3))
    ledger.store.save_cursor("imap:me@example.org/INBOX", "17:42")
    assert ledger.store.waiting_mail() == 1
    path = Path(ledger.store.path)
    ledger.close()
    again = Ledger.open(path, calendars)
    try:
        [recorded] = again.store.mail(status="recorded")
        assert recorded.request_id == 3 and recorded.sender == HOSTILE
        # Absent fields of the proposed event are left out (TOML has no null).
        assert recorded.event == {
            "type": "acknowledged",
            "date": "2025-04-15",
            "their_ref": "21708",
        }
        assert recorded.references == ("<out@example.org>",)
        assert [m.number for m in again.store.mail()] == [1, 2]
        assert again.store.cursor("imap:me@example.org/INBOX") == "17:42"
        assert again.store.cursor("elsewhere") is None
        assert len(again.store.contents().mail) == 2
    finally:
        again.close()
