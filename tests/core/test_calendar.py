"""Working-day counts from the rules of DOMAIN.md, each worked by hand.

Notation in the comments: "Mar 11(1)" means 11 March is working day 1;
"17 skip" means the 17th is not counted, and why.
"""

from __future__ import annotations

from datetime import date

import pytest

from foitrack.calendars import Calendars
from foitrack.core.calendar import BankHoliday, Calendar, Nation, easter_sunday
from foitrack.core.errors import BadDate
from foitrack.core.regimes import EIR, EISR, FOIA, FOISA, Regime


def due(calendars: Calendars, regime: Regime, received: date) -> date:
    return calendars.for_regime(regime).add_working_days(received, 20)


# The two worked examples of DOMAIN.md, from real police responses.
def test_worked_example_2023(calendars: Calendars) -> None:
    # Oct 26(1) 27(2); 30-Nov 3 (7); 6-10 (12); 13-17 (17); 20(18) 21(19) 22(20)
    assert due(calendars, FOIA, date(2023, 10, 25)) == date(2023, 11, 22)


def test_worked_example_2018(calendars: Calendars) -> None:
    # Oct 17-19 (3); 22-26 (8); Oct 29-Nov 2 (13); 5-9 (18); 12(19) 13(20)
    assert due(calendars, FOIA, date(2018, 10, 16)) == date(2018, 11, 13)


def test_st_patricks_day_counts_for_foia_not_foisa(calendars: Calendars) -> None:
    # Mar 11-14 (4); 17 skip (St Patrick's Day, NI); 18-21 (8); 24-28 (13);
    # Mar 31-Apr 4 (18); 7(19) 8(20). FOISA counts the 17th, so one day sooner.
    assert due(calendars, FOIA, date(2025, 3, 10)) == date(2025, 4, 8)
    assert due(calendars, FOISA, date(2025, 3, 10)) == date(2025, 4, 7)


def test_battle_of_the_boyne_and_scottish_summer_holiday(calendars: Calendars) -> None:
    # 12 July 2025 is a Saturday: NI observes it on Monday 14 July. Scotland's
    # summer bank holiday is Monday 4 August. FOIA skips both:
    # Jul 8-11 (4); 14 skip; 15-18 (8); 21-25 (13); 28-Aug 1 (18); 4 skip; 5(19) 6(20)
    assert due(calendars, FOIA, date(2025, 7, 7)) == date(2025, 8, 6)
    # FOISA skips only 4 August: Jul 8-11 (4); 14-18 (9); 21-25 (14); 28-Aug 1 (19); 5(20)
    assert due(calendars, FOISA, date(2025, 7, 7)) == date(2025, 8, 5)


def test_easter_monday_is_a_working_day_in_scotland(calendars: Calendars) -> None:
    # Easter 2025: Good Friday 18 April, Easter Monday 21 April; May Day 5 May.
    # FOIA: Apr 15-17 (3); 18, 21 skip; 22-25 (7); 28-May 2 (12); 5 skip;
    # 6-9 (16); 12(17) 13(18) 14(19) 15(20)
    assert due(calendars, FOIA, date(2025, 4, 14)) == date(2025, 5, 15)
    # FOISA: Good Friday skipped (a Scottish bank holiday), Easter Monday counted:
    # Apr 15-17 (3); 21-25 (8); 28-May 2 (13); 5 skip; 6-9 (17); 12(18) 13(19) 14(20)
    assert due(calendars, FOISA, date(2025, 4, 14)) == date(2025, 5, 14)


def test_st_andrews_day_substitute(calendars: Calendars) -> None:
    # 30 November 2025 is a Sunday: Scotland observes it on Monday 1 December.
    # Nov 25-28 (4); Dec 1 skip; 2-5 (8); 8-12 (13); 15-19 (18); 22(19) 23(20)
    assert due(calendars, FOIA, date(2025, 11, 24)) == date(2025, 12, 23)
    assert due(calendars, FOISA, date(2025, 11, 24)) == date(2025, 12, 23)
    assert not calendars.for_regime(FOIA).is_working_day(date(2025, 12, 1))


