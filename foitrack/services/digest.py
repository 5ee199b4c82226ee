"""The daily check as people read it: in the terminal and in the email digest.

One place renders it, as text (``foitrack due``, the digest's plain part) and
as HTML (the digest's other part), from the items :func:`daily_check` finds.
"""

from __future__ import annotations

import html
from collections.abc import Sequence
from datetime import date
from functools import lru_cache
from typing import NamedTuple

from foitrack.core.dates import format_day
from foitrack.services.due import Item, Kind
from foitrack.text import one_line, wrap_names

_format_day = lru_cache(maxsize=1024)(format_day)

SECTION_TITLES = {
    Kind.OVERDUE: "Overdue responses",
    Kind.REVIEW_OVERDUE: "Internal reviews overdue",
    Kind.DUE_SOON: "Responses due soon",
    Kind.FEE_WINDOW: "Fees and charges to pay",
    Kind.REVIEW_WINDOW: "Review windows open",
    Kind.REGULATOR_WINDOW: "Regulator and tribunal windows open",
}


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


def sections(
    items: Sequence[Item], *, expand: bool = False
) -> list[tuple[Kind, str, list[list[Item]]]]:
    """The daily check's sections in order, those with something in them:
    each kind, its title with its count (``Overdue (3)``), its blocks."""
    found = []
    for kind in Kind:
        section = blocks([i for i in items if i.kind is kind], expand=expand)
        if section:
            found.append((kind, f"{SECTION_TITLES[kind]} ({sum(map(len, section))})", section))
    return found


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
    grouped = sections(items, expand=expand)
    width = max(
        (len(b[0].authority_name) for _, _, found in grouped for b in found if len(b) == 1),
        default=0,
    )
    for kind, title, found in grouped:
        lines.append("")
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


def render_html(items: Sequence[Item], today: date) -> str:
    """The daily check as the digest's HTML part: the same sections and blocks as the text."""
    e = html.escape
    parts = [
        "<!doctype html><html><body style='font-family:sans-serif'>",
        f"<h2>foitrack: the daily check for {e(format_day(today))}</h2>",
    ]
    for _, title, found in sections(items):
        parts.append(f"<h3>{e(title)}</h3><table cellpadding=4>")
        for block in found:
            if len(block) > 1:
                parts.append(_html_block(Block.of(block, today)))
                continue
            [item] = block
            parts.append(
                "<tr>"
                f"<td>#{item.request.id}</td>"
                f"<td>{e(item.authority_name)}</td>"
                f"<td>{e(item.request.title)}</td>"
                f"<td>{e(format_day(item.date))}</td>"
                f"<td>{e(item.action)}</td>"
                "</tr>"
            )
        parts.append("</table>")
    parts.append("</body></html>")
    return "\n".join(parts)


def _html_block(block: Block) -> str:
    """A campaign's requests in the same situation: one row, the names in a cell."""
    e = html.escape
    first = block.items[0]
    command = f"<br>all {len(block.items)} at once: <code>{e(block.command or '')}</code>"
    return (
        "<tr>"
        f"<td>{len(block.items)}</td>"
        f"<td>{e(block.head)}<br><small>{e(', '.join(block.names))}</small></td>"
        f"<td>{e(first.request.title)}</td>"
        f"<td>{e(format_day(block.day)) if block.day else 'see each'}</td>"
        f"<td>{e(block.action)}{command if block.command else ''}</td>"
        "</tr>"
    )


def inbox_note(waiting: int) -> str | None:
    """How many messages wait in the inbox, in words; None when none does."""
    if not waiting:
        return None
    word = "message waits" if waiting == 1 else "messages wait"
    return f"{waiting} {word} in the inbox: foitrack inbox"


def inbox_text(waiting: int) -> str:
    """The inbox note as the digest's last line ('' when nothing waits)."""
    return note_text(inbox_note(waiting))


def inbox_html(page: str, waiting: int) -> str:
    """``page`` with the inbox note as its last paragraph."""
    return note_html(page, inbox_note(waiting))


def note_text(note: str | None) -> str:
    """A note ("...: COMMAND") as a line of its own after the digest."""
    return f"\n{note}\n" if note else ""


def note_html(page: str, note: str | None) -> str:
    """``page`` with a note ("...: COMMAND") as its last paragraph."""
    if not note:
        return page
    text, _, command = note.rpartition(": ")
    return page.replace(
        "</body>", f"<p>{html.escape(text)}: <code>{html.escape(command)}</code></p></body>"
    )
