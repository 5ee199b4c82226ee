"""``foitrack send`` and ``foitrack inbox``: the mail loop."""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path
from typing import Annotated

import typer

from foitrack.cli import options
from foitrack.cli.application import app


@app.command(
    epilog=(
        "Examples:\n\n"
        "  foitrack send 12\n\n"
        "  foitrack send --campaign lfr-2025 --dry-run\n\n"
        "  foitrack send --campaign lfr-2025"
    )
)
def send(
    ids: Annotated[
        list[int] | None, typer.Argument(metavar="[ID]...", help="The requests to send.")
    ] = None,
    campaign: Annotated[
        str | None, typer.Option(help="Every request of this campaign still to send.")
    ] = None,
    dry_run: Annotated[
        bool,
        typer.Option("--dry-run", help="Show exactly what would go out, and send nothing."),
    ] = False,
    today: options.Today = None,
    ledger: options.Ledger = None,
) -> None:
    """Email requests added with --unsent to their authorities' addresses.

    Through the \\[email] settings 'remind' uses. Each message carries a
    Message-ID foitrack made and a subject tag like [FOI #12 k3f9q2], so
    replies find their request ('foitrack inbox'). The 'sent' event is
    recorded, once, only after the mail server accepted the message; a
    failure exits 1 and records nothing for the message that failed.
    """
    from foitrack.cli.context import Env
    from foitrack.services.send import send_requests

    env = Env(today=today, ledger=ledger)

    def said(item: object) -> None:
        request = item.request  # type: ignore[attr-defined]
        message = item.message  # type: ignore[attr-defined]
        typer.echo(f"sent request {request.id} to {message['To']}: {message['Message-ID']}")

    with env.ledger() as opened:
        items = send_requests(
            opened, env.config.email, ids or (), campaign, env.today, dry_run=dry_run, on_sent=said
        )
    if dry_run:
        from foitrack.notify.email import readable

        for index, item in enumerate(items):
            if index:
                typer.echo("-" * 60)
            typer.echo(f"Message-ID: {item.message['Message-ID']}")
            typer.echo(readable(item.message), nl=False)
        typer.echo(f"(dry run: {len(items)} messages, nothing sent)")


inbox_app = typer.Typer(
    help="Replies from the mailbox, matched to their requests: list, accept, dismiss.",
    invoke_without_command=True,
    epilog=(
        "Examples:\n\n"
        "  foitrack inbox fetch\n\n"
        "  foitrack inbox\n\n"
        "  foitrack inbox accept 3 4\n\n"
        "  foitrack inbox assign 5 12\n\n"
        "  # crontab: every hour, record what is sure, leave the rest\n"
        "  0 * * * *  foitrack inbox fetch --auto --quiet"
    ),
)
app.add_typer(inbox_app, name="inbox")


@inbox_app.callback()
def inbox(
    ctx: typer.Context,
    every: Annotated[
        bool, typer.Option("--all", help="Every message, recorded and dismissed ones too.")
    ] = False,
    json: options.Json = False,
    ledger: options.Ledger = None,
) -> None:
    """List the messages waiting for you, each with the event it proposes.

    Each says which request it belongs to and by which rule (thread, tag,
    their_ref, domain, assigned), how sure foitrack is, and any note.
    """
    if ctx.invoked_subcommand is not None:
        return
    from foitrack.cli.context import Env
    from foitrack.services.inbox import item, messages

    with Env(ledger=ledger).ledger() as opened:
        found = messages(opened, every=every)
    items = [item(m) for m in found]
    if json:
        from foitrack.cli.render import print_json

        print_json({"items": items})
        return
    if not items:
        typer.echo("no message waits: foitrack inbox fetch reads new ones")
        return
    from foitrack.text import one_line

    for entry in items:
        event = entry["event"]
        what = event["type"] or "unknown"
        if event["outcome"]:
            what += f" ({event['outcome']}"
            what += f", {' '.join(event['exemptions'])})" if event["exemptions"] else ")"
        if event["their_ref"]:
            what += f", their ref {event['their_ref']}"
        request = (
            f"request {entry['request_id']} by {entry['rule']}"
            if entry["request_id"] is not None
            else "no request"
        )
        typer.echo(
            one_line(
                f"{entry['number']:>4}  {entry['status']:<9} {event['date'] or '?':<10}  "
                f"{what}  [{request}, {entry['confidence']:.0%}]"
            )
        )
        typer.echo(one_line(f"      from {entry['from']}: {entry['subject']}"))
        if entry["note"]:
            typer.echo(one_line(f"      note: {entry['note']}"))


