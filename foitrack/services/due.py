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
SECTION_TITLES = {
    Kind.OVERDUE: "Overdue responses",
    Kind.REVIEW_OVERDUE: "Internal reviews overdue",
    Kind.DUE_SOON: "Responses due soon",
    Kind.FEE_WINDOW: "Fees and charges to pay",
    Kind.REVIEW_WINDOW: "Review windows open",
    Kind.REGULATOR_WINDOW: "Regulator and tribunal windows open",
}


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
    within: int = 5,
    campaign: str | None = None,
    authorities: Sequence[str] = (),
) -> list[Item]:
    """Everything that needs doing on ``today``, most urgent first.

    Works on ISO text throughout: a date is parsed only for a row that makes
    it into the list, so a big ledger costs one indexed query and a few string
    comparisons a row.
    """
    ids = tuple(a.id for a in ledger.directory.expand(authorities)) if authorities else None
    query = Query(authorities=ids, campaign=campaign)
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


def headline(items: Sequence[Item]) -> str:
    """``2 overdue, 3 due this week, 1 review window closing``: the digest's subject."""
    counts = {kind: sum(1 for i in items if i.kind is kind) for kind in Kind}
    parts = []
    words = {
        Kind.OVERDUE: ("overdue", "overdue"),
        Kind.REVIEW_OVERDUE: ("review overdue", "reviews overdue"),
        Kind.DUE_SOON: ("due soon", "due soon"),
        Kind.FEE_WINDOW: ("fee to pay", "fees to pay"),
        Kind.REVIEW_WINDOW: ("review window open", "review windows open"),
        Kind.REGULATOR_WINDOW: ("regulator window open", "regulator windows open"),
    }
    for kind, (one, many) in words.items():
        if counts[kind]:
            parts.append(f"{counts[kind]} {one if counts[kind] == 1 else many}")
    return ", ".join(parts) if parts else "nothing due"


#: C0 and C1 control characters (a CR/LF, ESC or CSI starting a terminal
#: escape sequence) and the marks that reorder text on screen.
_CONTROL = dict.fromkeys(
    (*range(32), *range(127, 160), 0x061C, 0x200E, 0x200F, *range(0x202A, 0x202F),
     *range(0x2066, 0x206A)),
    " ",
)  # fmt: skip


def one_line(text: str) -> str:
    """Text from a ledger or a document made safe to show on one line of a
    terminal: control characters (a CR/LF in a title, an escape sequence) and
    direction overrides become spaces."""
    return text if text.isprintable() else text.translate(_CONTROL)


#: Letters ``foitrack draft`` writes, by the kind of item they answer. A kind
#: not named here (due-soon, or one added later) groups all the same, without
#: a letter to offer.
_LETTERS = {
    Kind.OVERDUE: "chase",
    Kind.REVIEW_OVERDUE: "complaint",
    Kind.REVIEW_WINDOW: "review",
    Kind.REGULATOR_WINDOW: "complaint",
}
#: An action's own date, in a block where each request has its own.
_EACH = "the date shown for each"


def letter_for(item: Item) -> str | None:
    """The letter ``foitrack draft`` writes for this item's next step, if any."""
    letter = _LETTERS.get(item.kind)
    if item.kind is Kind.OVERDUE and item.long_overdue and "complain" in item.action:
        return "complaint"
    if letter == "complaint" and "complain" not in item.action:
        return None  # a tribunal appeal, or a review to chase with no complaint open
    return letter


def _step(item: Item) -> str:
    """The item's action with its own date set aside: what requests group by.

    Any other date the action names (the regulator's, say) stays, so requests
    group only when they share it.
    """
    return item.action.replace(_format_day(item.date), _EACH)


def blocks(section: Sequence[Item], *, expand: bool = False) -> list[list[Item]]:
    """The items of one kind, a campaign's requests with the same next step together.

    Requests of one campaign and title whose action reads the same once their
    own dates are set aside make one block, placed where its most urgent
    request stands; a request in its own situation (another regime, another
    step, no campaign) is a block of one. Any kind groups this way.
    """
    found: dict[object, list[Item]] = {}
    for item in section:
        r = item.request
        if expand or r.campaign is None:
            key: object = r.id
        else:
            key = (r.campaign, r.title, item.kind, item.long_overdue, _step(item))
        found.setdefault(key, []).append(item)
    return list(found.values())


