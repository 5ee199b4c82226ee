"""``foitrack due``: the daily check, most urgent first.

Built on the ledger's cached summaries: the store returns only requests that
can still need the user today (an index lookup in SQLite), and each is
classified with a few comparisons and one working-day count.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import date
from enum import StrEnum
from functools import lru_cache
from typing import Any, NamedTuple

from foitrack.core.calendar import Calendar
from foitrack.core.dates import format_day
from foitrack.core.regimes import REGIMES, Regime
from foitrack.core.status import Status, status_on
from foitrack.services.ledger import Ledger
from foitrack.services.limits import DEFAULT_WITHIN
from foitrack.store.base import Query
from foitrack.store.index import Watch


class Kind(StrEnum):
    """What needs doing, in the order ``due`` shows it."""

    OVERDUE = "overdue"
    REVIEW_OVERDUE = "review-overdue"
    DUE_SOON = "due-soon"
    FEE_WINDOW = "fee-window"
    REVIEW_WINDOW = "review-window"
    REGULATOR_WINDOW = "regulator-window"


_ORDER = {kind: index for index, kind in enumerate(Kind)}


class Item(NamedTuple):
    """One line of the daily check (a tuple: thousands are made per run)."""

    request: Watch
    authority_name: str
    kind: Kind
    date: date
    #: Working days left in the request's own regime: 0 on the date, -1 the
    #: working day after, and so on.
    working_days: int
    action: str
    long_overdue: bool = False
    #: The name in a list of many: "Kent", not "Kent Police" (see Directory.short_name).
    short_name: str = ""

    def to_json(self) -> dict[str, Any]:
        r = self.request
        return {
            "id": r.id,
            "authority": r.authority,
            "authority_name": self.authority_name,
            "title": r.title,
            "campaign": r.campaign,
            "regime": r.regime,
            "kind": self.kind,  # a str: json writes its value
            "date": self.date.isoformat(),
            "working_days": self.working_days,
            "long_overdue": self.long_overdue,
            "action": self.action,
        }


_AWAITING = str(Status.AWAITING_RESPONSE)
_OVERDUE = str(Status.OVERDUE)
_RESPONDED = str(Status.RESPONDED)
_FEE_PENDING = str(Status.FEE_PENDING)
_REVIEW_OVERDUE = str(Status.REVIEW_OVERDUE)
_CLOSED = str(Status.CLOSED)


def daily_check(
    ledger: Ledger,
    today: date,
    *,
    within: int = DEFAULT_WITHIN,
    campaign: str | None = None,
    authorities: Sequence[str] = (),
    assignees: tuple[str | None, ...] | None = None,
) -> list[Item]:
    """Everything that needs doing on ``today``, most urgent first.

    ``assignees``: only requests assigned to one of these people (None in it:
    to nobody), a condition on the ledger's own column.

    Works on ISO text throughout: a date is parsed only for a row that makes
    it into the list, so a big ledger costs one indexed query and a few string
    comparisons a row.
    """
    ids = tuple(a.id for a in ledger.directory.expand(authorities)) if authorities else None
    query = Query(authorities=ids, campaign=campaign, assignees=assignees)
    iso = today.isoformat()
    calendars: dict[str, Calendar] = {}
    soon: dict[str, str] = {}
    for code, regime in REGIMES.items():
        calendars[code] = ledger.derive.calendars.for_regime(regime)
        soon[code] = calendars[code].add_working_days(today, within).isoformat()
    names = ledger.directory.display_name
    shorts = ledger.directory.short_name
    # Thousands of rows share a few hundred dates: each (regime, date) is
    # parsed and counted once.
    dated: dict[tuple[str, str], tuple[date, int]] = {}
    items = []
    for watch in ledger.store.watchlist(query, today):
        item = _item(watch, iso, today, soon, calendars, names, shorts, dated)
        if item is not None:
            items.append(item)
    items.sort(key=lambda i: (_ORDER[i.kind], i.date, i.request.id))
    return items


def _item(
    watch: Watch,
    iso: str,
    today: date,
    soon: dict[str, str],
    calendars: dict[str, Calendar],
    names: Callable[[str], str],
    shorts: Callable[[str], str],
    dated: dict[tuple[str, str], tuple[date, int]],
) -> Item | None:
    found = _classify(
        watch,
        status_on(watch.status, watch.status_until, watch.status_after, iso),
        iso,
        soon[watch.regime],
    )
    if found is None:
        return None
    kind, when_iso = found
    key = (watch.regime, when_iso)
    if (known := dated.get(key)) is None:
        day = date.fromisoformat(when_iso)
        known = dated[key] = (day, calendars[watch.regime].working_days_between(today, day))
    when, left = known
    regime = REGIMES[watch.regime]
    long_overdue = (
        kind is Kind.OVERDUE
        and watch.long_overdue is not None
        and iso > watch.long_overdue
        and regime.has_outer_limit
    )
    action = _action(kind, watch, regime, when, long_overdue, iso)
    return Item(
        watch,
        names(watch.authority),
        kind,
        when,
        left,
        action,
        long_overdue,
        shorts(watch.authority),
    )


def _classify(watch: Watch, status: str, today: str, soon: str) -> tuple[Kind, str] | None:
    """The kind of item a request makes today, and the date it is about."""
    if status == _OVERDUE and watch.due:
        return Kind.OVERDUE, watch.due
    if status == _AWAITING and watch.due:
        return (Kind.DUE_SOON, watch.due) if watch.due <= soon else None
    if status == _REVIEW_OVERDUE and watch.review_response_due:
        return Kind.REVIEW_OVERDUE, watch.review_response_due
    if status == _FEE_PENDING and watch.fee_lapses:
        # From the day the notice is logged: the clock is stopped until the user pays.
        return Kind.FEE_WINDOW, watch.fee_lapses
    if status == _RESPONDED:
        if watch.review_response_due is None and watch.review_request_by:
            later = watch.review_request_last
            if later and watch.review_request_by < today <= later:
                # The advised (earlier) window has passed; the other is still open.
                return Kind.REVIEW_WINDOW, later
            return Kind.REVIEW_WINDOW, watch.review_request_by
        if watch.regulator_by:
            return Kind.REGULATOR_WINDOW, watch.regulator_by
    if status == _CLOSED and watch.tribunal_by and today <= watch.tribunal_by:
        return Kind.REGULATOR_WINDOW, watch.tribunal_by
    return None


def _action(
    kind: Kind, watch: Watch, regime: Regime, when: date, long_overdue: bool, today: str
) -> str:
    """The next thing to do, as a sentence."""
    regulator = regime.regulator_short
    if kind is Kind.OVERDUE:
        review_by = watch.review_request_by
        if review_by and today <= review_by:
            return f"chase, or ask for an internal review by {_day(review_by)}"
        if long_overdue:
            return f"past day 40: complain to the {regulator} (no review needed for no answer)"
        return f"chase: {regime.response.source} says it was due {_format_day(when)}"
    if kind is Kind.DUE_SOON:
        return f"response due {_format_day(when)}"
    if kind is Kind.FEE_WINDOW:
        lapse = regime.fee_lapse
        what = "charge" if lapse is not None and lapse.unit == "working-days" else "fee"
        source = f" ({lapse.source})" if lapse is not None else ""
        # The clock is stopped until the user pays: said in the README, not on every line.
        return f"pay the {what} by {_format_day(when)}{source}, or the request lapses"
    if kind is Kind.REVIEW_OVERDUE:
        if watch.regulator_by:
            return f"chase the review, or complain to the {regulator} by {_day(watch.regulator_by)}"
        return "chase the review"
    if kind is Kind.REVIEW_WINDOW:
        later = watch.review_request_last
        advised = watch.review_request_by
        if later and advised and when.isoformat() == later and advised < later:
            return (
                f"ask for an internal review now: the earlier of two windows closed "
                f"{_day(advised)}, the later ends {_format_day(when)}"
            )
        if later and later != when.isoformat():
            return (
                f"ask for an internal review by {_format_day(when)} (the earlier of two "
                f"windows; the other ends {_day(later)})"
            )
        return f"ask for an internal review by {_format_day(when)}"
    if watch.tribunal_by and when.isoformat() == watch.tribunal_by:
        return f"appeal to the {regime.appeal_body} by {_format_day(when)}"
    return f"complain to the {regulator} by {_format_day(when)}"


# The daily check formats the same few hundred dates thousands of times.
_format_day = lru_cache(maxsize=1024)(format_day)


@lru_cache(maxsize=1024)
def _day(iso: str) -> str:
    return _format_day(date.fromisoformat(iso))
