"""The daily check's body, free of typer so the fast lane can run it too."""

from __future__ import annotations

import os
import sys
from collections.abc import Sequence
from pathlib import Path

from foitrack.cli.errors import ExitCode


def run_due(
    *,
    within: int = 5,
    campaign: str | None = None,
    authorities: Sequence[str] = (),
    quiet: bool = False,
    fail_if_overdue: bool = False,
    json: bool = False,
    today: str | None = None,
    ledger: Path | None = None,
) -> int:
    from foitrack.cli.context import Env
    from foitrack.services.due import Kind, daily_check, render_text

    env = Env(today=today, ledger=ledger)
    with env.ledger() as opened:
        items = daily_check(
            opened, env.today, within=within, campaign=campaign, authorities=authorities
        )
    if json:
        from foitrack.cli.render import print_json

        print_json({"today": env.today.isoformat(), "items": [i.to_json() for i in items]})
    elif items or not quiet:
        color = sys.stdout.isatty() and "NO_COLOR" not in os.environ
        sys.stdout.write(render_text(items, env.today, color=color))
    if fail_if_overdue and any(i.kind in (Kind.OVERDUE, Kind.REVIEW_OVERDUE) for i in items):
        return ExitCode.FAILURE
    return ExitCode.OK
