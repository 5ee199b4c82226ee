"""``foitrack inbox``: messages in, proposals out, events on confirmation.

A message flows one way: source, raw message kept as evidence (0600, in the
ledger's documents folder under ``mail/``), match, what it says, proposal,
and on acceptance an event recorded through the same path as ``log``. Each
message is stored in its own transaction with its event, if it gets one: a
failure part-way leaves every earlier message recorded and this one not at
all. The same message (by Message-ID, or by the hash of its bytes when it
has none) is never taken twice.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace
from datetime import date
from typing import Any

from foitrack.core.errors import FoitrackError, Problems
from foitrack.core.events import Event, EventType, normalise_exemption, parse_window
from foitrack.mail.sources import Raw
from foitrack.services.ledger import Ledger
from foitrack.store.base import Mail

#: The event fields ``inbox --json`` shows (the proposal keeps more: until, window).
EVENT_KEYS = ("type", "date", "outcome", "exemptions", "their_ref", "ncnd", "received")
#: Proposed types that are facts about delivery: recorded as notes.
DELIVERY = {"bounce": "the message could not be delivered", "auto-reply": "an automatic reply"}
#: Statuses a request no longer waits on anything in.
_FINISHED = ("closed", "withdrawn")


class UnknownMessage(FoitrackError):
    """No message with that number in the inbox."""


@dataclass(frozen=True, slots=True)
class Fetched:
    new: list[Mail]
    #: Messages seen before (by Message-ID or by their bytes), not taken again.
    seen: int


def held_mail(ledger: Ledger) -> list[Mail]:
    """Every message the ledger holds, read once for a whole fetch."""
    return ledger.store.mail()


def taken_names(held: Sequence[Mail]) -> frozenset[str]:
    """The Maildir file names (unique names, without flags) of the messages
    the ledger took: a fetch reads only the files not among them, so a big
    Maildir is not read again each run (the ledger's records are the cursor)."""
    return frozenset(
        m.source.rpartition("/")[2]
        for m in held
        if m.source and m.source.startswith("maildir ") and "/" in m.source
    )


def fetch(
    ledger: Ledger,
    raws: Iterable[Raw],
    source: str,
    today: date,
    *,
    threshold: float | None = None,
    held: Sequence[Mail] | None = None,
) -> Fetched:
    """Take each new message in as a proposal; with ``threshold`` (``--auto``),
    record at once those at least that sure, from the authority's own address.
    ``held``: the ledger's messages, when the caller has read them already."""
    held = ledger.store.mail() if held is None else held
    known: Any = None  # what matching needs: read at the first new message
    ids = {m.message_id for m in held if m.message_id}
    digests = {m.digest for m in held}
    new: list[Mail] = []
    seen = 0
    for raw in raws:
        if raw.digest in digests:
            seen += 1
            continue
        if known is None:
            known = _known(ledger, ledger.mail_key(), held)
        mail = _proposal(ledger, raw, source, today, known)
        if mail.message_id and mail.message_id in ids:
            seen += 1
            continue
        stored = _store(ledger, raw, mail, today, threshold)
        ids.add(mail.message_id)
        digests.add(raw.digest)
        if stored.request_id is not None:
            known = _learned(known, stored)
        new.append(stored)
    return Fetched(new, seen)


def _learned(known: Any, mail: Mail) -> Any:
    """What a message filed under a request teaches the next ones: its
    Message-ID (replies to it) and the reference an acknowledgement states."""
    if mail.message_id:
        known.threads[mail.message_id] = mail.request_id
    ref = _stated_ref(mail)
    if ref is None:
        return known
    candidates = [
        replace(c, refs=(*c.refs, ref)) if c.id == mail.request_id else c for c in known.candidates
    ]
    return replace(known, candidates=candidates)


def _stated_ref(mail: Mail) -> str | None:
    fields = mail.event or {}
    if mail.status == "dismissed" or fields.get("type") != "acknowledged":
        return None
    ref = fields.get("their_ref")
    return ref if isinstance(ref, str) else None


def _known(ledger: Ledger, secret: bytes, mail: Sequence[Mail]) -> Any:
    from foitrack.mail.match import Candidate, Known

    threads = {m.message_id: m.request_id for m in mail if m.request_id and m.message_id}
    stated: dict[int, set[str]] = {}
    for m in mail:
        if m.request_id is not None and (ref := _stated_ref(m)):
            stated.setdefault(m.request_id, set()).add(ref)
    status = {r.id: s.status(None) for r, s in ledger.store.summaries()}
    candidates = []
    for request in ledger.store.requests():
        refs = (
            {request.their_ref}
            | {e.ref for e in request.events if e.type is EventType.ACKNOWLEDGED and e.ref}
            | stated.get(request.id, set())
        )
        candidates.append(
            Candidate(
                request.id,
                request.authority,
                request.campaign,
                str(status.get(request.id)) not in _FINISHED,
                tuple(r for r in refs if r),
            )
        )
    addresses = {a.id: a.email for a in ledger.directory.authorities.values() if a.email}
    return Known(threads, candidates, addresses, secret)


def _proposal(ledger: Ledger, raw: Raw, source: str, today: date, known: Any) -> Mail:
    from foitrack.intake.extract import MAX_FILE_BYTES
    from foitrack.mail.kinds import Proposal, empty, propose
    from foitrack.mail.match import RULE_CONFIDENCE, from_authority, match
    from foitrack.mail.reading import Parsed, parse

    if raw.data is None:
        parsed = Parsed(
            notes=[
                f"the message is {raw.size / 1_000_000:.1f} MB, more than foitrack reads "
                f"({MAX_FILE_BYTES // 1_000_000} MB): read it in your mail program"
            ]
        )
        proposal = Proposal(empty(None, today), 0.0)
    else:
        parsed = parse(raw.data)
        proposal = propose(parsed, today)
    request_id, rule = match(parsed, known)
    notes = [*parsed.notes, *([proposal.note] if proposal.note else [])]
    confidence = proposal.confidence * RULE_CONFIDENCE.get(rule or "", 0.0)
    if request_id is not None:
        authority = ledger.store.get(request_id).authority
        address = ledger.directory.get(authority).email
        if not from_authority(parsed, address) and proposal.fields["type"] != "bounce":
            notes.append(
                f"from {parsed.address or 'an unknown sender'}, not {authority}'s address: "
                "recorded only when you accept it"
            )
            confidence = min(confidence, 0.5)
    return Mail(
        number=0,
        direction="in",
        message_id=parsed.message_id,
        digest=raw.digest,
        status="proposed",
        sender=parsed.sender,
        subject=parsed.subject,
        date=parsed.date.isoformat() if parsed.date else None,
        request_id=request_id,
        rule=rule,
        event=proposal.fields,
        confidence=round(confidence, 2),
        note="; ".join(dict.fromkeys(notes)) or None,
        source=f"{source}: {raw.label}",
        references=parsed.thread,
    )


def _store(ledger: Ledger, raw: Raw, mail: Mail, today: date, threshold: float | None) -> Mail:
    from foitrack.documents import take_back

    made = None
    try:
        with ledger.store.transaction():
            if raw.data is not None:
                # The raw message is kept with its proposal: beside a ledger
                # file, or in the ledger itself on a server.
                relative, made = ledger.keep_message(raw.data, raw.digest)
                mail = replace(mail, document=relative)
            number = ledger.store.save_mail(mail)
            mail = replace(mail, number=number)
            if threshold is not None and _sure(mail, threshold):
                try:
                    mail = _record(ledger, mail, today)
                except FoitrackError as error:
                    # It does not fit the request's history: left for the user.
                    mail = replace(mail, note=_joined(mail.note, f"not recorded: {error}"))
                    ledger.store.save_mail(mail)
    except BaseException:
        if made:
            take_back([made])
        raise
    return mail


def _sure(mail: Mail, threshold: float) -> bool:
    return (
        mail.request_id is not None
        and mail.event is not None
        and mail.event.get("type") is not None
        and mail.confidence >= threshold
    )


def _joined(first: str | None, second: str) -> str:
    return f"{first}; {second}" if first else second


def event_of(mail: Mail) -> Event:
    """The event a proposal records (delivery facts and unknowns as notes)."""
    fields = mail.event or {}
    kind = fields.get("type")
    day = date.fromisoformat(fields.get("date") or mail.date or "")
    about = f"email from {mail.sender}: {mail.subject}"[:300]
    if kind is None or kind in DELIVERY:
        what = DELIVERY.get(kind or "", "")
        note = f"{what}: {about}" if what else about
        return Event(EventType.NOTE, day, note=note, document=mail.document)
    until = fields.get("until")
    window = fields.get("window")
    return Event(
        EventType(kind),
        day,
        outcome=_outcome(fields.get("outcome")),
        exemptions=tuple(normalise_exemption(e) for e in fields.get("exemptions") or ()),
        until=date.fromisoformat(until) if until else None,
        window=parse_window(window) if window else None,
        ref=fields.get("their_ref"),
        note=about,
        document=mail.document,
    )


def _outcome(text: str | None) -> Any:
    from foitrack.core.events import Outcome

    return Outcome(text) if text else None


def _record(ledger: Ledger, mail: Mail, today: date) -> Mail:
    from foitrack.services.requests import log_event

    if mail.request_id is None:
        raise FoitrackError(
            f"message {mail.number} belongs to no request yet: foitrack inbox assign "
            f"{mail.number} ID"
        )
    with ledger.store.transaction():
        event = event_of(mail)
        if event.date > today:
            event = replace(event, date=today)
        log_event(ledger, mail.request_id, event)
        left = _stated_receipt(ledger, mail, event, today)
        recorded = replace(
            mail, status="recorded", note=_joined(mail.note, left) if left else mail.note
        )
        ledger.store.save_mail(recorded)
    return recorded


def _stated_receipt(ledger: Ledger, mail: Mail, event: Event, today: date) -> str | None:
    """An acknowledgement that states when the request was received makes that
    the request's received date (the day its 20 working days count from),
    recorded as an edit naming the message; a stated day before the request
    was sent, or after the acknowledgement, is left as the note says."""
    from foitrack.services.requests import edit_request

    stated = (mail.event or {}).get("received")
    if event.type is not EventType.ACKNOWLEDGED or not stated or mail.request_id is None:
        return None
    day = date.fromisoformat(stated)
    request = ledger.store.get(mail.request_id)
    if day == request.received:
        return None
    if not request.sent <= day <= event.date:
        return (
            f"the stated received date was not applied: the request was sent on "
            f"{request.sent.isoformat()}"
        )
    edit_request(
        ledger,
        mail.request_id,
        {"received": day},
        today,
        note=f"as the acknowledgement of {event.date.isoformat()} states (message {mail.number})",
    )
    return None


def _get(ledger: Ledger, number: int) -> Mail:
    for mail in ledger.store.mail():
        if mail.number == number and mail.direction == "in":
            return mail
    raise UnknownMessage(f"no message {number} in the inbox: see 'foitrack inbox --all'")


def accept(ledger: Ledger, numbers: Sequence[int], today: date) -> list[Mail]:
    """Record each proposal's event: all of them, or (one line each) none."""
    problems: list[str] = []
    recorded: list[Mail] = []
    with ledger.store.transaction():
        for number in dict.fromkeys(numbers):
            mail = _get(ledger, number)
            if mail.status != "proposed":
                problems.append(f"message {number} is already {mail.status}")
                continue
            try:
                recorded.append(_record(ledger, mail, today))
            except FoitrackError as error:
                problems.append(f"message {number}: {error}")
        if problems:
            raise Problems(
                f"nothing recorded: {len(problems)} of the {len(numbers)} messages do not fit",
                problems,
            )
    return recorded


def waiting(ledger: Ledger) -> list[Mail]:
    return ledger.store.mail(status="proposed")


def messages(ledger: Ledger, *, every: bool = False) -> list[Mail]:
    """The messages read from the mailbox: those waiting, or all of them."""
    return [
        m for m in ledger.store.mail() if m.direction == "in" and (every or m.status == "proposed")
    ]


def cursor(ledger: Ledger, source: str) -> str | None:
    """Where the last fetch from ``source`` stopped (IMAP: "UIDVALIDITY:last UID")."""
    return ledger.store.cursor(source)


def move_cursor(ledger: Ledger, source: str, value: str) -> None:
    ledger.store.save_cursor(source, value)


def dismiss(ledger: Ledger, number: int) -> Mail:
    mail = _get(ledger, number)
    if mail.status != "proposed":
        raise FoitrackError(f"message {number} is already {mail.status}")
    dismissed = replace(mail, status="dismissed")
    ledger.store.save_mail(dismissed)
    return dismissed


def assign(ledger: Ledger, message: str, request_id: int) -> Mail:
    """File a message (its number or Message-ID) under a request, by hand."""
    with ledger.store.transaction():
        mail = next(
            (
                m
                for m in ledger.store.mail()
                if m.direction == "in"
                and (str(m.number) == message or (m.message_id and m.message_id == message))
            ),
            None,
        )
        if mail is None:
            raise UnknownMessage(f"no message {message} in the inbox: see 'foitrack inbox --all'")
        if mail.status != "proposed":
            raise FoitrackError(f"message {mail.number} is already {mail.status}")
        request = ledger.store.get(request_id)
        assigned = replace(
            mail, request_id=request.id, rule="assigned", confidence=1.0 if mail.event else 0.0
        )
        ledger.store.save_mail(assigned)
    return assigned


def item(mail: Mail) -> dict[str, Any]:
    """One message as ``inbox --json`` shows it (README, "JSON output")."""
    fields = mail.event or {}
    return {
        "number": mail.number,
        "message_id": mail.message_id or None,
        "from": mail.sender,
        "subject": mail.subject,
        "date": mail.date,
        "request_id": mail.request_id,
        "rule": mail.rule,
        "event": {key: fields.get(key) for key in EVENT_KEYS}
        | {"exemptions": list(fields.get("exemptions") or [])},
        "confidence": mail.confidence,
        "status": mail.status,
        "note": mail.note,
    }


def correspondence(ledger: Ledger, request_id: int) -> list[dict[str, Any]]:
    """The messages sent and read for a request (``show``), oldest first."""
    return [
        {
            "number": m.number,
            "direction": m.direction,
            "date": m.date,
            "from": m.sender,
            "subject": m.subject,
            "message_id": m.message_id or None,
            "status": m.status,
            "document": m.document,
        }
        for m in ledger.store.mail()
        if m.request_id == request_id
    ]