def _when(item: Item, today: date) -> str:
    """``3 working days late``, ``today``, ``2 working days left``."""
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
    return when


def _short_day(day: date, today: date) -> str:
    text = _format_day(day)
    return text[:-5] if day.year == today.year else text


def bulk_command(campaign: str, letter: str) -> str:
    """``foitrack draft chase --campaign lfr-2025``, quoted for a shell if need be."""
    from shlex import quote

    return f"foitrack draft {letter} --campaign {quote(campaign)}"


class Block(NamedTuple):
    """A campaign's requests in the same situation, as the daily check says it."""

    items: Sequence[Item]
    #: ``lfr-2025 — 24 requests``
    head: str
    #: The date they share, and how late or how near it is; None when dates differ.
    day: date | None
    when: str | None
    #: ``Avon and Somerset, Bedfordshire, ...`` (with each one's date if they differ).
    names: list[str]
    action: str
    #: ``foitrack draft chase --campaign lfr-2025``, when a letter fits.
    command: str | None

    @classmethod
    def of(cls, items: Sequence[Item], today: date) -> Block:
        first = items[0]
        campaign = first.request.campaign or ""
        same_day = all(i.date == first.date for i in items)
        day = first.date if same_day else None
        when = _when(first, today) if same_day else None
        if same_day:
            names = [(i.short_name or i.authority_name) for i in items]
        else:
            names = [
                f"{(i.short_name or i.authority_name)} ({_short_day(i.date, today)})" for i in items
            ]
        same_action = all(i.action == first.action for i in items)
        action = first.action if same_action else _step(first)
        letter = letter_for(first)
        command = bulk_command(campaign, letter) if letter else None
        head = f"{campaign} — {len(items)} requests"
        return cls(items, head, day, when, names, action, command)


def render_text(
    items: Sequence[Item], today: date, *, color: bool = False, expand: bool = False
) -> str:
    """The daily check as text: for the terminal and for the email digest.

    A campaign's requests in the same situation make one block (see
    :func:`blocks`); ``expand`` gives every request its own lines.
    """

    def paint(text: str, code: str) -> str:
        return f"\033[{code}m{text}\033[0m" if color else text

    lines = [paint(f"foitrack: the daily check for {format_day(today)}", "1")]
    if not items:
        lines.append("Nothing needs doing.")
        return "\n".join(lines) + "\n"
    grouped = [(kind, blocks([i for i in items if i.kind is kind], expand=expand)) for kind in Kind]
    width = max(
        (len(b[0].authority_name) for _, found in grouped for b in found if len(b) == 1),
        default=0,
    )
    for kind, found in grouped:
        if not found:
            continue
        lines.append("")
        title = f"{SECTION_TITLES[kind]} ({sum(len(b) for b in found)})"
        lines.append(paint(title, "1;31" if kind in (Kind.OVERDUE, Kind.REVIEW_OVERDUE) else "1"))
        for block in found:
            if len(block) > 1:
                lines.extend(_block_lines(Block.of(block, today)))
                continue
            [item] = block
            lines.append(
                f"  #{item.request.id:<4} {item.authority_name:<{width}}  "
                f"{_format_day(item.date):<16} {_when(item, today)}"
            )
            lines.append(f"        {one_line(item.request.title)}")
            lines.append(f"        → {item.action}")
    return "\n".join(lines) + "\n"


#: Where a block's lines are wrapped: an 80-column terminal, or a mail reader.
WRAP = 79


def _block_lines(block: Block) -> list[str]:
    first = block.items[0]
    head = f"  {one_line(block.head)}"
    if block.day is not None:
        head += f"  {_format_day(block.day)}  {block.when}"
    lines = [head, f"        {one_line(first.request.title)}"]
    lines.extend(wrap_names([one_line(n) for n in block.names], "        ", WRAP))
    lines.append(f"        → {block.action}")
    if block.command:
        lines.append(f"        → all {len(block.items)} at once: {one_line(block.command)}")
    return lines


def wrap_names(names: Sequence[str], indent: str, width: int) -> list[str]:
    """``A, B, C,`` over as many lines as it takes, never breaking a name."""
    lines: list[str] = []
    line = ""
    for index, name in enumerate(names):
        word = name + ("," if index < len(names) - 1 else "")
        if line and len(indent) + len(line) + 1 + len(word) > width:
            lines.append(indent + line)
            line = word
        else:
            line = f"{line} {word}" if line else word
    if line:
        lines.append(indent + line)
    return lines
