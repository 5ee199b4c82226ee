"""What every ledger backend keeps: the persistence contract.

A ledger holds requests (each with its append-only list of events), the
authorities and groups the user added, and a few dated records (the digests
sent). A backend stores these and nothing else: every date and status is
derived by the core and handed to the backend by a :class:`Deriver`. What the
commands read of that derived state (the daily check's watch list, ``list``,
the reports) is the index, :mod:`foitrack.store.index`.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from contextlib import AbstractContextManager
from dataclasses import dataclass, field
from datetime import date
from typing import TYPE_CHECKING, Any, Protocol

from foitrack.core.errors import LedgerError

# Re-exported: the core's domain type and its two pure helpers.
from foitrack.core.request import Request as Request
from foitrack.core.request import as_of as as_of
from foitrack.core.request import last_event as last_event

if TYPE_CHECKING:
    from foitrack.core.authority import Authority
    from foitrack.core.lifecycle import RequestState
    from foitrack.store.location import Location


class UnknownRequest(LedgerError):
    """No request with that id."""


class LedgerBusy(LedgerError):
    """Another foitrack is writing the ledger and did not finish in time."""


#: How many of the requests already there a refused duplicate add names.
NAMED = 3
#: What a refused ``add`` says to do.
ADD_ANOTHER = "nothing added (a different --title records another)"


class SameRequest(LedgerError):
    """Adding would duplicate a request already there: the same authority,
    title and sent date (a deleted request does not count). Said the same on
    every backend, whether foitrack's check or PostgreSQL's unique index
    caught it: ``found`` is (id already there, authority), by id."""

    def __init__(self, found: Sequence[tuple[int, str]], *, proceed: str = ADD_ANOTHER) -> None:
        self.found = sorted(found)
        shown = [f"{request_id} to {authority}" for request_id, authority in self.found[:NAMED]]
        more = len(self.found) - len(shown)
        if len(shown) == 1:
            head = f"request {shown[0]} already has"
        elif more:
            head = f"requests {', '.join(shown)} and {more} more already have"
        else:
            head = f"requests {', '.join(shown[:-1])} and {shown[-1]} already have"
        super().__init__(f"{head} this title and sent date: {proceed}")


@dataclass(frozen=True, slots=True)
class Query:
    """Which requests to read; every field narrows, None means any."""

    ids: tuple[int, ...] | None = None
    authorities: tuple[str, ...] | None = None
    campaign: str | None = None
    tag: str | None = None
    #: Assigned to one of these people (None in it: to nobody).
    assignees: tuple[str | None, ...] | None = None
    #: This exact title and sent date (to find a request's twins: issue 19).
    title: str | None = None
    sent: date | None = None
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


class Deriver(Protocol):
    """Computes a request's state; ``fingerprint`` changes when any date could."""

    @property
    def fingerprint(self) -> str: ...

    def __call__(self, request: Request) -> RequestState: ...


class Persistence(Protocol):
    """The records of a ledger. Writes happen inside ``transaction()``, all or nothing."""

    location: Location

    def transaction(self) -> AbstractContextManager[None]: ...

    def requests(self, query: Query | None = None) -> Iterator[Request]: ...

    def get(self, request_id: int) -> Request: ...

    def add(self, requests: Sequence[Request]) -> list[int]:
        """Store new requests; an id of 0 means "the next free id"."""
        ...

    def save(self, request: Request) -> None:
        """Write back a request read from this ledger, with new or changed events."""
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
