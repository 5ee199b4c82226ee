"""The one contract every ledger backend keeps.

A ledger holds requests (each with its append-only list of events), the
authorities and groups the user added, and a few dated records (the digests
sent). A backend stores these and nothing else: every date and status is
derived by the core and handed to the backend by a :class:`Deriver`, which
the SQLite backend caches so the daily check is an indexed query.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from contextlib import AbstractContextManager
from dataclasses import dataclass, field, replace
from datetime import date
from typing import TYPE_CHECKING, Any, NamedTuple, Protocol

from foitrack.core.errors import LedgerError
from foitrack.core.status import status_on

if TYPE_CHECKING:
    from foitrack.authorities import Authority
    from foitrack.core.events import Event
    from foitrack.core.lifecycle import RequestState, Summary


class UnknownRequest(LedgerError):
    """No request with that id."""


class LedgerBusy(LedgerError):
    """Another foitrack is writing the ledger and did not finish in time."""


@dataclass(frozen=True, slots=True)
class Request:
    """One request to one authority, with everything that happened to it."""

    id: int
    authority: str
    title: str
    regime: str
    sent: date
    received: date
    campaign: str | None = None
    their_ref: str | None = None
    tags: tuple[str, ...] = ()
    body: str | None = None
    events: tuple[Event, ...] = ()

    @property
    def deleted(self) -> date | None:
        """When it was deleted as added by mistake (``foitrack delete``), if it was."""
        for event in reversed(self.events):
            if event.type == "deleted" and event.removed is None:
                return event.date
        return None


@dataclass(frozen=True, slots=True)
class Query:
    """Which requests to read; every field narrows, None means any."""

    ids: tuple[int, ...] | None = None
    authorities: tuple[str, ...] | None = None
    campaign: str | None = None
    tag: str | None = None
    #: Also requests deleted as mistakes (kept on record, left out of everything else).
    with_deleted: bool = False


@dataclass(frozen=True, slots=True)
class Digest:
    """A daily-check email the mail server accepted (one a day per recipient)."""

    day: date
    recipient: str
    subject: str
    sent_at: str


# --- the mail loop (issue 18): messages sent and read, each source's cursor -----


@dataclass(frozen=True, slots=True)
class Mail:
    """A message foitrack sent (``direction`` "out") or read ("in").

    An incoming message is a proposal until the user (or ``inbox fetch
    --auto``) records it: ``event`` holds the proposed event's fields as the
    README's ``inbox --json`` shows them, ``rule`` the matching rule that
    named ``request_id``. ``digest`` is the SHA-256 of the raw message, which
    is kept (0600) in the ledger's documents folder at ``document``.
    """

    number: int
    direction: str
    message_id: str
    digest: str
    status: str
    sender: str = ""
    subject: str = ""
    date: str | None = None
    request_id: int | None = None
    rule: str | None = None
    event: dict[str, Any] | None = None
    confidence: float = 0.0
    note: str | None = None
    document: str | None = None
    source: str | None = None
    #: The message's own thread headers, for matching replies to replies.
    references: tuple[str, ...] = ()


#: What a :class:`Mail` may be: sent, or an incoming proposal's three states.
MAIL_STATUSES = ("sent", "proposed", "recorded", "dismissed")


@dataclass
class Contents:
    """Everything a ledger holds, for export, import and the TOML file."""

    requests: list[Request] = field(default_factory=list)
    authorities: list[Authority] = field(default_factory=list)
    groups: dict[str, tuple[str, ...]] = field(default_factory=dict)
    digests: list[Digest] = field(default_factory=list)
    mail: list[Mail] = field(default_factory=list)
    #: Where ``inbox fetch`` left each source (IMAP: "UIDVALIDITY:last UID").
    cursors: dict[str, str] = field(default_factory=dict)


def _state_text(summary: Summary) -> tuple[str, str | None, str | None, str | None]:
    """A cached state's status timeline and outcome as the ledger's columns hold them."""
    timeline = summary.timeline
    return (
        str(timeline.status),
        timeline.until.isoformat() if timeline.until else None,
        str(timeline.after) if timeline.after else None,
        str(summary.outcome) if summary.outcome else None,
    )


class Watch(NamedTuple):
    """What the daily check reads of one request: flat, dates as ISO text.

    Kept this small so that ``due`` on a big ledger is one indexed query and
    a few string comparisons a row; ISO dates compare correctly as text.
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
        def iso(name: str) -> str | None:
            day = summary.dates.get(name)
            return day.isoformat() if day else None

        return cls(
            request.id,
            request.authority,
            request.title,
            request.campaign,
            request.regime,
            *_state_text(summary),
            summary.due.isoformat() if summary.due else None,
            iso("long_overdue"),
            iso("review_request_by"),
            iso("review_response_due"),
            iso("regulator_by"),
            iso("tribunal_by"),
            iso("fee_lapses"),
            _later_review_window(summary),
        )


def _later_review_window(summary: Summary) -> str | None:
    from foitrack.core.status import REVIEW_WINDOWS

    dates = [summary.dates[n] for n in REVIEW_WINDOWS[1:] if n in summary.dates]
    return max(dates).isoformat() if dates else None


