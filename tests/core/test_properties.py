"""Invariants of the deadline engine, checked on random dates (hypothesis)."""

from __future__ import annotations

from datetime import date, timedelta

from hypothesis import given, settings
from hypothesis import strategies as st

from foitrack.calendars import Calendars
from foitrack.core.calendar import ALL_NATIONS, BankHoliday, Calendar
from foitrack.core.events import Event, EventType
from foitrack.core.lifecycle import evaluate
from foitrack.core.regimes import REGIMES, Regime

days = st.dates(min_value=date(2000, 1, 1), max_value=date(2050, 12, 31))
regimes = st.sampled_from(sorted(REGIMES.values(), key=lambda r: r.code))
counts = st.integers(min_value=0, max_value=60)
_CACHE: dict[str, Calendars] = {}


def all_calendars() -> Calendars:
    from pathlib import Path

    import foitrack.paths

    if "c" not in _CACHE:
        _CACHE["c"] = Calendars(Path(foitrack.paths.cache_dir()))
    return _CACHE["c"]


def calendar_for(regime: Regime) -> Calendar:
    return all_calendars().for_regime(regime)


@given(regime=regimes, received=days, n=st.integers(min_value=1, max_value=60))
def test_a_due_date_is_a_working_day(regime: Regime, received: date, n: int) -> None:
    calendar = calendar_for(regime)
    assert calendar.is_working_day(calendar.add_working_days(received, n))


@given(regime=regimes, received=days, n=counts)
def test_counting_forward_then_back_gives_n(regime: Regime, received: date, n: int) -> None:
    calendar = calendar_for(regime)
    later = calendar.add_working_days(received, n)
    assert calendar.working_days_between(received, later) == n
    if calendar.is_working_day(received):
        assert calendar.add_working_days(later, -n) == received


@settings(max_examples=60, deadline=None)
@given(
    received=st.dates(min_value=date(2024, 1, 1), max_value=date(2026, 12, 31)),
    extra=st.dates(min_value=date(2024, 1, 1), max_value=date(2027, 12, 31)),
    n=st.integers(min_value=1, max_value=40),
)
def test_adding_a_holiday_never_moves_a_deadline_earlier(
    received: date, extra: date, n: int
) -> None:
    calendars = Calendars(None)  # no cache: holidays lists straight from the package
    base = calendars._load()
    before = Calendar("uk", ALL_NATIONS, base, 2024, 2027, good_friday=True)
    after = Calendar(
        "uk",
        ALL_NATIONS,
        [*base, BankHoliday(extra, "New bank holiday", ALL_NATIONS)],
        2024,
        2027,
        good_friday=True,
    )
    assert after.add_working_days(received, n) >= before.add_working_days(received, n)


@given(
    regime=regimes,
    received=st.dates(min_value=date(2000, 1, 1), max_value=date(2049, 12, 31)),
    notice_after=st.integers(min_value=0, max_value=40),
    pause=st.integers(min_value=0, max_value=60),
)
def test_a_pause_never_shortens_a_deadline(
    regime: Regime, received: date, notice_after: int, pause: int
) -> None:
    calendar = calendar_for(regime)
    notice = received + timedelta(days=notice_after)
    paid = notice + timedelta(days=pause)
    plain = evaluate(regime, received, [], all_calendars())
    paused = evaluate(
        regime,
        received,
        [Event(EventType.FEE_NOTICE, notice), Event(EventType.FEE_PAID, paid)],
        all_calendars(),
    )
    for name in ("response_due", "long_overdue"):
        before, after = plain.date_of(name), paused.date_of(name)
        assert before is not None and after is not None
        assert after >= before
    assert (
        calendar.working_days_between(received, paused.date_of("response_due") or received)
        == 20 + paused.paused_days
    )
