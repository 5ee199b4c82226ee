"""``foitrack doctor``: is everything foitrack needs in order?"""

from __future__ import annotations

from typing import Annotated

import typer

from foitrack.cli import options
from foitrack.cli.application import app


@app.command(
    epilog=(
        "Examples:\n\n"
        "  foitrack doctor\n\n"
        "  foitrack doctor --send-test\n\n"
        "  foitrack doctor --json"
    )
)
def doctor(
    send_test: Annotated[
        bool, typer.Option("--send-test", help="Also send a test email with your settings.")
    ] = False,
    json: options.Json = False,
    today: options.Today = None,
    ledger: options.Ledger = None,
) -> None:
    """Check the ledger's integrity, the calendar cache, the config and the email
    settings, and say what to fix. Exits 1 if anything is a problem."""
    from foitrack import paths
    from foitrack.calendars import Calendars
    from foitrack.cli.context import Env
    from foitrack.services.doctor import check_calendar, check_config, check_email, check_ledger

    env = Env(today=today, ledger=ledger)
    config_checks, config = check_config(paths.config_file(), lambda: env.config)
    calendars = env.calendars if config is not None else Calendars(paths.cache_dir())
    checks = [
        *check_ledger(env.ledger_path, calendars),
        *check_calendar(calendars),
        *config_checks,
        *check_email(config, send_test=send_test, today=env.today),
    ]
    if json:
        from foitrack.cli.render import print_json

        print_json({"checks": [c.to_json() for c in checks]})
    else:
        marks = {"ok": "ok     ", "warning": "warning", "problem": "PROBLEM"}
        for check in checks:
            typer.echo(f"{marks[check.level]}  {check.area:<8} {check.message}")
            if check.fix:
                typer.echo(f"{'':17}fix: {check.fix}")
    if any(c.level == "problem" for c in checks):
        raise typer.Exit(1)
