"""The daily check's body, free of typer so the fast lane can run it too."""

from __future__ import annotations

import gc
import os
import sys
from collections.abc import Sequence
from pathlib import Path

from foitrack.cli.errors import ExitCode
from foitrack.services.limits import DEFAULT_WITHIN


def run_due(
    *,
    within: int = DEFAULT_WITHIN,
    campaign: str | None = None,
    authorities: Sequence[str] = (),
    quiet: bool = False,
    fail_if_overdue: bool = False,
    json: bool = False,
    expand: bool = False,
    mine: bool = False,
    assignee: str | None = None,
    today: str | None = None,
    ledger: Path | str | None = None,
) -> int:
    # A short run that makes tens of thousands of small objects and no
    # cycles worth collecting: the collector's passes cost a tenth of the time
    # on a big ledger. Switched back on after, for a caller in the same process.
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        return _run_due(
            within,
            campaign,
            authorities,
            quiet,
            fail_if_overdue,
            json,
            expand,
            mine,
            assignee,
            today,
            ledger,
        )
    finally:
        if was_enabled:
            gc.enable()


def _run_due(
    within: int,
    campaign: str | None,
    authorities: Sequence[str],
    quiet: bool,
    fail_if_overdue: bool,
    json: bool,
    expand: bool,
    mine: bool,
    assignee: str | None,
    today: str | None,
    ledger: Path | str | None,
) -> int:
    from foitrack.cli.context import Env
    from foitrack.services.digest import inbox_note, render_text
    from foitrack.services.due import Kind, daily, unsent_note

    env = Env(today=today, ledger=ledger)
    person = env.person(mine=mine, assignee=assignee)
    with env.ledger() as opened:
        items, unsent = daily(
            opened,
            env.today,
            within=within,
            campaign=campaign,
            authorities=authorities,
            assignees=None if person is None else (person,),
        )
        # One indexed count: the mail code itself is never imported here.
        waiting = opened.waiting_mail()
    if json:
        from foitrack.cli.render import print_json

        print_json(
            {
                "today": env.today.isoformat(),
                "items": [i.to_json() for i in items],
                "unsent": [w.id for w in unsent],
            }
        )
    elif items or not quiet:
        color = sys.stdout.isatty() and "NO_COLOR" not in os.environ
        sys.stdout.write(render_text(items, env.today, color=color, expand=expand))
    for note in (unsent_note(unsent), inbox_note(waiting)):
        if note and not json:
            sys.stdout.write(f"{note}\n")
    if fail_if_overdue and any(i.kind in (Kind.OVERDUE, Kind.REVIEW_OVERDUE) for i in items):
        return ExitCode.FAILURE
    return ExitCode.OK
