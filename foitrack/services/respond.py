"""``foitrack classify`` and ``foitrack respond``: reading a response into the ledger."""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import date
from pathlib import Path
from typing import Any

from foitrack.core.errors import FoitrackError
from foitrack.core.events import Event, EventType, Outcome, StatedWindow
from foitrack.core.lifecycle import awaiting_review
from foitrack.core.request import Request
from foitrack.intake.classify import (
    Classification,
    classify,
    exemption_problem,
    is_ncnd_exemption,
)
from foitrack.intake.extract import Document, read_document
from foitrack.services.ledger import Ledger
from foitrack.services.requests import log_event


def classify_file(path: Path) -> tuple[Document, Classification]:
    document = read_document(path)
    return document, classify(document.text)


@dataclass(frozen=True, slots=True)
class Overrides:
    """What the user said on the command line, which beats what was read."""

    outcome: Outcome | None = None
    exemptions: tuple[str, ...] | None = None
    ref: str | None = None
    window: StatedWindow | None = None
    date: date | None = None


class UnlikelyDate(FoitrackError):
    """The letter's date cannot be the response's: before the request, or to come."""


class DuplicateDocument(FoitrackError):
    """The same letter is already logged against the request."""


def planned_event(
    request: Request, found: Classification, overrides: Overrides, today: date
) -> Event:
    """The event ``respond`` would log: findings, then the user's overrides.

    The letter's own date is the event's date; with none, today (and
    :func:`doubts` says so). A date read that cannot be the response's is
    refused rather than replaced by today: the user checks it and gives
    ``--date``. An NCND answer is logged as NCND, so that a review argues the
    public interest in confirming or denying, not in disclosure.
    """
    is_review = awaiting_review(request.received, request.events) or bool(
        found.is_review and found.is_review.value
    )
    kind = EventType.REVIEW_RESPONDED if is_review else EventType.RESPONDED
    read = found.date.value if found.date else None
    if overrides.date is None and read is not None and not request.received <= read <= today:
        if read < request.received:
            where = f"before the request was received ({request.received})"
        else:
            where = f"after today ({today})"
        raise UnlikelyDate(
            f"the letter is dated {read}, {where}: check it is the right file, "
            "or give the response's date with --date"
        )
    when = overrides.date or read or today
    outcome = overrides.outcome or (found.outcome.value if found.outcome else None)
    ncnd = bool(found.ncnd and found.ncnd.value)
    note = None
    if ncnd and overrides.outcome is None:
        exemptions_read = [f.value for f in found.exemptions]
        if outcome is Outcome.NOT_HELD or (
            outcome is Outcome.REFUSED and all(map(is_ncnd_exemption, exemptions_read))
        ):
            # Nothing given and part neither confirmed nor denied: the NCND is
            # what a review has to answer.
            note = f"neither confirmed nor denied; the letter also reads {outcome}"
            outcome = Outcome.NCND
        elif outcome in (Outcome.PARTIAL, Outcome.REFUSED):
            note = "part neither confirmed nor denied"
    exemptions = (
        overrides.exemptions
        if overrides.exemptions is not None
        else tuple(f.value for f in found.exemptions)
    )
    for exemption in exemptions:
        problem = exemption_problem(exemption, request.regime)
        if problem:
            raise FoitrackError(problem)
    window = overrides.window or (
        found.review_window.value if found.review_window and not is_review else None
    )
    ref = overrides.ref or (found.their_ref.value if found.their_ref else None)
    return Event(kind, when, outcome, exemptions, window=window, ref=ref, note=note)


def doubts(found: Classification, overrides: Overrides) -> list[str]:
    """What ``respond`` should say it is unsure of, one line each."""
    lines = []
    if overrides.outcome is None:
        if found.outcome is None:
            lines.append("no outcome read from the letter: give it with --outcome")
        elif not found.outcome.sure:
            lines.append(f"outcome {found.outcome.value} is a guess: check it (--outcome)")
    if overrides.date is None and found.date is None:
        lines.append("no date of its own in the letter: today is used (--date to set it)")
    if overrides.exemptions is None:
        guessed = [f.value for f in found.exemptions if not f.sure]
        if guessed:
            lines.append(
                f"exemption {', '.join(guessed)} inferred, not cited: check it (--exemption)"
            )
    return lines


def refuse_duplicate(ledger: Ledger, request: Request, source: Path) -> None:
    """The same letter logged twice against a request is a mistake: refuse it."""
    import hashlib

    from foitrack.documents import resolve
    from foitrack.intake.extract import read_bounded

    digest = hashlib.sha256(read_bounded(source)).digest()
    file = ledger.location.file
    for event in request.events:
        if not event.document or event.removed is not None:
            continue
        try:
            if file is None:  # a server ledger keeps its documents itself
                found = ledger.server.document(event.document)
                if found is None:
                    continue
                kept = bytes(found)
            else:
                kept = resolve(file, event.document).read_bytes()
        except (OSError, FoitrackError):
            continue  # a copy moved away or unreadable cannot be compared
        if hashlib.sha256(kept).digest() == digest:
            raise DuplicateDocument(
                f"{source.name} is already logged for request {request.id} "
                f"({event.type} on {event.date}): nothing logged"
            )


@dataclass(frozen=True)
class Planned:
    """What ``respond`` would log, before asking: the request, the event, the
    event as the ledger will record it (for the preview), and the doubts."""

    request: Request
    event: Event
    record: dict[str, Any]
    unsure: list[str]


def plan_response(
    ledger: Ledger,
    request_id: int,
    found: Classification,
    source: Path,
    overrides: Overrides,
    today: date,
) -> Planned:
    """The response ``found`` in ``source`` as it would be logged against
    ``request_id``; a duplicate document or an impossible date refused."""
    from foitrack.store.codec import encode_event

    request = ledger.request(request_id)
    event = planned_event(request, found, overrides, today)
    refuse_duplicate(ledger, request, source)
    return Planned(request, event, encode_event(event), doubts(found, overrides))


def record_response(ledger: Ledger, request_id: int, event: Event, source: Path) -> Request:
    """Log the event with a copy of the letter in the ledger's documents folder
    (:mod:`foitrack.documents`); no copy is left if logging fails."""
    from foitrack.documents import keep_copy, take_back

    if ledger.location.file is None:
        # A server ledger keeps the letter in the same transaction as its event.
        from foitrack.intake.extract import read_bounded

        data = read_bounded(source)
        with ledger.store.transaction():
            kept = ledger.server.keep_document(request_id, source.name, data)
            return log_event(ledger, request_id, replace(event, document=kept))
    relative, copy = keep_copy(
        ledger.store.location.file_for("keeping a copy of a response"), source, request_id
    )
    try:
        return log_event(ledger, request_id, replace(event, document=relative))
    except BaseException:
        take_back([copy])
        raise
