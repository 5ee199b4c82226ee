"""``foitrack classify``, ``foitrack respond`` and ``foitrack draft``."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from foitrack.cli import options
from foitrack.cli.application import app
from foitrack.core.regimes import regulators_in_words

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
        if key in data.get("unsure", ()):
            text += " (unsure)"
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
    no_exemptions: Annotated[
        bool, typer.Option("--no-exemptions", help="Log no exemptions (clears those read).")
    ] = False,
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

    The letter's own date is the event's date. What it is unsure of (no
    outcome, a guessed one, no date, an inferred exemption) is said before
    asking, and on stderr with --yes. The same file logged twice for a
    request is refused, and so is an exemption the Act does not have.
    """
    import sys

    from foitrack.cli.context import Env
    from foitrack.cli.render import report_change
    from foitrack.core.errors import FoitrackError
    from foitrack.core.events import normalise_exemption, parse_outcome, parse_window
    from foitrack.services.respond import (
        Overrides,
        classify_file,
        plan_response,
        record_response,
    )

    env = Env(today=today, ledger=ledger)
    if no_exemptions and exemption:
        raise FoitrackError("--no-exemptions and --exemption contradict each other: give one")
    overrides = Overrides(
        outcome=parse_outcome(outcome) if outcome else None,
        exemptions=()
        if no_exemptions
        else (tuple(normalise_exemption(e) for e in exemption) if exemption else None),
        ref=ref,
        window=parse_window(window) if window else None,
        date=env.past_date(date, "--date") if date else None,
    )
    _, found = classify_file(file)
    with env.ledger() as opened:
        planned = plan_response(opened, request_id, found, file, overrides, env.today)
        request, event, unsure = planned.request, planned.event, planned.unsure
        if yes:
            for line in unsure:
                typer.echo(f"foitrack: unsure: {line}", err=True)
        else:
            if not sys.stdin.isatty():
                raise FoitrackError("respond asks before logging: add --yes to log without asking")
            from foitrack.text import one_line

            typer.echo(f"Request {request.id}: {one_line(request.title)}")
            for key, value in planned.record.items():
                text = ", ".join(value) if isinstance(value, list) else str(value)
                typer.echo(f"  {key}: {one_line(text)}")
            for line in unsure:
                typer.echo(f"  unsure: {line}")
            if not typer.confirm("Log this?", default=not unsure):
                typer.echo("nothing logged")
                return
        updated = record_response(opened, request_id, event, file)
        state = opened.derive(updated)
        report_change(opened, updated, state, env, json, f"logged {event.type} on {event.date}")


@app.command(
    help=(
        "Draft the next letter: a chaser, an internal review request, or a complaint "
        f"to {regulators_in_words()}.\n\n"
        "With --campaign, a letter for each of the campaign's requests it fits (the "
        "others are listed with the reason), into a folder (-o) or a mail-merge "
        "CSV (--csv). --sent logs the letters as sent, all in one transaction. "
        "--send emails one request's letter through the [email] settings, threaded to "
        "the request, and logs it once the mail server accepted it."
    ),
    epilog=(
        "Examples:\n\n"
        "  foitrack draft chase 12\n\n"
        "  foitrack draft chase 12 --sent   # and log that the chaser went out today\n\n"
        "  foitrack draft review 12 -o review-request.txt\n\n"
        "  foitrack draft complaint 12\n\n"
        "  foitrack draft review 12 --send --dry-run   # exactly what would go out\n\n"
        "  foitrack draft review 12 --send\n\n"
        "  foitrack draft chase --campaign lfr-2025 -o chasers/   # one file per request\n\n"
        "  foitrack draft review --campaign lfr-2025 --csv reviews.csv   # a mail merge\n\n"
        "Templates: copy any file from foitrack/letters/templates into "
        "~/.config/foitrack/templates/ to change the wording."
    ),
)
def draft(
    kind: Annotated[str, typer.Argument(metavar="KIND", help="chase, review or complaint.")],
    request_id: Annotated[
        int | None,
        typer.Argument(
            metavar="[ID]", help="The request's id (or --campaign).", show_default=False
        ),
    ] = None,
    campaign: Annotated[
        str | None,
        typer.Option(help="Every request of this campaign the letter fits, at once."),
    ] = None,
    output: Annotated[
        Path | None,
        typer.Option(
            "--output",
            "-o",
            metavar="PATH",
            help="Write here (private, 0600) instead of stdout; with --campaign, a folder "
            "for one file per request.",
        ),
    ] = None,
    csv: Annotated[
        Path | None,
        typer.Option(
            "--csv",
            metavar="FILE",
            help="With --campaign: one mail-merge CSV (a row per letter) instead of files.",
            dir_okay=False,
        ),
    ] = None,
    sent: Annotated[
        bool,
        typer.Option(
            "--sent",
            help="Also log that you sent it today (chased, review-requested or complained).",
        ),
    ] = False,
    send: Annotated[
        bool,
        typer.Option(
            "--send",
            help="Email it (to the authority; a complaint to the regulator's recorded "
            "address) and log it once the mail server accepted it.",
        ),
    ] = False,
    dry_run: Annotated[
        bool,
        typer.Option("--dry-run", help="With --send: show exactly what would go out."),
    ] = False,
    today: options.Today = None,
    ledger: options.Ledger = None,
) -> None:
    # The help text is the decorator's: it names the regulators from core/regimes.py.
    from foitrack import paths
    from foitrack.cli.context import Env
    from foitrack.core.errors import FoitrackError
    from foitrack.letters import KINDS
    from foitrack.services.campaigns import draft_request, sent_event

    kind = kind.lower()
    if kind not in KINDS:
        raise FoitrackError(f"unknown letter {kind!r}: use one of {', '.join(KINDS)}")
    if (request_id is None) == (campaign is None):
        raise FoitrackError("name one request (foitrack draft chase 12) or --campaign C")
    if dry_run and not send:
        raise FoitrackError("--dry-run goes with --send")
    if send and (campaign is not None or csv is not None or sent or output is not None):
        raise FoitrackError(
            "--send emails one request's letter and logs it: without --campaign, --csv, "
            "--sent or -o"
        )
    if send:
        assert request_id is not None
        _send_letter(kind, request_id, dry_run, today, ledger)
        return
    if campaign is not None:
        _draft_campaign(kind, campaign, output, csv, sent, today, ledger)
        return
    if csv is not None:
        raise FoitrackError("--csv is for --campaign; for one letter use -o FILE")
    assert request_id is not None
    env = Env(today=today, ledger=ledger)
    with env.ledger() as opened:
        letter = draft_request(
            opened,
            kind,
            request_id,
            env.today,
            signature=env.config.signature,
            config_dir=paths.config_dir(),
            mark_sent=sent,
        )
    from foitrack.cli.render import emit

    emit(letter.text, output)
    if sent:
        typer.echo(
            f"request {request_id}: logged {sent_event(kind, env.today).type} on {env.today}",
            err=True,
        )


