"""The request lifecycle: clock events, windows after the response, status."""

from __future__ import annotations

from datetime import date

import pytest

from foitrack.calendars import Calendars
from foitrack.core.events import Event, EventType, Outcome, StatedWindow
from foitrack.core.lifecycle import check_events, evaluate
from foitrack.core.regimes import EIR, FOIA, FOISA, Regime, Unit
from foitrack.core.status import Status

E = EventType
RECEIVED = date(2025, 3, 10)  # FOIA due Tue 8 April 2025 (see test_calendar)


def state(calendars: Calendars, events: list[Event], regime: Regime = FOIA, today=None):  # type: ignore[no-untyped-def]
    return evaluate(regime, RECEIVED, events, calendars.for_regime(regime), today)


def test_awaiting_then_overdue_the_day_after(calendars: Calendars) -> None:
    assert state(calendars, [], today=date(2025, 4, 8)).status is Status.AWAITING_RESPONSE
    assert state(calendars, [], today=date(2025, 4, 9)).status is Status.OVERDUE
    s = state(calendars, [])
    # Long overdue at day 40: Apr 9-11 (23); 14-17 (27); 18, 21 skip (Easter);
    # 22-25 (31); 28-May 2 (36); 5 skip; 6(37) 7(38) 8(39) 9(40)
    assert s.date_of("long_overdue") == date(2025, 5, 9)


def test_clarification_restarts_the_clock(calendars: Calendars) -> None:
    asked = [Event(E.CLARIFICATION_REQUESTED, date(2025, 3, 12))]
    waiting = state(calendars, asked, today=date(2025, 5, 1))
    assert waiting.status is Status.AWAITING_CLARIFICATION
    assert waiting.date_of("response_due") is None
    # The clarification of Thu 20 March is the new receipt: Mar 21(1); 24-28 (6);
    # Mar 31-Apr 4 (11); 7-11 (16); 14(17) 15(18) 16(19) 17(20)
    sent = [*asked, Event(E.CLARIFICATION_SENT, date(2025, 3, 20))]
    s = state(calendars, sent, today=date(2025, 4, 17))
    assert s.date_of("response_due") == date(2025, 4, 17)
    assert s.counted_from == date(2025, 3, 20)
    assert s.status is Status.AWAITING_RESPONSE


def test_fee_pause_disregards_the_days_from_notice_to_payment(calendars: Calendars) -> None:
    # Counted before the notice: Mar 11-14 (4); 17 skip; 18(5) 19(6).
    # Disregarded, notice to payment inclusive: Mar 20, 21, 24, 25, 26, 27 (6 days).
    # The other 14: Mar 28(7); Mar 31-Apr 4 (12); 7-11 (17); 14(18) 15(19) 16(20)
    events = [Event(E.FEE_NOTICE, date(2025, 3, 20)), Event(E.FEE_PAID, date(2025, 3, 27))]
    s = state(calendars, events)
    assert s.date_of("response_due") == date(2025, 4, 16)
    assert s.paused_days == 6
    assert "plus 6 working days paused for a fee" in s.deadlines["response_due"].basis


def test_unpaid_fee_lapses_after_three_months(calendars: Calendars) -> None:
    events = [Event(E.FEE_NOTICE, date(2025, 3, 20))]
    s = state(calendars, events, today=date(2025, 6, 20))
    assert s.status is Status.FEE_PENDING
    assert s.date_of("fee_lapses") == date(2025, 6, 20)
    assert state(calendars, events, today=date(2025, 6, 21)).status is Status.CLOSED


def test_public_interest_extension(calendars: Calendars) -> None:
    events = [Event(E.EXTENDED, date(2025, 4, 7), until=date(2025, 5, 6))]
    s = state(calendars, events, today=date(2025, 5, 6))
    assert s.date_of("extended_due") == date(2025, 5, 6)
    assert s.due is not None and s.due.date == date(2025, 5, 6)
    assert s.status is Status.AWAITING_RESPONSE
    assert s.warnings == ()
    assert state(calendars, events, today=date(2025, 5, 7)).status is Status.OVERDUE


def test_extension_past_forty_working_days_is_flagged(calendars: Calendars) -> None:
    events = [Event(E.EXTENDED, date(2025, 4, 7), until=date(2025, 6, 30))]
    s = state(calendars, events)
    assert s.date_of("extended_due") == date(2025, 6, 30)
    assert s.warnings == (
        "the extension to Mon 30 Jun 2025 runs past Fri 9 May 2025, 40 working days "
        "after receipt (FOIA s10(3); the ICO expects at most 20 more)",
    )


def test_foisa_has_no_public_interest_extension(calendars: Calendars) -> None:
    events = [Event(E.EXTENDED, date(2025, 4, 1), until=date(2025, 5, 6))]
    s = state(calendars, events, regime=FOISA, today=date(2025, 4, 8))
    assert s.date_of("extended_due") is None
    assert s.status is Status.OVERDUE  # FOISA due Mon 7 April
    assert s.warnings[0].startswith("FOISA has no public-interest extension")