def as_of(request: Request, day: date) -> Request:
    """The request as it stood on ``day``: events dated after it left out."""
    from foitrack.core.events import happened_by

    kept = happened_by(request.events, day)
    return request if len(kept) == len(request.events) else replace(request, events=kept)


def last_event(request: Request) -> str | None:
    """The date of the request's latest event that counts, as ISO text: a
    state asked for on an earlier day must be derived again without it."""
    dates = [e.date for e in request.events if e.removed is None]
    return max(dates).isoformat() if dates else None


class Listed(NamedTuple):
    """What ``list`` shows of a request: flat, dates as ISO text, like
    :class:`Watch`, so listing a big ledger makes no date objects."""

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

    def status_on(self, today: str) -> str:
        return status_on(self.status, self.status_until, self.status_after, today)

    @classmethod
    def of(cls, request: Request, summary: Summary) -> Listed:
        return cls(
            request.id,
            request.authority,
            request.title,
            request.campaign,
            request.regime,
            request.sent.isoformat(),
            request.received.isoformat(),
            *_state_text(summary),
            {name: day.isoformat() for name, day in summary.dates.items()},
            request.their_ref,
            request.tags,
        )


class ReportRow(NamedTuple):
    """What the reports read of one request: flat, dates as ISO text.

    ``answered`` and ``first_outcome`` are the first response's; ``review_*``
    the last review's. ``complained`` (1 or 0) and ``cited`` (the exemptions
    cited, in order, space-separated) are as the SQLite columns hold them, so
    a row is made straight from the cursor: ``stats`` reads every request.
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
    def of(cls, request: Request, watch: Watch) -> ReportRow:
        from foitrack.core.events import EventType
        from foitrack.core.lifecycle import live

        events = live(request.events)

        def first(kind: EventType) -> Event | None:
            return next((e for e in events if e.type is kind), None)

        def last(kind: EventType) -> Event | None:
            return next((e for e in reversed(events) if e.type is kind), None)

        answered = first(EventType.RESPONDED)
        clarified = last(EventType.CLARIFICATION_SENT)
        asked = last(EventType.REVIEW_REQUESTED)
        review = last(EventType.REVIEW_RESPONDED)
        cited: dict[str, None] = {}
        for event in events:
            if event.type in (EventType.RESPONDED, EventType.REVIEW_RESPONDED):
                cited.update(dict.fromkeys(event.exemptions))
        return cls(
            request.id,
            request.authority,
            request.title,
            request.campaign,
            request.regime,
            request.received.isoformat(),
            (clarified.date if clarified else request.received).isoformat(),
            watch.due,
            watch.long_overdue,
            watch.status,
            watch.status_until,
            watch.status_after,
            answered.date.isoformat() if answered else None,
            str(answered.outcome) if answered and answered.outcome else None,
            asked.date.isoformat() if asked else None,
            str(review.outcome) if review and review.outcome else None,
            int(first(EventType.COMPLAINED) is not None),
            " ".join(cited),
        )


class Deriver(Protocol):
    """Computes a request's state; ``fingerprint`` changes when any date could."""

    @property
    def fingerprint(self) -> str: ...

    def __call__(self, request: Request) -> RequestState: ...


class Store(Protocol):
    """A ledger backend. Writes happen inside ``transaction()``, all or nothing."""

    path: str

    def transaction(self) -> AbstractContextManager[None]: ...

    def requests(self, query: Query | None = None) -> Iterator[Request]: ...

    def get(self, request_id: int) -> Request: ...

    def watchlist(self, query: Query | None, today: date) -> Iterator[Watch]:
        """The requests that can still need the user on ``today``: the daily check.

        As on that day: events dated after it are left out (here and in every
        read model that takes ``as_of``).
        """
        ...

    def report_rows(
        self, query: Query | None = None, *, as_of: date | None = None
    ) -> Iterator[ReportRow]:
        """Every request matching ``query``, as the reports read it."""
        ...

    def listing(self, query: Query | None = None, *, as_of: date | None = None) -> Iterator[Listed]:
        """Every request matching ``query`` by id, as ``list`` shows it."""
        ...

    def add(self, requests: Sequence[Request]) -> list[int]:
        """Store new requests; an id of 0 means "the next free id"."""
        ...

    def save(self, request: Request) -> None:
        """Write back a request read from this ledger, with new or changed events."""
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

    def authorities(self) -> list[Authority]: ...

    def save_authority(self, authority: Authority) -> None: ...

    def groups(self) -> dict[str, tuple[str, ...]]: ...

    def save_group(self, name: str, members: Sequence[str]) -> None: ...

    def digests(self) -> list[Digest]: ...

    def record_digest(self, digest: Digest) -> None: ...

    # --- the mail loop (issue 18) ---

    def mail(self, *, status: str | None = None) -> list[Mail]:
        """Messages sent and read, by number; only those in ``status`` if given."""
        ...

    def save_mail(self, mail: Mail) -> int:
        """Store a message (number 0: the next free number) or update one; its number."""
        ...

    def waiting_mail(self) -> int:
        """How many incoming messages wait for the user (cheap: the daily check asks)."""
        ...

    def cursor(self, source: str) -> str | None: ...

    def save_cursor(self, source: str, value: str) -> None: ...

    def contents(self) -> Contents: ...

    def integrity(self) -> str:
        """``ok``, or what the backend's own check found wrong."""
        ...

    def close(self) -> None: ...