@inbox_app.command("fetch")
def fetch(
    files: Annotated[
        list[Path] | None,
        typer.Argument(metavar="[FILE.eml]...", help="Messages saved as files.", dir_okay=False),
    ] = None,
    maildir: Annotated[
        Path | None, typer.Option(help="Read this Maildir instead of [inbox].", file_okay=False)
    ] = None,
    mbox: Annotated[
        Path | None, typer.Option(help="Read this mbox instead of [inbox].", dir_okay=False)
    ] = None,
    auto: Annotated[
        bool,
        typer.Option(
            "--auto",
            help="Record at once what is at least inbox.threshold sure and from the "
            "authority's own address; leave the rest for you.",
        ),
    ] = False,
    threshold: Annotated[
        float | None,
        typer.Option(min=0.01, max=1.0, help="With --auto: instead of inbox.threshold."),
    ] = None,
    quiet: Annotated[bool, typer.Option("--quiet", "-q", help="Print only what waits.")] = False,
    today: options.Today = None,
    ledger: options.Ledger = None,
) -> None:
    """Read new messages from the mailbox in config.toml ([inbox]), or from
    --maildir, --mbox or .eml files, and match each to its request.

    Read-only: the mailbox is yours (IMAP flags change only with
    inbox.mark_seen = true). A message already taken (same Message-ID, or the
    same bytes) is never taken again. A mailbox that cannot be reached exits 1
    and records nothing.
    """
    from foitrack.cli.context import Env
    from foitrack.core.errors import ConfigError
    from foitrack.mail import sources
    from foitrack.services.digest import inbox_note
    from foitrack.services.inbox import cursor, held_mail, move_cursor, taken_names
    from foitrack.services.inbox import fetch as take

    env = Env(today=today, ledger=ledger)
    settings = env.config.inbox
    given = [bool(files), maildir is not None, mbox is not None]
    if sum(given) > 1:
        from foitrack.core.errors import FoitrackError

        raise FoitrackError("read one source at a time: .eml files, --maildir or --mbox")
    cursor_source: str | None = None
    new_cursor: str | None = None
    box: sources.Mbox | None = None
    with env.ledger() as opened:
        from foitrack.core.errors import OperationFailed

        busy = OperationFailed(
            f"another foitrack inbox fetch has held the lock of {opened.location} for 120 s"
        )
        # Two desks' cron jobs at once: the second waits, then finds the messages
        # taken (what the ledger holds is read inside the lock, not before it).
        with opened.exclusive("inbox", 120.0, lambda: busy):
            held = held_mail(opened)
            raws: Iterable[sources.Raw]
            if files:
                raws, name = sources.eml_files(list(files)), "files"
            elif maildir is not None or (not any(given) and settings and settings.maildir):
                folder = maildir or settings.maildir  # type: ignore[union-attr]
                assert folder is not None
                raws, name = sources.maildir(folder, taken_names(held)), f"maildir {folder}"
            elif mbox is not None or (not any(given) and settings and settings.mbox):
                path = mbox or settings.mbox  # type: ignore[union-attr]
                assert path is not None
                cursor_source = f"mbox {path.expanduser().resolve()}"
                box = sources.mbox(path, cursor(opened, cursor_source))
                raws, name = box, f"mbox {path}"
            elif settings is not None and settings.host:
                imap = sources.ImapSettings(
                    settings.host,
                    settings.port,
                    settings.security,
                    settings.user or "",
                    settings.folder,
                    settings.password_command,
                    settings.mark_seen,
                    settings.timeout,
                )
                cursor_source = imap.name
                fetched, new_cursor = sources.imap(imap, cursor(opened, imap.name))
                raws, name = (raw for raw, _ in fetched), imap.name
            else:
                raise ConfigError(
                    "no mailbox to read: add an [inbox] table to config.toml (see the README's "
                    "'Mailbox'), or give --maildir DIR, --mbox FILE or .eml files"
                )
            limit = threshold or (settings.threshold if settings else 0.85)
            done = take(opened, raws, name, env.today, threshold=limit if auto else None, held=held)
            if box is not None:
                new_cursor = box.cursor
            if cursor_source and new_cursor:
                move_cursor(opened, cursor_source, new_cursor)
        waiting = opened.waiting_mail()
    recorded = [m for m in done.new if m.status == "recorded"]
    if not quiet:
        typer.echo(
            f"{len(done.new)} new messages ({done.seen} seen before), {len(recorded)} recorded"
        )
        for mail in recorded:
            event = (mail.event or {}).get("type") or "note"
            typer.echo(f"  request {mail.request_id}: {event} on {(mail.event or {}).get('date')}")
    note = inbox_note(waiting)
    if note:
        typer.echo(note)


