"""Every command registered on the typer application.

Importing this module registers every command on :data:`app`; the command
bodies import their services lazily, so a command pays only for itself.
"""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from foitrack import __version__

# Importing a command module registers its commands (cheap: bodies import lazily).
from foitrack.cli import authorities as _authorities  # noqa: F401
from foitrack.cli import calendar as _calendar  # noqa: F401
from foitrack.cli import deadline as _deadline  # noqa: F401
from foitrack.cli import doctor as _doctor  # noqa: F401
from foitrack.cli import due as _due
from foitrack.cli import intake as _intake  # noqa: F401
from foitrack.cli import mail as _mail  # noqa: F401
from foitrack.cli import people as _people  # noqa: F401
from foitrack.cli import remind as _remind  # noqa: F401
from foitrack.cli import reports as _reports  # noqa: F401
from foitrack.cli import requests as _requests  # noqa: F401
from foitrack.cli import transfer as _transfer  # noqa: F401
from foitrack.cli.application import ExitCode, app

__all__ = ["ExitCode", "app", "main"]


def _version(value: bool) -> None:
    if value:
        typer.echo(f"foitrack {__version__}")
        raise typer.Exit()


@app.callback(invoke_without_command=True)
def _root(
    ctx: typer.Context,
    version: Annotated[
        bool,
        typer.Option(
            "--version", callback=_version, is_eager=True, help="Show the version and exit."
        ),
    ] = False,
    ledger: Annotated[
        Path | None,
        typer.Option(
            "--ledger",
            metavar="PATH",
            help="With no command: the daily check of this ledger "
            "(foitrack --ledger work.db is foitrack due --ledger work.db).",
            show_default=False,
            dir_okay=False,
        ),
    ] = None,
    today: Annotated[
        str | None,
        typer.Option(
            "--today", metavar="DATE", help="With no command: the daily check as of DATE."
        ),
    ] = None,
) -> None:
    if ctx.invoked_subcommand is not None:
        if ledger is not None or today is not None:
            from foitrack.core.errors import FoitrackError

            option = "--ledger" if ledger is not None else "--today"
            raise FoitrackError(
                f"give {option} after the command: foitrack {ctx.invoked_subcommand} {option} ..."
            )
        return
    # Like taskwarrior's next list: with a ledger, no command means the daily check.
    from foitrack.services.ledger import ledger_path

    if ledger is not None or today is not None or ledger_path(None).exists():
        ctx.invoke(_due.due, ledger=ledger, today=today)
    else:
        typer.echo(ctx.get_help())


def main() -> None:
    app()
