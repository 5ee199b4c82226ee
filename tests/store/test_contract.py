"""One contract, run against every backend: SQLite, TOML and PostgreSQL."""

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
from foitrack.store.base import Digest, Query, Request, UnknownRequest, as_of
from foitrack.store.index import Listed, ReportRow, Watch

HOSTILE = (
    'quote " apostrophe \' back\\slash\nnewline\r\ttab \x00nul \u202eRTL ünï 🚓 =HYPERLINK("x") """'
)


@pytest.fixture
def hostile(ledger_at: Path | str) -> str:
    """HOSTILE, less the NUL on PostgreSQL (whose text cannot hold one: it is
    refused in one line, see test_postgresql.py)."""
    return HOSTILE.replace("\x00", "") if isinstance(ledger_at, str) else HOSTILE


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


def test_add_assigns_ids_and_reads_back(opened: Ledger) -> None:
    ids = opened.store.add([request(), request("kent", campaign="lfr", tags=("a", "b"))])
    assert ids == [1, 2]
    assert opened.store.get(2).tags == ("a", "b")
    assert [r.id for r in opened.store.requests(Query(campaign="lfr"))] == [2]
    assert [r.id for r in opened.store.requests(Query(tag="b"))] == [2]
    assert [r.id for r in opened.store.requests(Query(authorities=("essex",)))] == [1]
    with pytest.raises(UnknownRequest):
        opened.store.get(3)


def test_events_and_summaries(opened: Ledger, hostile: str) -> None:
    [request_id] = opened.store.add([request()])
    stored = opened.store.get(request_id)
    event = Event(
        EventType.RESPONDED,
        date(2025, 5, 12),
        Outcome.PARTIAL,
        ("s40(2)",),
        window=StatedWindow(40, Unit.DAYS),
        ref="21708",
        note=hostile,
    )
    opened.store.save(replace(stored, events=(event,)))
    again = opened.store.get(request_id)
    assert again.events == (event,)
    [(_, summary)] = list(opened.store.summaries())
    assert summary.status(date(2025, 6, 1)) is Status.RESPONDED
    assert summary.dates["review_request_by"] == date(2025, 6, 21)
    # The stated 40 days end on Sat 21 Jun; FOIA's default, 40 working days after
    # Mon 12 May 2025 (26 May a bank holiday), ends on Tue 8 Jul: both are kept,
    # the earlier advised, and the request watched until the later.
    assert summary.dates["review_request_by_default"] == date(2025, 7, 8)
    assert summary.status(date(2025, 7, 8)) is Status.RESPONDED
    # The daily check's query leaves out what can no longer need the user.
    assert list(opened.store.summaries(watching=date(2025, 7, 9))) == []
    assert len(list(opened.store.summaries(watching=date(2025, 6, 21)))) == 1


def test_listing_is_the_derived_state_as_text(opened: Ledger, hostile: str) -> None:
    """SQLite lists from its cached columns without making a date; what it
    returns must be exactly what the derived state says, as in TOML."""
    ids = opened.store.add(
        [
            request(),
            request("kent", campaign="lfr", tags=("a", hostile), title=hostile, their_ref="R/1"),
            request(
                "merseyside",
                events=(Event(EventType.EXTENDED, date(2025, 5, 9), until=date(2025, 6, 10)),),
            ),
            request("police-scotland", regime="foisa"),
            request(
                "essex",
                title="LFR costs",  # (the same title and sent date again: PostgreSQL refuses it)
                events=(
                    Event(EventType.RESPONDED, date(2025, 5, 1), Outcome.REFUSED, ("s31(1)(a)",)),
                    Event(EventType.REVIEW_REQUESTED, date(2025, 5, 6)),
                ),
            ),
        ]
    )
    expected = [Listed.of(r, s) for r, s in opened.store.summaries() if r.id in ids]
    assert list(opened.store.listing()) == expected
    assert expected[2].deadlines["extended_due"] == "2025-06-10"
    assert expected[4].status_on("2025-05-07") == "review-requested"
    assert [row.id for row in opened.store.listing(Query(campaign="lfr"))] == [ids[1]]
    # (A tag with a NUL in it is kept, but a command line cannot name it.)
    assert [row.id for row in opened.store.listing(Query(tag="a"))] == [ids[1]]


