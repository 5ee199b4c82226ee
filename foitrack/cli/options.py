"""Options shared by several commands, defined once."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from foitrack.core.regimes import regime_choices

Today = Annotated[
    str | None,
    typer.Option(
        "--today",
        envvar="FOITRACK_TODAY",
        metavar="DATE",
        help="Act as if today were DATE (default: today's date in London).",
        show_default=False,
    ),
]

Ledger = Annotated[
    str | None,
    typer.Option(
        "--ledger",
        envvar="FOITRACK_LEDGER",
        metavar="PATH|URL",
        help="The ledger: a .db (SQLite) or .toml file, or a postgresql:// URL "
        "(default: the config's ledger, else $XDG_DATA_HOME/foitrack/ledger.db).",
        show_default=False,
    ),
]

Json = Annotated[
    bool,
    typer.Option("--json", help="Print JSON for scripts (keys and dates as in the README)."),
]

Mine = Annotated[
    bool,
    typer.Option(
        "--mine", help="Only the requests assigned to you ([user] name, else your login)."
    ),
]

Assignee = Annotated[
    str | None,
    typer.Option(metavar="PERSON", help="Only the requests assigned to PERSON."),
]

Regime = Annotated[
    str | None,
    typer.Option(
        "--regime",
        "-r",
        metavar="REGIME",
        help=f"{regime_choices()}.",
        show_default=False,
    ),
]

Output = Annotated[
    Path | None,
    typer.Option(
        "--output", "-o", metavar="FILE", help="Write here (private, 0600) instead of stdout."
    ),
]

Create = Annotated[
    bool,
    typer.Option(
        "--create",
        help="Start a new ledger even where its folder does not exist yet (the folder is "
        "made). Without it a ledger path in a missing folder is refused, so a mistyped "
        "path does not start a second ledger.",
    ),
]
