"""``foitrack remind``: email the daily check."""

from __future__ import annotations

from typing import TYPE_CHECKING, Annotated

import typer

from foitrack.cli import options
from foitrack.cli.application import app

if TYPE_CHECKING:
    from foitrack.cli.context import Env


@app.command(
    epilog=(
        "Examples:\n\n"
        "  foitrack remind\n\n"
        "  foitrack remind --dry-run\n\n"
        "  foitrack remind --dry-run --raw > digest.eml\n\n"
        "  foitrack remind --each   # each person in [people] gets their own items\n\n"
        "  # crontab: weekdays at 7:30\n"
        "  30 7 * * 1-5  foitrack remind"
    )
)
def remind(
    dry_run: Annotated[
        bool,
        typer.Option(
            "--dry-run",
            help="Show the message as its reader will see it (headers, then the text) "
            "instead of sending it.",
        ),
    ] = False,
    raw: Annotated[
        bool,
        typer.Option("--raw", help="With --dry-run: print the MIME message as it would be sent."),
    ] = False,
    force: Annotated[
        bool, typer.Option("--force", help="Send even if today's digest was already sent.")
    ] = False,
    each: Annotated[
        bool,
        typer.Option(
            "--each",
            help="Send each person in \\[people] a digest of their own items, and of "
            "those assigned to nobody, instead of the whole check to \\[email] to.",
        ),
    ] = False,
    today: options.Today = None,
    ledger: options.Ledger = None,
) -> None:
    """Email the daily check to the address in your config (\\[email] in config.toml).

    Nothing due, nothing sent; at most one digest a day per recipient. A
    failure (server down, login refused, 4xx or 5xx) exits 1 and records
    nothing, so the next run sends.
    """
    from foitrack import paths
    from foitrack.cli.context import Env
    from foitrack.core.errors import FoitrackError
    from foitrack.services.remind import remind as send_digest

    if raw and not dry_run:
        raise FoitrackError("--raw goes with --dry-run: foitrack remind --dry-run --raw")
    env = Env(today=today, ledger=ledger)
    settings = env.config.email
    _warn_if_others_can_read(env.config.path)
    if each:
        _remind_each(env, dry_run=dry_run, raw=raw, force=force)
        return
    with env.ledger() as opened:
        outcome = send_digest(
            opened,
            settings,
            env.today,
            dry_run=dry_run,
            force=force,
            config_path=env.config.path or paths.config_file(),
        )
    if outcome.result == "dry-run" and outcome.message is not None:
        from foitrack.notify.email import readable

        typer.echo(outcome.message.as_string() if raw else readable(outcome.message), nl=raw)
    elif outcome.result == "sent" and outcome.message is not None:
        typer.echo(f"sent '{outcome.message['Subject']}' to {outcome.recipient}")
    elif outcome.result == "already-sent":
        typer.echo(f"today's digest was already sent to {outcome.recipient}; --force sends again")
    else:
        typer.echo("nothing due: no email sent")


def _remind_each(env: Env, *, dry_run: bool, raw: bool, force: bool) -> None:
    from foitrack import paths
    from foitrack.services.remind import Reminder, remind_each

    def said(sent: Reminder) -> None:
        assert sent.message is not None
        typer.echo(f"sent '{sent.message['Subject']}' to {sent.recipient}")

    with env.ledger() as opened:
        outcomes = remind_each(
            opened,
            env.config.email,
            env.config.people,
            env.today,
            dry_run=dry_run,
            force=force,
            config_path=env.config.path or paths.config_file(),
            on_sent=said,
        )
    shown = 0
    for outcome in outcomes:
        if outcome.result == "dry-run" and outcome.message is not None:
            from foitrack.notify.email import readable

            if shown:
                typer.echo("-" * 60)
            shown += 1
            message = outcome.message
            typer.echo(message.as_string() if raw else readable(message), nl=raw)
        elif outcome.result == "already-sent":
            typer.echo(
                f"today's digest was already sent to {outcome.recipient}; --force sends again"
            )
        elif outcome.result == "nothing-due":
            typer.echo(f"nothing due for {outcome.recipient}: no email sent")


def _warn_if_others_can_read(path: object) -> None:
    """The config names the mail login and how to get its password: keep it private."""
    import stat
    from pathlib import Path

    if not isinstance(path, Path):
        return
    try:
        mode = stat.S_IMODE(path.stat().st_mode)
    except OSError:
        return
    if mode & 0o077:
        typer.echo(
            f"foitrack: warning: {path} can be read by others (mode {mode:o}): chmod 600 {path}",
            err=True,
        )
