"""Adding requests, logging what happens to them, correcting them.

Every change is checked in full before anything is written, and every
correction is itself recorded as an ``edited`` event: the ledger is the
user's evidence, so nothing is rewritten silently.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, replace
from datetime import date
from typing import Any

from foitrack.core.errors import BadDate, BadEvent, FoitrackError, Problems
from foitrack.core.events import Event, EventType
from foitrack.core.lifecycle import RequestState, check_events
from foitrack.core.regimes import get_regime
from foitrack.core.request import UNSENT
from foitrack.services.ledger import Ledger
from foitrack.services.people import person_named
from foitrack.services.views import list_item
from foitrack.store.base import ADD_ANOTHER, Query, Request, SameRequest


class BadRequest(FoitrackError):
    """A request's fields do not make sense together."""


@dataclass(frozen=True, slots=True)
class NewRequest:
    """What ``foitrack add`` was asked for, before authorities are resolved."""

    authorities: tuple[str, ...]
    title: str
    sent: date
    received: date | None = None
    regime: str | None = None
    campaign: str | None = None
    their_ref: str | None = None
    tags: tuple[str, ...] = ()
    body: str | None = None


@dataclass(frozen=True, slots=True)
class Added:
    ids: list[int]


def add_requests(ledger: Ledger, new: NewRequest) -> Added:
    """One request per authority (groups expanded), all in one transaction."""
    title = new.title.strip()
    if not title:
        raise BadRequest("the title is empty: give --title 'what you asked for'")
    received = new.received or new.sent
    if received < new.sent:
        raise BadRequest(
            f"received {received.isoformat()} is before sent {new.sent.isoformat()}: "
            "check --sent and --received"
        )
    if new.regime is not None:
        get_regime(new.regime)
    authorities = ledger.directory.expand(new.authorities)
    if not authorities:
        raise BadRequest("name at least one authority, for example: foitrack add essex ...")
    requests = [
        Request(
            id=0,
            authority=a.id,
            title=title,
            regime=get_regime(new.regime or a.regime).code,
            sent=new.sent,
            received=received,
            campaign=new.campaign,
            their_ref=new.their_ref,
            tags=new.tags,
            body=new.body,
            added_by=ledger.actor,
        )
        for a in authorities
    ]
    for request in requests:  # a date outside the calendars fails here, before writing
        ledger.derive(request)
    with ledger.store.transaction():
        # Read under the write lock (SQLite's and TOML's single writer): of two
        # desks adding the same request at once, the second is refused here. On
        # PostgreSQL the server's unique index refuses it (store/postgresql.py).
        refuse_same(ledger, requests)
        ids = ledger.store.add(requests)
    return Added(ids)


def same_key(request: Request) -> tuple[str, str, date]:
    """What makes two requests the same request: authority, title, sent date."""
    return (request.authority, request.title, request.sent)


def refuse_same(ledger: Ledger, requests: Sequence[Request], *, proceed: str = ADD_ANOTHER) -> None:
    """Raise SameRequest if any of ``requests`` (not deleted) has the same
    authority, title and sent date as a request in the ledger that is not
    deleted, other than itself; all of them are named."""
    wanted = {same_key(r): r.id for r in requests if r.deleted is None}
    found: list[tuple[int, str]] = []
    for title, sent in dict.fromkeys((key[1], key[2]) for key in wanted):
        authorities = tuple(key[0] for key in wanted if key[1:] == (title, sent))
        query = Query(authorities=authorities, title=title, sent=sent)
        found.extend(
            (r.id, r.authority)
            for r, _ in ledger.store.summaries(query)
            if wanted.get(same_key(r), r.id) != r.id
        )
    if found:
        raise SameRequest(found, proceed=proceed)


#: What a refused edit says to do.
EDIT_ANOTHER = "nothing changed (a different --title tells them apart)"


