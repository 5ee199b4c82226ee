"""The JSON shapes of requests: the contract scripts rely on (README, "JSON output").

Keys are snake_case, dates ISO 8601, a value that does not apply is null.
Extend these; never rename or drop a key.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any

from foitrack.authorities import Directory
from foitrack.core.lifecycle import DEADLINE_NAMES, RequestState
from foitrack.core.status import current_due, next_deadline
from foitrack.store.base import Query, Request, as_of
from foitrack.store.codec import encode_event
from foitrack.store.index import Listed

if TYPE_CHECKING:
    from foitrack.services.ledger import Ledger

#: The columns of ``list`` (JSON keys and CSV header alike).
LIST_KEYS = (
    "id", "authority", "authority_name", "title", "campaign", "regime", "sent", "received",
    "status", "outcome", "due", "next_deadline", "next_date", "their_ref", "tags", "assignee",
)  # fmt: skip

#: ``show --json``'s deadlines object always has these keys (null when not yet known).
SHOWN_DEADLINES = ("response_due", "review_request_by", "review_response_due", "regulator_by")


def list_item(listed: Listed, directory: Directory, today: date) -> dict:  # type: ignore[type-arg]
    iso = today.isoformat()
    status = listed.status_on(iso)
    upcoming = next_deadline(status, listed.deadlines, iso)
    return {
        "id": listed.id,
        "authority": listed.authority,
        "authority_name": directory.display_name(listed.authority),
        "title": listed.title,
        "campaign": listed.campaign,
        "regime": listed.regime,
        "sent": listed.sent,
        "received": listed.received,
        "status": status,
        "outcome": listed.outcome,
        "due": current_due(listed.deadlines),
        "next_deadline": upcoming[0] if upcoming else None,
        "next_date": upcoming[1] if upcoming else None,
        "their_ref": listed.their_ref,
        "tags": list(listed.tags),
        "assignee": listed.assignee,
    }


def request_detail(
    request: Request,
    state: RequestState,
    directory: Directory,
    today: date,
    ledger_file: Path | str | None = None,
) -> dict[str, Any]:
    """``show --json``. With ``ledger_file``, each event's ``document_path`` is
    where its document is (``document`` is as recorded: relative to the
    ledger's documents folder)."""
    deadlines: dict[str, Any] = {name: None for name in SHOWN_DEADLINES}
    rules = {}
    hidden = _not_in_law(request.regime)
    for name in DEADLINE_NAMES:
        deadline = state.deadlines.get(name)
        if deadline is not None and name not in hidden:
            deadlines[name] = deadline.date.isoformat()
            rules[name] = {"source": deadline.source, "basis": deadline.basis}
    summary = state.summary()
    return {
        **list_item(Listed.of(request, summary), directory, today),
        "body": request.body,
        "added_by": request.added_by,
        "exemptions": list(state.exemptions),
        "deadlines": deadlines,
        "rules": rules,
        "deleted": request.deleted.isoformat() if request.deleted else None,
        "warnings": list(state.warnings),
        "notes": list(state.notes),
        "events": [
            {"n": n, **_event_fields(encode_event(event), ledger_file)}
            for n, event in enumerate(request.events, start=1)
        ],
    }


def _not_in_law(code: str) -> frozenset[str]:
    """Deadlines a regime's law does not know: "long overdue" is the outer limit
    even with an extension, and FOISA has no extension (so no such tier)."""
    from foitrack.core.errors import FoitrackError
    from foitrack.core.regimes import get_regime

    try:
        regime = get_regime(code)
    except FoitrackError:
        return frozenset()
    return frozenset() if regime.has_outer_limit else frozenset({"long_overdue"})


def _event_fields(record: dict[str, Any], ledger_file: Path | str | None) -> dict[str, Any]:
    """Every event key present, null when the event does not carry it."""
    keys = (
        "type", "date", "outcome", "exemptions", "until", "window", "ref", "note", "removed",
        "document", "actor",
    )  # fmt: skip
    result = {key: record.get(key) for key in keys}
    result["exemptions"] = record.get("exemptions", [])
    document = record.get("document")
    result["document_path"] = None
    if document and ledger_file is not None:
        from contextlib import suppress

        from foitrack.core.errors import FoitrackError
        from foitrack.documents import resolve

        # A path leaving the documents folder is shown as recorded, not followed.
        with suppress(FoitrackError):
            result["document_path"] = str(resolve(ledger_file, document).absolute())
    return result


def shown_request(ledger: Ledger, request_id: int, today: date) -> dict[str, Any]:
    """``show --json``: the request as it stood on ``today`` (what happened
    after it is not shown), its documents found beside the ledger."""
    request = as_of(ledger.store.get(request_id), today)
    state = ledger.derive(request)
    return request_detail(request, state, ledger.directory, today, ledger.location.file)


def listed_requests(ledger: Ledger, ids: Sequence[int], today: date) -> list[dict[str, Any]]:
    """The ``list --json`` items of the requests ``ids`` (just added, say)."""
    rows = ledger.store.summaries(Query(ids=tuple(ids)))
    return [
        list_item(Listed.of(request, summary), ledger.directory, today) for request, summary in rows
    ]
