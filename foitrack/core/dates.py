"""Reading dates the way UK requesters and police responses write them.

Numeric dates are read day first (``10/03/2025`` is 10 March), because that
is how every UK force writes them; ISO dates are always year-month-day.
"""

from __future__ import annotations

import re
from datetime import date, timedelta

from foitrack.core.errors import BadDate

#: The years foitrack has calendars for. Deadlines may run a little past the
#: last year (a review window opened in late 2050), so calendars cover more.
FIRST_YEAR = 2000
LAST_YEAR = 2050

DATE_FORMS = "2025-03-10, 10/03/2025 (day first), 10 March 2025, 10 Mar 2025 or 10th March 2025"

# Spelled out rather than taken from the calendar module, whose names follow
# the locale and whose import (with locale's) the daily check would pay for.
_MONTH_NAMES = (
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
)
_MONTHS = {
    name.lower(): number
    for number, full in enumerate(_MONTH_NAMES, start=1)
    for name in (full, full[:3])
}
_MONTHS["sept"] = 9

_ISO = re.compile(r"(\d{4})-(\d{1,2})-(\d{1,2})")
_NUMERIC = re.compile(r"(\d{1,2})[/.\-](\d{1,2})[/.\-](\d{4}|\d{2})")
_WORDS = re.compile(
    r"(?:(?:mon|tue|wed|thu|fri|sat|sun)[a-z]*,?\s+)?"
    r"(\d{1,2})(?:st|nd|rd|th)?(?:\s+of)?\s+([a-z]+)\.?,?\s+(\d{4})",
    re.IGNORECASE,
)


def parse_date(text: str) -> date:
    """Read one date; raise :class:`BadDate` naming the value and the forms."""
    value = text.strip()
    parts = _match(value)
    if parts is None:
        raise BadDate(f"cannot read the date {text!r}: use {DATE_FORMS}")
    year, month, day = parts
    try:
        result = date(year, month, day)
    except ValueError:
        raise BadDate(f"{text!r} is not a real date: use {DATE_FORMS}") from None
    check_supported(result, text)
    return result


def _match(value: str) -> tuple[int, int, int] | None:
    if m := _ISO.fullmatch(value):
        return int(m[1]), int(m[2]), int(m[3])
    if m := _NUMERIC.fullmatch(value):
        year = int(m[3])
        if len(m[3]) == 2:
            year += 2000
        return year, int(m[2]), int(m[1])
    if m := _WORDS.fullmatch(value):
        month = _MONTHS.get(m[2].lower())
        if month is None:
            return None
        return int(m[3]), month, int(m[1])
    return None


def check_supported(day: date, text: str | None = None) -> date:
    """Refuse a date outside the years foitrack has calendars for."""
    if not FIRST_YEAR <= day.year <= LAST_YEAR:
        shown = text if text is not None else day.isoformat()
        raise BadDate(
            f"{shown!r} is outside the supported years {FIRST_YEAR}-{LAST_YEAR}: check the year"
        )
    return day


def add_months(day: date, months: int) -> date:
    """The same day ``months`` later, or the month's last day if it is shorter.

    31 January plus one month is 28 (or 29) February, as the courts read
    "within N months".
    """
    index = day.year * 12 + day.month - 1 + months
    year, month = divmod(index, 12)
    month += 1
    # The month's last day: the day before the first of the next month.
    following = date(year + month // 12, month % 12 + 1, 1)
    last = (following - timedelta(days=1)).day
    return date(year, month, min(day.day, last))


_WEEKDAYS = ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")
_MONTH_ABBR = ("", *(name[:3] for name in _MONTH_NAMES))


def format_day(day: date) -> str:
    """``Mon 2 Jun 2025``: how people read a date in a sentence.

    English names whatever the machine's locale (strftime would follow it),
    and several times faster than strftime on the daily check's hot path.
    """
    return f"{_WEEKDAYS[day.weekday()]} {day.day} {_MONTH_ABBR[day.month]} {day.year}"
