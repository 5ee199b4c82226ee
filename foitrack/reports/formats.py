"""A campaign matrix as CSV, Markdown or one self-contained HTML file.

The HTML has no external resources (the chart is inline SVG, the styles
inline) and prints cleanly, so it can be attached to an ICO complaint or
handed to an editor as it is.
"""

from __future__ import annotations

import html
import io
import re
from collections import Counter
from collections.abc import Sequence
from datetime import date

from foitrack.core.dates import format_day
from foitrack.services.due import one_line
from foitrack.services.reports import OUTCOMES, MatrixRow
from foitrack.tabular import write_csv

FORMATS = ("table", "csv", "md", "html")

#: The matrix's columns, in every format.
MATRIX_COLUMNS = (
    "ID", "Authority", "Status", "Outcome", "Working days", "Exemptions", "Review",
    "Next deadline",
)  # fmt: skip


def matrix_cells(row: MatrixRow) -> list[str]:
    if row.working_days is None:
        days = ""
    elif row.late:
        days = f"{row.working_days} late"
    else:
        days = f"{row.working_days} taken"
    upcoming = (
        f"{row.next_deadline.replace('_', ' ')} {format_day(row.next_date)}"
        if row.next_deadline and row.next_date
        else ""
    )
    return [
        str(row.id),
        row.name,
        row.status,
        row.outcome or "",
        days,
        ", ".join(row.exemptions),
        row.review,
        upcoming,
    ]


def as_csv(rows: Sequence[MatrixRow]) -> str:
    out = io.StringIO()
    items = [dict(zip(MATRIX_COLUMNS, matrix_cells(r), strict=True)) for r in rows]
    write_csv(items, MATRIX_COLUMNS, out)
    return out.getvalue()


_MARKDOWN = re.compile(r"([\\`*_\[\]|~#])")


def _md_cell(text: str) -> str:
    """A value as inert Markdown on one line: control characters as spaces,
    HTML's ``<``, ``>`` and ``&`` as entities, Markdown's own signs escaped."""
    text = html.escape(one_line(text), quote=False)
    return _MARKDOWN.sub(r"\\\1", text)


def as_markdown(name: str, rows: Sequence[MatrixRow], today: date) -> str:
    lines = [
        f"**{_md_cell(name)}**: {len(rows)} requests, as of {format_day(today)}.",
        "",
        "| " + " | ".join(MATRIX_COLUMNS) + " |",
        "|" + "---|" * len(MATRIX_COLUMNS),
    ]
    for row in rows:
        lines.append("| " + " | ".join(_md_cell(c) for c in matrix_cells(row)) + " |")
    return "\n".join(lines) + "\n"


_COLOURS = {
    "granted": "#2e7d32",
    "partial": "#f9a825",
    "refused": "#c62828",
    "not-held": "#6d4c41",
    "ncnd": "#4527a0",
    "awaiting": "#9e9e9e",
}


def _chart(rows: Sequence[MatrixRow]) -> str:
    """An inline SVG bar of the outcome mix: no script, no external file."""
    counts = Counter(r.outcome or "awaiting" for r in rows)
    total = sum(counts.values()) or 1
    width, x, parts, legend = 600, 0.0, [], []
    for index, key in enumerate((*OUTCOMES, "awaiting")):
        share = counts.get(key, 0) / total
        if not share:
            continue
        w = share * width
        parts.append(
            f'<rect x="{x:.1f}" y="0" width="{w:.1f}" height="28" fill="{_COLOURS[key]}">'
            f"<title>{key}: {counts[key]}</title></rect>"
        )
        x += w
        legend.append(
            f'<rect x="{index * 100}" y="38" width="12" height="12" fill="{_COLOURS[key]}"/>'
            f'<text x="{index * 100 + 16}" y="49" font-size="12">{key} ({counts[key]})</text>'
        )
    return (
        f'<svg role="img" aria-label="Outcomes" width="{width}" height="56" '
        f'viewBox="0 0 {width} 56" xmlns="http://www.w3.org/2000/svg">'
        + "".join(parts + legend)
        + "</svg>"
    )


def as_html(name: str, rows: Sequence[MatrixRow], today: date) -> str:
    e = html.escape
    head = "".join(f"<th>{e(c)}</th>" for c in MATRIX_COLUMNS)
    body = "".join(
        "<tr>" + "".join(f"<td>{e(c)}</td>" for c in matrix_cells(r)) + "</tr>" for r in rows
    )
    return f"""<!doctype html>
<html lang="en"><head><meta charset="utf-8">
<title>{e(name)}: FOI campaign</title>
<style>
body {{ font-family: system-ui, sans-serif; margin: 2em; color: #222; }}
table {{ border-collapse: collapse; width: 100%; font-size: 14px; }}
th, td {{ border: 1px solid #ccc; padding: 4px 8px; text-align: left; vertical-align: top; }}
th {{ background: #f0f0f0; }}
tr:nth-child(even) td {{ background: #fafafa; }}
@media print {{ body {{ margin: 0; }} tr {{ page-break-inside: avoid; }} }}
</style></head>
<body>
<h1>{e(name)}</h1>
<p>{len(rows)} requests, as of {e(format_day(today))}.</p>
{_chart(rows)}
<table><thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>
<p><small>Made by foitrack. Working days are counted under each request's own
regime; "late" counts working days past the due date.</small></p>
</body></html>
"""