def _refuse_twin(ledger: Ledger, before: Request, after: Request) -> None:
    """An edit (or a deletion undone) must not make a request the same as
    another one there: the rule ``add`` keeps, and PostgreSQL's index."""
    if after.deleted is not None:
        return
    if before.deleted is not None or same_key(before) != same_key(after):
        refuse_same(ledger, [after], proceed=EDIT_ANOTHER)


def _checked(ledger: Ledger, request: Request) -> Request:
    regime = get_regime(request.regime)
    problems = check_events(
        regime, request.received, request.events, ledger.derive.calendars, unsent=request.unsent
    )
    if problems:
        raise BadEvent(problems[0].message)
    ledger.derive(request)
    return request


def fits(ledger: Ledger, request: Request, event: Event) -> None:
    """Raise BadEvent unless ``event`` could be logged on ``request`` now (the
    checks ``log`` makes, without writing: asked before something goes out)."""
    refuse_deleted(request)
    _checked(ledger, replace(request, events=(*request.events, event)))


def log_event(ledger: Ledger, request_id: int, event: Event) -> Request:
    """Append ``event`` to the request, if it fits the events already there."""
    event = ledger.stamped(event)
    with ledger.store.transaction():
        request = ledger.store.get(request_id)
        if event.type is EventType.EDITED:
            raise BadEvent("edited events are recorded by 'foitrack edit', not logged by hand")
        if event.type is EventType.DELETED:
            raise BadEvent(f"a request is deleted with 'foitrack delete {request_id}'")
        refuse_deleted(request)
        # Read under the request's lock (a server ledger's row lock), so of two
        # desks logging the same event at once (whoever they are), the second
        # is told here.
        unsigned = replace(event, actor=None)
        if any(replace(e, actor=None) == unsigned for e in request.events):
            raise BadEvent(
                f"request {request_id} already has this {event.type.value} event of "
                f"{event.date.isoformat()}: nothing logged"
            )
        updated = _checked(ledger, replace(request, events=(*request.events, event)))
        if event.type is EventType.ACKNOWLEDGED and event.ref and not updated.their_ref:
            # The reference an acknowledgement gives is the request's from then on.
            updated = replace(updated, their_ref=event.ref)
        ledger.store.save(updated)
    return updated


def log_many(ledger: Ledger, request_ids: Sequence[int], event: Event) -> list[Request]:
    """Append ``event`` to every request, in one transaction: all of them or none.

    Every request is checked before anything is written; the problems are
    reported together, one line each.
    """
    if event.type is EventType.EDITED:
        raise BadEvent("edited events are recorded by 'foitrack edit', not logged by hand")
    if event.type is EventType.DELETED:
        raise BadEvent("requests are deleted one by one, with 'foitrack delete ID'")
    event = ledger.stamped(event)
    updated: list[Request] = []
    problems: list[str] = []
    with ledger.store.transaction():
        for request_id in request_ids:
            request = ledger.store.get(request_id)
            try:
                refuse_deleted(request)
                updated.append(_checked(ledger, replace(request, events=(*request.events, event))))
            except FoitrackError as error:
                problems.append(f"request {request_id}: {error}")
        if problems:
            raise Problems(
                f"nothing logged: {event.type} does not fit {len(problems)} of the "
                f"{len(request_ids)} requests (narrow them with --status or --authority)",
                problems,
            )
        for request in updated:
            ledger.store.save(request)
    return updated


def refuse_deleted(request: Request) -> None:
    """A deleted request takes no new events (``edit`` can still undo the deletion)."""
    if request.deleted is not None:
        position = max(
            n for n, e in enumerate(request.events, start=1) if e.type is EventType.DELETED
        )
        raise BadRequest(
            f"request {request.id} was deleted on {request.deleted.isoformat()}; to restore "
            f"it: foitrack edit {request.id} --remove-event {position}"
        )


def delete_request(
    ledger: Ledger, request_id: int, today: date, *, note: str | None = None
) -> Request:
    """Take a request added by mistake out of due, list and the reports.

    Nothing is erased: a ``deleted`` event records when (and why), ``show``
    and ``export`` still have it, and removing that event restores it.
    """
    with ledger.store.transaction():
        request = ledger.store.get(request_id)
        if request.deleted is not None:
            raise BadRequest(
                f"request {request_id} was already deleted on {request.deleted.isoformat()}"
            )
        record = ledger.stamped(Event(EventType.DELETED, today, note=note))
        updated = _checked(ledger, replace(request, events=(*request.events, record)))
        ledger.store.save(updated)
    return updated


