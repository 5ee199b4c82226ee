"""``foitrack authorities``: the police directory, and the bodies and groups you add."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer

from foitrack.cli import options
from foitrack.cli.application import app
from foitrack.core.regimes import DEFAULT_REGIME, regime_choices

if TYPE_CHECKING:
    from foitrack.authorities import Directory
    from foitrack.cli.context import Env

authorities_app = typer.Typer(
    help="List the authorities foitrack knows; add your own bodies and groups.",
    invoke_without_command=True,
    epilog=(
        "Examples:\n\n"
        "  foitrack authorities\n\n"
        "  foitrack authorities --json\n\n"
        "  foitrack authorities add suffolk-cc --name 'Suffolk County Council'\n\n"
        "  foitrack authorities group eastern essex norfolk suffolk\n\n"
        "  foitrack authorities set essex --email foi@example.org\n\n"
        "  foitrack authorities import-emails addresses.csv"
    ),
)
app.add_typer(authorities_app, name="authorities")


def _open_directory(env: Env) -> Directory:
    """The directory with the ledger's additions, or the built-in one if no ledger yet."""
    from foitrack.authorities import Directory

    if not env.ledger_path.exists():
        return Directory.load()
    with env.ledger() as opened:
        return opened.directory


@authorities_app.callback()
def authorities(
    ctx: typer.Context,
    json: options.Json = False,
    ledger: options.Ledger = None,
) -> None:
    """List every authority and group foitrack knows."""
    if ctx.invoked_subcommand is not None:
        return
    from foitrack.cli.context import Env

    directory = _open_directory(Env(ledger=ledger))
    items: list[dict[str, Any]] = [
        {
            "id": a.id,
            "name": a.name,
            "nation": a.nation,
            "regime": a.regime,
            "aliases": list(a.aliases),
            "email": a.email,
            "builtin": a.builtin,
        }
        for a in directory.authorities.values()
    ]
    groups = {name: list(members) for name, members in directory.groups.items()}
    if json:
        from foitrack.cli.render import print_json

        print_json({"authorities": items, "groups": groups})
        return
    from foitrack.cli.render import console, fitted_table, shown

    out = console()
    rows = [
        [
            shown(item["id"]),
            shown(item["name"]),
            item["nation"],
            item["regime"],
            shown(", ".join(item["aliases"])),
            shown(item["email"] or ""),
        ]
        for item in items
    ]
    # The id is what you type: it keeps its width; names, aliases and emails shorten.
    headers = [("ID", None), ("Name", 12), ("Nation", None), ("Regime", None),
               ("Also known as", 6), ("Email", 6)]  # fmt: skip
    table = fitted_table(
        out.width, [(h, [r[i] for r in rows], flex) for i, (h, flex) in enumerate(headers)]
    )
    for row in rows:
        table.add_row(*row)
    out.print(table)
    out.print("\n[bold]Groups[/]")
    for name, members in groups.items():
        out.print(shown(f"  {name} ({len(members)}): {', '.join(members)}"))


@authorities_app.command("add")
def add_authority(
    authority_id: Annotated[str, typer.Argument(metavar="ID", help="A short id, e.g. suffolk-cc.")],
    name: Annotated[str, typer.Option(help="The body's full name.")],
    nation: Annotated[
        str, typer.Option(help="england, wales, scotland, northern-ireland or uk.")
    ] = "england",
    regime: Annotated[str, typer.Option(help=f"{regime_choices()}.")] = DEFAULT_REGIME.code,
    alias: Annotated[list[str] | None, typer.Option(help="Another name (repeatable).")] = None,
    email: Annotated[str | None, typer.Option(help="The FOI address you use.")] = None,
    ledger: options.Ledger = None,
    create: options.Create = False,
) -> None:
    """Add a body of your own (a council, a PCC) to the ledger's directory.

    Example: foitrack authorities add suffolk-cc --name 'Suffolk County Council'
    """
    from foitrack.cli.context import Env
    from foitrack.services.authorities import add_authority as add

    with Env(ledger=ledger).ledger(create=True, new_folder=create) as opened:
        authority = add(opened, authority_id, name, nation, regime, alias or (), email)
    from foitrack.text import one_line

    typer.echo(f"added {authority.id}: {one_line(authority.name)}")


@authorities_app.command("set")
def set_authority(
    authority: Annotated[str, typer.Argument(metavar="AUTHORITY")],
    email: Annotated[str, typer.Option(help="The FOI address you use for it.")],
    ledger: options.Ledger = None,
    create: options.Create = False,
) -> None:
    """Record the address you use for an authority (foitrack ships none).

    Example: foitrack authorities set essex --email foi@example.org
    """
    from foitrack.cli.context import Env
    from foitrack.services.authorities import set_email

    with Env(ledger=ledger).ledger(create=True, new_folder=create) as opened:
        updated = set_email(opened, authority, email)
    typer.echo(f"{updated.id}: email {updated.email}")


@authorities_app.command("import-emails")
def import_emails(
    file: Annotated[
        Path, typer.Argument(metavar="FILE.csv", help="Rows of authority,email.", dir_okay=False)
    ],
    ledger: options.Ledger = None,
    create: options.Create = False,
) -> None:
    """Record the addresses of many authorities at once, from a CSV file.

    Each row is an authority (id, alias or name) and its FOI address; a first
    row "authority,email" is a header. All rows are checked, then all recorded
    or none.

    Example: foitrack authorities import-emails addresses.csv
    """
    from foitrack.cli.context import Env
    from foitrack.intake.extract import read_bounded
    from foitrack.services.authorities import import_emails as record

    try:
        text = read_bounded(file).decode("utf-8-sig")
    except UnicodeDecodeError:
        from foitrack.core.errors import FoitrackError

        raise FoitrackError(f"{file} is not UTF-8 text: save it as CSV (UTF-8)") from None
    with Env(ledger=ledger).ledger(create=True, new_folder=create) as opened:
        updated = record(opened, text, str(file))
    typer.echo(f"recorded {len(updated)} addresses: {', '.join(a.id for a in updated)}")


@authorities_app.command("group")
def group(
    name: Annotated[str, typer.Argument(metavar="NAME", help="The group's name.")],
    members: Annotated[
        list[str], typer.Argument(metavar="AUTHORITY...", help="Its members (groups expand).")
    ],
    ledger: options.Ledger = None,
    create: options.Create = False,
) -> None:
    """Define (or redefine) a group of authorities to send the same request to.

    Example: foitrack authorities group eastern essex norfolk suffolk
    """
    from foitrack.cli.context import Env
    from foitrack.services.authorities import define_group

    with Env(ledger=ledger).ledger(create=True, new_folder=create) as opened:
        ids = define_group(opened, name, members)
    typer.echo(f"group {name}: {', '.join(ids)}")