def test_eir_extension_must_be_notified_within_twenty_days(calendars: Calendars) -> None:
    events = [Event(E.EXTENDED, date(2025, 4, 9), until=date(2025, 5, 6))]
    s = state(calendars, events, regime=EIR)
    assert s.warnings == (
        "the extension was notified on Wed 9 Apr 2025, after day 20 (EIR reg 7(1))",
    )


def test_review_window_default_and_status(calendars: Calendars) -> None:
    events = [Event(E.RESPONDED, date(2025, 4, 2), Outcome.REFUSED, ("s12(1)",))]
    s = state(calendars, events, today=date(2025, 4, 2))
    assert s.status is Status.RESPONDED
    assert s.outcome is Outcome.REFUSED
    assert s.exemptions == ("s12(1)",)
    # 40 working days from Wed 2 April: Apr 3-4 (2); 7-11 (7); 14-17 (11);
    # 18, 21 skip; 22-25 (15); 28-May 2 (20); 5 skip; 6-9 (24); 12-16 (29);
    # 19-23 (34); 26 skip; 27-30 (38); Jun 2(39) 3(40)
    assert s.date_of("review_request_by") == date(2025, 6, 3)
    assert state(calendars, events, today=date(2025, 6, 4)).status is Status.CLOSED


def test_granted_in_full_closes_the_request(calendars: Calendars) -> None:
    events = [Event(E.RESPONDED, date(2025, 4, 2), Outcome.GRANTED)]
    assert state(calendars, events, today=date(2025, 4, 3)).status is Status.CLOSED


@pytest.mark.parametrize(
    ("window", "expected"),
    [
        # Norfolk & Suffolk's "within 40 days": calendar days.
        (StatedWindow(40, Unit.DAYS), date(2025, 5, 12)),
        (StatedWindow(2, Unit.MONTHS), date(2025, 6, 2)),
        (StatedWindow(40, Unit.WORKING_DAYS), date(2025, 6, 3)),
    ],
)
def test_stated_review_window_overrides_the_default(
    calendars: Calendars, window: StatedWindow, expected: date
) -> None:
    events = [Event(E.RESPONDED, date(2025, 4, 2), Outcome.PARTIAL, window=window)]
    s = state(calendars, events)
    assert s.date_of("review_request_by") == expected
    assert s.deadlines["review_request_by"].source == "the window the response states"


def test_review_answer_and_regulator_windows_foia(calendars: Calendars) -> None:
    events = [
        Event(E.RESPONDED, date(2025, 4, 2), Outcome.REFUSED),
        Event(E.REVIEW_REQUESTED, date(2025, 4, 10)),
    ]
    s = state(calendars, events, today=date(2025, 5, 9))
    # Apr 11(1); 14-17 (5); 18, 21 skip; 22-25 (9); 28-May 2 (14); 5 skip; 6-9 (18);
    # 12(19) 13(20)
    assert s.date_of("review_response_due") == date(2025, 5, 13)
    # Six weeks after the review's deadline while it is unanswered.
    assert s.date_of("regulator_by") == date(2025, 6, 24)
    assert s.status is Status.REVIEW_REQUESTED
    assert state(calendars, events, today=date(2025, 5, 14)).status is Status.REVIEW_OVERDUE
    answered = [*events, Event(E.REVIEW_RESPONDED, date(2025, 5, 1), Outcome.REFUSED)]
    s = state(calendars, answered, today=date(2025, 6, 12))
    assert s.date_of("regulator_by") == date(2025, 6, 12)
    assert s.status is Status.RESPONDED
    assert state(calendars, answered, today=date(2025, 6, 13)).status is Status.CLOSED


def test_eir_review_takes_forty_working_days(calendars: Calendars) -> None:
    events = [
        Event(E.RESPONDED, date(2025, 4, 2), Outcome.REFUSED),
        Event(E.REVIEW_REQUESTED, date(2025, 4, 2)),
    ]
    assert state(calendars, events, regime=EIR).date_of("review_response_due") == date(2025, 6, 3)


def test_foisa_regulator_window_is_six_months(calendars: Calendars) -> None:
    events = [
        Event(E.RESPONDED, date(2025, 4, 2), Outcome.REFUSED),
        Event(E.REVIEW_REQUESTED, date(2025, 4, 10)),
        Event(E.REVIEW_RESPONDED, date(2025, 5, 8), Outcome.REFUSED),
    ]
    s = state(calendars, events, regime=FOISA)
    assert s.date_of("regulator_by") == date(2025, 11, 8)


