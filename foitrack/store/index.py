"""The index: what the commands read of each request's derived state.

Three read models, flat and with dates as ISO text (which order like dates),
so reading a big ledger makes no date objects: :class:`Watch` for the daily
check, :class:`Listed` for ``list``, :class:`ReportRow` for the reports. Each
is made from the state the core derived, field by field by name: the index
copies, it does not compute (the engine is the one place a date comes from).

A backend either keeps the index (SQLite caches it in columns, so the daily
check is one indexed query) or derives it when asked (:class:`Deriving`, the
TOML ledger's way).
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date
from typing import TYPE_CHECKING, NamedTuple, Protocol

from foitrack.core.status import REVIEW_WINDOWS, status_on
from foitrack.store.base import Deriver, Persistence, Query, Request, as_of

if TYPE_CHECKING:
    from foitrack.core.lifecycle import RequestState, Summary


def _iso(day: date | None) -> str | None:
    return day.isoformat() if day else None


def _text(value: object | None) -> str | None:
    return str(value) if value is not None else None


class Watch(NamedTuple):
    """What the daily check reads of one request.

    Kept this small so that ``due`` on a big ledger is one indexed query and
    a few string comparisons a row.
    """

    id: int
    authority: str
    title: str
    campaign: str | None
    regime: str
    status: str
    status_until: str | None
    status_after: str | None
    outcome: str | None
    due: str | None
    long_overdue: str | None
    review_request_by: str | None
    review_response_due: str | None
    regulator_by: str | None
    tribunal_by: str | None
    #: The last day to pay a fee or charge while one is outstanding.
    fee_lapses: str | None
    #: Where a response states a review window other than the law's, the last
    #: day of the later one (``review_request_by`` is the earlier, advised one).
    review_request_last: str | None

    def status_on(self, today: str) -> str:
        """The status on ``today`` (ISO), from the cached status timeline."""
        return status_on(self.status, self.status_until, self.status_after, today)

    @classmethod
    def of(cls, request: Request, summary: Summary) -> Watch:
        dates = summary.dates
        windows = [dates[n] for n in REVIEW_WINDOWS[1:] if n in dates]
        return cls(
            id=request.id,
            authority=request.authority,
            title=request.title,
            campaign=request.campaign,
            regime=request.regime,
            status=str(summary.timeline.status),
            status_until=_iso(summary.timeline.until),
            status_after=_text(summary.timeline.after),
            outcome=_text(summary.outcome),
            due=_iso(summary.due),
            long_overdue=_iso(dates.get("long_overdue")),
            review_request_by=_iso(dates.get("review_request_by")),
            review_response_due=_iso(dates.get("review_response_due")),
            regulator_by=_iso(dates.get("regulator_by")),
            tribunal_by=_iso(dates.get("tribunal_by")),
            fee_lapses=_iso(dates.get("fee_lapses")),
            review_request_last=_iso(max(windows)) if windows else None,
        )


class Listed(NamedTuple):
    """What ``list`` shows of a request."""

    id: int
    authority: str
    title: str
    campaign: str | None
    regime: str
    sent: str
    received: str
    status: str
    status_until: str | None
    status_after: str | None
    outcome: str | None
    deadlines: dict[str, str]
    their_ref: str | None
    tags: tuple[str, ...]
    #: Who follows it (``foitrack assign``), or None.
    assignee: str | None

    def status_on(self, today: str) -> str:
        return status_on(self.status, self.status_until, self.status_after, today)

    @classmethod
    def of(cls, request: Request, summary: Summary) -> Listed:
        return cls(
            id=request.id,
            authority=request.authority,
            title=request.title,
            campaign=request.campaign,
            regime=request.regime,
            sent=request.sent.isoformat(),
            received=request.received.isoformat(),
            status=str(summary.timeline.status),
            status_until=_iso(summary.timeline.until),
            status_after=_text(summary.timeline.after),
            outcome=_text(summary.outcome),
            deadlines={name: day.isoformat() for name, day in summary.dates.items()},
            their_ref=request.their_ref,
            tags=request.tags,
            assignee=request.assignee,
        )


class ReportRow(NamedTuple):
    """What the reports read of one request.

    ``answered`` and ``first_outcome`` are the first response's; ``review_*``
    the last review's. ``complained`` (1 or 0) and ``cited`` (the exemptions
    cited, in order, space-separated) are kept as an SQL column holds them,
    so a row is made straight from the cursor: ``stats`` reads every request.
    """

    id: int
    authority: str
    title: str
    campaign: str | None
    regime: str
    received: str
    counted_from: str
    due: str | None
    long_overdue: str | None
    status: str
    status_until: str | None
    status_after: str | None
    answered: str | None
    first_outcome: str | None
    review_asked: str | None
    review_outcome: str | None
    complained: int
    cited: str

    def status_on(self, today: str) -> str:
        return status_on(self.status, self.status_until, self.status_after, today)

    @property
    def exemptions(self) -> tuple[str, ...]:
        return tuple(self.cited.split(" ")) if self.cited else ()

    @classmethod
    def of(cls, request: Request, state: RequestState) -> ReportRow:
        timeline = state.timeline
        return cls(
            id=request.id,
            authority=request.authority,
            title=request.title,
            campaign=request.campaign,
            regime=request.regime,
            received=request.received.isoformat(),
            counted_from=state.counted_from.isoformat(),
            due=_iso(state.due.date if state.due else None),
            long_overdue=_iso(state.date_of("long_overdue")),
            status=str(timeline.status),
            status_until=_iso(timeline.until),
            status_after=_text(timeline.after),
            answered=_iso(state.first_answered),
            first_outcome=_text(state.first_outcome),
            review_asked=_iso(state.review_asked),
            review_outcome=_text(state.review_outcome),
            complained=int(state.complained),
            cited=" ".join(state.exemptions),
        )


class Index(Protocol):
    """The read models of a ledger's requests, as on a day."""

    def watchlist(self, query: Query | None, today: date) -> Iterator[Watch]:
        """The requests that can still need the user on ``today``: the daily check.

        As on that day: events dated after it are left out (here and in every
        read model that takes ``as_of``).
        """
        ...

    def listing(self, query: Query | None = None, *, as_of: date | None = None) -> Iterator[Listed]:
        """Every request matching ``query`` by id, as ``list`` shows it."""
        ...

    def report_rows(
        self, query: Query | None = None, *, as_of: date | None = None
    ) -> Iterator[ReportRow]:
        """Every request matching ``query``, as the reports read it."""
        ...

    def summaries(
        self,
        query: Query | None = None,
        *,
        watching: date | None = None,
        as_of: date | None = None,
    ) -> Iterator[tuple[Request, Summary]]:
        """Requests (without their events) and their state.

        ``watching``: only requests that can still need the user on that day
        (the daily check's query; an index lookup in SQLite), as on that day.
        ``as_of``: every request, as on that day.
        """
        ...


