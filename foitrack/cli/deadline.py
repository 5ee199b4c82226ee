"""``foitrack deadline``: the statutory dates for a request received on a day."""

from __future__ import annotations

from typing import Annotated

import typer

from foitrack.cli import options
from foitrack.cli.application import app
from foitrack.core.regimes import calendars_in_words

_LABELS = {
    "response_due": "Response due",
    "extended_due_max": "Longest extension",
    "long_overdue": "Long overdue after",
    "review_request_by": "Ask for a review by",
    "review_response_due": "Review answer due",
    "review_response_max": "Review answer at the latest",
    "regulator_by": "Complain to the regulator by",
}


@app.command(
    help=(
        "Show the response deadline for a request received on DATE.\n\n"
        "The day of receipt is day 0; the response is due on the 20th working day. "
        f"{calendars_in_words()}. Numeric dates are read day first: 03/04/2025 is 3 April."
    ),
    epilog=(
        "Examples:\n\n"
        "  foitrack deadline 2025-03-10\n\n"
        "  foitrack deadline '10 March 2025' --regime foisa --explain\n\n"
        "  foitrack deadline 10/03/2025 --responded 2025-04-02 --json"
    ),
)
def deadline(
    received: Annotated[
        str, typer.Argument(metavar="DATE", help="The date the authority received the request.")
    ],
    regime: options.Regime = None,
    responded: Annotated[
        str | None,
        typer.Option(
            metavar="DATE", help="The response date: adds the review and regulator windows."
        ),
    ] = None,
    review_requested: Annotated[
        str | None,
        typer.Option(
            metavar="DATE",
            help="When the review was asked for (default: the last day allowed).",
        ),
    ] = None,
    window: Annotated[
        str | None,
        typer.Option(
            metavar="TEXT",
            help="The review window the response states, e.g. '40 days' or 'two months'.",
        ),
    ] = None,
    explain: Annotated[
        bool, typer.Option("--explain", help="List each day counted and each day skipped.")
    ] = False,
    json: options.Json = False,
) -> None:
    # The help text is the decorator's: it names the regimes from core/regimes.py.
    from foitrack.cli.context import Env
    from foitrack.core.dates import parse_date
    from foitrack.core.events import parse_window
    from foitrack.core.regimes import DEFAULT_REGIME, get_regime
    from foitrack.services.deadlines import compute_deadline

    env = Env()
    report = compute_deadline(
        get_regime(regime) if regime else DEFAULT_REGIME,
        parse_date(received),
        env.calendars,
        responded=parse_date(responded) if responded else None,
        review_requested=parse_date(review_requested) if review_requested else None,
        window=parse_window(window) if window else None,
    )
    if json:
        from foitrack.cli.render import print_json

        print_json(report.to_json())
        return
    _print(report, explain)


def _print(report, explain: bool) -> None:  # type: ignore[no-untyped-def]
    from rich.table import Table

    from foitrack.cli.render import console, day
    from foitrack.core.lifecycle import DEADLINE_NAMES

    out = console()
    regime = report.regime
    out.print(f"[bold]{regime.code.upper()}[/] request received {day(report.received)} (day 0)")
    table = Table(box=None, show_header=False, pad_edge=False)
    table.add_column(style="bold")
    table.add_column()
    table.add_column(style="dim")
    for name in DEADLINE_NAMES:
        deadline = report.state.deadlines.get(name)
        if deadline is None or name not in _LABELS:
            continue
        label = _LABELS[name]
        if name == "regulator_by":
            label = f"Complain to the {regime.regulator_short} by"
        table.add_row(label, day(deadline.date), deadline.explain() if explain else deadline.source)
    out.print(table)
    if report.review_assumed and report.review_requested:
        out.print(
            f"[dim]The review dates assume it is asked for on the last day, "
            f"{day(report.review_requested)}.[/]"
        )
    for note in report.notes:
        out.print(f"Note: {note}")
    for warning in report.state.warnings:
        out.print(f"[yellow]Warning:[/] {warning}")
    if explain:
        _print_days(out, report)


def _print_days(out, report) -> None:  # type: ignore[no-untyped-def]
    from rich.table import Table

    from foitrack.cli.render import day

    table = Table(title="How the days were counted", title_justify="left", box=None)
    table.add_column("Date")
    table.add_column("Day", justify="right")
    table.add_column("Why not counted")
    for line in report.days:
        if line.skipped is None:
            table.add_row(day(line.date), str(line.working_day), "")
        else:
            reason = line.skipped.reason(report.regime.nations, report.regime.calendar_source)
            table.add_row(f"[dim]{day(line.date)}[/]", "-", f"[dim]{reason}[/]")
    out.print(table)
