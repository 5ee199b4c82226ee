"""``foitrack due``: the daily check. Plain text on purpose: it must start fast."""

from __future__ import annotations

from typing import Annotated

import typer

from foitrack.cli import options
from foitrack.cli.application import app
from foitrack.services.limits import DEFAULT_WITHIN, WITHIN


@app.command(
    epilog=(
        "Examples:\n\n"
        "  foitrack due\n\n"
        "  foitrack due --within 10 --campaign lfr-2025\n\n"
        "  foitrack due --expand   # every request on its own lines\n\n"
        "  foitrack due --mine   # what is assigned to you\n\n"
        "  foitrack due --today 2025-06-20 --json\n\n"
        "  foitrack due --quiet   # for cron: silent when nothing needs doing"
    )
)
def due(
    within: Annotated[
        int,
        typer.Option(
            min=WITHIN.start, max=WITHIN.stop - 1, help="Show responses due within N working days."
        ),
    ] = DEFAULT_WITHIN,
    campaign: Annotated[str | None, typer.Option(help="Only this campaign.")] = None,
    authority: Annotated[
        list[str] | None,
        typer.Option(help="Only this authority or group (repeatable).", show_default=False),
    ] = None,
    quiet: Annotated[
        bool, typer.Option("--quiet", "-q", help="Print nothing when nothing needs doing.")
    ] = False,
    fail_if_overdue: Annotated[
        bool,
        typer.Option("--fail-if-overdue", help="Exit 1 when a response or a review is overdue."),
    ] = False,
    expand: Annotated[
        bool,
        typer.Option(
            "--expand",
            help="One entry per request, instead of a block per campaign and next step.",
        ),
    ] = False,
    mine: options.Mine = False,
    assignee: options.Assignee = None,
    json: options.Json = False,
    today: options.Today = None,
    ledger: options.Ledger = None,
) -> None:
    """What needs doing today: overdue responses and reviews, responses due
    soon, review windows and regulator windows still open, most urgent first.

    A campaign's requests in the same situation with the same next step show
    as one block, with the command that acts on all of them; --expand lists
    each. Working days are counted in each request's own regime: 0 on the
    date, -1 the working day after.
    """
    from foitrack.cli.daily import run_due

    code = run_due(
        within=within,
        campaign=campaign,
        authorities=authority or (),
        quiet=quiet,
        fail_if_overdue=fail_if_overdue,
        json=json,
        expand=expand,
        mine=mine,
        assignee=assignee,
        today=today,
        ledger=ledger,
    )
    if code:
        raise typer.Exit(code)
