"""CSV that is safe to open in a spreadsheet."""

from __future__ import annotations

import sys
from typing import Any


def safe_cell(value: Any) -> Any:
    """A spreadsheet cell that cannot run as a formula (CSV injection).

    Text starting with = + - @, a tab or a carriage return gets a leading
    apostrophe, which spreadsheets show as text; numbers are left alone.
    """
    if isinstance(value, str) and value[:1] in ("=", "+", "-", "@", "\t", "\r"):
        return "'" + value
    return value


def write_csv(items: list[dict[str, Any]], keys: tuple[str, ...], out: Any = None) -> None:
    import csv

    # RFC 4180 line ends: with them the writer also quotes a field holding a lone CR.
    writer = csv.writer(out or sys.stdout, lineterminator="\r\n")
    writer.writerow(keys)
    for item in items:
        row = []
        for key in keys:
            value = item.get(key)
            if isinstance(value, list):
                value = ";".join(str(v) for v in value)
            row.append(safe_cell("" if value is None else value))
        writer.writerow(row)
