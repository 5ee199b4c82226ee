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


_WORKING_DAY_DEADLINES = ("response_due", "long_overdue", "review_response_due")


@settings(max_examples=80, deadline=None)
@given(
    regime=regimes,
    received=st.dates(min_value=date(2001, 1, 1), max_value=date(2048, 12, 31)),
    answer_after=st.integers(min_value=0, max_value=80),
    review_after=st.integers(min_value=0, max_value=60),
)
def test_every_working_day_deadline_is_a_working_day(
    regime: Regime, received: date, answer_after: int, review_after: int
) -> None:
    from foitrack.core.events import Outcome

    answered = received + timedelta(days=answer_after)
    asked = answered + timedelta(days=review_after)
    events = [
        Event(EventType.RESPONDED, answered, Outcome.REFUSED),
        Event(EventType.REVIEW_REQUESTED, asked),
    ]
    state = evaluate(regime, received, events, all_calendars())
    calendar = calendar_for(regime)
    for name in (*_WORKING_DAY_DEADLINES, "review_request_by"):
        when = state.date_of(name)
        assert when is not None and calendar.is_working_day(when), name


@settings(max_examples=60, deadline=None)
@given(
    regime=regimes,
    received=st.dates(min_value=date(2024, 1, 1), max_value=date(2026, 6, 30)),
    extra=st.dates(min_value=date(2024, 1, 1), max_value=date(2027, 12, 31)),
)
def test_a_new_bank_holiday_never_brings_a_deadline_earlier(
    regime: Regime, received: date, extra: date
) -> None:
    from foitrack.core.calendar import CalendarSet
    from foitrack.core.events import Outcome

    base = all_calendars()._load()
    added = [*base, BankHoliday(extra, "New bank holiday", ALL_NATIONS)]
    before = CalendarSet(lambda: base, 2024, 2028)
    after = CalendarSet(lambda: added, 2024, 2028)
    events = [Event(EventType.RESPONDED, received + timedelta(days=10), Outcome.PARTIAL)]
    old = evaluate(regime, received, events, before)
    new = evaluate(regime, received, events, after)
    for name, deadline in old.deadlines.items():
        assert new.date_of(name) is not None
        assert new.date_of(name) >= deadline.date, name  # type: ignore[operator]


@settings(max_examples=60, deadline=None)
@given(decided=st.dates(min_value=date(2001, 1, 1), max_value=date(2049, 12, 31)))
def test_the_tribunal_window_ends_on_a_day_the_tribunal_sits(decided: date) -> None:
    from foitrack.core.events import Outcome
    from foitrack.core.regimes import FOIA, TRIBUNAL_CALENDAR

    events = [Event(EventType.DECISION, decided, Outcome.REFUSED)]
    last = evaluate(FOIA, decided, events, all_calendars()).date_of("tribunal_by")
    assert last is not None
    assert all_calendars().for_spec(TRIBUNAL_CALENDAR).is_working_day(last)
    # Never before the 28th day, and moved only past days the Tribunal is shut.
    assert last >= decided + timedelta(days=28)
    assert (last - (decided + timedelta(days=28))).days <= 5


@settings(max_examples=60, deadline=None)
@given(
    received=st.dates(min_value=date(2001, 1, 1), max_value=date(2048, 12, 31)),
    early=st.integers(min_value=0, max_value=19),
)
def test_an_early_foisa_answer_never_shortens_the_review_window(received: date, early: int) -> None:
    from foitrack.core.events import Outcome
    from foitrack.core.regimes import FOISA

    calendars = all_calendars()
    calendar = calendars.for_regime(FOISA)
    on_day_20 = calendar.add_working_days(received, 20)
    answered = calendar.add_working_days(received, early) if early else received
    windows = [
        evaluate(
            FOISA, received, [Event(EventType.RESPONDED, d, Outcome.REFUSED)], calendars
        ).date_of("review_request_by")
        for d in (answered, on_day_20)
    ]
    assert windows[0] == windows[1] == calendar.add_working_days(on_day_20, 40)


@settings(max_examples=60, deadline=None)
@given(
    regime=regimes,
    received=st.dates(min_value=date(2001, 1, 1), max_value=date(2048, 12, 31)),
    length=st.integers(min_value=1, max_value=90),
    unit=st.sampled_from(["days", "working-days", "months"]),
)
def test_the_advised_review_window_is_never_later_than_either(
    regime: Regime, received: date, length: int, unit: str
) -> None:
    from foitrack.core.events import Outcome, StatedWindow
    from foitrack.core.regimes import Unit

    window = StatedWindow(length if unit != "months" else length % 12 + 1, Unit(unit))
    event = Event(EventType.RESPONDED, received + timedelta(days=3), Outcome.REFUSED, window=window)
    state = evaluate(regime, received, [event], all_calendars())
    advised = state.date_of("review_request_by")
    assert advised is not None
    for other in ("review_request_by_stated", "review_request_by_default"):
        when = state.date_of(other)
        assert when is None or advised <= when


@settings(max_examples=60)
@given(regime=regimes, added=days, waited=counts, today=counts)
def test_unsent_runs_no_clock_and_sending_starts_it_on_the_day_sent(
    regime: Regime, added: date, waited: int, today: int
) -> None:
    """However long a request waits unsent, nothing falls due; once sent on a
    day, its dates are those of a request received that day (by email)."""
    calendars = all_calendars()
    looked = added + timedelta(days=waited + today)
    unsent = evaluate(regime, added, [], calendars, looked, unsent=True)
    assert unsent.deadlines == {} and str(unsent.status) == "unsent"
    sent_on = added + timedelta(days=waited)
    sent = evaluate(regime, sent_on, [Event(EventType.SENT, sent_on)], calendars, looked)
    direct = evaluate(regime, sent_on, [], calendars, looked)
    assert {n: d.date for n, d in sent.deadlines.items()} == {
        n: d.date for n, d in direct.deadlines.items()
    }
    assert sent.deadlines["response_due"].date > sent_on
