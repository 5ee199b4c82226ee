"""``foitrack stats``, ``foitrack campaign`` and ``foitrack exemptions``."""

from __future__ import annotations

from typing import Annotated, Any

import typer

from foitrack.cli import options
from foitrack.cli.application import app

_STATS_CSV = (
    "authority", "authority_name", "requests", "answered", "answered_on_time",
    "on_time_of", "on_time_percent", "median_working_days", "p90_working_days", "overdue_now",
    "long_overdue", "open", "granted", "partial", "refused", "not-held", "ncnd", "reviews",
    "reviews_changed", "reviews_changed_percent", "complaints", "top_exemptions",
)  # fmt: skip


def _bar(share: float | None, width: int = 10) -> str:
    if share is None:
        return ""
    filled = round(share * width)
    return "█" * filled + "░" * (width - filled)


@app.command(
    epilog=(
        "Examples:\n\n"
        "  foitrack stats\n\n"
        "  foitrack stats --campaign lfr-2025\n\n"
        "  foitrack stats --since 2025-01-01 --csv > forces.csv"
    )
)
def stats(
    campaign: Annotated[str | None, typer.Option(help="Only this campaign.")] = None,
    authority: Annotated[
        list[str] | None,
        typer.Option(help="Only this authority or group (repeatable).", show_default=False),
    ] = None,
    since: Annotated[
        str | None, typer.Option(metavar="DATE", help="Only requests received since DATE.")
    ] = None,
    json: options.Json = False,
    csv: Annotated[bool, typer.Option("--csv", help="Print CSV, one row per authority.")] = False,
    today: options.Today = None,
    ledger: options.Ledger = None,
) -> None:
    """How each authority performs: answered on time, working days taken, outcomes,
    reviews, complaints and the exemptions it cites. Worst first: the lowest on-time
    rate (a request past its due date with no answer counts as late), forces that
    never answered before those that answered late."""
    from foitrack.cli.context import Env
    from foitrack.core.dates import parse_date
    from foitrack.core.errors import FoitrackError
    from foitrack.services.reports import stats as compute

    if json and csv:
        raise FoitrackError("choose one of --json and --csv")
    env = Env(today=today, ledger=ledger)
    with env.ledger() as opened:
        rows, overall = compute(
            opened,
            env.today,
            campaign=campaign,
            authorities=authority or (),
            since=parse_date(since) if since else None,
        )
    if json:
        from foitrack.cli.render import print_json

        print_json(
            {
                "today": env.today.isoformat(),
                "authorities": [r.to_json() for r in rows],
                "overall": overall.to_json(),
            }
        )
        return
    if csv:
        from foitrack.tabular import write_csv

        items = []
        for entry in [*rows, overall]:
            data = entry.to_json()
            data.update(data.pop("outcomes"))
            items.append(data)
        write_csv(items, _STATS_CSV)
        return
    _print_stats(rows, overall)


def _print_stats(rows: list[Any], overall: Any) -> None:
    from rich.table import Table

    from foitrack.cli.render import console, shown

    out = console()
    if not overall.requests:
        out.print("No requests match.")
        return
    table = Table(header_style="bold", box=None, pad_edge=False, collapse_padding=True)
    table.add_column("Authority", no_wrap=True, max_width=20, overflow="ellipsis")
    table.add_column("Reqs", justify="right", no_wrap=True, min_width=4)
    table.add_column("On time", no_wrap=True)
    table.add_column("Days", justify="right", no_wrap=True, min_width=5)
    table.add_column("Late", justify="right", no_wrap=True)
    table.add_column("Outcomes", no_wrap=True, min_width=9)
    table.add_column("Rev", justify="right", no_wrap=True)
    table.add_column("Exemptions", overflow="ellipsis", no_wrap=True, max_width=16)
    for entry in [*rows, overall]:
        data = entry.to_json()
        rate = entry.on_time_rate
        on_time = (
            f"{_bar(rate, 5)} {data['on_time_percent']:3.0f}% of {data['on_time_of']}"
            if rate is not None
            else "-"
        )
        if rate is not None and rate < 0.5:
            on_time = f"[red]{on_time}[/]"
        late = str(data["overdue_now"]) + (
            f"/{data['long_overdue']}" if data["long_overdue"] else ""
        )
        name = shown(data["authority_name"])
        table.add_row(
            f"[bold]{name}[/]" if entry is overall else name,
            str(data["requests"]),
            on_time,
            f"{_days(data['median_working_days'])}/{_days(data['p90_working_days'])}",
            late,
            "/".join(str(v) for v in data["outcomes"].values()),
            f"{data['reviews']}/{data['reviews_changed']}",
            shown(", ".join(data["top_exemptions"])),
            end_section=bool(rows) and entry is rows[-1],
        )
    out.print(table)
    out.print(_overall_line(overall), highlight=False)
    out.print(
        "[dim]On time: answered by the due date, of the requests answered or past their due "
        "date (an unanswered request past its due date counts as late). Days: median/90th "
        "percentile working days to answer. Late: overdue now/past day 40. Outcomes: "
        "granted/partial/refused/not held/NCND. Rev: reviews asked/that changed the "
        "outcome. Complaints and more: --json.[/]"
    )


