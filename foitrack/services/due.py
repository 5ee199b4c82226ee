"""``foitrack due``: the daily check, most urgent first.

Built on the ledger's cached summaries: the store returns only requests that
can still need the user today (an index lookup in SQLite), and each is
classified with a few comparisons and one working-day count.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from enum import StrEnum
from typing import Any

from foitrack.core.dates import format_day
from foitrack.core.lifecycle import Status, Summary
from foitrack.core.regimes import REGIMES
from foitrack.services.ledger import Ledger
from foitrack.store.base import Query, Request


class Kind(StrEnum):
    """What needs doing, in the order ``due`` shows it."""

    OVERDUE = "overdue"
    REVIEW_OVERDUE = "review-overdue"
    DUE_SOON = "due-soon"
    REVIEW_WINDOW = "review-window"
    REGULATOR_WINDOW = "regulator-window"


_ORDER = {kind: index for index, kind in enumerate(Kind)}
SECTION_TITLES = {
    Kind.OVERDUE: "Overdue responses",
    Kind.REVIEW_OVERDUE: "Internal reviews overdue",
    Kind.DUE_SOON: "Responses due soon",
    Kind.REVIEW_WINDOW: "Review windows open",
    Kind.REGULATOR_WINDOW: "Regulator and tribunal windows open",
}


@dataclass(frozen=True, slots=True)
class Item:
    request: Request
    authority_name: str
    kind: Kind
    date: date
    #: Working days left in the request's own regime: 0 on the date, -1 the
    #: working day after, and so on.
    working_days: int
    action: str
    long_overdue: bool = False

    def to_json(self) -> dict[str, Any]:
        r = self.request
        return {
            "id": r.id,
            "authority": r.authority,
            "authority_name": self.authority_name,
            "title": r.title,
            "campaign": r.campaign,
            "regime": r.regime,
            "kind": str(self.kind),
            "date": self.date.isoformat(),
            "working_days": self.working_days,
            "long_overdue": self.long_overdue,
            "action": self.action,
        }


def daily_check(
    ledger: Ledger,
    today: date,
    *,
    within: int = 5,
    campaign: str | None = None,
    authorities: Sequence[str] = (),
) -> list[Item]:
    ids = tuple(a.id for a in ledger.directory.expand(authorities)) if authorities else None
    query = Query(authorities=ids, campaign=campaign)
    items = []
    for request, summary in ledger.store.summaries(query, watching=today):
        item = _classify(ledger, request, summary, today, within)
        if item is not None:
            items.append(item)
    items.sort(key=lambda i: (_ORDER[i.kind], i.date, i.request.id))
    return items


def _classify(
    ledger: Ledger, request: Request, summary: Summary, today: date, within: int
) -> Item | None:
    regime = REGIMES[request.regime]
    calendar = ledger.derive.calendars.for_regime(regime)
    dates = summary.dates
    status = summary.status(today)
    name = ledger.directory.display_name(request.authority)

    def item(kind: Kind, when: date, action: str, long_overdue: bool = False) -> Item:
        left = calendar.working_days_between(today, when)
        return Item(request, name, kind, when, left, action, long_overdue)

    regulator = regime.regulator_short
    if status is Status.OVERDUE and summary.due is not None:
        long_overdue = "long_overdue" in dates and today > dates["long_overdue"]
        if "review_request_by" in dates and today <= dates["review_request_by"]:
            action = (
                f"chase, or ask for an internal review by {format_day(dates['review_request_by'])}"
            )
        elif long_overdue:
            action = f"past day 40: complain to the {regulator} (no review needed for no answer)"
        else:
            action = f"chase: {regime.response.source} says it was due {format_day(summary.due)}"
        return item(Kind.OVERDUE, summary.due, action, long_overdue)
    if status is Status.AWAITING_RESPONSE and summary.due is not None:
        if calendar.working_days_between(today, summary.due) <= within:
            return item(Kind.DUE_SOON, summary.due, f"response due {format_day(summary.due)}")
        return None
    if status is Status.REVIEW_OVERDUE and "review_response_due" in dates:
        regulator_by = dates.get("regulator_by")
        action = (
            f"chase the review, or complain to the {regulator} by {format_day(regulator_by)}"
            if regulator_by
            else "chase the review"
        )
        return item(Kind.REVIEW_OVERDUE, dates["review_response_due"], action)
    if status is Status.RESPONDED:
        if "review_response_due" not in dates and "review_request_by" in dates:
            when = dates["review_request_by"]
            return item(
                Kind.REVIEW_WINDOW, when, f"ask for an internal review by {format_day(when)}"
            )
        if "regulator_by" in dates:
            when = dates["regulator_by"]
            return item(
                Kind.REGULATOR_WINDOW, when, f"complain to the {regulator} by {format_day(when)}"
            )
    if "tribunal_by" in dates and today <= dates["tribunal_by"] and status is Status.CLOSED:
        when = dates["tribunal_by"]
        return item(
            Kind.REGULATOR_WINDOW, when, f"appeal to the {regime.appeal_body} by {format_day(when)}"
        )
    return None


def headline(items: Sequence[Item]) -> str:
    """``2 overdue, 3 due this week, 1 review window closing``: the digest's subject."""
    counts = {kind: sum(1 for i in items if i.kind is kind) for kind in Kind}
    parts = []
    words = {
        Kind.OVERDUE: ("overdue", "overdue"),
        Kind.REVIEW_OVERDUE: ("review overdue", "reviews overdue"),
        Kind.DUE_SOON: ("due soon", "due soon"),
        Kind.REVIEW_WINDOW: ("review window open", "review windows open"),
        Kind.REGULATOR_WINDOW: ("regulator window open", "regulator windows open"),
    }
    for kind, (one, many) in words.items():
        if counts[kind]:
            parts.append(f"{counts[kind]} {one if counts[kind] == 1 else many}")
    return ", ".join(parts) if parts else "nothing due"


def one_line(text: str) -> str:
    """Control characters (a CR/LF in a title) shown as spaces, for a one-line display."""
    return "".join(" " if ord(c) < 32 or ord(c) == 127 else c for c in text)


def render_text(items: Sequence[Item], today: date, *, color: bool = False) -> str:
    """The daily check as text: for the terminal and for the email digest."""

    def paint(text: str, code: str) -> str:
        return f"\033[{code}m{text}\033[0m" if color else text

    lines = [paint(f"foitrack: the daily check for {format_day(today)}", "1")]
    if not items:
        lines.append("Nothing needs doing.")
        return "\n".join(lines) + "\n"
    width = max(len(i.authority_name) for i in items)
    for kind in Kind:
        section = [i for i in items if i.kind is kind]
        if not section:
            continue
        lines.append("")
        title = f"{SECTION_TITLES[kind]} ({len(section)})"
        lines.append(paint(title, "1;31" if kind in (Kind.OVERDUE, Kind.REVIEW_OVERDUE) else "1"))
        for item in section:
            days = item.working_days
            if days < 0:
                when = f"{-days} working day{'s' * (days != -1)} late"
            elif item.date == today:
                when = "today"
            elif days == 0:
                when = "no working days left"
            else:
                when = f"{days} working day{'s' * (days != 1)} left"
            if item.long_overdue:
                when += ", long overdue"
            lines.append(
                f"  #{item.request.id:<4} {item.authority_name:<{width}}  "
                f"{format_day(item.date):<16} {when}"
            )
            lines.append(f"        {one_line(item.request.title)}")
            lines.append(f"        → {item.action}")
    return "\n".join(lines) + "\n"