def test_report_rows_and_watch_list_copy_the_derived_state(opened: Ledger) -> None:
    """Every read model is the engine's state copied by name, on each backend,
    today and as on an earlier day (before some events happened)."""
    opened.store.add(
        [
            request(),
            request(
                "kent",
                campaign="lfr",
                events=(
                    Event(EventType.CLARIFICATION_REQUESTED, date(2025, 4, 16)),
                    Event(EventType.CLARIFICATION_SENT, date(2025, 4, 22)),
                    Event(EventType.RESPONDED, date(2025, 5, 1), Outcome.REFUSED, ("s31(1)(a)",)),
                    Event(EventType.RESPONDED, date(2025, 5, 9), Outcome.PARTIAL, ("s40(2)",)),
                    Event(EventType.REVIEW_REQUESTED, date(2025, 5, 12)),
                    Event(EventType.REVIEW_RESPONDED, date(2025, 6, 2), Outcome.REFUSED),
                    Event(EventType.COMPLAINED, date(2025, 6, 9)),
                ),
            ),
            request("police-scotland", regime="foisa"),
        ]
    )
    for day in (None, date(2025, 5, 5), date(2025, 6, 20)):
        requests = [r if day is None else as_of(r, day) for r in opened.store.requests()]
        states = {r.id: opened.derive(r) for r in requests}
        rows = sorted(opened.store.report_rows(as_of=day))
        assert rows == [ReportRow.of(r, states[r.id]) for r in requests]
        if day is not None:
            watched = sorted(opened.store.watchlist(None, day))
            assert watched == [
                Watch.of(r, states[r.id].summary())
                for r in requests
                if (until := states[r.id].summary().watch_until) is None or until >= day
            ]
    [_, kent, _] = sorted(opened.store.report_rows())
    assert (kent.counted_from, kent.answered, kent.first_outcome) == (
        "2025-04-22",
        "2025-05-01",
        "refused",
    )
    assert (kent.review_asked, kent.review_outcome, kent.complained) == ("2025-05-12", "refused", 1)
    assert kent.exemptions == ("s31(1)(a)", "s40(2)")


def test_authorities_groups_digests(opened: Ledger) -> None:
    council = Authority("suffolk-cc", "Suffolk County Council", "england", "foia", ("scc",))
    opened.store.save_authority(council)
    opened.store.save_group("eastern", ["essex", "norfolk"])
    digest = Digest(date(2025, 6, 2), "me@example.org", "foitrack: 1 overdue", "2025-06-02T07:00")
    opened.store.record_digest(digest)
    assert opened.store.authorities() == [council]
    assert opened.store.groups() == {"eastern": ("essex", "norfolk")}
    assert opened.store.digests() == [digest]


def test_transaction_is_all_or_nothing(opened: Ledger) -> None:
    opened.store.add([request()])
    with pytest.raises(RuntimeError), opened.store.transaction():
        opened.store.add([request("kent")])
        raise RuntimeError("crash")
    assert [r.id for r in opened.store.requests()] == [1]


def test_reopen_sees_everything(ledger_at: Path | str, calendars: Calendars, hostile: str) -> None:
    first = Ledger.open(ledger_at, calendars, create=True)
    first.store.add([request(title=hostile, body=hostile, their_ref=hostile)])
    first.close()
    second = Ledger.open(ledger_at, calendars)
    assert second.store.get(1).title == hostile
    assert second.store.get(1).body == hostile
    second.close()


def test_missing_ledger_is_not_created_by_reading(ledger_path: Path, calendars: Calendars) -> None:
    with pytest.raises(LedgerError, match=r"no ledger at .*: run 'foitrack init'"):
        Ledger.open(ledger_path, calendars)
    assert not ledger_path.exists()


def test_an_empty_database_is_no_ledger_until_created(
    pg_empty: str, calendars: Calendars, postgres
) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(LedgerError, match=r"no ledger at postgresql://postgres:\*\*\*@.*: run"):
        Ledger.open(pg_empty, calendars)
    database = pg_empty.rsplit("/", 1)[1]
    assert postgres.sql("SELECT to_regclass('request')", database=database) == [(None,)]