@dataclass(frozen=True, slots=True)
class Assigned:
    """What ``foitrack assign`` did: the requests whose assignee changed, and
    those already assigned so (nothing recorded for them)."""

    changed: list[Request]
    unchanged: list[Request]


def assign(
    ledger: Ledger,
    request_ids: Sequence[int],
    person: str | None,
    today: date,
    *,
    people: Mapping[str, str] | None = None,
    note: str | None = None,
) -> Assigned:
    """Give each request to ``person`` (None: to nobody), in one transaction.

    The assignee is a field of the request (so the daily check filters on a
    column), and each change is recorded as an ``edited`` event
    (``assignee: (none) -> 'alice'``) with its date and who made it, like any
    other correction: the history says who followed a request when.
    """
    name = None if person is None else person_named(person, people or {})
    if not request_ids:
        raise BadRequest("name at least one request: foitrack assign ID... PERSON")
    changed: list[Request] = []
    unchanged: list[Request] = []
    with ledger.store.transaction():
        for request_id in dict.fromkeys(request_ids):
            request = ledger.store.get(request_id)
            refuse_deleted(request)
            updated, said = edit_request(ledger, request_id, {"assignee": name}, today, note=note)
            (changed if said else unchanged).append(updated)
    return Assigned(changed, unchanged)


#: The fields ``foitrack edit`` may change, as the ledger names them.
EDITABLE = ("authority", "title", "regime", "sent", "received", "campaign", "their_ref", "body")


def edit_request(
    ledger: Ledger,
    request_id: int,
    changes: dict[str, Any],
    today: date,
    *,
    note: str | None = None,
) -> tuple[Request, list[str]]:
    """Change fields of a request; each change is recorded as an ``edited`` event."""
    with ledger.store.transaction():
        request = ledger.store.get(request_id)
        said = []
        fields: dict[str, Any] = {}
        for name, value in changes.items():
            if name == "authority":
                value = ledger.directory.get(value).id
            if name == "regime":
                value = get_regime(value).code
            if name in ("title",) and not str(value).strip():
                raise BadRequest("the title cannot be empty")
            old = getattr(request, name)
            if old != value:
                fields[name] = value
                said.append(f"{name}: {_shown(old)} -> {_shown(value)}")
        if not said:
            return request, []
        updated = replace(request, **fields)
        if updated.received < updated.sent:
            raise BadRequest(
                f"received {updated.received.isoformat()} would be before sent "
                f"{updated.sent.isoformat()}"
            )
        record = ledger.stamped(
            Event(EventType.EDITED, today, note="; ".join(said) + _reason(note))
        )
        updated = _checked(ledger, replace(updated, events=(*updated.events, record)))
        _refuse_twin(ledger, request, updated)
        ledger.store.save(updated)
    return updated, said


def remove_event(
    ledger: Ledger, request_id: int, position: int, today: date, *, note: str | None = None
) -> Request:
    """Mark event ``position`` (as ``show`` numbers them) as a mistake, on record."""
    with ledger.store.transaction():
        request = ledger.store.get(request_id)
        if not 1 <= position <= len(request.events):
            raise BadEvent(
                f"request {request_id} has no event {position}: 'foitrack show {request_id}' "
                "numbers its events"
            )
        event = request.events[position - 1]
        if event.removed is not None:
            raise BadEvent(f"event {position} was already removed on {event.removed}")
        if event.type is EventType.EDITED:
            raise BadEvent("a record of an edit cannot be removed")
        events = list(request.events)
        events[position - 1] = replace(event, removed=today)
        record = ledger.stamped(
            Event(
                EventType.EDITED,
                today,
                note=f"removed event {position} ({event.type} {event.date.isoformat()})"
                + _reason(note),
            )
        )
        updated = _checked(ledger, replace(request, events=(*events, record)))
        _refuse_twin(ledger, request, updated)
        ledger.store.save(updated)
    return updated


