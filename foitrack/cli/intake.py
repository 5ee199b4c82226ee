"""``foitrack classify``, ``foitrack respond`` and ``foitrack draft``."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from foitrack.cli import options
from foitrack.cli.application import app

_FILE = typer.Argument(
    metavar="FILE", help="The response: .txt, .md, .html, .pdf (text layer) or .eml."
)


@app.command(
    epilog=(
        "Examples:\n\n"
        "  foitrack classify response.pdf\n\n"
        "  foitrack classify reply.eml --json\n\n"
        "  foitrack classify letter.txt --explain"
    )
)
def classify(
    file: Annotated[Path, _FILE],
    explain: Annotated[
        bool, typer.Option("--explain", help="Show the text each finding came from.")
    ] = False,
    json: options.Json = False,
) -> None:
    """Read a response: outcome, exemptions, NCND, their reference, dates, review window."""
    from foitrack.services.respond import classify_file

    _, found = classify_file(file)
    data = found.to_json(explain=explain)
    if json:
        from foitrack.cli.render import print_json

        print_json(data)
        return
    _print_findings(data, explain)


def _print_findings(data: dict, explain: bool) -> None:  # type: ignore[type-arg]
    from rich.table import Table

    from foitrack.cli.render import console, shown

    table = Table(box=None, show_header=False, pad_edge=False)
    table.add_column(style="bold", no_wrap=True)
    table.add_column()
    reasons = data.get("explain", {})
    for key in (
        "outcome", "exemptions", "provisions", "ncnd", "their_ref", "date", "received",
        "review_window", "regime", "regulator", "is_review",
    ):  # fmt: skip
        value = data[key]
        if isinstance(value, list):
            text = ", ".join(value) or "-"
        elif isinstance(value, dict):
            text = f"{value['length']} {value['unit']}"
        elif value is None:
            text = "-"
        else:
            text = str(value).lower() if isinstance(value, bool) else str(value)
        table.add_row(key.replace("_", " "), shown(text))
        if explain and reasons.get(key):
            quotes = reasons[key] if isinstance(reasons[key], list) else [reasons[key]]
            for quote in quotes:
                table.add_row("", f"[dim]“{shown(quote)}”[/]")
    console().print(table)


@app.command(
    epilog=(
        "Examples:\n\n"
        "  foitrack respond 12 --file response.pdf\n\n"
        "  foitrack respond 12 --file reply.eml --yes\n\n"
        "  foitrack respond 12 --file letter.txt --outcome partial --exemption 's40(2)'"
    )
)
def respond(
    request_id: Annotated[int, typer.Argument(metavar="ID", help="The request's id.")],
    file: Annotated[Path, typer.Option("--file", "-f", help="The response file.")],
    yes: Annotated[bool, typer.Option("--yes", "-y", help="Log it without asking.")] = False,
    outcome: Annotated[str | None, typer.Option(help="Override the outcome read.")] = None,
    exemption: Annotated[
        list[str] | None, typer.Option(help="Override the exemptions read (repeatable).")
    ] = None,
    ref: Annotated[str | None, typer.Option(help="Override their reference.")] = None,
    window: Annotated[
        str | None, typer.Option(metavar="TEXT", help="Override the review window read.")
    ] = None,
    date: Annotated[
        str | None, typer.Option(metavar="DATE", help="Override the response date read.")
    ] = None,
    json: options.Json = False,
    today: options.Today = None,
    ledger: options.Ledger = None,
) -> None:
    """Read a response file and log it against a request.

    Shows what was found and what will be logged (a response, or a review's
    answer when a review is pending), asks, then logs it with a copy of the
    file kept beside the ledger. Flags override anything read.
    """
    import sys

    from foitrack.cli.context import Env
    from foitrack.cli.render import report_change
    from foitrack.core.errors import FoitrackError
    from foitrack.core.events import normalise_exemption, parse_outcome, parse_window
    from foitrack.services.respond import (
        Overrides,
        classify_file,
        planned_event,
        record_response,
    )
    from foitrack.store.codec import encode_event

    env = Env(today=today, ledger=ledger)
    overrides = Overrides(
        outcome=parse_outcome(outcome) if outcome else None,
        exemptions=tuple(normalise_exemption(e) for e in exemption) if exemption else None,
        ref=ref,
        window=parse_window(window) if window else None,
        date=env.past_date(date, "--date") if date else None,
    )
    _, found = classify_file(file)
    with env.ledger() as opened:
        request = opened.store.get(request_id)
        event = planned_event(request, found, overrides, env.today)
        record = {k: v for k, v in encode_event(event).items()}
        if not yes:
            if not sys.stdin.isatty():
                raise FoitrackError("respond asks before logging: add --yes to log without asking")
            from foitrack.services.due import one_line

            typer.echo(f"Request {request.id}: {one_line(request.title)}")
            for key, value in record.items():
                text = ", ".join(value) if isinstance(value, list) else str(value)
                typer.echo(f"  {key}: {one_line(text)}")
            if not typer.confirm("Log this?", default=True):
                typer.echo("nothing logged")
                return
        updated = record_response(opened, request_id, event, file)
        state = opened.derive(updated)
        report_change(opened, updated, state, env, json, f"logged {event.type} on {event.date}")


@app.command(
    epilog=(
        "Examples:\n\n"
        "  foitrack draft chase 12\n\n"
        "  foitrack draft review 12 -o review-request.txt\n\n"
        "  foitrack draft complaint 12\n\n"
        "Templates: copy any file from foitrack/letters/templates into "
        "~/.config/foitrack/templates/ to change the wording."
    )
)
def draft(
    kind: Annotated[str, typer.Argument(metavar="KIND", help="chase, review or complaint.")],
    request_id: Annotated[int, typer.Argument(metavar="ID", help="The request's id.")],
    output: options.Output = None,
    today: options.Today = None,
    ledger: options.Ledger = None,
) -> None:
    """Draft the next letter: a chaser, an internal review request, or a complaint
    to the ICO (or the Scottish Information Commissioner under FOISA)."""
    from foitrack import paths
    from foitrack.cli.context import Env
    from foitrack.core.regimes import get_regime
    from foitrack.letters import draft as write_letter

    env = Env(today=today, ledger=ledger)
    with env.ledger() as opened:
        request = opened.store.get(request_id)
        state = opened.derive(request)
        regime = get_regime(request.regime)
        letter = write_letter(
            kind.lower(),
            request,
            state,
            opened.directory.display_name(request.authority),
            regime,
            opened.derive.calendars.for_regime(regime),
            env.today,
            signature=env.config.signature,
            config_dir=paths.config_dir(),
        )
    from foitrack.cli.render import emit

    emit(letter.text, output)