def test_file_is_private(opened: Ledger) -> None:
    if opened.location.file is None:
        pytest.skip("a server ledger is no file")
    opened.store.add([request()])
    assert Path(str(opened.store.location)).stat().st_mode & 0o777 == 0o600


def test_mail_and_cursors_are_kept_and_reopened(
    opened: Ledger, calendars: Calendars, hostile: str
) -> None:
    from foitrack.store.base import Mail

    proposal = Mail(
        number=0,
        direction="in",
        message_id="<reply@essex.example>",
        digest="ab" * 32,
        status="proposed",
        sender=hostile,
        subject=hostile,
        date="2025-04-15",
        request_id=None,
        rule=None,
        event={"type": "acknowledged", "date": "2025-04-15", "their_ref": "21708", "ncnd": None},
        confidence=0.9,
        references=("<out@example.org>",),
    )
    first = opened.store.save_mail(proposal)
    second = opened.store.save_mail(replace(proposal, message_id="<b@x>", digest="cd" * 32))
    assert (first, second) == (1, 2)
    opened.store.save_mail(replace(proposal, number=1, status="recorded", request_id=3))
    opened.store.save_cursor("imap:me@example.org/INBOX", "17:42")
    assert opened.store.waiting_mail() == 1
    opened.close()
    again = Ledger.open(opened.location, calendars)
    try:
        [recorded] = again.store.mail(status="recorded")
        assert recorded.request_id == 3 and recorded.sender == hostile
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


def test_who_did_what_is_kept_and_queried(ledger_path: Path, calendars: Calendars) -> None:
    """Each event's actor, a request's added_by and assignee: stored, read back
    after reopening, and the assignee a condition of every read model."""
    ledger = Ledger.open(ledger_path, calendars, create=True)
    # A name is one line (the config and import check it), and may hold anything else.
    name = 'quote " apostrophe \' back\\slash ünï 🚓 =HYPERLINK("x") """'
    event = Event(EventType.ACKNOWLEDGED, date(2025, 4, 15), actor=name)
    ledger.store.add(
        [
            request(assignee="alice", added_by="bob", events=(event,)),
            request("kent", assignee="bob"),
            request("norfolk"),
        ]
    )
    ledger.close()
    ledger = Ledger.open(ledger_path, calendars)
    first = ledger.store.get(1)
    assert (first.assignee, first.added_by, first.events[0].actor) == ("alice", "bob", name)
    assert ledger.store.get(3).added_by is None

    def ids(*people: str | None) -> list[int]:
        query = Query(assignees=people)
        found = [r.id for r in ledger.store.requests(query)]
        assert [row.id for row in ledger.store.listing(query)] == found
        assert sorted(w.id for w in ledger.store.watchlist(query, date(2025, 6, 20))) == found
        return found

    assert ids("alice") == [1]
    assert ids(None) == [3]
    assert ids("alice", None) == [1, 3]
    assert ids() == []
    assert [row.assignee for row in ledger.store.listing()] == ["alice", "bob", None]
    ledger.close()


def test_a_query_by_title_and_sent_date_finds_twins(opened: Ledger) -> None:
    """What ``add`` reads to refuse a duplicate (issue 19): the same title and
    sent date, to these authorities; deleted requests left out."""
    gone = Event(EventType.DELETED, date(2025, 4, 15))
    opened.store.add(
        [
            request(),
            request("kent"),
            request("kent", title="Live facial recognition (2)"),
            request("norfolk", sent=date(2025, 4, 15), received=date(2025, 4, 15)),
            request("norfolk", events=(gone,)),
        ]
    )
    query = Query(
        authorities=("essex", "kent", "norfolk"),
        title="Live facial recognition",
        sent=date(2025, 4, 14),
    )
    assert [r.id for r, _ in opened.store.summaries(query)] == [1, 2]
    assert [r.id for r in opened.store.requests(replace(query, with_deleted=True))] == [1, 2, 5]
