"""``foitrack classify`` and ``foitrack respond``: reading a response into the ledger."""

from __future__ import annotations

import os
from dataclasses import dataclass, replace
from datetime import date
from pathlib import Path

from foitrack import paths
from foitrack.core.events import Event, EventType, Outcome, StatedWindow
from foitrack.core.lifecycle import awaiting_review
from foitrack.intake.classify import Classification, classify
from foitrack.intake.extract import Document, read_bounded, read_document
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


def keep_copy(path: Path, request_id: int) -> Path:
    """A private copy of the letter beside the ledger's data, for the record."""
    data = read_bounded(path)  # the same bounds as reading it: no pipe, no device
    folder = paths.data_dir() / "documents" / str(request_id)
    folder.mkdir(mode=0o700, parents=True, exist_ok=True)
    target = folder / path.name
    number = 1
    while True:
        try:  # a new file, private from the start, never through a link
            flags = os.O_WRONLY | os.O_CREAT | os.O_EXCL | os.O_NOFOLLOW
            descriptor = os.open(target, flags, 0o600)
            break
        except FileExistsError:
            number += 1
            target = folder / f"{path.stem}-{number}{path.suffix}"
    try:
        with os.fdopen(descriptor, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
    except BaseException:
        target.unlink(missing_ok=True)
        raise
    return target


def record_response(ledger: Ledger, request_id: int, event: Event, source: Path) -> Request:
    """Log the event with a copy of the letter; no copy is left if logging fails."""
    copy = keep_copy(source, request_id)
    try:
        return log_event(ledger, request_id, replace(event, document=str(copy)))
    except BaseException:
        copy.unlink(missing_ok=True)
        raise
