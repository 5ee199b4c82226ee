"""``foitrack calendar``: open deadlines as an iCalendar file."""

from __future__ import annotations

from typing import Annotated

import typer

from foitrack.cli import options
from foitrack.cli.application import app


@app.command(
    epilog=(
        "Examples:\n\n"
        "  foitrack calendar -o ~/foi-deadlines.ics\n\n"
        "  foitrack calendar --campaign lfr-2025 > lfr.ics"
    )
)
def calendar(
    output: options.Output = None,
    campaign: Annotated[str | None, typer.Option(help="Only this campaign.")] = None,
    today: options.Today = None,
    ledger: options.Ledger = None,
) -> None:
    """Write every open deadline as an all-day event in an iCalendar (.ics) file.

    Event UIDs are stable, so importing a newer file updates your calendar
    instead of duplicating events.
    """

    from foitrack.cli.context import Env
    from foitrack.services.calendar import deadline_calendar

    env = Env(today=today, ledger=ledger)
    with env.ledger() as opened:
        data = deadline_calendar(opened, env.today, campaign)
    from foitrack.cli.render import emit

    emit(data.decode("utf-8"), output)
