"""The request lifecycle: clock events, windows after the response, status."""

from __future__ import annotations

from datetime import date

import pytest

from foitrack.calendars import Calendars
from foitrack.core.events import Event, EventType, Outcome, StatedWindow
from foitrack.core.lifecycle import check_events, evaluate
from foitrack.core.regimes import EIR, EISR, FOIA, FOISA, Regime, Unit
from foitrack.core.status import Status

E = EventType
RECEIVED = date(2025, 3, 10)  # FOIA due Tue 8 April 2025 (see test_calendar)


def state(calendars: Calendars, events: list[Event], regime: Regime = FOIA, today=None):  # type: ignore[no-untyped-def]
    return evaluate(regime, RECEIVED, events, calendars, today)


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
    # FOIA s9(2): "three months beginning with the day on which the fees notice
    # is given": 20 Mar-19 Apr, 20 Apr-19 May, 20 May-19 Jun 2025. The last day
    # to pay is Thu 19 Jun 2025; on Fri 20 Jun the request has lapsed.
    events = [Event(E.FEE_NOTICE, date(2025, 3, 20))]
    s = state(calendars, events, today=date(2025, 6, 19))
    assert s.status is Status.FEE_PENDING
    assert s.date_of("fee_lapses") == date(2025, 6, 19)
    assert state(calendars, events, today=date(2025, 6, 20)).status is Status.CLOSED


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


def test_eir_extension_notified_late_does_not_move_the_deadline(calendars: Calendars) -> None:
    # Received Mon 10 Mar 2025. Day 20 under EIR (UK-wide days off: St Patrick's
    # Day, 17 Mar, is one): Mar 11-14 (4), 18-21 (8), 24-28 (13), 31 Mar-4 Apr
    # (18), 7 Apr (19), Tue 8 Apr (20). An extension notified on Wed 9 Apr comes
    # after day 20: EIR reg 7(3) makes it no extension at all.
    events = [Event(E.EXTENDED, date(2025, 4, 9), until=date(2025, 5, 6))]
    s = state(calendars, events, regime=EIR, today=date(2025, 4, 9))
    assert s.warnings == (
        "the extension notified on Wed 9 Apr 2025 is not a valid extension: it came after "
        "day 20, Tue 8 Apr 2025, and EIR reg 7(3) allows one only when notified by then; "
        "the response was due on Tue 8 Apr 2025",
    )
    assert "extended_due" not in s.deadlines
    assert s.due is not None and s.due.date == date(2025, 4, 8)
    assert s.status is Status.OVERDUE
    # reg 11(2): 40 working days after the missed deadline, Tue 8 Apr: Apr 9-11 (3),
    # 14-17 (7), Good Friday 18 and Easter Monday 21 off, 22-25 (11), 28 Apr-2 May
    # (16), 5 May off, 6-9 (20), 12-16 (25), 19-23 (30), 26 May off, 27-30 (34),
    # Jun 2-6 (39), Mon 9 Jun 2025 (40).
    assert s.date_of("review_request_by") == date(2025, 6, 9)


