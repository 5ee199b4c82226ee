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
    from foitrack.core.request import Request
    from foitrack.services.ledger import Ledger


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

    from foitrack.text import one_line

    return escape(one_line(str(value)))


def fitted_table(
    width: int, columns: list[tuple[str, list[str], int | None]], **options: Any
) -> Any:
    """A rich table whose columns fit ``width`` by shortening only the flexible
    ones. ``columns`` are (header, cells, flex): flex None keeps the column as
    wide as its widest cell (an id, a status, a date: what the user types or
    reads next); a number is the narrowest a flexible column may get, and the
    flexible columns (names, titles) share what is left, each cut with an
    ellipsis. Rich alone, when a table is too wide, can squeeze a narrow column
    to nothing: that dropped the id from ``list`` at 80 columns.
    """
    from rich.cells import cell_len
    from rich.table import Table

    # A cell may be None (a damaged value read as NULL): rich shows it empty.
    natural = [
        max([cell_len(header), *(cell_len(c or "") for c in cells)]) for header, cells, _ in columns
    ]
    gaps = 2 * (len(columns) - 1)  # box=None, no edge padding: two spaces between columns
    fixed = sum(w for w, (_, _, flex) in zip(natural, columns, strict=True) if flex is None)
    flexible = [i for i, (_, _, flex) in enumerate(columns) if flex is not None]
    widths = list(natural)
    room = width - fixed - gaps
    # Share the room: the narrowest wants first, each given no more than it needs.
    pending = sorted(flexible, key=lambda i: natural[i])
    while pending:
        share = max(0, room) // len(pending)
        i = pending.pop(0)
        floor = columns[i][2] or 1
        widths[i] = max(floor, min(natural[i], share))
        room -= widths[i]
    table = Table(box=None, header_style="bold", pad_edge=False, **options)
    for (header, _, _), w in zip(columns, widths, strict=True):
        table.add_column(header, width=w, no_wrap=True, overflow="ellipsis")
    return table


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

        print_json(
            request_detail(request, state, opened.directory, env.today, opened.location.file)
        )
        return
    summary = state.summary()
    upcoming = summary.next_deadline(env.today)
    tail = f"; next: {upcoming[0].replace('_', ' ')} {day(upcoming[1])}" if upcoming else ""
    sys.stdout.write(f"request {request.id}: {said}; status {summary.status(env.today)}{tail}\n")
    for warning in state.warnings:
        sys.stderr.write(f"foitrack: warning: {warning}\n")
