"""Where the bank holidays come from: the ``holidays`` package, a cache, the config.

Importing ``holidays`` and building the four UK lists costs about 200 ms, so
the lists are cached as JSON in the XDG cache directory, keyed by the
package's version; everyday commands load the cache (a few ms) and never
import ``holidays``. The user's config may add a day the package does not
know yet (a newly proclaimed bank holiday) or remove one it has wrong; those
changes are applied after loading and change the calendar's fingerprint.
"""

from __future__ import annotations

import json
import os
import sys
import zlib
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from foitrack.core.calendar import BankHoliday, Calendar, CalendarSet, Nation
from foitrack.core.dates import FIRST_YEAR, LAST_YEAR
from foitrack.core.regimes import Regime

#: Calendars run a few years past the last supported date, so a review window
#: opened at the end of the last year still has days to count.
CALENDAR_LAST_YEAR = LAST_YEAR + 3
CACHE_FORMAT = 1

_SUBDIVISIONS = {
    "ENG": Nation.ENGLAND,
    "WLS": Nation.WALES,
    "SCT": Nation.SCOTLAND,
    "NIR": Nation.NORTHERN_IRELAND,
}


@dataclass(frozen=True, slots=True)
class HolidayChange:
    """A day the user's config adds to, or removes from, the package's lists."""

    date: date
    nations: frozenset[Nation]
    name: str = "Bank holiday (from your config)"


@dataclass(frozen=True, slots=True)
class HolidayChanges:
    add: tuple[HolidayChange, ...] = ()
    remove: tuple[HolidayChange, ...] = ()


def holidays_version() -> str:
    """The installed ``holidays`` version, found without importing anything.

    Every command needs it (it keys the cache), so it is read from the name
    of the package's ``holidays-<version>.dist-info`` folder on sys.path, which
    is what pip writes; importlib.metadata is only the fallback.
    """
    for entry in sys.path:
        folder = entry or "."
        if not os.path.isdir(os.path.join(folder, "holidays")):
            continue
        try:
            names = os.listdir(folder)
        except OSError:
            continue
        for name in names:
            if name.startswith("holidays-") and name.endswith(".dist-info"):
                return name[len("holidays-") : -len(".dist-info")]
    from importlib.metadata import version

    return version("holidays")


def _from_package() -> list[BankHoliday]:
    import holidays

    result = []
    years = range(FIRST_YEAR, CALENDAR_LAST_YEAR + 1)
    for code, nation in _SUBDIVISIONS.items():
        for day, name in holidays.country_holidays("GB", subdiv=code, years=years).items():
            result.append(BankHoliday(day, name, frozenset({nation})))
    return result


def _cache_file(cache_dir: Path, version: str) -> Path:
    return cache_dir / f"bank-holidays-{version}-v{CACHE_FORMAT}.json"


def load_bank_holidays(cache_dir: Path | None) -> tuple[list[BankHoliday], str]:
    """Every UK bank holiday and the ``holidays`` version it came from."""
    version = holidays_version()
    path = _cache_file(cache_dir, version) if cache_dir is not None else None
    if path is not None:
        try:
            data = json.loads(path.read_text(encoding="utf-8"))
            if data.get("first") == FIRST_YEAR and data.get("last") == CALENDAR_LAST_YEAR:
                # A handful of distinct nation sets among two thousand days:
                # each is made once (Nation() lookups are slow by the thousand).
                places: dict[tuple[str, ...], frozenset[Nation]] = {}
                days = []
                for day, name, where in data["days"]:
                    key = tuple(where)
                    if (nations := places.get(key)) is None:
                        nations = places[key] = frozenset(map(Nation, where))
                    days.append(BankHoliday(date.fromisoformat(day), name, nations))
                return days, version
        except (OSError, ValueError, KeyError, TypeError):
            pass  # A missing or damaged cache is rebuilt below.
    days = _from_package()
    if path is not None:
        _write_cache(path, days)
    return days, version


