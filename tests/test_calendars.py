"""The bank-holiday lists against a calendar checked by hand (2024-2028).

``foitrack/data/bank-holidays-2024-2028.toml`` was written from the Banking and
Financial Dealings Act schedule and the proclamations, not from the package:
these tests fail when a ``holidays`` release adds, drops or moves a day.
"""

from __future__ import annotations

from datetime import date, timedelta
from pathlib import Path

import pytest

from foitrack.calendars import Calendars, HolidayChange, HolidayChanges, golden_days
from foitrack.core.calendar import Nation
from foitrack.core.regimes import FOIA, FOISA, TRIBUNAL_CALENDAR

FIRST, LAST = date(2024, 1, 1), date(2028, 12, 31)
GOLDEN = golden_days()


def weekdays_off(calendar_days: object) -> set[date]:
    calendar = calendar_days
    day, off = FIRST, set()
    while day <= LAST:
        if day.weekday() < 5 and not calendar.is_working_day(day):  # type: ignore[attr-defined]
            off.add(day)
        day += timedelta(days=1)
    return off


@pytest.mark.parametrize("nation", list(Nation), ids=str)
def test_the_package_has_exactly_the_checked_days(nation: Nation) -> None:
    import holidays

    code = {"england": "ENG", "wales": "WLS", "scotland": "SCT", "northern-ireland": "NIR"}
    package = {
        day
        for day in holidays.country_holidays("GB", subdiv=code[nation], years=range(2024, 2029))
        if day.weekday() < 5
    }
    assert sorted(GOLDEN[nation] - package) == [], "missing from the installed release"
    assert sorted(package - GOLDEN[nation]) == [], "in the release, not in the checked list"


def test_foia_skips_the_days_of_every_nation(calendars: Calendars) -> None:
    union = set().union(*GOLDEN.values())
    assert weekdays_off(calendars.for_regime(FOIA)) == union
    # For instance St Andrew's Day 2026 (Scotland), the Boyne 2027 (NI), 2 Jan 2026.
    assert {date(2026, 11, 30), date(2027, 7, 12), date(2026, 1, 2)} <= union


def test_foisa_skips_scotlands_days_only(calendars: Calendars) -> None:
    assert weekdays_off(calendars.for_regime(FOISA)) == set(GOLDEN[Nation.SCOTLAND])


def test_the_tribunal_counts_england_and_wales(calendars: Calendars) -> None:
    expected = GOLDEN[Nation.ENGLAND] | GOLDEN[Nation.WALES]
    assert weekdays_off(calendars.for_spec(TRIBUNAL_CALENDAR)) == set(expected)


def test_a_list_without_a_checked_day_is_noticed(cache_dir: Path) -> None:
    assert Calendars(cache_dir).missing_days() == []
    world_cup = HolidayChange(date(2026, 6, 15), frozenset({Nation.SCOTLAND}))
    without = Calendars(cache_dir, HolidayChanges(remove=(world_cup,)))
    assert without.missing_days() == [(date(2026, 6, 15), Nation.SCOTLAND)]
