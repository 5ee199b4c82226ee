"""A request as the ledger records it: one request to one authority, with
everything that happened to it. A domain type, with no storage in it."""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import date

from foitrack.core.events import Event, happened_by


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
    #: The person who follows it (``foitrack assign``), or None.
    assignee: str | None = None
    #: Who added it (config ``[user] name``, else the login name); None on
    #: requests added before foitrack kept it.
    added_by: str | None = None

    @property
    def deleted(self) -> date | None:
        """When it was deleted as added by mistake (``foitrack delete``), if it was."""
        for event in reversed(self.events):
            if event.type == "deleted" and event.removed is None:
                return event.date
        return None


def as_of(request: Request, day: date) -> Request:
    """The request as it stood on ``day``: events dated after it left out."""
    kept = happened_by(request.events, day)
    return request if len(kept) == len(request.events) else replace(request, events=kept)


def last_event(request: Request) -> str | None:
    """The date of the request's latest event that counts, as ISO text: a
    state asked for on an earlier day must be derived again without it."""
    dates = [e.date for e in request.events if e.removed is None]
    return max(dates).isoformat() if dates else None
