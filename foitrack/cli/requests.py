"""Commands over requests: ``init``, ``add``, ``list``, ``show``, ``log``, ``edit``."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from foitrack.cli import options
from foitrack.cli.application import app

if TYPE_CHECKING:
    from foitrack.cli.context import Env
    from foitrack.core.events import Event


def _read_body(path: Path | None) -> str | None:
    if path is None:
        return None
    from foitrack.core.errors import FoitrackError

    try:
        return path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as error:
        reason = getattr(error, "strerror", None) or "not UTF-8 text"
        raise FoitrackError(f"cannot read --body-file {path}: {reason}") from None


@app.command(
    epilog="Examples:\n\n  foitrack init\n\n  foitrack init --ledger ~/foi/ledger.toml\n\n"
    "  foitrack init --ledger 'postgresql://desk@db.example.org/foi?sslmode=verify-full'"
)
def init(ledger: options.Ledger = None) -> None:
    """Start a new, empty ledger (SQLite, or TOML when the path ends in .toml), or
    the schema in a PostgreSQL database (a postgresql:// URL).

    An existing ledger is left exactly as it is.
    """
    from foitrack.cli.context import Env

    env = Env(ledger=ledger)
    path = env.ledger_path
    if path.file is None:
        with env.ledger(create=True, announce=False) as opened:
            started = opened.started
        if not started:
            typer.echo(f"a ledger already exists at {path}; nothing changed", err=True)
            return
    elif path.exists():
        typer.echo(f"a ledger already exists at {path}; nothing changed", err=True)
        return
    else:
        with env.ledger(create=True, announce=False, new_folder=True) as opened:
            opened.start()
    typer.echo(f"created {path}")


@app.command(
    epilog=(
        "Examples:\n\n"
        "  foitrack add essex --title 'Live facial recognition deployments'\n\n"
        "  foitrack add all-police --title 'LFR use' --campaign lfr-2025 --sent 2025-04-14\n\n"
        "  foitrack add met kent --title 'LFR costs' --body-file request.txt --tag lfr\n\n"
        "  foitrack add all-police --title 'LFR' --campaign lfr --body-file r.txt --unsent\n\n"
        "  foitrack add essex --title 'LFR' --ledger ~/foi/new/ledger.db --create"
    )
)
def add(
    authorities: Annotated[
        list[str],
        typer.Argument(
            metavar="AUTHORITY...",
            help="Authority ids, aliases or names, or groups such as all-police.",
        ),
    ],
    title: Annotated[str, typer.Option(help="What you asked for, in a few words.")],
    sent: Annotated[
        str | None, typer.Option(metavar="DATE", help="When you sent it (default: today).")
    ] = None,
    received: Annotated[
        str | None,
        typer.Option(metavar="DATE", help="When they received it (default: the sent date)."),
    ] = None,
    regime: options.Regime = None,
    campaign: Annotated[
        str | None, typer.Option(help="A name grouping the same request to many authorities.")
    ] = None,
    ref: Annotated[str | None, typer.Option(help="The authority's reference.")] = None,
    body_file: Annotated[
        Path | None, typer.Option(help="A file holding the text of the request.", dir_okay=False)
    ] = None,
    tag: Annotated[list[str] | None, typer.Option(help="A tag (repeatable).")] = None,
    unsent: Annotated[
        bool,
        typer.Option(
            "--unsent",
            help="Not sent yet: status unsent, with no deadline, until 'foitrack send' "
            "emails it and records the day it went.",
        ),
    ] = False,
    json: options.Json = False,
    today: options.Today = None,
    ledger: options.Ledger = None,
    create: options.Create = False,
) -> None:
    """Record a request to one authority, or the same request to many at once.

    One request per authority (groups are expanded), all written together or
    not at all. The regime is each authority's own unless --regime says.
    """
    from foitrack.cli.context import Env
    from foitrack.services.requests import NewRequest, add_requests
    from foitrack.services.views import listed_requests

    env = Env(today=today, ledger=ledger)
    if unsent and (sent or received):
        from foitrack.core.errors import FoitrackError

        raise FoitrackError(
            "--unsent goes without --sent and --received: 'foitrack send' records the day"
        )
    sent_day = env.past_date(sent, "--sent") if sent else env.today
    if unsent:
        from foitrack.services.send import UNSENT

        tag = [*(tag or ()), UNSENT]
    new = NewRequest(
        authorities=tuple(authorities),
        title=title,
        sent=sent_day,
        received=env.past_date(received, "--received") if received else None,
        regime=regime,
        campaign=campaign,
        their_ref=ref,
        tags=tuple(tag or ()),
        body=_read_body(body_file),
    )
    with env.ledger(create=True, new_folder=create) as opened:
        added = add_requests(opened, new)
        items = listed_requests(opened, added.ids, env.today)
    if json:
        from foitrack.cli.render import print_json

        print_json({"ids": added.ids, "requests": items})
        return
    from foitrack.cli.render import day
    from foitrack.core.dates import parse_date
    from foitrack.text import one_line

    for item in items:
        name = one_line(item["authority_name"])
        if unsent:
            typer.echo(f"added request {item['id']}: {name}, to send: foitrack send {item['id']}")
            continue
        due = parse_date(item["due"]) if item["due"] else None
        typer.echo(f"added request {item['id']}: {name}, response due {day(due)}")


@app.command(
    name="list",
    epilog=(
        "Examples:\n\n"
        "  foitrack list\n\n"
        "  foitrack list --campaign lfr-2025 --status overdue\n\n"
        "  foitrack list --authority scotland --json\n\n"
        "  foitrack list --assignee alice\n\n"
        "  foitrack list --overdue --csv > overdue.csv"
    ),
)
def list_(
    status: Annotated[
        list[str] | None, typer.Option(help="Only this status (repeatable).", show_default=False)
    ] = None,
    authority: Annotated[
        list[str] | None,
        typer.Option(help="Only this authority or group (repeatable).", show_default=False),
    ] = None,
    campaign: Annotated[str | None, typer.Option(help="Only this campaign.")] = None,
    tag: Annotated[str | None, typer.Option(help="Only requests with this tag.")] = None,
    overdue: Annotated[
        bool, typer.Option("--overdue", help="Only overdue responses and reviews.")
    ] = False,
    mine: options.Mine = False,
    assignee: options.Assignee = None,
    sort: Annotated[
        str, typer.Option(help="id, next (the next deadline), authority, status or sent.")
    ] = "id",
    json: options.Json = False,
    csv: Annotated[
        bool, typer.Option("--csv", help="Print CSV (the JSON keys as columns).")
    ] = False,
    today: options.Today = None,
    ledger: options.Ledger = None,
) -> None:
    """List requests with their status and next deadline."""
    from foitrack.cli.context import Env
    from foitrack.core.errors import FoitrackError
    from foitrack.services.requests import list_requests
    from foitrack.services.views import LIST_KEYS

    statuses = [_status_name(s) for s in status or ()]
    sorters = {
        "id": lambda item: item["id"],
        "next": lambda item: (item["next_date"] or "9999", item["id"]),
        "authority": lambda item: (item["authority_name"], item["id"]),
        "status": lambda item: (item["status"], item["id"]),
        "sent": lambda item: (item["sent"], item["id"]),
    }
    if sort not in sorters:
        raise FoitrackError(f"cannot sort by {sort!r}: use one of {', '.join(sorters)}")
    if json and csv:
        raise FoitrackError("choose one of --json and --csv")
    env = Env(today=today, ledger=ledger)
    person = env.person(mine=mine, assignee=assignee)
    with env.ledger() as opened:
        items = list_requests(
            opened,
            env.today,
            statuses=statuses,
            authorities=authority or (),
            campaign=campaign,
            tag=tag,
            overdue=overdue,
            assignees=None if person is None else (person,),
        )
    items.sort(key=sorters[sort])
    if json:
        from foitrack.cli.render import print_json

        print_json({"today": env.today.isoformat(), "requests": items})
    elif csv:
        from foitrack.cli.render import write_csv

        write_csv(items, LIST_KEYS)
    else:
        _print_list(items)


_NEXT_LABELS = {
    "response_due": "response",
    "extended_due": "response (ext.)",
    "fee_lapses": "fee lapses",
    "review_request_by": "ask for review",
    "review_response_due": "review answer",
    "regulator_by": "complain",
    "tribunal_by": "appeal",
}


def _print_list(items: list[dict]) -> None:  # type: ignore[type-arg]
    from datetime import date

    from foitrack.cli.render import console, fitted_table, shown

    out = console()
    if not items:
        out.print("No requests match.")
        return
    titles = {item["title"] for item in items}
    # A campaign's requests share one title: say it once instead of on every line.
    if len(titles) == 1:
        title = shown(titles.pop())
        out.print(f"[bold]{title}[/] ({len(items)} request{'s' * (len(items) > 1)})")
    styles = {"overdue": "red", "review-overdue": "red", "closed": "dim", "withdrawn": "dim"}
    with_titles = len({item["title"] for item in items}) > 1
    rows = []
    for item in items:
        when = date.fromisoformat(item["next_date"]) if item["next_date"] else None
        rows.append(
            [
                str(item["id"]),
                shown(item["authority_name"]),
                item["status"],
                item["outcome"] or "",
                _NEXT_LABELS.get(item["next_deadline"], ""),
                f"{when.day} {when:%b %Y}" if when else "",
                *([shown(item["title"])] if with_titles else []),
            ]
        )
    # At 80 columns the id (what you type next), status and date keep their width;
    # the authority, outcome, next step and title are shortened instead.
    headers = [("ID", None), ("Authority", 12), ("Status", None), ("Outcome", 4),
               ("Next", 6), ("Date", None), *([("Title", 10)] if with_titles else [])]  # fmt: skip
    table = fitted_table(
        out.width,
        [(h, [r[i] for r in rows], flex) for i, (h, flex) in enumerate(headers)],
    )
    table.columns[0].justify = "right"
    for item, row in zip(items, rows, strict=True):
        style = styles.get(item["status"], "default")
        row[2] = f"[{style}]{row[2]}[/]"
        table.add_row(*row)
    out.print(table)


@app.command(
    epilog=(
        "Examples:\n\n  foitrack show 12\n\n  foitrack show 12 --json\n\n"
        "  foitrack show 12 --explain"
    )
)
def show(
    request_id: Annotated[int, typer.Argument(metavar="ID", help="The request's id.")],
    explain: Annotated[
        bool, typer.Option("--explain", help="Say how each deadline was counted.")
    ] = False,
    json: options.Json = False,
    today: options.Today = None,
    ledger: options.Ledger = None,
) -> None:
    """Show one request: its events, its status and every deadline with its rule."""
    from foitrack.cli.context import Env
    from foitrack.services.views import shown_request

    env = Env(today=today, ledger=ledger)
    with env.ledger() as opened:
        detail = shown_request(opened, request_id, env.today)
        from foitrack.services.inbox import correspondence

        detail["correspondence"] = correspondence(opened, request_id)
    if json:
        from foitrack.cli.render import print_json

        print_json(detail)
        return
    _print_detail(detail, explain)


#: Where a deadline's JSON key does not read as what the user must do.
_DEADLINE_LABELS = {
    "fee_lapses": "last day to pay",
    "review_request_by": "ask for review by",
    "review_request_by_stated": "  the response's window",
    "review_request_by_default": "  the law's window",
}


def _print_detail(detail: dict, explain: bool) -> None:  # type: ignore[type-arg]
    from datetime import date

    from rich.table import Table

    from foitrack.cli.render import console, day, shown

    out = console()
    out.print(f"[bold]#{detail['id']} {shown(detail['title'])}[/]")
    out.print(
        f"{shown(detail['authority_name'])} · {detail['regime'].upper()} · status "
        f"[bold]{detail['status']}[/]"
        + (f" · outcome {detail['outcome']}" if detail["outcome"] else "")
    )
    facts = [
        f"campaign {detail['campaign']}" if detail["campaign"] else "",
        f"their ref {detail['their_ref']}" if detail["their_ref"] else "",
        f"tags {', '.join(detail['tags'])}" if detail["tags"] else "",
        f"exemptions {', '.join(detail['exemptions'])}" if detail["exemptions"] else "",
        f"assigned to {detail['assignee']}" if detail["assignee"] else "",
    ]
    if any(facts):
        out.print(shown(" · ".join(f for f in facts if f)))
    timeline = Table(title="Timeline", title_justify="left", box=None, pad_edge=False)
    for column in ("#", "Date", "Event"):
        timeline.add_column(column, no_wrap=True)
    # Who recorded each event, when any is known (older events name nobody).
    actors = bool(detail["added_by"]) or any(event["actor"] for event in detail["events"])
    if actors:
        timeline.add_column("By", no_wrap=True)
    timeline.add_column("Details")
    unsent = detail["status"] == "unsent"
    by: list[str] = [shown(detail["added_by"] or "")] if actors else []
    if unsent:
        not_yet = "not sent yet: foitrack send " + str(detail["id"])
        timeline.add_row("", day(date.fromisoformat(detail["sent"])), "added", *by, not_yet)
    else:
        timeline.add_row("", day(date.fromisoformat(detail["sent"])), "sent", *by, "")
    by = [""] if actors else []
    if detail["received"] != detail["sent"] and not unsent:
        timeline.add_row("", day(date.fromisoformat(detail["received"])), "received", *by, "")
    for event in detail["events"]:
        bits = [
            event["outcome"] or "",
            ", ".join(event["exemptions"]),
            f"until {event['until']}" if event["until"] else "",
            f"window {event['window']}" if event["window"] else "",
            f"ref {event['ref']}" if event["ref"] else "",
            event["note"] or "",
        ]
        name = event["type"]
        if event["removed"]:
            name = f"[strike]{name}[/]"
            bits.insert(0, f"(removed {event['removed']})")
        text = shown("; ".join(b for b in bits if b))
        who = [shown(event["actor"] or "")] if actors else []
        timeline.add_row(str(event["n"]), day(date.fromisoformat(event["date"])), name, *who, text)
    out.print(timeline)
    deadlines = Table(title="Deadlines", title_justify="left", box=None, pad_edge=False)
    for column in ("Deadline", "Date", "Rule"):
        deadlines.add_column(column)
    for name, rule in detail["rules"].items():
        when = date.fromisoformat(detail["deadlines"][name])
        marker = " ←" if name == detail["next_deadline"] else ""
        text = f"{rule['basis']} ({rule['source']})" if explain else rule["source"]
        label = _DEADLINE_LABELS.get(name, name.replace("_", " "))
        deadlines.add_row(label + marker, day(when), text)
    if detail["rules"]:
        out.print(deadlines)
    elif unsent:
        out.print("No deadline runs until it is sent.")
    if detail.get("correspondence"):
        out.print("[bold]Correspondence[/]")
        for mail in detail["correspondence"]:
            arrow = "→" if mail["direction"] == "out" else "←"
            text = f"  {mail['date'] or '?'}  {arrow} {mail['from']}: {mail['subject']}"
            out.print(shown(text + f" ({mail['status']})"))
    for warning in detail["warnings"]:
        out.print(f"[yellow]Warning:[/] {warning}")
    if explain:
        for note in detail["notes"]:
            out.print(f"Note: {note}", markup=False)
    if detail["deleted"]:
        out.print(
            f"[yellow]Deleted[/] on {detail['deleted']} as added by mistake: left out of due, "
            "list and the reports (kept on record; removing the 'deleted' event restores it)"
        )


@app.command(
    epilog=(
        "Examples:\n\n"
        "  foitrack log 12 acknowledged --ref FOI-2025-0141\n\n"
        "  foitrack log 12 responded --date 2025-05-12 --outcome partial "
        "--exemption 's40(2)' --window '40 days'\n\n"
        "  foitrack log 12 extended --until 2025-06-10\n\n"
        "  foitrack log 12 review-requested\n\n"
        "  foitrack log 12 chased --note 'phoned the FOI office'\n\n"
        "  foitrack log --campaign lfr-2025 chased --status overdue   # asks first\n\n"
        "Event types: sent, acknowledged, clarification-requested, clarification-sent, "
        "fee-notice, fee-paid, extended, responded, review-requested, review-responded, "
        "complained, decision, appealed, withdrawn, note, chased."
    )
)
def log(
    request_id: Annotated[
        str,
        typer.Argument(metavar="ID", help="The request's id; with --campaign, the event (no id)."),
    ],
    event: Annotated[
        str | None,
        typer.Argument(metavar="EVENT", help="What happened (see below).", show_default=False),
    ] = None,
    date_: Annotated[
        str | None,
        typer.Option("--date", metavar="DATE", help="When it happened (default: today)."),
    ] = None,
    outcome: Annotated[
        str | None,
        typer.Option(help="granted, partial, refused, not-held or ncnd (for answers)."),
    ] = None,
    exemption: Annotated[
        list[str] | None,
        typer.Option(help="An exemption cited, such as s40(2) (repeatable)."),
    ] = None,
    until: Annotated[
        str | None, typer.Option(metavar="DATE", help="The new deadline an extension names.")
    ] = None,
    window: Annotated[
        str | None,
        typer.Option(metavar="TEXT", help="The review window the response states, e.g. '40 days'."),
    ] = None,
    ref: Annotated[str | None, typer.Option(help="Their reference on this letter.")] = None,
    note: Annotated[str | None, typer.Option(help="A note to keep with the event.")] = None,
    campaign: Annotated[
        str | None,
        typer.Option(help="Log it for every request of this campaign (narrowed below) at once."),
    ] = None,
    status: Annotated[
        list[str] | None,
        typer.Option(
            help="With --campaign: only requests with this status (repeatable).",
            show_default=False,
        ),
    ] = None,
    authority: Annotated[
        list[str] | None,
        typer.Option(
            help="With --campaign: only this authority or group (repeatable).",
            show_default=False,
        ),
    ] = None,
    yes: Annotated[
        bool, typer.Option("--yes", "-y", help="With --campaign: do not ask first.")
    ] = False,
    json: options.Json = False,
    today: options.Today = None,
    ledger: options.Ledger = None,
) -> None:
    """Record something that happened to a request, or to a campaign's requests.

    Events must come in an order the law allows: a review needs a response
    first (or an overdue one), a fee payment needs a fees notice. With
    --campaign the step is logged for each request (shown first, then asked;
    --yes for scripts), all in one transaction: if it does not fit one of
    them, nothing is logged.
    """
    from foitrack.cli.context import Env
    from foitrack.cli.render import report_change
    from foitrack.core.dates import parse_date
    from foitrack.core.errors import FoitrackError
    from foitrack.core.events import (
        Event,
        normalise_exemption,
        parse_event_type,
        parse_outcome,
        parse_window,
    )
    from foitrack.services.requests import log_event

    if campaign is not None:
        if event is not None:
            raise FoitrackError(
                f"with --campaign, give only the event: foitrack log --campaign {campaign} {event}"
            )
        event = request_id
        if ref is not None:
            raise FoitrackError("--ref is one request's reference: log it request by request")
    elif event is None:
        raise FoitrackError("name the request and the event: foitrack log 12 responded")
    elif status or authority or yes:
        raise FoitrackError("--status, --authority and --yes go with --campaign")
    env = Env(today=today, ledger=ledger)
    new = Event(
        type=parse_event_type(event),
        date=env.past_date(date_, "--date") if date_ else env.today,
        outcome=parse_outcome(outcome) if outcome else None,
        exemptions=tuple(dict.fromkeys(normalise_exemption(e) for e in exemption or ())),
        until=parse_date(until) if until else None,
        window=parse_window(window) if window else None,
        ref=ref,
        note=note,
    )
    if campaign is not None:
        _log_campaign(env, campaign, new, status or [], authority or [], yes, json)
        return
    if not request_id.isdigit():
        raise FoitrackError(f"{request_id!r} is not a request id: 'foitrack list' shows them")
    with env.ledger() as opened:
        request = log_event(opened, int(request_id), new)
        state = opened.derive(request)
        report_change(opened, request, state, env, json, f"logged {new.type} on {new.date}")


def _log_campaign(
    env: Env,
    campaign: str,
    new: Event,
    statuses: list[str],
    authorities: list[str],
    yes: bool,
    json: bool,
) -> None:
    """``log --campaign C EVENT``: shown, asked, then logged for all in one transaction."""
    from collections import Counter

    from foitrack.core.errors import FoitrackError
    from foitrack.services.campaigns import campaign_requests, status_of
    from foitrack.services.requests import log_many
    from foitrack.text import wrap_names

    wanted = [_status_name(s) for s in statuses]
    with env.ledger() as opened:
        requests = campaign_requests(
            opened, campaign, statuses=wanted, authorities=authorities, today=env.today
        )
        if not requests:
            raise FoitrackError(
                f"no request of campaign {campaign!r} matches "
                + " and ".join(
                    [*(f"--status {s}" for s in wanted), *(f"--authority {a}" for a in authorities)]
                )
            )
        counts = Counter(status_of(opened, r, env.today) for r in requests)
        names = [f"#{r.id} {opened.directory.short_name(r.authority)}" for r in requests]
        preview = [
            f"Log {new.type} on {new.date} for {len(requests)} request"
            f"{'s' * (len(requests) != 1)} of campaign {campaign} ("
            + ", ".join(f"{n} {s}" for s, n in counts.most_common())
            + "):",
            *wrap_names(names, "  ", 79),
        ]
        if not yes and not _confirm(preview, f"Log it for these {len(requests)}?", "log"):
            typer.echo("nothing logged")
            return
        updated = log_many(opened, [r.id for r in requests], new)
        if json:
            from foitrack.cli.render import print_json
            from foitrack.services.views import request_detail

            print_json(
                {
                    "ids": [r.id for r in updated],
                    "requests": [
                        request_detail(r, opened.derive(r), opened.directory, env.today)
                        for r in updated
                    ],
                }
            )
            return
    count = len(updated)
    typer.echo(
        f"logged {new.type} on {new.date} for {count} request{'s' * (count != 1)} "
        f"of campaign {campaign}"
    )


def _status_name(text: str) -> str:
    from foitrack.core.errors import FoitrackError
    from foitrack.core.status import Status

    name = text.strip().lower()
    if name not in set(Status):
        raise FoitrackError(f"unknown status {name!r}: use one of {', '.join(Status)}")
    return name


@app.command(
    epilog=(
        "Examples:\n\n"
        "  foitrack edit 12 --received 2025-04-15 --note 'acknowledgement gives this date'\n\n"
        "  foitrack edit 12 --title 'LFR deployments 2024-25' --tag lfr\n\n"
        "  foitrack edit 12 --remove-event 3 --note 'logged against the wrong request'"
    )
)
def edit(
    request_id: Annotated[int, typer.Argument(metavar="ID", help="The request's id.")],
    title: Annotated[str | None, typer.Option(help="A new title.")] = None,
    authority: Annotated[str | None, typer.Option(help="A different authority.")] = None,
    regime: options.Regime = None,
    sent: Annotated[str | None, typer.Option(metavar="DATE", help="A corrected sent date.")] = None,
    received: Annotated[
        str | None, typer.Option(metavar="DATE", help="A corrected date of receipt.")
    ] = None,
    campaign: Annotated[str | None, typer.Option(help="Move it to this campaign.")] = None,
    ref: Annotated[str | None, typer.Option(help="The authority's reference.")] = None,
    body_file: Annotated[
        Path | None, typer.Option(help="Replace the request text from a file.", dir_okay=False)
    ] = None,
    tag: Annotated[list[str] | None, typer.Option(help="Add a tag (repeatable).")] = None,
    untag: Annotated[list[str] | None, typer.Option(help="Remove a tag (repeatable).")] = None,
    remove_event: Annotated[
        int | None,
        typer.Option(metavar="N", help="Withdraw event N (as 'show' numbers them) as a mistake."),
    ] = None,
    note: Annotated[str | None, typer.Option(help="Why: kept with the record of the edit.")] = None,
    json: options.Json = False,
    today: options.Today = None,
    ledger: options.Ledger = None,
) -> None:
    """Correct a request. Every change is kept as an 'edited' event, never silent.

    A mistaken event is not deleted: --remove-event marks it removed (it stops
    counting) and records when and why.
    """
    from foitrack.cli.context import Env
    from foitrack.cli.render import report_change
    from foitrack.core.dates import parse_date
    from foitrack.services.requests import Correction, correct

    env = Env(today=today, ledger=ledger)
    fields: dict[str, object] = {}
    for name, value in (
        ("title", title),
        ("authority", authority),
        ("regime", regime),
        ("campaign", campaign),
        ("their_ref", ref),
        ("sent", parse_date(sent) if sent is not None else None),
        ("received", parse_date(received) if received is not None else None),
    ):
        if value is not None:
            fields[name] = value
    if body_file is not None:
        fields["body"] = _read_body(body_file)
    correction = Correction(fields, tuple(tag or ()), tuple(untag or ()), remove_event, note)
    with env.ledger() as opened:
        done = correct(opened, request_id, correction, env.today)
        said = "; ".join(done.said) if done.said else "nothing changed"
        report_change(opened, done.request, done.state, env, json, said)


def _interactive() -> bool:
    import sys

    return sys.stdin.isatty()


def _confirm(preview: list[str], question: str, command: str) -> bool:
    """Show what will be written and ask, at a terminal; elsewhere (cron, a
    pipe) refuse before showing anything: ``--yes`` says it."""
    from foitrack.core.errors import FoitrackError

    if not _interactive():
        raise FoitrackError(f"{command} asks before writing: add --yes to go ahead without asking")
    for line in preview:
        typer.echo(line)
    return typer.confirm(question, default=False)


@app.command(
    epilog=(
        "Examples:\n\n"
        "  foitrack delete 12\n\n"
        "  foitrack delete 12 --note 'added twice' --yes\n\n"
        "Undo: foitrack show 12 numbers the events; foitrack edit 12 --remove-event N "
        "removes the 'deleted' one."
    )
)
def delete(
    request_id: Annotated[int, typer.Argument(metavar="ID", help="The request's id.")],
    note: Annotated[str | None, typer.Option(help="Why: kept with the record.")] = None,
    yes: Annotated[bool, typer.Option("--yes", "-y", help="Do not ask first.")] = False,
    json: options.Json = False,
    today: options.Today = None,
    ledger: options.Ledger = None,
) -> None:
    """Delete a request added by mistake.

    It leaves the daily check, list and the reports, but is not erased: a
    'deleted' event records when and why, and show and export still have it.
    Asks first (at a terminal); --yes for scripts.
    """
    from foitrack.cli.context import Env
    from foitrack.services.requests import delete_request, refuse_deleted

    env = Env(today=today, ledger=ledger)
    with env.ledger() as opened:
        request = opened.request(request_id)
        refuse_deleted(request)
        name = opened.directory.display_name(request.authority)
        events = len(request.events)
        preview = [
            f"Request {request.id}: {name}, {request.title!r}, sent {request.sent}, "
            f"{events} event{'s' * (events != 1)}"
        ]
        if not yes and not _confirm(preview, f"Delete request {request.id}?", "delete"):
            typer.echo("nothing deleted")
            return
        deleted = delete_request(opened, request_id, env.today, note=note)
        if json:
            from foitrack.cli.render import print_json
            from foitrack.services.views import request_detail

            print_json(request_detail(deleted, opened.derive(deleted), opened.directory, env.today))
            return
    typer.echo(
        f"request {request_id}: deleted on {env.today} ({name}); kept on record: "
        f"'foitrack show {request_id}' has it, 'foitrack edit {request_id} --remove-event "
        f"{len(deleted.events)}' restores it"
    )