def _write_cache(path: Path, days: Sequence[BankHoliday]) -> None:
    payload = {
        "first": FIRST_YEAR,
        "last": CALENDAR_LAST_YEAR,
        "days": [[d.date.isoformat(), d.name, sorted(d.nations)] for d in days],
    }
    from foitrack.core.errors import FoitrackError
    from foitrack.files import write_private

    try:
        path.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
        write_private(path, json.dumps(payload), durable=False)
    except (OSError, FoitrackError):
        pass  # A read-only cache directory only costs speed, never correctness.


def apply_changes(days: Iterable[BankHoliday], changes: HolidayChanges) -> list[BankHoliday]:
    """The package's days less the removed ones, plus the added ones."""
    if not changes.add and not changes.remove:
        return list(days)
    removed = {(c.date, n) for c in changes.remove for n in c.nations}
    result = []
    for day in days:
        kept = frozenset(n for n in day.nations if (day.date, n) not in removed)
        if kept:
            result.append(BankHoliday(day.date, day.name, kept))
    result.extend(BankHoliday(c.date, c.name, c.nations) for c in changes.add)
    return result


def fingerprint(version: str, changes: HolidayChanges) -> str:
    """Changes whenever any working day could: a new package or a config change."""
    text = json.dumps(
        [
            version,
            CACHE_FORMAT,
            FIRST_YEAR,
            CALENDAR_LAST_YEAR,
            [[c.date.isoformat(), sorted(c.nations), c.name] for c in changes.add],
            [[c.date.isoformat(), sorted(c.nations)] for c in changes.remove],
        ]
    )
    # Not a security boundary, just change detection: crc32 spares importing hashlib.
    return f"{zlib.crc32(text.encode()):08x}"


#: Every non-working weekday of 2024-2028 per nation, written by hand from the
#: Act's schedule and the proclamations (see the file's own header).
GOLDEN = Path(__file__).parent / "data" / "bank-holidays-2024-2028.toml"


def golden_days() -> dict[Nation, frozenset[date]]:
    import tomllib

    with GOLDEN.open("rb") as handle:
        data = tomllib.load(handle)
    return {Nation(name): frozenset(table["days"]) for name, table in data.items()}


def missing_from(days: Iterable[BankHoliday]) -> list[tuple[date, Nation]]:
    """The days the hand-checked list names that ``days`` lacks, per nation:
    a ``holidays`` release (or a config) that drops or misses a bank holiday
    would count every window across it one working day short."""
    have = {(d.date, n) for d in days for n in d.nations}
    missing = []
    for nation, golden in golden_days().items():
        for day in sorted(golden):
            # Christmas Day and Good Friday are counted by the Act itself.
            statutory = (day.month, day.day) == (12, 25)
            if (day, nation) not in have and not statutory:
                missing.append((day, nation))
    return sorted(missing)


class Calendars(CalendarSet):
    """The calendars one command needs, built on first use and kept.

    Built from the cached lists plus the config's changes; a command that
    counts only FOIA dates never builds the Scottish calendar, and one that
    counts nothing never loads the lists.
    """

    def __init__(self, cache_dir: Path | None, changes: HolidayChanges | None = None) -> None:
        super().__init__(self._load, FIRST_YEAR, CALENDAR_LAST_YEAR)
        self._cache_dir = cache_dir
        self._changes = changes or HolidayChanges()
        self._version: str | None = None

    def _load(self) -> list[BankHoliday]:
        days, self._version = load_bank_holidays(self._cache_dir)
        return apply_changes(days, self._changes)

    def missing_days(self) -> list[tuple[date, Nation]]:
        """What the installed lists, with the config's changes, lack of the
        hand-checked calendar (:func:`missing_from`)."""
        return missing_from(self._load())

    def for_regime(self, regime: Regime) -> Calendar:
        return self.for_spec(regime.calendar)

    @property
    def fingerprint(self) -> str:
        if self._version is None:
            self._version = holidays_version()
        return fingerprint(self._version, self._changes)
