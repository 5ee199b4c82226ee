"""``foitrack send``: requests added with ``--unsent`` go out by email.

Each message goes through the SMTP settings ``remind`` uses (same TLS rules,
same bounded conversation). The ``sent`` event, the request's sent and
received dates and the message's record are written in one transaction,
only after the server accepted the message: a failure records nothing, so
running ``send`` again sends what is left, and nothing twice.
"""

from __future__ import annotations

import hashlib
from collections.abc import Sequence
from dataclasses import dataclass, replace
from datetime import date
from email.message import EmailMessage

from foitrack.config import EmailSettings
from foitrack.core.errors import ConfigError, FoitrackError, Problems
from foitrack.core.events import Event, EventType
from foitrack.services.ledger import Ledger
from foitrack.store.base import Mail, Query, Request

#: The tag ``add --unsent`` puts on a request; ``send`` takes it off.
UNSENT = "unsent"


@dataclass(frozen=True, slots=True)
class Outgoing:
    request: Request
    message: EmailMessage


def unsent(request: Request) -> bool:
    return UNSENT in request.tags


def outgoing(
    ledger: Ledger,
    settings: EmailSettings | None,
    ids: Sequence[int],
    campaign: str | None,
) -> list[Outgoing]:
    """Every message ``send`` would hand over, checked in full first: one
    request that cannot go (no address, already sent) stops them all."""
    from foitrack.mail.outgoing import compose

    if settings is None or not settings.sender:
        raise ConfigError(
            "foitrack sends requests through the [email] table of config.toml, and needs "
            "its from address: add from = \"you@example.org\" (see the README's 'Mailbox')"
        )
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
                settings.sender,
                ledger.directory.get(request.authority).email or "",
                secret,
            ),
        )
        for request in chosen
    ]


def send_one(ledger: Ledger, settings: EmailSettings, item: Outgoing, today: date) -> Request:
    """Hand one message over, then record it; nothing is recorded unless accepted."""
    from foitrack.notify.email import send

    send(settings, item.message)
    message_id = str(item.message["Message-ID"])
    with ledger.store.transaction():
        request = ledger.store.get(item.request.id)
        if not unsent(request):  # another foitrack sent it meanwhile: record once
            return request
        updated = replace(
            request,
            sent=today,
            received=today,
            tags=tuple(t for t in request.tags if t != UNSENT),
            events=(
                *request.events,
                ledger.stamped(
                    Event(EventType.SENT, today, note=f"sent by foitrack, Message-ID {message_id}")
                ),
            ),
        )
        ledger.store.save(updated)
        raw = item.message.as_bytes()
        ledger.store.save_mail(
            Mail(
                number=0,
                direction="out",
                message_id=message_id,
                digest=hashlib.sha256(raw).hexdigest(),
                status="sent",
                sender=str(item.message["From"]),
                subject=str(item.message["Subject"]),
                date=today.isoformat(),
                request_id=request.id,
                rule="sent",
            )
        )
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
    from foitrack.core.errors import OperationFailed

    if dry_run:
        return outgoing(ledger, settings, ids, campaign)
    busy = OperationFailed(
        f"another foitrack send has held the lock of {ledger.location} for 120 s"
    )
    with ledger.exclusive("send", 120.0, lambda: busy):
        items = outgoing(ledger, settings, ids, campaign)
        for item in items:
            if settings is None:  # outgoing() has refused it already; for the type checker
                break
            send_one(ledger, settings, item, today)
            if callable(on_sent):
                on_sent(item)
    return items