def _overall_line(overall: Any) -> str:
    """The summary under the table: "49 requests: 30 answered (21 on time), 19 still open."""
    still = f"{overall.open} still open" + (
        f" ({overall.overdue_now} overdue)" if overall.overdue_now else ""
    )
    return (
        f"{overall.requests} requests: {overall.answered} answered ({overall.on_time} on "
        f"time), {still}."
    )


def _days(value: float | None) -> str:
    return "-" if value is None else f"{value:g}"


@app.command(
    epilog=(
        "Examples:\n\n"
        "  foitrack campaign lfr-2025\n\n"
        "  foitrack campaign lfr-2025 --format md > table.md\n\n"
        "  foitrack campaign lfr-2025 --format html -o lfr-2025.html"
    )
)
def campaign(
    name: Annotated[str, typer.Argument(metavar="NAME", help="The campaign's name.")],
    format: Annotated[
        str, typer.Option("--format", "-f", help="table, csv, md (Markdown) or html.")
    ] = "table",
    output: options.Output = None,
    json: options.Json = False,
    today: options.Today = None,
    ledger: options.Ledger = None,
) -> None:
    """The matrix of a campaign: every authority's status, outcome, working days
    taken or late, exemptions, review and next deadline."""

    from foitrack.cli.context import Env
    from foitrack.core.errors import FoitrackError
    from foitrack.reports.formats import FORMATS, as_csv, as_html, as_markdown
    from foitrack.services.reports import campaign_matrix

    chosen = format.lower()
    if chosen not in FORMATS:
        raise FoitrackError(f"unknown format {format!r}: use one of {', '.join(FORMATS)}")
    env = Env(today=today, ledger=ledger)
    with env.ledger() as opened:
        rows = campaign_matrix(opened, name, env.today)
    if json:
        from foitrack.cli.render import print_json

        print_json({"campaign": name, "today": env.today.isoformat(),
                    "requests": [r.to_json() for r in rows]})  # fmt: skip
        return
    if chosen == "table" and output is None:
        _print_matrix(name, rows)
        return
    text = {
        "csv": lambda: as_csv(rows),
        "md": lambda: as_markdown(name, rows, env.today),
        "html": lambda: as_html(name, rows, env.today),
        "table": lambda: as_markdown(name, rows, env.today),
    }[chosen]()
    from foitrack.cli.render import emit

    emit(text, output)


def _print_matrix(name: str, rows: list[Any]) -> None:
    from rich.table import Table

    from foitrack.cli.render import console, shown
    from foitrack.reports.formats import MATRIX_COLUMNS, matrix_cells

    table = Table(title=f"{shown(name)}: {len(rows)} requests", header_style="bold", box=None)
    for column in MATRIX_COLUMNS:
        table.add_column(column, no_wrap=column not in ("Exemptions", "Next deadline"))
    styles = {"overdue": "red", "review-overdue": "red", "closed": "dim"}
    for row in rows:
        cells = [shown(cell) for cell in matrix_cells(row)]
        style = styles.get(row.status)
        table.add_row(*cells, style=style)
    console().print(table)


@app.command(
    epilog=(
        "Examples:\n\n  foitrack exemptions\n\n  foitrack exemptions --campaign lfr-2025 --json"
    )
)
def exemptions(
    campaign: Annotated[str | None, typer.Option(help="Only this campaign.")] = None,
    json: options.Json = False,
    csv: Annotated[bool, typer.Option("--csv", help="Print CSV, one row per exemption.")] = False,
    today: options.Today = None,
    ledger: options.Ledger = None,
) -> None:
    """How often each exemption is cited (once per request), and by which authorities."""
    from foitrack.cli.context import Env
    from foitrack.core.errors import FoitrackError
    from foitrack.services.reports import exemption_use

    if json and csv:
        raise FoitrackError("choose one of --json and --csv")
    env = Env(today=today, ledger=ledger)
    with env.ledger() as opened:
        uses = exemption_use(opened, env.today, campaign=campaign)
        names = {a.id: a.name for a in opened.directory.authorities.values()}
    data = [u.to_json(names) for u in uses]
    if json:
        from foitrack.cli.render import print_json

        print_json({"campaign": campaign, "exemptions": data})
        return
    if csv:
        from foitrack.tabular import write_csv

        items = [
            {**d, "authorities": [f"{a['authority']} ({a['citations']})" for a in d["authorities"]]}
            for d in data
        ]
        write_csv(items, ("exemption", "citations", "authorities"))
        return
    from rich.table import Table

    from foitrack.cli.render import console

    out = console()
    if not data:
        out.print("No exemptions cited.")
        return
    table = Table(header_style="bold", box=None, pad_edge=False)
    table.add_column("Exemption", no_wrap=True)
    table.add_column("Cited", justify="right")
    table.add_column("", no_wrap=True)
    table.add_column("By")
    most = data[0]["citations"]
    for item in data:
        by = ", ".join(
            f"{a['authority_name']} ({a['citations']})"
            if a["citations"] > 1
            else a["authority_name"]
            for a in item["authorities"]
        )
        table.add_row(item["exemption"], str(item["citations"]), _bar(item["citations"] / most), by)
    out.print(table)
