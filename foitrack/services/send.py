"""``foitrack send`` and ``draft KIND ID --send``: letters out by email.

Each message goes through the SMTP settings ``remind`` uses (same TLS rules,
same bounded conversation). The event (``sent``; chased, review-requested or
complained for a drafted letter), the request's dates and the message's
record, with the raw message kept 0600 as evidence, are written in one
transaction, only after the server accepted the message: a failure records
nothing, so running it again sends what is left, and nothing twice.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, replace
from datetime import date
from email.message import EmailMessage
from pathlib import Path

from foitrack.config import EmailSettings
from foitrack.core.errors import ConfigError, FoitrackError, Problems
from foitrack.core.events import Event, EventType
from foitrack.core.request import UNSENT
from foitrack.services.ledger import Ledger
from foitrack.store.base import Mail, Query, Request

__all__ = [
    "UNSENT",
    "LetterOut",
    "Outgoing",
    "outgoing",
    "plan_letter",
    "send_letter",
    "send_one",
    "send_requests",
    "unsent",
]


@dataclass(frozen=True, slots=True)
class Outgoing:
    request: Request
    message: EmailMessage


def unsent(request: Request) -> bool:
    return request.unsent


def _sender(settings: EmailSettings | None) -> str:
    if settings is None or not settings.sender:
        raise ConfigError(
            "foitrack sends mail through the [email] table of config.toml, and needs "
            "its from address: add from = \"you@example.org\" (see the README's 'Mailbox')"
        )
    return settings.sender


def _kept(ledger: Ledger, message: EmailMessage) -> tuple[str, str, Path | None]:
    """The raw message kept as evidence: its digest, the path to record, and
    the file made (to take back if recording fails)."""
    raw = message.as_bytes()
    digest = hashlib.sha256(raw).hexdigest()
    relative, made = ledger.keep_message(raw, digest)
    return digest, relative, made


def _record_out(
    ledger: Ledger, message: EmailMessage, request_id: int, rule: str, today: date
) -> tuple[str, Path | None]:
    """Keep the message and save its record (inside the caller's transaction)."""
    digest, relative, made = _kept(ledger, message)
    ledger.store.save_mail(
        Mail(
            number=0,
            direction="out",
            message_id=str(message["Message-ID"]),
            digest=digest,
            status="sent",
            sender=str(message["From"]),
            subject=str(message["Subject"]),
            date=today.isoformat(),
            request_id=request_id,
            rule=rule,
            document=relative,
        )
    )
    return relative, made


def outgoing(
    ledger: Ledger,
    settings: EmailSettings | None,
    ids: Sequence[int],
    campaign: str | None,
) -> list[Outgoing]:
    """Every message ``send`` would hand over, checked in full first: one
    request that cannot go (no address, already sent) stops them all."""
    from foitrack.mail.outgoing import compose

    sender = _sender(settings)
    if bool(ids) == bool(campaign):
        raise FoitrackError("name the requests to send (foitrack send 12 13) or --campaign NAME")
    if campaign:
        chosen = [r for r in ledger.store.requests(Query(campaign=campaign)) if unsent(r)]
        if not chosen:
            raise FoitrackError(f"no request in campaign {campaign!r} waits to be sent")
    else:
        chosen = [ledger.store.get(i) for i in dict.fromkeys(ids)]
    problems = []
    for request in chosen:
        if request.deleted is not None:
            problems.append(f"request {request.id} was deleted")
        elif not unsent(request):
            problems.append(
                f"request {request.id} is not waiting to be sent (add requests with --unsent "
                "for foitrack to send them)"
            )
        elif not ledger.directory.get(request.authority).email:
            problems.append(
                f"request {request.id}: no address for {request.authority}: foitrack "
                f"authorities set {request.authority} --email ADDRESS"
            )
    if problems:
        raise Problems(
            f"nothing sent: {len(problems)} of the {len(chosen)} requests cannot go", problems
        )
    secret = ledger.mail_key()
    return [
        Outgoing(
            request,
            compose(
                request,
                sender,
                ledger.directory.get(request.authority).email or "",
                secret,
            ),
        )
        for request in chosen
    ]


def send_one(ledger: Ledger, settings: EmailSettings, item: Outgoing, today: date) -> Request:
    """Hand one message over, then record it; nothing is recorded unless accepted."""
    from foitrack.documents import take_back
    from foitrack.notify.email import send

    send(settings, item.message)
    message_id = str(item.message["Message-ID"])
    made: Path | None = None
    try:
        with ledger.store.transaction():
            request = ledger.store.get(item.request.id)
            if not unsent(request):  # another foitrack sent it meanwhile: record once
                return request
            relative, made = _record_out(ledger, item.message, request.id, "sent", today)
            sent = ledger.stamped(
                Event(
                    EventType.SENT,
                    today,
                    note=f"sent by foitrack, Message-ID {message_id}",
                    document=relative,
                )
            )
            updated = replace(
                request,
                sent=today,
                received=today,
                tags=tuple(t for t in request.tags if t != UNSENT),
                events=(*request.events, sent),
            )
            ledger.store.save(updated)
    except BaseException:
        if made is not None:
            take_back([made])
        raise
    return updated


def send_requests(
    ledger: Ledger,
    settings: EmailSettings | None,
    ids: Sequence[int],
    campaign: str | None,
    today: date,
    *,
    dry_run: bool = False,
    on_sent: object = None,
) -> list[Outgoing]:
    """Send each request in turn (``dry_run``: only compose them). Under a
    lock, so two runs at once (cron and a user) never send one twice."""
    if dry_run:
        return outgoing(ledger, settings, ids, campaign)
    with _sending(ledger):
        items = outgoing(ledger, settings, ids, campaign)
        for item in items:
            if settings is None:  # outgoing() has refused it already; for the type checker
                break
            send_one(ledger, settings, item, today)
            if callable(on_sent):
                on_sent(item)
    return items


@contextmanager
def _sending(ledger: Ledger) -> Iterator[None]:
    """One sender at a time per ledger (cron and a user), so nothing goes twice."""
    from foitrack.core.errors import OperationFailed

    busy = OperationFailed(
        f"another foitrack send has held the lock of {ledger.location} for 120 s"
    )
    with ledger.exclusive("send", 120.0, lambda: busy):
        yield


# --- drafted letters: draft chase|review|complaint ID --send -------------------

#: The directory's id of each regulator: complaints go to the address recorded
#: for it (foitrack knows none of its own: DOMAIN.md, no invented addresses).
REGULATOR_AUTHORITY = {"ICO": "ico", "SIC": "sic"}


@dataclass(frozen=True, slots=True)
class LetterOut:
    """A drafted letter as it will go: the request, the event sending it
    records, and the message."""

    request: Request
    kind: str
    event: Event
    message: EmailMessage


def _letter_recipient(ledger: Ledger, kind: str, request: Request) -> str:
    from foitrack.core.regimes import get_regime

    if kind != "complaint":
        address = ledger.directory.get(request.authority).email
        if not address:
            raise FoitrackError(
                f"request {request.id}: no address for {request.authority}: foitrack "
                f"authorities set {request.authority} --email ADDRESS"
            )
        return address
    regime = get_regime(request.regime)
    regulator = ledger.directory.authorities.get(
        REGULATOR_AUTHORITY.get(regime.regulator_short, "")
    )
    if regulator is not None and regulator.email:
        return regulator.email
    record = (
        f"foitrack authorities set {regulator.id} --email ADDRESS"
        if regulator is not None
        else f"foitrack authorities add for the {regime.regulator_short}, with --email"
    )
    raise FoitrackError(
        f"no address known for complaints to the {regime.regulator}: nothing sent. Send the "
        f"letter the way the {regime.regulator_short} asks (foitrack draft complaint "
        f"{request.id} -o FILE, then foitrack log {request.id} complained), or record an "
        f"address: {record}"
    )


def _thread(ledger: Ledger, request_id: int) -> list[str]:
    """The Message-IDs foitrack sent for the request, oldest first."""
    return [
        m.message_id
        for m in ledger.store.mail()
        if m.direction == "out" and m.request_id == request_id and m.message_id
    ]


def plan_letter(
    ledger: Ledger,
    settings: EmailSettings | None,
    kind: str,
    request_id: int,
    today: date,
    *,
    signature: str,
    config_dir: Path | None,
) -> LetterOut:
    """The drafted letter as the message that would go, checked in full
    first: the request must have gone, the event must fit, an address known."""
    from email.utils import formatdate

    from foitrack.letters import split_letter
    from foitrack.mail.outgoing import TAG, mint_message_id, tag
    from foitrack.services.campaigns import draft_letter, sent_event
    from foitrack.services.requests import fits

    sender = _sender(settings)
    request = ledger.store.get(request_id)
    if request.unsent:
        raise FoitrackError(
            f"request {request_id} is not sent yet: foitrack send {request_id} first"
        )
    event = sent_event(kind, today)
    fits(ledger, request, event)
    for earlier in request.events:
        if (
            earlier.type is event.type
            and earlier.date == today
            and earlier.removed is None
            and "Message-ID" in (earlier.note or "")
        ):
            raise FoitrackError(
                f"request {request_id}: a {kind} went by email today already "
                f"({earlier.note}): nothing sent"
            )
    letter = draft_letter(ledger, kind, request, today, signature=signature, config_dir=config_dir)
    recipient = _letter_recipient(ledger, kind, request)
    headers, body = split_letter(letter.text)
    secret = ledger.mail_key()
    subject = " ".join(headers.get("subject", request.title).split())[:150]
    if not TAG.search(subject):
        subject = f"{subject} {tag(secret, request.id)}"
    message = EmailMessage()
    message["Subject"] = subject
    message["From"] = sender
    message["To"] = recipient
    message["Date"] = formatdate(localtime=True)
    message["Message-ID"] = mint_message_id(sender, request.id)
    thread = _thread(ledger, request.id)
    if thread:
        message["In-Reply-To"] = thread[-1]
        message["References"] = " ".join(thread)
    message.set_content(body.rstrip("\n") + "\n")
    return LetterOut(request, kind, event, message)


def send_letter(
    ledger: Ledger,
    settings: EmailSettings | None,
    kind: str,
    request_id: int,
    today: date,
    *,
    signature: str,
    config_dir: Path | None,
    dry_run: bool = False,
) -> LetterOut:
    """``draft KIND ID --send``: the letter goes, then its event is recorded
    (with the Message-ID, linking the kept message), once; nothing is recorded
    unless the server accepted it. ``dry_run``: only composed."""
    from foitrack.documents import take_back
    from foitrack.notify.email import send

    def plan() -> LetterOut:
        return plan_letter(
            ledger, settings, kind, request_id, today, signature=signature, config_dir=config_dir
        )

    if dry_run:
        return plan()
    with _sending(ledger):
        out = plan()
        if settings is None:  # plan() has refused it already; for the type checker
            return out
        send(settings, out.message)
        message_id = str(out.message["Message-ID"])
        made: Path | None = None
        try:
            with ledger.store.transaction():
                relative, made = _record_out(ledger, out.message, request_id, kind, today)
                event = ledger.stamped(
                    replace(
                        out.event,
                        note=f"{kind} sent by foitrack to {out.message['To']}, "
                        f"Message-ID {message_id}",
                        document=relative,
                    )
                )
                request = ledger.store.get(request_id)
                ledger.store.save(replace(request, events=(*request.events, event)))
        except BaseException:
            if made is not None:
                take_back([made])
            raise
    return replace(out, event=event)
