"""``foitrack remind``: email the daily check, once a day per recipient.

The sending is recorded in the ledger only after the server accepted the
message, so any failure means the next run tries again. A lock file makes two
overlapping runs (cron firing twice) queue: the second finds the digest
recorded and sends nothing.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime
from email.message import EmailMessage
from pathlib import Path

from foitrack.config import EmailSettings
from foitrack.core.errors import ConfigError, OperationFailed
from foitrack.services.digest import headline, inbox_html, inbox_text, render_html, render_text
from foitrack.services.due import daily_check
from foitrack.services.ledger import Ledger
from foitrack.store.base import Digest

LOCK_TIMEOUT = 120.0


@dataclass(frozen=True, slots=True)
class Reminder:
    #: "sent", "already-sent", "nothing-due" or "dry-run".
    result: str
    message: EmailMessage | None
    recipient: str


def remind(
    ledger: Ledger,
    settings: EmailSettings | None,
    today: date,
    *,
    dry_run: bool = False,
    force: bool = False,
    config_path: Path | None = None,
) -> Reminder:
    """``config_path`` is the config file looked at, named when it lacks [email]."""
    from foitrack.notify.email import build_message, send

    if settings is None:
        if config_path is None:
            where = "your config.toml"
        elif config_path.exists():
            where = str(config_path)
        else:
            where = f"{config_path} (there is no such file yet)"
        raise ConfigError(
            f"no [email] table in {where}: see the README's 'foitrack remind' section"
        )
    recipient = ", ".join(settings.to)
    busy = OperationFailed(
        f"another foitrack remind has held the lock of {ledger.location} for {LOCK_TIMEOUT:.0f} s"
    )
    with ledger.exclusive("remind", LOCK_TIMEOUT, lambda: busy):
        already = any(d.day == today and d.recipient == recipient for d in ledger.store.digests())
        if already and not force and not dry_run:
            return Reminder("already-sent", None, recipient)
        items = daily_check(ledger, today)
        waiting = ledger.waiting_mail()
        if not items:
            return Reminder("nothing-due", None, recipient)
        message = build_message(
            settings,
            f"foitrack: {headline(items)}",
            render_text(items, today) + inbox_text(waiting),
            inbox_html(render_html(items, today), waiting),
            config_path,
        )
        if dry_run:
            return Reminder("dry-run", message, recipient)
        send(settings, message)
        ledger.store.record_digest(
            Digest(
                today,
                recipient,
                str(message["Subject"]),
                datetime.now(UTC).isoformat(timespec="seconds"),
            )
        )
    return Reminder("sent", message, recipient)
