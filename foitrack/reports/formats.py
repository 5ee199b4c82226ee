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
from foitrack.reports.matrix import OUTCOMES, MatrixRow
from foitrack.tabular import write_csv
from foitrack.text import one_line

FORMATS = ("table", "csv", "md", "html")

#: The matrix's columns for people (table, Markdown, HTML).
MATRIX_COLUMNS = (
    "ID", "Authority", "Status", "Outcome", "Working days", "Exemptions",
    "Review / complaint", "Next deadline",
)  # fmt: skip

#: The CSV's columns: numbers as numbers, for a spreadsheet; ``reading`` says
#: the working days in words.
CSV_COLUMNS = (
    "id", "authority", "authority_name", "title", "status", "outcome", "working_days_taken",
    "working_days_late", "reading", "exemptions", "review", "complained", "next_deadline",
    "next_date",
)  # fmt: skip


def days_cell(row: MatrixRow) -> str:
    """The working days in words: "16 taken", "22 taken, 2 late", "49 late" (no answer)."""
    if row.taken is not None:
        late = f", {row.late_days} late" if row.late_days is not None else ""
        return f"{row.taken} taken{late}"
    return f"{row.late_days} late" if row.late_days is not None else ""


def review_cell(row: MatrixRow) -> str:
    parts = [f"review {row.review}"] if row.review else []
    if row.complained:
        parts.append("complained")
    return "; ".join(parts)


def campaign_title(rows: Sequence[MatrixRow]) -> str:
    """The request's title: the one most of the campaign's requests share."""
    titles = Counter(" ".join(r.title.split()) for r in rows)
    return titles.most_common(1)[0][0] if titles else ""


def matrix_cells(row: MatrixRow) -> list[str]:
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
        days_cell(row),
        ", ".join(row.exemptions),
        review_cell(row),
        upcoming,
    ]


def as_csv(rows: Sequence[MatrixRow]) -> str:
    out = io.StringIO()
    items = []
    for row in rows:
        item = row.to_json()
        item["complained"] = "yes" if row.complained else "no"
        items.append(item)
    write_csv(items, CSV_COLUMNS, out)
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
    "overdue": "#000000",
    "awaiting": "#bdbdbd",
}


def _chart_key(row: MatrixRow) -> str:
    if row.outcome:
        return row.outcome
    return "overdue" if row.late_days is not None else "awaiting"


def _chart(rows: Sequence[MatrixRow]) -> str:
    """An inline SVG bar of the outcome mix, unanswered requests split into
    overdue and still in time: no script, no external file."""
    counts = Counter(_chart_key(r) for r in rows)
    total = sum(counts.values()) or 1
    width, x, parts, legend = 700, 0.0, [], []
    for index, key in enumerate((*OUTCOMES, "overdue", "awaiting")):
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
            f'<rect x="{index * 95}" y="38" width="12" height="12" fill="{_COLOURS[key]}"/>'
            f'<text x="{index * 95 + 16}" y="49" font-size="12">{key} ({counts[key]})</text>'
        )
    return (
        f'<svg role="img" aria-label="Outcomes" width="{width}" height="56" '
        f'viewBox="0 0 {width} 56" xmlns="http://www.w3.org/2000/svg">'
        + "".join(parts + legend)
        + "</svg>"
    )


def _count(n: int, noun: str) -> str:
    return f"{n} {noun}{'' if n == 1 else 's'}"


def as_html(name: str, rows: Sequence[MatrixRow], today: date) -> str:
    e = html.escape
    head = "".join(f"<th>{e(c)}</th>" for c in MATRIX_COLUMNS)
    body = "".join(
        ('<tr class="late">' if r.late_days is not None else "<tr>")
        + "".join(f"<td>{e(c)}</td>" for c in matrix_cells(r))
        + "</tr>"
        for r in rows
    )
    title = campaign_title(rows) or name
    answered_late = sum(1 for r in rows if r.answered_late)
    overdue = sum(1 for r in rows if r.taken is None and r.late_days is not None)
    reviews = sum(1 for r in rows if r.review)
    complaints = sum(1 for r in rows if r.complained)
    facts = [
        _count(len(rows), "request"),
        f"{sum(1 for r in rows if r.taken is not None)} answered",
        f"{answered_late} answered late",
        f"{overdue} overdue with no answer",
        _count(reviews, "internal review"),
        _count(complaints, "complaint") + " to the regulator",
    ]
    return f"""<!doctype html>
<html lang="en"><head><meta charset="utf-8">
<title>{e(title)}: FOI campaign {e(name)}</title>
<style>
body {{ font-family: system-ui, sans-serif; margin: 2em; color: #222; }}
table {{ border-collapse: collapse; width: 100%; font-size: 14px; }}
th, td {{ border: 1px solid #ccc; padding: 4px 8px; text-align: left; vertical-align: top; }}
th {{ background: #f0f0f0; }}
tr:nth-child(even) td {{ background: #fafafa; }}
tr.late td {{ background: #fdecea; }}
@media print {{ body {{ margin: 0; }} tr {{ page-break-inside: avoid; }} }}
</style></head>
<body>
<h1>{e(title)}</h1>
<p>Campaign {e(name)}: {e(", ".join(facts))}, as of {e(format_day(today))}.
Rows shaded red were answered late or are overdue.</p>
{_chart(rows)}
<table><thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>
<p><small>Made by foitrack. Working days are counted under each request's own
regime; "late" counts working days past the due date.</small></p>
</body></html>
"""