@dataclass(frozen=True, slots=True)
class Correction:
    """What ``foitrack edit`` was asked to change, before anything is read."""

    #: New values of the fields in :data:`EDITABLE`, by their ledger names.
    fields: dict[str, Any]
    tag: tuple[str, ...] = ()
    untag: tuple[str, ...] = ()
    #: The event to withdraw as a mistake, numbered as ``show`` numbers them.
    remove_event: int | None = None
    note: str | None = None


@dataclass(frozen=True, slots=True)
class Corrected:
    request: Request
    state: RequestState
    #: What changed, one phrase each (``title: 'a' -> 'b'``, ``removed event 3``).
    said: tuple[str, ...]


def correct(ledger: Ledger, request_id: int, correction: Correction, today: date) -> Corrected:
    """``foitrack edit``: every change asked for, in one transaction, or none."""
    if (
        not correction.fields
        and not correction.tag
        and not correction.untag
        and correction.remove_event is None
    ):
        raise BadRequest("nothing to change: give a field such as --title, or --remove-event N")
    for name in ("sent", "received"):
        if name in correction.fields:
            happened(correction.fields[name], today, f"--{name}")
    changes = dict(correction.fields)
    said: list[str] = []
    with ledger.store.transaction():
        if correction.remove_event is not None:
            remove_event(ledger, request_id, correction.remove_event, today, note=correction.note)
            said.append(f"removed event {correction.remove_event}")
        if correction.tag or correction.untag:
            request = ledger.store.get(request_id)
            changes["tags"] = tagged(request, correction.tag, correction.untag)
            if request.unsent and UNSENT in correction.untag and "received" not in changes:
                # Sent another way: its received date was only the day it was added.
                changes["received"] = changes.get("sent", request.sent)
        if changes:
            _, changed = edit_request(ledger, request_id, changes, today, note=correction.note)
            said.extend(changed)
        request = ledger.store.get(request_id)
    return Corrected(request, ledger.derive(request), tuple(said))


def happened(day: date, today: date, what: str) -> date:
    """``day``, if it has happened: a ledger records what happened, so a date
    after today (usually a typo) is refused, wherever it comes from (an
    option, an imported file). ``what`` names the date in the message."""
    if day > today:
        raise BadDate(
            f"{what} {day.isoformat()} is after today ({today.isoformat()}): "
            "record what has happened"
        )
    return day


def _shown(value: Any) -> str:
    if value is None:
        return "(none)"
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, tuple):
        return "[" + ", ".join(value) + "]"
    return repr(value) if isinstance(value, str) else str(value)


def _reason(note: str | None) -> str:
    return f" — {note}" if note else ""


def tagged(request: Request, add: Sequence[str], remove: Sequence[str]) -> tuple[str, ...]:
    tags = [t for t in request.tags if t not in remove]
    tags.extend(t for t in add if t not in tags)
    return tuple(tags)


def list_requests(
    ledger: Ledger,
    today: date,
    *,
    statuses: Sequence[str] = (),
    authorities: Sequence[str] = (),
    campaign: str | None = None,
    tag: str | None = None,
    overdue: bool = False,
    assignees: tuple[str | None, ...] | None = None,
) -> list[dict[str, Any]]:
    """The requests ``list`` shows, as its JSON items (see README "JSON output")."""
    ids = tuple(a.id for a in ledger.directory.expand(authorities)) if authorities else None
    query = Query(authorities=ids, campaign=campaign, tag=tag, assignees=assignees)
    wanted = set(statuses)
    if overdue:
        wanted |= {"overdue", "review-overdue"}
    iso = today.isoformat()
    items = []
    for row in ledger.store.listing(query, as_of=today):
        if wanted and row.status_on(iso) not in wanted:
            continue
        items.append(list_item(row, ledger.directory, today))
    return items
