"""``foitrack export`` and ``foitrack import``."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from foitrack.cli import options
from foitrack.cli.application import app


@app.command(
    epilog=(
        "Examples:\n\n"
        "  foitrack export > backup.toml\n\n"
        "  foitrack export --format json -o ledger.json\n\n"
        "  foitrack export --format csv -o requests.csv\n\n"
        "Response documents and the correspondence's raw messages: with -o FILE (TOML "
        "or JSON) they are copied into FILE.documents/, which 'foitrack import FILE' "
        "brings back."
    )
)
def export(
    format: Annotated[
        str, typer.Option("--format", "-f", help="toml, json (both re-importable) or csv.")
    ] = "toml",
    output: options.Output = None,
    today: options.Today = None,
    ledger: options.Ledger = None,
) -> None:
    """Write the whole ledger as TOML, JSON or CSV.

    TOML and JSON hold everything and import back exactly; CSV is one row per
    request for spreadsheets (cells that could run as formulas are neutralised).
    """

    from foitrack.cli.context import Env
    from foitrack.documents import take_back
    from foitrack.services.transfer import export_ledger

    env = Env(today=today, ledger=ledger)
    with env.ledger() as opened:
        exported = export_ledger(opened, format.lower(), env.today, output)
    from foitrack.cli.render import emit

    try:
        emit(exported.text, output)
    except BaseException:
        take_back(exported.copied)
        raise
    if exported.copied:
        typer.echo(f"copied {len(exported.copied)} document(s) to {output}.documents", err=True)
    if exported.left_out:
        typer.echo(
            f"foitrack: note: {exported.left_out} document(s) or message(s) not included: "
            "export with -o FILE to copy them into FILE.documents/",
            err=True,
        )


@app.command(
    name="import",
    epilog=(
        "Examples:\n\n  foitrack import backup.toml\n\n  foitrack import colleague.json --renumber"
    ),
)
def import_(
    file: Annotated[Path, typer.Argument(metavar="FILE", help="A TOML or JSON ledger file.")],
    renumber: Annotated[
        bool,
        typer.Option("--renumber", help="Give the file's requests new ids (to merge two ledgers)."),
    ] = False,
    json: options.Json = False,
    today: options.Today = None,
    ledger: options.Ledger = None,
    create: options.Create = False,
) -> None:
    """Add the requests of a TOML or JSON ledger file to this ledger, with their
    response documents from FILE.documents/ (as 'foitrack export -o FILE' writes).

    Everything is checked first; on any problem nothing is written and every
    problem is listed (a date after today among them). Requests already in
    the ledger are skipped.
    """
    from foitrack.cli.context import Env
    from foitrack.services.transfer import import_contents, read_file

    contents = read_file(file)
    env = Env(today=today, ledger=ledger)
    with env.ledger(create=True, new_folder=create) as opened:
        result = import_contents(opened, contents, env.today, renumber=renumber, source=file)
    if json:
        from foitrack.cli.render import print_json

        print_json({"added": result.added, "skipped": result.skipped})
        return
    typer.echo(f"imported {len(result.added)} request(s), skipped {len(result.skipped)}")
    for line in result.skipped[:20]:
        typer.echo(f"  skipped {line}")