def test_second_of_january_is_scottish_but_counts_everywhere(calendars: Calendars) -> None:
    # Dec 22-24 (3); 25 Christmas, 26 Boxing Day skip; 29-31 (6); Jan 1 skip;
    # Jan 2 skip (Scotland); 5-9 (11); 12-16 (16); 19(17) 20(18) 21(19) 22(20)
    assert due(calendars, FOIA, date(2025, 12, 19)) == date(2026, 1, 22)
    assert not calendars.for_regime(FOIA).is_working_day(date(2026, 1, 2))
    # England alone would count 2 January: the union of the nations matters.
    england_only = Calendar(
        "england",
        frozenset({Nation.ENGLAND}),
        [BankHoliday(date(2026, 1, 2), "New Year Holiday", frozenset({Nation.SCOTLAND}))],
        2025,
        2026,
        good_friday=True,
    )
    assert england_only.is_working_day(date(2026, 1, 2))


def test_christmas_and_new_year_substitute_days_2022(calendars: Calendars) -> None:
    # Christmas Day 2022 is a Sunday: Boxing Day Mon 26, Christmas (substitute)
    # Tue 27. New Year's Day 2023 is a Sunday: substitute Mon 2 January; Scotland
    # adds 2 January on Tue 3. Dec 20-23 (4); 26, 27 skip; 28-30 (7); Jan 2, 3 skip;
    # 4-6 (10); 9-13 (15); 16-20 (20)
    assert due(calendars, FOIA, date(2022, 12, 19)) == date(2023, 1, 20)
    assert due(calendars, FOISA, date(2022, 12, 19)) == date(2023, 1, 20)
    for day in (date(2022, 12, 27), date(2023, 1, 2), date(2023, 1, 3)):
        assert not calendars.for_regime(FOIA).is_working_day(day)


@pytest.mark.parametrize(
    ("received", "expected"),
    [
        # Platinum Jubilee, 2 and 3 June 2022: May 27(1); 30(2) 31(3); Jun 1(4);
        # 2, 3 skip; 6-10 (9); 13-17 (14); 20-24 (19); 27(20)
        (date(2022, 5, 26), date(2022, 6, 27)),
        # State funeral, 19 September 2022: Sep 13-16 (4); 19 skip; 20-23 (8);
        # 26-30 (13); Oct 3-7 (18); 10(19) 11(20)
        (date(2022, 9, 12), date(2022, 10, 11)),
        # Coronation, 8 May 2023 (and May Day 1 May, Spring 29 May): May 3-5 (3);
        # 8 skip; 9-12 (7); 15-19 (12); 22-26 (17); 29 skip; 30(18) 31(19) Jun 1(20)
        (date(2023, 5, 2), date(2023, 6, 1)),
        # Scotland's World Cup holiday, 15 June 2026, counts for FOIA everywhere:
        # Jun 9-12 (4); 15 skip; 16-19 (8); 22-26 (13); Jun 29-Jul 3 (18); 6(19) 7(20)
        (date(2026, 6, 8), date(2026, 7, 7)),
    ],
)
def test_one_off_bank_holidays(calendars: Calendars, received: date, expected: date) -> None:
    assert due(calendars, FOIA, received) == expected


def test_received_on_a_saturday(calendars: Calendars) -> None:
    # Day 1 is Monday 10 March: Mar 10-14 (5); 17 skip; 18-21 (9); 24-28 (14);
    # Mar 31-Apr 4 (19); 7(20)
    assert due(calendars, FOIA, date(2025, 3, 8)) == date(2025, 4, 7)


