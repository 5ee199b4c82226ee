"""``foitrack send`` and ``foitrack inbox``: the mail loop."""

from __future__ import annotations

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