def test_eir_extension_notified_in_time_moves_the_deadline(calendars: Calendars) -> None:
    # Notified on day 20 itself (Tue 8 Apr 2025, counted above): valid, reg 7(1).
    events = [Event(E.EXTENDED, date(2025, 4, 8), until=date(2025, 5, 6))]
    s = state(calendars, events, regime=EIR, today=date(2025, 4, 9))
    assert s.warnings == ()
    assert s.date_of("extended_due") == date(2025, 5, 6)
    assert s.status is Status.AWAITING_RESPONSE


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
def test_a_stated_window_shorter_than_the_default_is_advised(
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
    problems = check_events(FOIA, RECEIVED, events, calendars)
    assert [p.message for p in problems] == [message]


def test_failure_to_respond_may_be_reviewed_once_overdue(calendars: Calendars) -> None:
    events = [Event(E.REVIEW_REQUESTED, date(2025, 4, 9))]
    assert check_events(FOIA, RECEIVED, events, calendars) == []
    s = state(calendars, events, today=date(2025, 4, 10))
    assert s.status is Status.REVIEW_REQUESTED


def test_a_stated_window_longer_than_the_default_keeps_both(calendars: Calendars) -> None:
    # Response Wed 2 Apr 2025 stating "three months": Wed 2 Jul 2025. FOIA's
    # default, 40 working days (s45 Code para 5.4): Apr 3-4 (2), 7-11 (7), 14-17
    # (11), Good Friday 18 and Easter Monday 21 off, 22-25 (15), 28 Apr-2 May (20),
    # 5 May off, 6-9 (24), 12-16 (29), 19-23 (34), 26 May off, 27-30 (38), Jun 2
    # (39), Tue 3 Jun (40). The earlier, 3 Jun, is advised; both are shown.
    window = StatedWindow(3, Unit.MONTHS)
    events = [Event(E.RESPONDED, date(2025, 4, 2), Outcome.PARTIAL, window=window)]
    s = state(calendars, events, today=date(2025, 6, 4))
    assert s.date_of("review_request_by") == date(2025, 6, 3)
    assert s.date_of("review_request_by_default") == date(2025, 6, 3)
    assert s.date_of("review_request_by_stated") == date(2025, 7, 2)
    basis = s.deadlines["review_request_by"].basis
    assert "the earlier of two windows" in basis and "Wed 2 Jul 2025" in basis
    # Still open (the response's own window runs on) until the later day.
    assert s.status is Status.RESPONDED
    assert state(calendars, events, today=date(2025, 7, 3)).status is Status.CLOSED


def _on(regime: Regime, received: date, events: list[Event], calendars: Calendars):  # type: ignore[no-untyped-def]
    return evaluate(regime, received, events, calendars)


def test_foisa_review_window_runs_from_day_20_when_answered_in_time(
    calendars: Calendars,
) -> None:
    # FOISA s20(5)(a). Received Mon 2 Mar 2026; day 20 (Scotland): Mar 3-6 (4),
    # 9-13 (9), 16-20 (14), 23-27 (19), Mon 30 Mar (20). Refused Mon 9 Mar, in
    # time, so the 40 working days run from 30 Mar: Mar 31-Apr 2 (3), Good Friday
    # 3 Apr off (Easter Monday counts in Scotland), Apr 6-10 (8), 13-17 (13), 20-24
    # (18), 27 Apr-1 May (23), 4 May off, 5-8 (27), 11-15 (32), 18-22 (37), 25 May
    # off, 26 (38), 27 (39), Thu 28 May 2026 (40).
    events = [Event(E.RESPONDED, date(2026, 3, 9), Outcome.REFUSED, ("s30(c)",))]
    s = _on(FOISA, date(2026, 3, 2), events, calendars)
    assert s.date_of("response_due") == date(2026, 3, 30)
    assert s.date_of("review_request_by") == date(2026, 5, 28)
    assert "came in time" in s.deadlines["review_request_by"].basis
    # The review asked on the last day: s21(1), 20 working days: May 29 (1), Jun 1-5
    # (6), 8-12 (11), Mon 15 Jun off (Scotland's World Cup holiday), 16-19 (15),
    # 22-26 (20): Fri 26 Jun 2026.
    asked = [*events, Event(E.REVIEW_REQUESTED, date(2026, 5, 28))]
    assert _on(FOISA, date(2026, 3, 2), asked, calendars).date_of("review_response_due") == date(
        2026, 6, 26
    )


def test_foisa_review_window_runs_from_a_late_response(calendars: Calendars) -> None:
    # FOISA s20(5)(b). Due Mon 30 Mar 2026 (above); answered late on Tue 7 Apr, so
    # 40 working days from then: Apr 8-10 (3), 13-17 (8), 20-24 (13), 27 Apr-1 May
    # (18), 4 May off, 5-8 (22), 11-15 (27), 18-22 (32), 25 May off, 26-29 (36),
    # Jun 1-4 (40): Thu 4 Jun 2026.
    events = [Event(E.RESPONDED, date(2026, 4, 7), Outcome.REFUSED)]
    s = _on(FOISA, date(2026, 3, 2), events, calendars)
    assert s.date_of("review_request_by") == date(2026, 6, 4)
    assert "the late response of Tue 7 Apr 2026" in s.deadlines["review_request_by"].basis


def test_eisr_review_window_runs_from_the_decision(calendars: Calendars) -> None:
    # EISR reg 16(2): 40 working days from the decision of Mon 9 Mar 2026 (Scotland):
    # Mar 10-13 (4), 16-20 (9), 23-27 (14), 30 Mar-2 Apr (18), Good Friday off,
    # Apr 6-10 (23), 13-17 (28), 20-24 (33), 27 Apr-1 May (38), 4 May off, 5 (39),
    # Wed 6 May 2026 (40).
    events = [Event(E.RESPONDED, date(2026, 3, 9), Outcome.REFUSED)]
    s = _on(EISR, date(2026, 3, 2), events, calendars)
    assert s.date_of("review_request_by") == date(2026, 5, 6)


@pytest.mark.parametrize("regime", [FOIA, FOISA], ids=lambda r: r.code)
def test_fee_lapses_three_months_beginning_with_the_notice(
    calendars: Calendars, regime: Regime
) -> None:
    # FOIA s9(2), FOISA s9(4): three months beginning with Thu 5 Mar 2026 are
    # 5 Mar-4 Apr, 5 Apr-4 May, 5 May-4 Jun: the last day to pay is Thu 4 Jun.
    events = [Event(E.FEE_NOTICE, date(2026, 3, 5))]
    s = _on(regime, date(2026, 3, 2), events, calendars)
    assert s.date_of("fee_lapses") == date(2026, 6, 4)
    assert "the last day to pay" in s.deadlines["fee_lapses"].basis
    assert evaluate(regime, date(2026, 3, 2), events, calendars, date(2026, 6, 4)).status is (
        Status.FEE_PENDING
    )
    assert evaluate(regime, date(2026, 3, 2), events, calendars, date(2026, 6, 5)).status is (
        Status.CLOSED
    )


@pytest.mark.parametrize(
    ("notice", "last"),
    [
        # Beginning with 1 Mar: March, April, May; the last day is 31 May.
        (date(2026, 3, 1), date(2026, 5, 31)),
        # Beginning with 30 Nov 2025: the day before the corresponding date (30 Feb)
        # does not exist, so the period ends with February's last day.
        (date(2025, 11, 30), date(2026, 2, 28)),
        # In a leap year February has a 29th: beginning with 30 Nov 2027 ends 29 Feb.
        (date(2027, 11, 30), date(2028, 2, 29)),
    ],
)
def test_fee_lapse_at_the_ends_of_months(calendars: Calendars, notice: date, last: date) -> None:
    s = _on(FOIA, notice, [Event(E.FEE_NOTICE, notice)], calendars)
    assert s.date_of("fee_lapses") == last


def test_eir_charge_lapses_sixty_working_days_after_notification(calendars: Calendars) -> None:
    # EIR reg 8: 60 working days after Mon 2 Mar 2026, UK-wide days off: Mar 3-6 (4),
    # 9-13 (9), 16 (10), St Patrick's Day 17 off, 18-20 (13), 23-27 (18), 30 Mar-2 Apr
    # (22), Good Friday 3 and Easter Monday 6 Apr off, 7-10 (26), 13-17 (31), 20-24
    # (36), 27 Apr-1 May (41), 4 May off, 5-8 (45), 11-15 (50), 18-22 (55), 25 May
    # off, 26-29 (59), Mon 1 Jun 2026 (60).
    events = [Event(E.FEE_NOTICE, date(2026, 3, 2))]
    s = _on(EIR, date(2026, 2, 23), events, calendars)
    assert s.date_of("fee_lapses") == date(2026, 6, 1)
    late = evaluate(EIR, date(2026, 2, 23), events, calendars, date(2026, 6, 2))
    assert late.status is Status.CLOSED
    # Paid in time, the days from notice to payment are disregarded as before.
    paid = [*events, Event(E.FEE_PAID, date(2026, 3, 4))]
    assert (
        "paused for a fee"
        in _on(EIR, date(2026, 2, 23), paid, calendars).deadlines["response_due"].basis
    )


@pytest.mark.parametrize(
    ("decision", "last"),
    [
        # 28 days after Mon 2 Aug 2027 is Mon 30 Aug, the summer bank holiday in
        # England and Wales: r12(2) moves it to Tue 31 Aug 2027.
        (date(2027, 8, 2), date(2027, 8, 31)),
        # 28 days after Mon 2 Nov 2026 is Mon 30 Nov, St Andrew's Day: a bank
        # holiday in Scotland only, so a working day where the Tribunal sits.
        (date(2026, 11, 2), date(2026, 11, 30)),
        # 28 days after Mon 14 Jun 2027 is Mon 12 Jul, the Battle of the Boyne:
        # Northern Ireland only; it stands.
        (date(2027, 6, 14), date(2027, 7, 12)),
        # 28 days after Sat 27 Nov 2027 is Sat 25 Dec; Mon 27 Dec and Tue 28 Dec
        # are the Christmas and Boxing Day substitutes: Wed 29 Dec 2027.
        (date(2027, 11, 27), date(2027, 12, 29)),
    ],
)
def test_tribunal_appeal_window_moves_off_days_in_england_and_wales(
    calendars: Calendars, decision: date, last: date
) -> None:
    events = [
        Event(E.RESPONDED, decision.replace(year=decision.year - 1), Outcome.REFUSED),
        Event(E.DECISION, decision, Outcome.REFUSED),
    ]
    s = _on(FOIA, decision.replace(year=decision.year - 1), events, calendars)
    assert s.date_of("tribunal_by") == last


def test_events_after_today_are_left_out(calendars: Calendars) -> None:
    # "What was due on 23 May": a decision in September is not known yet.
    events = [
        Event(E.RESPONDED, date(2025, 4, 2), Outcome.REFUSED),
        Event(E.REVIEW_REQUESTED, date(2025, 4, 10)),
        Event(E.REVIEW_RESPONDED, date(2025, 5, 1), Outcome.REFUSED),
        Event(E.COMPLAINED, date(2025, 5, 20)),
        Event(E.DECISION, date(2025, 9, 1), Outcome.REFUSED),
    ]
    s = state(calendars, events, today=date(2025, 5, 23))
    assert s.status is Status.WITH_REGULATOR
    assert "tribunal_by" not in s.deadlines
    assert state(calendars, events, today=date(2025, 9, 2)).date_of("tribunal_by") == date(
        2025, 9, 29
    )


def test_what_the_reports_read_is_named_apart(calendars: Calendars) -> None:
    """The first response and the latest, the latest review, a complaint, the
    exemptions cited and the day counted from: derived here, so the index copies."""
    events = [
        Event(E.CLARIFICATION_REQUESTED, date(2025, 3, 12)),
        Event(E.CLARIFICATION_SENT, date(2025, 3, 20)),
        Event(E.RESPONDED, date(2025, 4, 10), Outcome.REFUSED, ("s31(1)(a)",)),
        Event(E.RESPONDED, date(2025, 4, 24), Outcome.PARTIAL, ("s40(2)", "s31(1)(a)")),
        Event(E.REVIEW_REQUESTED, date(2025, 4, 28)),
        Event(E.REVIEW_RESPONDED, date(2025, 5, 20), Outcome.REFUSED, ("s12(1)",)),
        Event(E.COMPLAINED, date(2025, 6, 2)),
    ]
    s = state(calendars, events)
    assert s.counted_from == date(2025, 3, 20)
    assert (s.first_answered, s.first_outcome) == (date(2025, 4, 10), Outcome.REFUSED)
    assert s.answered == date(2025, 4, 24)
    assert (s.review_asked, s.review_outcome) == (date(2025, 4, 28), Outcome.REFUSED)
    assert s.complained
    assert s.exemptions == ("s31(1)(a)", "s40(2)", "s12(1)")
    unanswered = state(calendars, [])
    assert (unanswered.first_answered, unanswered.review_asked) == (None, None)
    assert unanswered.counted_from == RECEIVED
    assert not unanswered.complained


def test_an_unsent_request_has_no_deadline_and_waits_on_the_user(calendars: Calendars) -> None:
    notes = [Event(E.NOTE, date(2025, 3, 11), note="drafted")]
    unsent = evaluate(FOIA, RECEIVED, notes, calendars, date(2026, 1, 5), unsent=True)
    assert unsent.status is Status.UNSENT
    assert unsent.deadlines == {} and unsent.due is None
    # Months later it is still unsent, never overdue: no clock has run.
    assert unsent.summary().status(date(2030, 1, 1)) is Status.UNSENT
    assert unsent.summary().watch_until is None  # the daily check still sees it
    assert "not sent yet" in unsent.notes[0]


def test_only_notes_go_on_a_request_not_sent_yet(calendars: Calendars) -> None:
    answered = [Event(E.RESPONDED, date(2025, 3, 20), outcome=Outcome.GRANTED)]
    problems = check_events(FOIA, RECEIVED, answered, calendars, unsent=True)
    assert [p.message for p in problems] == [
        "the responded event of 2025-03-20 is for a request not sent yet: send it first "
        "(foitrack send ID), or, if it went another way, foitrack edit ID --untag unsent "
        "--sent DATE"
    ]
    noted = [Event(E.NOTE, date(2025, 3, 20), note="x"), Event(E.SENT, date(2025, 3, 21))]
    assert check_events(FOIA, RECEIVED, noted, calendars, unsent=True) == []
