"""``foitrack classify`` and ``foitrack respond``: reading a response into the ledger."""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import date
from pathlib import Path

from foitrack.core.events import Event, EventType, Outcome, StatedWindow
from foitrack.core.lifecycle import awaiting_review
from foitrack.intake.classify import Classification, classify
from foitrack.intake.extract import Document, read_document
from foitrack.services.ledger import Ledger
from foitrack.services.requests import log_event
from foitrack.store.base import Request


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


def planned_event(
    request: Request, found: Classification, overrides: Overrides, today: date
) -> Event:
    """The event ``respond`` would log: findings, then the user's overrides."""
    is_review = awaiting_review(request.received, request.events) or bool(
        found.is_review and found.is_review.value
    )
    kind = EventType.REVIEW_RESPONDED if is_review else EventType.RESPONDED
    read = found.date.value if found.date else None
    # A date read wrongly (before the request, or in the future) is not used.
    plausible = read is not None and request.received <= read <= today
    when = overrides.date or (read if plausible else today)
    outcome = overrides.outcome or (found.outcome.value if found.outcome else None)
    exemptions = (
        overrides.exemptions
        if overrides.exemptions is not None
        else tuple(f.value for f in found.exemptions)
    )
    window = overrides.window or (
        found.review_window.value if found.review_window and not is_review else None
    )
    ref = overrides.ref or (found.their_ref.value if found.their_ref else None)
    return Event(kind, when, outcome, exemptions, window=window, ref=ref)


def record_response(ledger: Ledger, request_id: int, event: Event, source: Path) -> Request:
    """Log the event with a copy of the letter in the ledger's documents folder
    (:mod:`foitrack.documents`); no copy is left if logging fails."""
    from foitrack.documents import keep_copy, take_back

    relative, copy = keep_copy(
        ledger.store.location.file_for("keeping a copy of a response"), source, request_id
    )
    try:
        return log_event(ledger, request_id, replace(event, document=relative))
    except BaseException:
        take_back([copy])
        raise