class Store(Persistence, Index, Protocol):
    """A ledger backend: its records and the index over them."""


def watched(summary: Summary, day: date) -> bool:
    """Whether a request in this state can still need the user on ``day``."""
    return summary.watch_until is None or summary.watch_until >= day


class Deriving:
    """The index derived when asked, from the records and a :class:`Deriver`:
    for a backend that keeps no index (TOML), and for a request whose events
    run past the day asked about (its kept index is as of its last event)."""

    def __init__(self, records: Persistence, deriver: Deriver) -> None:
        self._records = records
        self._deriver = deriver

    def _as_of(self, query: Query | None, day: date | None) -> Iterator[Request]:
        for request in self._records.requests(query):
            yield request if day is None else as_of(request, day)

    def summaries(
        self,
        query: Query | None = None,
        *,
        watching: date | None = None,
        as_of: date | None = None,
    ) -> Iterator[tuple[Request, Summary]]:
        from dataclasses import replace

        for request in self._as_of(query, watching or as_of):
            summary = self._deriver(request).summary()
            if watching is not None and not watched(summary, watching):
                continue
            yield replace(request, events=()), summary

    def watchlist(self, query: Query | None, today: date) -> Iterator[Watch]:
        for request, summary in self.summaries(query, watching=today):
            yield Watch.of(request, summary)

    def listing(self, query: Query | None = None, *, as_of: date | None = None) -> Iterator[Listed]:
        for request in self._as_of(query, as_of):
            yield Listed.of(request, self._deriver(request).summary())

    def report_rows(
        self, query: Query | None = None, *, as_of: date | None = None
    ) -> Iterator[ReportRow]:
        for request in self._as_of(query, as_of):
            yield ReportRow.of(request, self._deriver(request))
