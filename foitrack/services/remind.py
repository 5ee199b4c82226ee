"""``foitrack remind``: email the daily check, once a day per recipient.

The sending is recorded in the ledger only after the server accepted the
message, so any failure means the next run tries again. A lock file makes two
overlapping runs (cron firing twice) queue: the second finds the digest
recorded and sends nothing.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from contextlib import AbstractContextManager
from dataclasses import dataclass, replace
from datetime import UTC, date, datetime
from email.message import EmailMessage
from pathlib import Path

from foitrack.config import EmailSettings
from foitrack.core.errors import ConfigError, OperationFailed
from foitrack.services.digest import (
    headline,
    inbox_html,
    inbox_text,
    note_html,
    note_text,
    render_html,
    render_text,
)
from foitrack.services.due import daily, daily_check, unsent_note
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
    from foitrack.notify.email import build_message

    settings = _required(settings, config_path)
    recipient = ", ".join(settings.to)
    with _remind_lock(ledger):
        already = any(d.day == today and d.recipient == recipient for d in ledger.store.digests())
        if already and not force and not dry_run:
            return Reminder("already-sent", None, recipient)
        items, unsent = daily(ledger, today)
        waiting = ledger.waiting_mail()
        if not items:
            return Reminder("nothing-due", None, recipient)
        unsent_line = unsent_note(unsent)
        message = build_message(
            settings,
            f"foitrack: {headline(items)}",
            render_text(items, today) + note_text(unsent_line) + inbox_text(waiting),
            inbox_html(note_html(render_html(items, today), unsent_line), waiting),
            config_path,
        )
        if dry_run:
            return Reminder("dry-run", message, recipient)
        _send_once(ledger, settings, message, recipient, today)
    return Reminder("sent", message, recipient)


def _send_once(
    ledger: Ledger, settings: EmailSettings, message: EmailMessage, recipient: str, today: date
) -> None:
    """Hand the digest to the server, then record it: recorded only once the
    server accepted it, so a failure leaves it to the next run."""
    from foitrack.notify.email import send

    send(settings, message)
    ledger.store.record_digest(
        Digest(
            today,
            recipient,
            str(message["Subject"]),
            datetime.now(UTC).isoformat(timespec="seconds"),
        )
    )


def _where(config_path: Path | None) -> str:
    if config_path is None:
        return "your config.toml"
    if config_path.exists():
        return str(config_path)
    return f"{config_path} (there is no such file yet)"


def _required(settings: EmailSettings | None, config_path: Path | None) -> EmailSettings:
    if settings is None:
        raise ConfigError(
            f"no [email] table in {_where(config_path)}: see the README's 'foitrack remind' section"
        )
    return settings


def _remind_lock(ledger: Ledger) -> AbstractContextManager[None]:
    """Two overlapping runs (two desks' cron jobs on a server ledger) queue
    here: the second finds the digests recorded."""
    busy = OperationFailed(
        f"another foitrack remind has held the lock of {ledger.location} for {LOCK_TIMEOUT:.0f} s"
    )
    return ledger.exclusive("remind", LOCK_TIMEOUT, lambda: busy)


def remind_each(
    ledger: Ledger,
    settings: EmailSettings | None,
    people: Mapping[str, str],
    today: date,
    *,
    dry_run: bool = False,
    force: bool = False,
    config_path: Path | None = None,
    on_sent: Callable[[Reminder], None] | None = None,
) -> list[Reminder]:
    """``remind --each``: each person in ``people`` (name: address) gets a
    digest of the requests assigned to them, plus every request assigned to
    nobody or to someone with no address here (so nothing falls between
    people). Each digest is sent as ``remind`` sends one: at most once a day
    per address, recorded only once the server accepted it; a failure stops
    the run (exit 1) with the digests already accepted recorded, so the next
    run sends the rest. ``on_sent`` hears of each digest as it is accepted.
    """
    from foitrack.notify.email import build_message

    settings = _required(settings, config_path)
    if not people:
        raise ConfigError(
            f"remind --each sends to the people in your config, and {_where(config_path)} "
            'lists none: add [people.NAME] with email = "..." for each'
        )
    results = []
    with _remind_lock(ledger):
        sent_today = {d.recipient for d in ledger.store.digests() if d.day == today}
        everything, unsent = daily(ledger, today)
        unsent_line = unsent_note(unsent)
        waiting = ledger.waiting_mail()
        assigned = {
            name: {item.request.id for item in daily_check(ledger, today, assignees=(name,))}
            for name in people
        }
        theirs = set().union(*assigned.values())
        for name, address in sorted(people.items()):
            if address in sent_today and not force and not dry_run:
                results.append(Reminder("already-sent", None, address))
                continue
            own = assigned[name]
            items = [i for i in everything if i.request.id in own or i.request.id not in theirs]
            if not items:
                results.append(Reminder("nothing-due", None, address))
                continue
            intro = _for_whom(name, len([i for i in items if i.request.id in own]), len(items))
            message = build_message(
                replace(settings, to=(address,)),
                f"foitrack for {name}: {headline(items)}",
                f"{intro}\n\n"
                + render_text(items, today)
                + note_text(unsent_line)
                + inbox_text(waiting),
                inbox_html(
                    note_html(_html_intro(render_html(items, today), intro), unsent_line), waiting
                ),
                config_path,
            )
            if dry_run:
                results.append(Reminder("dry-run", message, address))
                continue
            _send_once(ledger, settings, message, address, today)
            sent_today.add(address)
            result = Reminder("sent", message, address)
            results.append(result)
            if on_sent is not None:
                on_sent(result)
    return results


def _for_whom(name: str, own: int, count: int) -> str:
    shared = count - own
    return (
        f"For {name}: {own} assigned to you, {shared} assigned to nobody with an address "
        "here (everyone gets those; foitrack assign ID PERSON gives one to someone)."
    )


def _html_intro(page: str, intro: str) -> str:
    import html

    return page.replace("</h2>", f"</h2>\n<p>{html.escape(intro)}</p>", 1)