def _send_letter(
    kind: str, request_id: int, dry_run: bool, today: str | None, ledger: str | None
) -> None:
    """``draft KIND ID --send [--dry-run]``."""
    from foitrack import paths
    from foitrack.cli.context import Env
    from foitrack.services.send import send_letter

    env = Env(today=today, ledger=ledger)
    with env.ledger() as opened:
        out = send_letter(
            opened,
            env.config.email,
            kind,
            request_id,
            env.today,
            signature=env.config.signature,
            config_dir=paths.config_dir(),
            dry_run=dry_run,
        )
    message = out.message
    if dry_run:
        from foitrack.notify.email import readable

        typer.echo(f"Message-ID: {message['Message-ID']}")
        for name in ("In-Reply-To", "References"):
            if message[name]:
                typer.echo(f"{name}: {message[name]}")
        typer.echo(readable(message), nl=False)
        typer.echo(f"(dry run: nothing sent; sending logs {out.event.type} on {env.today})")
        return
    typer.echo(
        f"sent the {kind} of request {request_id} to {message['To']}: {message['Message-ID']}; "
        f"logged {out.event.type} on {env.today}"
    )


def _draft_campaign(
    kind: str,
    campaign: str,
    folder: Path | None,
    csv: Path | None,
    sent: bool,
    today: str | None,
    ledger: Path | str | None,
) -> None:
    """``draft KIND --campaign C``: every letter drafted and checked before
    anything is written, then the files, then (``--sent``) the events."""
    import io

    from foitrack import paths
    from foitrack.cli.context import Env
    from foitrack.core.errors import FoitrackError
    from foitrack.files import write_private
    from foitrack.services.campaigns import (
        MERGE_KEYS,
        campaign_requests,
        draft_campaign,
        sent_event,
    )
    from foitrack.tabular import write_csv

    if (folder is None) == (csv is None):
        raise FoitrackError(
            "with --campaign, say where the letters go: -o FOLDER (a file each) or --csv FILE"
        )
    if folder is not None and folder.exists() and not folder.is_dir():
        raise FoitrackError(f"-o {folder} is a file: with --campaign, -o names a folder")
    env = Env(today=today, ledger=ledger)
    with env.ledger() as opened:
        requests = campaign_requests(opened, campaign, today=env.today)
        drafted, skipped = draft_campaign(
            opened,
            kind,
            requests,
            env.today,
            signature=env.config.signature,
            config_dir=paths.config_dir(),
        )
        if not drafted:
            raise FoitrackError(
                f"no {kind} letter fits any of the {len(requests)} requests of campaign "
                f"{campaign!r}: {skipped[0].reason}"
                + (f" (and {len(skipped) - 1} more)" if len(skipped) > 1 else "")
            )
        if folder is not None:
            taken = [d.file_name for d in drafted if (folder / d.file_name).exists()]
            if taken:
                raise FoitrackError(
                    f"{folder / taken[0]} already exists"
                    + (f" (and {len(taken) - 1} more)" if len(taken) > 1 else "")
                    + ": choose another folder, or move the old letters away"
                )
            try:
                folder.mkdir(mode=0o700, parents=True, exist_ok=True)
            except OSError as error:
                raise FoitrackError(f"cannot make the folder {folder}: {error.strerror}") from None
            for letter in drafted:
                write_private(folder / letter.file_name, letter.letter.text)
            where = f"{folder}{'' if str(folder).endswith('/') else '/'}"
        else:
            assert csv is not None
            buffer = io.StringIO(newline="")
            write_csv([d.merge_row() for d in drafted], MERGE_KEYS, buffer)
            write_private(csv, buffer.getvalue())
            where = str(csv)
        if sent:
            from foitrack.services.requests import log_many

            log_many(opened, [d.request.id for d in drafted], sent_event(kind, env.today))
    count = len(drafted)
    typer.echo(f"drafted {count} {kind} letter{'s' * (count != 1)} into {where}")
    for item in skipped:
        typer.echo(f"  skipped #{item.request.id} {item.authority_name}: {item.reason}")
    if sent:
        event = sent_event(kind, env.today).type
        typer.echo(f"logged {event} on {env.today} for {count} request{'s' * (count != 1)}")
