"""The ``foitrack`` command's entry point, with a fast lane for the daily check.

``foitrack due`` runs every morning and from cron, so it must feel instant;
importing typer alone costs about 90 ms here. A plain ``due`` invocation
(the options below, well formed) therefore runs without typer. Anything else
(``--help``, a typo, a bad value, every other command) goes to the typer
application, which stays the one definition of the command line; a test
checks that both lanes give the same output for the same arguments.
"""

from __future__ import annotations

import sys
from typing import Any

_FLAGS = {
    "--quiet": "quiet",
    "-q": "quiet",
    "--fail-if-overdue": "fail_if_overdue",
    "--json": "json",
    "--expand": "expand",
    "--mine": "mine",
}
_VALUES = {
    "--within": "within",
    "--campaign": "campaign",
    "--authority": "authorities",
    "--today": "today",
    "--ledger": "ledger",
    "--assignee": "assignee",
}


def parse_due(args: list[str]) -> dict[str, Any] | None:
    """The options of a plain ``due`` invocation, or None to defer to typer."""
    options: dict[str, Any] = {"authorities": []}
    index = 0
    while index < len(args):
        word = args[index]
        name, value = word, None
        if word.startswith("--") and "=" in word:
            name, value = word.split("=", 1)
        if name in _FLAGS and value is None:
            options[_FLAGS[name]] = True
        elif name in _VALUES:
            if value is None:
                index += 1
                if index == len(args) or args[index].startswith("-"):
                    return None
                value = args[index]
            key = _VALUES[name]
            if key == "authorities":
                options[key].append(value)
            elif key == "within":
                # The one range, the daily check's own; typer's option declares it too.
                from foitrack.services.limits import WITHIN

                if not value.isdigit() or int(value) not in WITHIN:
                    return None
                options[key] = int(value)
            else:
                options[key] = value
        else:
            return None
        index += 1
    # FOITRACK_TODAY and FOITRACK_LEDGER are read where the values are resolved.
    return options


def _has_ledger() -> bool:
    from foitrack.core.errors import FoitrackError
    from foitrack.services.ledger import ledger_path

    try:
        return ledger_path(None).exists()
    except FoitrackError:
        return True  # a bad config: the daily check says what is wrong, in one line


#: Set by the shell when it asks for completions: typer answers those.
COMPLETE_VAR = "_FOITRACK_COMPLETE"


def main() -> None:
    import os

    args = sys.argv[1:]
    if COMPLETE_VAR in os.environ:
        from foitrack.cli import main as completing

        completing()
        return
    # ``foitrack --ledger X`` (due's options alone) is ``foitrack due --ledger X``.
    if args[:1] and args[0].startswith("-") and parse_due(args) is not None:
        args = ["due", *args]
    # ``foitrack`` alone is the daily check when there is a ledger (else help).
    if args[:1] == ["due"] or (not args and _has_ledger()):
        options = parse_due(args[1:])
        if options is not None:
            from foitrack.cli.daily import run_due
            from foitrack.cli.errors import guarded

            sys.exit(guarded(lambda: run_due(**options)))
    from foitrack.cli import main as typer_main

    typer_main()
