"""Working-day calendars for counting FOI deadlines.

A working day is any day that is not a Saturday, a Sunday, Christmas Day,
Good Friday (FOIA only) or a bank holiday in the nations the regime counts:
every part of the UK for FOIA and EIR (FOIA s10(6), EIR reg 2(1)), Scotland
alone for FOISA and EISR (FOISA s73).

Counting follows the Act: the day of receipt is day 0 and day 1 is the first
working day after it. Intervals are half-open, ``(start, end]``: the start day
never counts, the end day does if it is a working day.

The working days are precomputed once, as a sorted list of ordinals and as a
running count for every day, so adding or counting working days is a list
lookup, never a day-by-day loop.
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from enum import StrEnum
from itertools import accumulate, compress

from foitrack.core.errors import BadDate


class Nation(StrEnum):
    ENGLAND = "england"
    WALES = "wales"
    SCOTLAND = "scotland"
    NORTHERN_IRELAND = "northern-ireland"

    @property
    def label(self) -> str:
        return _NATION_LABELS[self]


_NATION_LABELS = {
    Nation.ENGLAND: "England",
    Nation.WALES: "Wales",
    Nation.SCOTLAND: "Scotland",
    Nation.NORTHERN_IRELAND: "Northern Ireland",
}

ALL_NATIONS = frozenset(Nation)
_fromordinal = date.fromordinal


@dataclass(frozen=True, slots=True)
class CalendarSpec:
    """Which days a count skips: the bank holidays of ``nations``, weekends,
    Christmas Day always, and Good Friday where the statute names it.

    Two specs with the same days are the same calendar, whatever law cites
    them: ``key`` says which days, ``source`` only where the rule comes from.
    """

    nations: frozenset[Nation]
    good_friday: bool
    source: str

    @property
    def key(self) -> str:
        """``england+wales/christmas+good-friday``: the identity of the days skipped."""
        places = "+".join(n.value for n in sorted(self.nations, key=list(Nation).index))
        return f"{places}/christmas{'+good-friday' if self.good_friday else ''}"


@dataclass(frozen=True, slots=True)
class BankHoliday:
    """A bank holiday as the holiday lists give it: a date, a name, where."""

    date: date
    name: str
    nations: frozenset[Nation]


class DayKind(StrEnum):
    WEEKEND = "weekend"
    STATUTORY = "statutory"  # named in the Act itself: Christmas Day, Good Friday
    BANK_HOLIDAY = "bank-holiday"


@dataclass(frozen=True, slots=True)
class SkippedDay:
    """A day the count passed over, and why."""

    date: date
    kind: DayKind
    name: str
    nations: frozenset[Nation]

    def reason(self, counted: frozenset[Nation], source: str) -> str:
        """Why the day was skipped, for instance::

        St Patrick's Day (Northern Ireland): a bank holiday in part of the UK, FOIA s10(6)
        """
        if self.kind is DayKind.WEEKEND:
            return f"{self.name}: not a working day, {source}"
        if self.kind is DayKind.STATUTORY:
            return f"{self.name}: named in {source}"
        where = _where(self.nations)
        if len(counted) > 1 and self.nations != counted:
            scope = "a bank holiday in part of the UK"
        elif len(counted) > 1:
            scope = "a bank holiday throughout the UK"
        else:
            scope = f"a bank holiday in {_where(counted)}"
        return f"{self.name} ({where}): {scope}, {source}"


@dataclass(frozen=True, slots=True)
class CountedDay:
    """One line of a count: a working day with its number, or a skipped day."""

    date: date
    working_day: int | None
    skipped: SkippedDay | None


def _where(nations: Iterable[Nation]) -> str:
    return ", ".join(n.label for n in sorted(nations, key=list(Nation).index))


def easter_sunday(year: int) -> date:
    """Easter Sunday in the Gregorian calendar (the anonymous algorithm)."""
    a = year % 19
    b, c = divmod(year, 100)
    d, e = divmod(b, 4)
    f = (b + 8) // 25
    g = (b - f + 1) // 3
    h = (19 * a + b - d - g + 15) % 30
    i, k = divmod(c, 4)
    m = (32 + 2 * e + 2 * i - h - k) % 7
    n = (a + 11 * h + 22 * m) // 451
    month, day = divmod(h + m - 7 * n + 114, 31)
    return date(year, month, day + 1)


class Calendar:
    """The working days of one regime between two years, inclusive.

    ``nations``: whose bank holidays are skipped. ``good_friday``: whether Good
    Friday is skipped by statute (FOIA/EIR) rather than only as a bank holiday.
    """

    __slots__ = (
        "_count",
        "_first",
        "_flags",
        "_good_friday",
        "_holidays",
        "_last",
        "_lo",
        "_offdays",
        "_rank",
        "_size",
        "_working",
        "name",
        "nations",
    )

    def __init__(
        self,
        name: str,
        nations: frozenset[Nation],
        holidays: Iterable[BankHoliday],
        first_year: int,
        last_year: int,
        *,
        good_friday: bool,
    ) -> None:
        self.name = name
        self.nations = nations
        self._first = date(first_year, 1, 1)
        self._last = date(last_year, 12, 31)
        self._holidays = tuple(holidays)
        self._good_friday = good_friday
        self._offdays: dict[date, SkippedDay] | None = None  # built when explained
        off = {day.toordinal() for day, _ in self._statutory_days()}
        off.update(h.date.toordinal() for h in self._holidays if h.nations & nations)
        start = self._first.toordinal()
        end = self._last.toordinal()
        self._lo = start
        size = self._size = end - start + 1
        # Mark Monday to Friday a whole weekday at a time, then clear the
        # holidays: a few slice assignments instead of a loop over every day.
        flags = bytearray(size)
        monday = (7 - self._first.weekday()) % 7
        for weekday in range(5):
            first = (monday + weekday) % 7
            flags[first::7] = b"\x01" * len(range(first, size, 7))
        for ordinal in off:
            if start <= ordinal <= end:
                flags[ordinal - start] = 0
        self._flags = bytes(flags)
        self._working = list(compress(range(start, end + 1), flags))
        # How many working days up to and including each day: the n-th working
        # day after a day is one list lookup away, with no search at all.
        self._rank = list(accumulate(flags))
        self._count = len(self._working)

    def _statutory_days(self) -> Iterator[tuple[date, str]]:
        """The days the Act itself names, each year: Christmas Day, and Good
        Friday where the regime names it."""
        for year in range(self._first.year, self._last.year + 1):
            yield date(year, 12, 25), "Christmas Day"
            if self._good_friday:
                yield easter_sunday(year) - timedelta(days=2), "Good Friday"

    def _explained(self) -> dict[date, SkippedDay]:
        """Each named day off and why: only explanations need the names, so
        they are put together on first use, not on every start."""
        if self._offdays is not None:
            return self._offdays
        offdays = {
            day: SkippedDay(day, DayKind.STATUTORY, name, ALL_NATIONS)
            for day, name in self._statutory_days()
        }
        merged: dict[date, tuple[list[str], set[Nation]]] = {}
        for holiday in self._holidays:
            where = holiday.nations & self.nations
            if not where or holiday.date in offdays:
                continue
            names, seen = merged.setdefault(holiday.date, ([], set()))
            for part in holiday.name.split("; "):
                if part not in names:
                    names.append(part)
            seen |= where
        for day, (names, seen) in merged.items():
            offdays[day] = SkippedDay(day, DayKind.BANK_HOLIDAY, "; ".join(names), frozenset(seen))
        self._offdays = offdays
        return offdays

    # --- the fast operations -------------------------------------------------

    def is_working_day(self, day: date) -> bool:
        return self._flags[self._offset(day)] == 1

    def add_working_days(self, day: date, n: int) -> date:
        """Day ``n`` counting ``day`` as day 0: the n-th working day after it.

        Negative ``n`` counts back: the n-th working day before ``day``.
        """
        ordinal = day.toordinal()
        offset = ordinal - self._lo
        if n > 0 and 0 <= offset < self._size:
            # The hot path: two list lookups, no search, no day-by-day loop.
            index = self._rank[offset] + n - 1
            if index < self._count:
                return _fromordinal(self._working[index])
        return self._add_slow(day, ordinal, n)

    def _add_slow(self, day: date, ordinal: int, n: int) -> date:
        self._offset(day)
        if n == 0:
            return day
        if n > 0:
            index = bisect_right(self._working, ordinal) + n - 1
        else:
            index = bisect_left(self._working, ordinal) + n
        if not 0 <= index < len(self._working):
            raise BadDate(
                f"counting {n} working days from {day.isoformat()} leaves the years "
                f"foitrack has calendars for ({self._first.year}-{self._last.year})"
            )
        return _fromordinal(self._working[index])

    def working_days_between(self, start: date, end: date) -> int:
        """How many working days in ``(start, end]``; negative when end < start.

        So ``working_days_between(d, add_working_days(d, n)) == n``.
        """
        first, last = start.toordinal() - self._lo, end.toordinal() - self._lo
        if not (0 <= first < self._size and 0 <= last < self._size):
            self._offset(start)
            self._offset(end)
        return self._rank[last] - self._rank[first]

    # --- explanation ---------------------------------------------------------

    def skipped(self, day: date) -> SkippedDay | None:
        """Why ``day`` is not a working day, or None if it is one."""
        if self.is_working_day(day):
            return None
        if day.weekday() >= 5:
            return SkippedDay(day, DayKind.WEEKEND, f"{day:%A}", frozenset())
        return self._explained()[day]

    def count_days(self, start: date, end: date) -> Iterator[CountedDay]:
        """Each day in ``(start, end]``: its working-day number, or why it was skipped."""
        number = 0
        day = start + timedelta(days=1)
        while day <= end:
            skipped = self.skipped(day)
            if skipped is None:
                number += 1
                yield CountedDay(day, number, None)
            else:
                yield CountedDay(day, None, skipped)
            day += timedelta(days=1)

    def bank_holidays(self, start: date, end: date) -> list[SkippedDay]:
        """The named non-working days (not weekends) in ``[start, end]``."""
        return sorted(
            (s for d, s in self._explained().items() if start <= d <= end), key=lambda s: s.date
        )

    def _offset(self, day: date) -> int:
        if not self._first <= day <= self._last:
            raise BadDate(
                f"{day.isoformat()} is outside the years foitrack has calendars for "
                f"({self._first.year}-{self._last.year}): check the year"
            )
        return day.toordinal() - self._first.toordinal()


class CalendarSet:
    """One calendar per :class:`CalendarSpec` over one list of bank holidays,
    each built on first use and kept (a command counting only FOIA dates never
    builds Scotland's).

    ``holidays`` is called once, when the first calendar is built, so a
    command that needs no calendar never loads the lists.
    """

    def __init__(
        self,
        holidays: Callable[[], Sequence[BankHoliday]],
        first_year: int,
        last_year: int,
    ) -> None:
        self._holidays = holidays
        self._days: Sequence[BankHoliday] | None = None
        self._first_year = first_year
        self._last_year = last_year
        self._built: dict[str, Calendar] = {}

    def for_spec(self, spec: CalendarSpec) -> Calendar:
        key = spec.key
        calendar = self._built.get(key)
        if calendar is None:
            if self._days is None:
                self._days = self._holidays()
            calendar = self._built[key] = Calendar(
                key,
                spec.nations,
                self._days,
                self._first_year,
                self._last_year,
                good_friday=spec.good_friday,
            )
        return calendar