@inbox_app.command("accept")
def accept(
    numbers: Annotated[
        list[int] | None, typer.Argument(metavar="[N]...", help="The messages' numbers.")
    ] = None,
    every: Annotated[bool, typer.Option("--all", help="Every message that waits.")] = False,
    today: options.Today = None,
    ledger: options.Ledger = None,
) -> None:
    """Record the events the messages propose (all of them, or none).

    Example: foitrack inbox accept 3 4
    """
    from foitrack.cli.context import Env
    from foitrack.core.errors import FoitrackError
    from foitrack.services.inbox import accept as record
    from foitrack.services.inbox import waiting

    if bool(numbers) == every:
        raise FoitrackError("name the messages (foitrack inbox accept 3 4) or give --all")
    env = Env(today=today, ledger=ledger)
    with env.ledger() as opened:
        chosen = [m.number for m in waiting(opened)] if every else list(numbers or ())
        if not chosen:
            typer.echo("no message waits")
            return
        done = record(opened, chosen, env.today)
    for mail in done:
        event = (mail.event or {}).get("type") or "note"
        typer.echo(f"message {mail.number}: request {mail.request_id}: recorded {event}")


@inbox_app.command("dismiss")
def dismiss(
    number: Annotated[int, typer.Argument(metavar="N")],
    ledger: options.Ledger = None,
) -> None:
    """Set a message aside: nothing is recorded (it stays on the list with --all).

    Example: foitrack inbox dismiss 5
    """
    from foitrack.cli.context import Env
    from foitrack.services.inbox import dismiss as set_aside

    with Env(ledger=ledger).ledger() as opened:
        mail = set_aside(opened, number)
    typer.echo(f"message {mail.number} dismissed")


@inbox_app.command("assign")
def assign(
    message: Annotated[str, typer.Argument(metavar="MSG", help="Its number or Message-ID.")],
    request_id: Annotated[int, typer.Argument(metavar="ID", help="The request.")],
    ledger: options.Ledger = None,
) -> None:
    """File a message under a request by hand; then accept it.

    Example: foitrack inbox assign 5 12
    """
    from foitrack.cli.context import Env
    from foitrack.services.inbox import assign as file_under

    with Env(ledger=ledger).ledger() as opened:
        mail = file_under(opened, message, request_id)
    typer.echo(
        f"message {mail.number} filed under request {mail.request_id}: "
        f"foitrack inbox accept {mail.number}"
    )
