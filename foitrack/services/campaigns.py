"""Acting on a whole campaign at once: a letter for each request it fits, and
one step logged for many requests in one transaction.

The daily check groups a campaign's requests in the same situation and names
the command for all of them (``foitrack draft chase --campaign lfr-2025``);
these are those commands' services.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from foitrack.core.errors import FoitrackError
from foitrack.core.events import Event, EventType
from foitrack.core.regimes import get_regime
from foitrack.letters import KINDS, DraftRefused, Letter, draft, split_letter
from foitrack.services.ledger import Ledger
from foitrack.services.requests import log_event, refuse_deleted
from foitrack.store.base import Query, Request, as_of

#: What sending each letter is, as an event: ``draft KIND --sent`` logs it.
SENT_EVENTS = {
    "chase": EventType.CHASED,
    "review": EventType.REVIEW_REQUESTED,
    "complaint": EventType.COMPLAINED,
}
#: The mail-merge CSV's columns (README, "foitrack draft").
MERGE_KEYS = ("id", "authority", "authority_name", "email", "to", "subject", "body", "file")


class UnknownCampaign(FoitrackError):
    """No request carries that campaign name."""


@dataclass(frozen=True, slots=True)
class Drafted:
    request: Request
    authority_name: str
    #: The authority's address, when the ledger has one (authorities set ID --email).
    email: str | None
    letter: Letter

    @property
    def file_name(self) -> str:
        """``012-kent-chase.txt``: sorted as ``list`` sorts, one per request."""
        return f"{self.request.id:03d}-{self.request.authority}-{self.letter.kind}.txt"

    def merge_row(self) -> dict[str, object]:
        """The letter split for a mail merge: its header lines, then the body."""
        headers, body = split_letter(self.letter.text)
        return {
            "id": self.request.id,
            "authority": self.request.authority,
            "authority_name": self.authority_name,
            "email": self.email,
            "to": headers.get("to"),
            "subject": headers.get("subject"),
            "body": body,
            "file": self.file_name,
        }


@dataclass(frozen=True, slots=True)
class Skipped:
    request: Request
    authority_name: str
    reason: str


def campaign_requests(
    ledger: Ledger,
    campaign: str,
    *,
    statuses: Sequence[str] = (),
    authorities: Sequence[str] = (),
    today: date,
) -> list[Request]:
    """The campaign's requests (deleted ones left out), narrowed by status on
    ``today`` and by authority; an unknown campaign is bad input."""
    ids = tuple(a.id for a in ledger.directory.expand(authorities)) if authorities else None
    found = list(ledger.store.requests(Query(campaign=campaign, authorities=ids)))
    if not found and not ids:
        raise UnknownCampaign(
            f"no requests in campaign {campaign!r}: 'foitrack list --json' shows each "
            "request's campaign"
        )
    if statuses:
        wanted = set(statuses)
        found = [r for r in found if status_of(ledger, r, today) in wanted]
    return found


def status_of(ledger: Ledger, request: Request, today: date) -> str:
    return str(ledger.derive(request).summary().status(today))


def draft_letter(
    ledger: Ledger,
    kind: str,
    request: Request,
    today: date,
    *,
    signature: str,
    config_dir: Path | None,
) -> Letter:
    """The letter of ``kind`` for one request (DraftRefused when it does not fit),
    as the request stood on ``today``."""
    regime = get_regime(request.regime)
    request = as_of(request, today)
    known = ledger.directory.authorities.get(request.authority)
    return draft(
        kind,
        request,
        ledger.derive(request),
        ledger.directory.display_name(request.authority),
        regime,
        ledger.derive.calendars.for_regime(regime),
        today,
        signature=signature,
        config_dir=config_dir,
        authority_email=known.email if known else None,
    )


def draft_request(
    ledger: Ledger,
    kind: str,
    request_id: int,
    today: date,
    *,
    signature: str,
    config_dir: Path | None,
    mark_sent: bool = False,
) -> Letter:
    """``foitrack draft KIND ID``: the letter for one request (not one deleted
    as a mistake); with ``mark_sent``, the letter is also logged as sent today."""
    request = ledger.store.get(request_id)
    refuse_deleted(request)
    letter = draft_letter(ledger, kind, request, today, signature=signature, config_dir=config_dir)
    if mark_sent:
        log_event(ledger, request_id, sent_event(kind, today))
    return letter


def draft_campaign(
    ledger: Ledger,
    kind: str,
    requests: Sequence[Request],
    today: date,
    *,
    signature: str,
    config_dir: Path | None,
) -> tuple[list[Drafted], list[Skipped]]:
    """A letter for each request it fits; the others with the reason it does not."""
    if kind not in KINDS:
        raise DraftRefused(f"unknown letter {kind!r}: use one of {', '.join(KINDS)}")
    drafted: list[Drafted] = []
    skipped: list[Skipped] = []
    for request in requests:
        name = ledger.directory.display_name(request.authority)
        try:
            letter = draft_letter(
                ledger, kind, request, today, signature=signature, config_dir=config_dir
            )
        except DraftRefused as refusal:
            skipped.append(Skipped(request, name, str(refusal)))
            continue
        authority = ledger.directory.authorities.get(request.authority)
        drafted.append(Drafted(request, name, authority.email if authority else None, letter))
    return drafted, skipped


def sent_event(kind: str, today: date) -> Event:
    """The event that says a letter of ``kind`` went out on ``today``."""
    return Event(SENT_EVENTS[kind], today, note="drafted with foitrack draft")