def test_foisa_failure_to_respond_opens_the_review_window(calendars: Calendars) -> None:
    s = state(calendars, [], regime=FOISA)
    # FOISA due Mon 7 April. 40 working days on: Apr 8-11 (4); 14-17 (8); 18 skip
    # (Good Friday); 21-25 (13, Easter Monday counts in Scotland); 28-May 2 (18);
    # 5 skip (May Day); 6-9 (22); 12-16 (27); 19-23 (32); 26 skip (Spring);
    # 27-30 (36); Jun 2(37) 3(38) 4(39) 5(40)
    assert s.date_of("review_request_by") == date(2025, 6, 5)
    assert "missed deadline" in s.deadlines["review_request_by"].basis
    assert state(calendars, [], regime=FOIA).date_of("review_request_by") is None


def test_regulator_decision_opens_the_appeal_window(calendars: Calendars) -> None:
    events = [
        Event(E.RESPONDED, date(2025, 4, 2), Outcome.REFUSED),
        Event(E.REVIEW_REQUESTED, date(2025, 4, 10)),
        Event(E.REVIEW_RESPONDED, date(2025, 5, 1), Outcome.REFUSED),
        Event(E.COMPLAINED, date(2025, 5, 20)),
    ]
    assert state(calendars, events).status is Status.WITH_REGULATOR
    decided = [*events, Event(E.DECISION, date(2025, 9, 1), Outcome.REFUSED)]
    assert state(calendars, decided).date_of("tribunal_by") == date(2025, 9, 29)
    assert state(calendars, decided, regime=FOISA).date_of("tribunal_by") == date(2025, 10, 13)
    assert state(calendars, decided).status is Status.CLOSED


def test_withdrawn_and_removed_events(calendars: Calendars) -> None:
    withdrawn = [Event(E.WITHDRAWN, date(2025, 3, 12))]
    assert state(calendars, withdrawn, today=date(2026, 1, 1)).status is Status.WITHDRAWN
    mistaken = [Event(E.RESPONDED, date(2025, 4, 2), Outcome.GRANTED, removed=date(2025, 4, 3))]
    assert state(calendars, mistaken, today=date(2025, 4, 9)).status is Status.OVERDUE


def test_exemptions_gathered_from_response_and_review(calendars: Calendars) -> None:
    events = [
        Event(E.RESPONDED, date(2025, 4, 2), Outcome.PARTIAL, ("s40(2)", "s31(1)(a)")),
        Event(E.REVIEW_REQUESTED, date(2025, 4, 10)),
        Event(E.REVIEW_RESPONDED, date(2025, 5, 1), Outcome.PARTIAL, ("s40(2)", "s38(1)")),
    ]
    assert state(calendars, events).exemptions == ("s40(2)", "s31(1)(a)", "s38(1)")


@pytest.mark.parametrize(
    ("events", "message"),
    [
        (
            [Event(E.RESPONDED, date(2025, 3, 1))],
            "the responded event of 2025-03-01 is before the request was received on 2025-03-10",
        ),
        (
            [Event(E.REVIEW_REQUESTED, date(2025, 4, 8))],
            "the review-requested event of 2025-04-08 needs a response first; a failure to "
            "respond can be reviewed after 2025-04-08",
        ),
        (
            [Event(E.FEE_PAID, date(2025, 3, 20))],
            "the fee-paid event of 2025-03-20 needs a fee-notice event before it",
        ),
        (
            [Event(E.CLARIFICATION_SENT, date(2025, 3, 20))],
            "the clarification-sent event of 2025-03-20 needs a clarification-requested "
            "event before it",
        ),
        (
            [Event(E.EXTENDED, date(2025, 4, 1))],
            "the extended event of 2025-04-01 needs the new deadline: give --until DATE",
        ),
        (
            [Event(E.WITHDRAWN, date(2025, 3, 12)), Event(E.RESPONDED, date(2025, 4, 1))],
            "the responded event of 2025-04-01 comes after the request was withdrawn: "
            "only notes may follow",
        ),
        (
            [Event(E.REVIEW_RESPONDED, date(2025, 4, 1))],
            "the review-responded event of 2025-04-01 needs a review-requested event before it",
        ),
        (
            [Event(E.DECISION, date(2025, 4, 1))],
            "the decision event of 2025-04-01 needs a complained event before it",
        ),
    ],
)
def test_events_out_of_order(calendars: Calendars, events: list[Event], message: str) -> None:
    problems = check_events(FOIA, RECEIVED, events, calendars.for_regime(FOIA))
    assert [p.message for p in problems] == [message]


def test_failure_to_respond_may_be_reviewed_once_overdue(calendars: Calendars) -> None:
    events = [Event(E.REVIEW_REQUESTED, date(2025, 4, 9))]
    assert check_events(FOIA, RECEIVED, events, calendars.for_regime(FOIA)) == []
    s = state(calendars, events, today=date(2025, 4, 10))
    assert s.status is Status.REVIEW_REQUESTED
