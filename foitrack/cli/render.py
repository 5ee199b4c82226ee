"""Output helpers: JSON for scripts, rich for people (imported only when used)."""

from __future__ import annotations

import json
import sys
from typing import TYPE_CHECKING, Any

from foitrack.tabular import safe_cell, write_csv

__all__ = ["console", "day", "print_json", "safe_cell", "write_csv"]

if TYPE_CHECKING:
    from rich.console import Console


def print_json(data: Any) -> None:
    """Indented for a person at a terminal; compact (and several times faster,
    through json's C encoder) when a script reads it."""
    indent = 2 if sys.stdout.isatty() else None
    sys.stdout.write(json.dumps(data, indent=indent, ensure_ascii=False) + "\n")


def console() -> Console:
    from rich.console import Console

    return Console(highlight=False, soft_wrap=False)


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
