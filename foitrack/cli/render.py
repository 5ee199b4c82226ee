"""Output helpers: JSON for scripts, rich for people (imported only when used)."""

from __future__ import annotations

import json
import sys
from typing import TYPE_CHECKING, Any

from foitrack.tabular import safe_cell, write_csv

__all__ = ["console", "day", "print_json", "safe_cell", "shown", "write_csv"]

if TYPE_CHECKING:
    from rich.console import Console

    from foitrack.cli.context import Env
    from foitrack.core.lifecycle import RequestState
    from foitrack.services.ledger import Ledger
    from foitrack.store.base import Request


def print_json(data: Any) -> None:
    """Indented for a person at a terminal; compact (and several times faster,
    through json's C encoder) when a script reads it."""
    indent = 2 if sys.stdout.isatty() else None
    sys.stdout.write(json.dumps(data, indent=indent, ensure_ascii=False) + "\n")


def console() -> Console:
    from rich.console import Console

    from foitrack.cli.errors import ReaderLeft

    class Quiet(Console):
        def on_broken_pipe(self) -> None:
            # rich exits 1 here; a reader that left (`| head`) is not a failure.
            raise ReaderLeft

    return Quiet(highlight=False, soft_wrap=False)


def shown(value: Any) -> str:
    """Text from a ledger or a document as a rich table cell: control characters
    (escape sequences, CR/LF) and direction overrides as spaces, and ``[...]``
    shown as written rather than read as rich markup."""
    from rich.markup import escape

    from foitrack.services.due import one_line

    return escape(one_line(str(value)))


def day(value: Any) -> str:
    """A date as people read it in a table: ``Mon 7 Apr 2025``."""
    from foitrack.core.dates import format_day

    return format_day(value) if value is not None else "-"


def emit(text: str, output: Any) -> None:
    """Print ``text``, or write it to ``output`` (privately, all at once)."""
    if output is None:
        sys.stdout.write(text)
        return
    from foitrack.files import write_private

    write_private(output, text)
    sys.stderr.write(f"wrote {output}\n")


def report_change(
    opened: Ledger, request: Request, state: RequestState, env: Env, json: bool, said: str
) -> None:
    """What a command that changed a request says: the request as ``show --json``
    has it, or one line with its status and next deadline (warnings on stderr)."""
    if json:
        from foitrack.services.views import request_detail

        print_json(request_detail(request, state, opened.directory, env.today))
        return
    summary = state.summary()
    upcoming = summary.next_deadline(env.today)
    tail = f"; next: {upcoming[0].replace('_', ' ')} {day(upcoming[1])}" if upcoming else ""
    sys.stdout.write(f"request {request.id}: {said}; status {summary.status(env.today)}{tail}\n")
    for warning in state.warnings:
        sys.stderr.write(f"foitrack: warning: {warning}\n")