def test_received_on_a_bank_holiday(calendars: Calendars) -> None:
    # May Day, 5 May 2025. May 6-9 (4); 12-16 (9); 19-23 (14); 26 skip (Spring);
    # 27-30 (18); Jun 2(19) 3(20)
    assert due(calendars, FOIA, date(2025, 5, 5)) == date(2025, 6, 3)


def test_good_friday_is_statutory_for_foia(calendars: Calendars) -> None:
    calendar = calendars.for_regime(FOIA)
    skipped = calendar.skipped(date(2025, 4, 18))
    assert skipped is not None
    assert skipped.reason(FOIA.nations, "FOIA s10(6)") == "Good Friday: named in FOIA s10(6)"


def test_eir_and_eisr_share_their_acts_calendars(calendars: Calendars) -> None:
    assert calendars.for_regime(EIR) is calendars.for_regime(FOIA)
    assert calendars.for_regime(EISR) is calendars.for_regime(FOISA)


def test_skip_reason_names_nation_and_section(calendars: Calendars) -> None:
    skipped = calendars.for_regime(FOIA).skipped(date(2025, 3, 17))
    assert skipped is not None
    assert skipped.reason(FOIA.nations, FOIA.calendar_source) == (
        "Saint Patrick's Day (Northern Ireland): a bank holiday in part of the UK, FOIA s10(6)"
    )
    scottish = calendars.for_regime(FOISA).skipped(date(2025, 8, 4))
    assert scottish is not None
    assert scottish.reason(FOISA.nations, FOISA.calendar_source) == (
        "Summer Bank Holiday (Scotland): a bank holiday in Scotland, FOISA s73"
    )


def test_weekend_holiday_is_reported_as_the_weekend(calendars: Calendars) -> None:
    skipped = calendars.for_regime(FOIA).skipped(date(2022, 1, 1))
    assert skipped is not None and skipped.name == "Saturday"


def test_counting_back_and_between(calendars: Calendars) -> None:
    calendar = calendars.for_regime(FOIA)
    # Counting back mirrors counting forward between two working days.
    assert calendar.add_working_days(date(2025, 4, 8), -20) == date(2025, 3, 10)
    assert calendar.working_days_between(date(2025, 3, 10), date(2025, 4, 8)) == 20
    assert calendar.working_days_between(date(2025, 4, 8), date(2025, 3, 10)) == -20
    assert calendar.add_working_days(date(2025, 3, 10), 0) == date(2025, 3, 10)


def test_count_days_lists_each_day(calendars: Calendars) -> None:
    lines = list(calendars.for_regime(FOIA).count_days(date(2025, 3, 14), date(2025, 3, 18)))
    assert [(d.date.day, d.working_day) for d in lines] == [
        (15, None),
        (16, None),
        (17, None),
        (18, 1),
    ]


def test_dates_outside_the_calendar_are_refused(calendars: Calendars) -> None:
    calendar = calendars.for_regime(FOIA)
    with pytest.raises(BadDate, match="outside the years"):
        calendar.add_working_days(date(1999, 12, 1), 20)
    with pytest.raises(BadDate, match="leaves the years"):
        calendar.add_working_days(date(2053, 12, 20), 20)


@pytest.mark.parametrize(
    ("year", "expected"),
    [(2018, date(2018, 4, 1)), (2025, date(2025, 4, 20)), (2038, date(2038, 4, 25))],
)
def test_easter(year: int, expected: date) -> None:
    assert easter_sunday(year) == expected


def test_bank_holidays_in_a_range_name_their_nations(calendars: Calendars) -> None:
    days = calendars.for_regime(FOIA).bank_holidays(date(2025, 3, 1), date(2025, 4, 30))
    assert [(d.date.isoformat(), d.name, sorted(d.nations)) for d in days] == [
        ("2025-03-17", "Saint Patrick's Day", ["northern-ireland"]),
        ("2025-04-18", "Good Friday", sorted(n.value for n in Nation)),
        ("2025-04-21", "Easter Monday", ["england", "northern-ireland", "wales"]),
    ]
