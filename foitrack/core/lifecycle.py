"""Fold a request's events into its state: status, outcome and deadlines.

:func:`evaluate` is the one place every date foitrack shows is computed.
It is pure: the same receipt date, events, calendar and ``today`` always give
the same :class:`RequestState`. Each :class:`Deadline` carries the rule and
the reasoning that produced it, so ``show`` and ``--explain`` only render.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date, timedelta

from foitrack.core.calendar import Calendar, CalendarSet
from foitrack.core.dates import format_day
from foitrack.core.events import ANSWERS, Day, Event, EventType, Outcome, happened_by
from foitrack.core.regimes import Regime, ReviewFrom, Unit, apply_period
from foitrack.core.status import (
    REVIEW_WINDOWS,
    Status,
    current_due,
    next_deadline,
    open_deadlines,
    status_on,
    watch_until,
)

#: The deadline names, in the order a request meets them. JSON uses these keys.
DEADLINE_NAMES = (
    "response_due",
    "extended_due",
    "extended_due_max",
    "long_overdue",
    "fee_lapses",
    "review_request_by",
    "review_request_by_stated",
    "review_request_by_default",
    "review_response_due",
    "review_response_max",
    "regulator_by",
    "tribunal_by",
)


@dataclass(frozen=True, slots=True)
class Deadline:
    """A computed date and why: ``basis`` says what was counted from what."""

    name: str
    date: date
    source: str
    basis: str
    start: Day

    def explain(self) -> str:
        return f"{self.basis} ({self.source})"


@dataclass(frozen=True, slots=True)
class StatusTimeline:
    """A status that changes by itself on a date: ``status`` until ``until``
    (inclusive), then ``after``. Cacheable, because it does not depend on today.
    """

    status: Status
    until: date | None = None
    after: Status | None = None

    def on(self, today: date | None) -> Status:
        return status_on(self.status, self.until, self.after, today)


@dataclass(frozen=True, slots=True)
class RequestState:
    #: The status on ``today`` (or, without a today, as of the last event).
    status: Status
    timeline: StatusTimeline
    outcome: Outcome | None
    exemptions: tuple[str, ...]
    #: The date the 20 working days run from: receipt, or the clarification.
    counted_from: date
    #: The working days disregarded while a fee was outstanding.
    paused_days: int
    deadlines: dict[str, Deadline]
    warnings: tuple[str, ...] = ()
    #: The latest response's date (a later response replaces an earlier one).
    answered: date | None = None
    #: Things worth knowing about how a date was counted, not problems.
    notes: tuple[str, ...] = ()
    #: The first response's date and outcome: how promptly the authority first
    #: answered, whatever came later (the reports count from it).
    first_answered: date | None = None
    first_outcome: Outcome | None = None
    #: The latest review asked for, and the outcome of the latest review.
    review_asked: date | None = None
    review_outcome: Outcome | None = None
    #: Whether a complaint went to the regulator.
    complained: bool = False

    @property
    def due(self) -> Deadline | None:
        """The date the response is due: the extension's, if there is one."""
        return current_due(self.deadlines)

    def date_of(self, name: str) -> date | None:
        deadline = self.deadlines.get(name)
        return deadline.date if deadline else None

    def summary(self) -> Summary:
        return Summary(
            self.timeline,
            self.outcome,
            {name: d.date for name, d in self.deadlines.items()},
            _watch_until(self.timeline, self.deadlines),
        )


@dataclass(frozen=True, slots=True)
class Summary:
    """What the daily check needs of a request, small enough to cache.

    ``watch_until`` is the last day the request can need the user (NEVER when
    finished, None while it waits open-ended, as an overdue response does).
    """

    timeline: StatusTimeline
    outcome: Outcome | None
    dates: dict[str, date]
    watch_until: date | None

    def status(self, today: date | None) -> Status:
        return self.timeline.on(today)

    @property
    def due(self) -> date | None:
        return current_due(self.dates)

    def open_deadlines(self, today: date) -> list[tuple[str, date]]:
        """Every deadline still ahead that the request's status makes relevant."""
        return open_deadlines(self.status(today), self.dates, today)

    def next_deadline(self, today: date | None) -> tuple[str, date] | None:
        """The deadline the request is waiting on now, past or not."""
        return next_deadline(self.status(today), self.dates, today)


def _watch_until(timeline: StatusTimeline, deadlines: dict[str, Deadline]) -> date | None:
    return watch_until(timeline.status, {name: d.date for name, d in deadlines.items()})


@dataclass(frozen=True, slots=True)
class Problem:
    """Why an event cannot stand where it is; the CLI prints ``message``."""

    event: Event
    message: str


def live(events: Iterable[Event], as_of: date | None = None) -> list[Event]:
    """The events that count, in the order they happened (ties: as recorded).

    With ``as_of``, only those that had happened by then: asking what was due
    on a past day must not see what happened after it.
    """
    if as_of is not None:
        events = happened_by(events, as_of)
    return sorted((e for e in events if e.removed is None), key=lambda e: e.date)


@dataclass(slots=True)
class _Walk:
    """The facts gathered in one pass over the events."""

    start: date
    pauses: list[tuple[date, date]] = field(default_factory=list)
    clarification: Event | None = None
    fee_notice: Event | None = None
    extension: Event | None = None
    response: Event | None = None
    first_response: Event | None = None
    review_request: Event | None = None
    review_response: Event | None = None
    complaint: Event | None = None
    decision: Event | None = None
    appeal: Event | None = None
    withdrawal: Event | None = None
    exemptions: list[str] = field(default_factory=list)


def _walk(received: date, events: Sequence[Event]) -> _Walk:
    w = _Walk(start=received)
    for event in events:
        kind = event.type
        if kind is EventType.CLARIFICATION_REQUESTED:
            w.clarification = event
        elif kind is EventType.CLARIFICATION_SENT:
            # The clarification is a new receipt: the count starts again.
            w.start, w.clarification, w.extension = event.date, None, None
            w.pauses = []
        elif kind is EventType.FEE_NOTICE:
            w.fee_notice = event
        elif kind is EventType.FEE_PAID and w.fee_notice is not None:
            w.pauses.append((w.fee_notice.date, event.date))
            w.fee_notice = None
        elif kind is EventType.EXTENDED:
            w.extension = event
        elif kind is EventType.RESPONDED:
            w.response = event
            if w.first_response is None:
                w.first_response = event
        elif kind is EventType.REVIEW_REQUESTED:
            w.review_request = event
        elif kind is EventType.REVIEW_RESPONDED:
            w.review_response = event
        elif kind is EventType.COMPLAINED:
            w.complaint = event
        elif kind is EventType.DECISION:
            w.decision = event
        elif kind is EventType.APPEALED:
            w.appeal = event
        elif kind is EventType.WITHDRAWN:
            w.withdrawal = event
        if kind in ANSWERS and kind is not EventType.DECISION:
            for exemption in event.exemptions:
                if exemption not in w.exemptions:
                    w.exemptions.append(exemption)
    return w


def awaiting_review(received: date, events: Iterable[Event]) -> bool:
    """Whether a review was asked for and has not been answered yet."""
    walk = _walk(received, live(events))
    return walk.review_request is not None and walk.review_response is None


def count_with_pauses(
    calendar: Calendar, start: date, n: int, pauses: Sequence[tuple[date, date]]
) -> tuple[date, int]:
    """Day ``n`` after ``start``, disregarding the working days of each pause.

    A pause ``(notice, paid)`` disregards every working day from the notice to
    the payment, both included (FOIA s10(2)). Returns the date and how many
    working days the pauses added.
    """
    position, remaining, added = start, n, 0
    for notice, paid in sorted(pauses):
        if paid <= position:
            continue
        if notice > calendar.add_working_days(position, remaining):
            break
        if notice > position:
            counted = calendar.working_days_between(position, notice - timedelta(days=1))
            remaining -= counted
            added += calendar.working_days_between(notice - timedelta(days=1), paid)
        else:
            added += calendar.working_days_between(position, paid)
        position = paid
    return calendar.add_working_days(position, remaining), added


def evaluate(
    regime: Regime,
    received: date,
    events: Iterable[Event],
    calendars: CalendarSet,
    today: date | None = None,
    *,
    unsent: bool = False,
) -> RequestState:
    """The state of a request received on ``received`` after ``events``.

    ``today`` is a point in time: events dated after it are left out, and it
    decides the time-dependent statuses (overdue, closed once every window has
    passed). Without it, the state after every event, as the ledger caches it.
    ``unsent``: the request has not gone yet, so no statutory clock runs and
    ``received`` is only a placeholder (the day it was added).
    """
    if unsent:
        timeline = StatusTimeline(Status.UNSENT)
        return RequestState(
            status=timeline.status,
            timeline=timeline,
            outcome=None,
            exemptions=(),
            counted_from=received,
            paused_days=0,
            deadlines={},
            notes=(
                "not sent yet: no deadline runs until it is sent; the "
                f"{regime.response.period} count from the day it is received "
                "(by email, the day foitrack send records)",
            ),
        )
    calendar = calendars.for_spec(regime.calendar)
    ordered = live(events, today)
    w = _walk(received, ordered)
    deadlines: dict[str, Deadline] = {}
    warnings: list[str] = []

    def put(name: str, when: date, source: str, basis: str, start: date) -> Deadline:
        deadlines[name] = Deadline(name, when, source, basis, start)
        return deadlines[name]

    start_text = (
        f"the request was received on {format_day(w.start)}"
        if w.start == received
        else f"the clarification was received on {format_day(w.start)}"
    )
    clock_running = w.clarification is None and w.fee_notice is None
    paused = 0
    if clock_running or w.response is not None:
        response_date, paused = count_with_pauses(
            calendar, w.start, regime.response.length, w.pauses
        )
        pause_text = f", plus {paused} working days paused for a fee" if paused else ""
        put(
            "response_due",
            response_date,
            regime.response.source,
            f"{regime.response.period} after {start_text}{pause_text}",
            w.start,
        )
        long_date, _ = count_with_pauses(calendar, w.start, regime.long_overdue.length, w.pauses)
        put(
            "long_overdue",
            long_date,
            regime.long_overdue.source,
            f"{regime.long_overdue.period} after {start_text}{pause_text}",
            w.start,
        )
        if regime.extension is not None:
            max_date, _ = count_with_pauses(calendar, w.start, regime.extension.length, w.pauses)
            put(
                "extended_due_max",
                max_date,
                regime.extension.source,
                f"the longest extension: {regime.extension.period} after {start_text}",
                w.start,
            )
        _extension(regime, w, deadlines, warnings, put)
    elif w.fee_notice is not None and regime.fee_lapse is not None:
        lapse = regime.fee_lapse
        put(
            "fee_lapses",
            lapse.apply(w.fee_notice.date, calendar),
            lapse.source,
            f"the last day to pay: {lapse.period} "
            f"{'beginning with' if lapse.begins_on_start else 'after'} the day the "
            f"{'fees notice' if lapse.unit is not Unit.WORKING_DAYS else 'charge'} was given, "
            f"{format_day(w.fee_notice.date)}; unpaid after it, the request lapses",
            w.fee_notice.date,
        )

    _after_response(regime, w, deadlines, calendar, calendars, put)
    notes = _receipt_note(regime, w.start, calendar)
    timeline = _timeline(w, deadlines)
    answer = w.review_response or w.response
    return RequestState(
        status=timeline.on(today),
        timeline=timeline,
        outcome=answer.outcome if answer else None,
        exemptions=tuple(w.exemptions),
        counted_from=w.start,
        paused_days=paused,
        deadlines=deadlines,
        warnings=tuple(warnings),
        answered=w.response.date if w.response else None,
        notes=notes,
        first_answered=w.first_response.date if w.first_response else None,
        first_outcome=w.first_response.outcome if w.first_response else None,
        review_asked=w.review_request.date if w.review_request else None,
        review_outcome=w.review_response.outcome if w.review_response else None,
        complained=w.complaint is not None,
    )


def _receipt_note(regime: Regime, start: date, calendar: Calendar) -> tuple[str, ...]:
    """A request received on a day off: the Act makes the next working day day
    1; some authorities make it day 0. Said, not judged: a reply one working
    day "late" on that ground alone is not worth a complaint."""
    if calendar.is_working_day(start):
        return ()
    day_one = calendar.add_working_days(start, 1)
    theirs = calendar.add_working_days(start, regime.response.length + 1)
    code = (
        " (a reading of the s45 Code of Practice, 2018, para 4.2)" if regime.family == "uk" else ""
    )
    return (
        f"received on {format_day(start)}, not a working day: the Act counts the next "
        f"working day, {format_day(day_one)}, as day 1 ({regime.response.source}), and "
        f"foitrack follows it. Some authorities count that day as day 0 instead{code}, "
        f"which gives {format_day(theirs)}: a reply on that day is one working day late by "
        "the Act's count, not a reason to complain on its own.",
    )


_Put = Callable[[str, date, str, str, date], Deadline]


def _extension(
    regime: Regime,
    w: _Walk,
    deadlines: dict[str, Deadline],
    warnings: list[str],
    put: _Put,
) -> None:
    if w.extension is None:
        return
    event = w.extension
    response_due = deadlines["response_due"].date
    if regime.extension is None:
        warnings.append(
            f"{regime.code.upper()} has no public-interest extension: the response "
            f"was still due on {format_day(response_due)}"
        )
        return
    if regime.extension_notice is not None and event.date > response_due:
        # Too late to be an extension at all: the request stays late from day 20.
        warnings.append(
            f"the extension notified on {format_day(event.date)} is not a valid extension: "
            f"it came after day {regime.response.length}, {format_day(response_due)}, and "
            f"{regime.extension_notice} allows one only when notified by then; the response "
            f"was due on {format_day(response_due)}"
        )
        return
    until = event.until or response_due
    put(
        "extended_due",
        max(until, response_due),
        regime.extension.source,
        f"the extension notified on {format_day(event.date)}",
        event.date,
    )
    longest = deadlines["extended_due_max"].date
    if until > longest:
        # Tracked all the same: the authority's date is what the user waits for.
        warnings.append(
            f"the extension to {format_day(until)} runs past {format_day(longest)}, "
            f"{regime.extension.period} after receipt ({regime.extension.source})"
        )


def _review_window(
    regime: Regime, w: _Walk, due: Deadline | None, calendar: Calendar, put: _Put
) -> None:
    """The last day to ask for an internal review: the regime's window,
    counted from what its law says, and the one the response states, if it
    states one. Where the two differ, both are kept and the earlier advised."""
    rule = regime.review_request
    response = w.response
    start: date | None = None
    basis = ""
    if response is not None and (
        regime.review_window_from is not ReviewFrom.DEADLINE_OR_LATE_RESPONSE
        or due is None
        or response.date > due.date
    ):
        start, basis = response.date, f"the response of {format_day(response.date)}"
        if regime.review_window_from is ReviewFrom.DEADLINE_OR_LATE_RESPONSE:
            basis = f"the late response of {format_day(response.date)}"
    elif due is not None and (
        response is not None or regime.review_window_from is not ReviewFrom.RESPONSE
    ):
        start = due.date
        if response is None:
            basis = f"the missed deadline of {format_day(due.date)}"
        else:
            # FOISA s20(5)(a): an answer in time does not shorten the window.
            basis = (
                f"the end of the {regime.response.period} allowed, {format_day(due.date)} "
                f"(the response of {format_day(response.date)} came in time)"
            )
    if start is None:
        return
    default = Deadline(
        "review_request_by",
        rule.apply(start, calendar),
        rule.source,
        f"{rule.period} after {basis}",
        start,
    )
    stated_window = response.window if response is not None else None
    if response is None or stated_window is None:
        put(default.name, default.date, default.source, default.basis, default.start)
        return
    stated = Deadline(
        "review_request_by",
        apply_period(response.date, stated_window.length, stated_window.unit, calendar),
        "the window the response states",
        f"{stated_window.unit.describe(stated_window.length)} after the response of "
        f"{format_day(response.date)}, as the response states",
        response.date,
    )
    if stated.date == default.date:
        put(stated.name, stated.date, stated.source, stated.basis, stated.start)
        return
    earlier = min(stated, default, key=lambda d: d.date)
    other = default if earlier is stated else stated
    which = "the response's stated window" if earlier is stated else f"{rule.source}"
    put(
        "review_request_by",
        earlier.date,
        earlier.source,
        f"{earlier.basis}: the earlier of two windows, so the safe one; {which} ends first, "
        f"the other ends on {format_day(other.date)}",
        earlier.start,
    )
    put("review_request_by_stated", stated.date, stated.source, stated.basis, stated.start)
    put("review_request_by_default", default.date, default.source, default.basis, default.start)


def _after_response(
    regime: Regime,
    w: _Walk,
    deadlines: dict[str, Deadline],
    calendar: Calendar,
    calendars: CalendarSet,
    put: _Put,
) -> None:
    _review_window(regime, w, current_due(deadlines), calendar, put)
    if w.review_request is not None:
        asked = w.review_request.date
        rule = regime.review_response
        review_due = put(
            "review_response_due",
            rule.apply(asked, calendar),
            rule.source,
            f"{rule.period} after the review was requested on {format_day(asked)}",
            asked,
        )
        if regime.review_response_max is not None:
            longest = regime.review_response_max
            put(
                "review_response_max",
                longest.apply(asked, calendar),
                longest.source,
                f"{longest.period} after the review was requested on {format_day(asked)}",
                asked,
            )
        window = regime.regulator_window
        if w.review_response is not None:
            answered = w.review_response.date
            put(
                "regulator_by",
                window.apply(answered, calendar),
                window.source,
                f"{window.period} after the review answer of {format_day(answered)}",
                answered,
            )
        else:
            put(
                "regulator_by",
                window.apply(review_due.date, calendar),
                window.source,
                f"{window.period} after the review's deadline of {format_day(review_due.date)}",
                review_due.date,
            )
    if w.decision is not None:
        rule = regime.appeal_window
        decided = w.decision.date
        last = rule.apply(decided, calendar, calendars)
        moved = ""
        if last != apply_period(decided, rule.length, rule.unit, calendar):
            moved = ", moved to the next working day where the Tribunal sits"
        put(
            "tribunal_by",
            last,
            rule.source,
            f"{rule.period} after the {regime.regulator_short} decision of "
            f"{format_day(decided)}, to the {regime.appeal_body}{moved}",
            decided,
        )


def _timeline(w: _Walk, deadlines: dict[str, Deadline]) -> StatusTimeline:
    def until(name: str, status: Status, after: Status) -> StatusTimeline:
        deadline = deadlines.get(name)
        return StatusTimeline(status, deadline.date if deadline else None, after)

    if w.withdrawal is not None:
        return StatusTimeline(Status.WITHDRAWN)
    if w.appeal is not None:
        return StatusTimeline(Status.WITH_REGULATOR)
    if w.decision is not None:
        return StatusTimeline(Status.CLOSED)
    if w.complaint is not None:
        return StatusTimeline(Status.WITH_REGULATOR)
    if w.review_response is not None:
        if w.review_response.outcome is Outcome.GRANTED:
            return StatusTimeline(Status.CLOSED)
        return until("regulator_by", Status.RESPONDED, Status.CLOSED)
    if w.review_request is not None:
        return until("review_response_due", Status.REVIEW_REQUESTED, Status.REVIEW_OVERDUE)
    if w.response is not None:
        if w.response.outcome is Outcome.GRANTED:
            return StatusTimeline(Status.CLOSED)
        # Open until the later of two windows: the earlier is only advice.
        windows = [deadlines[n].date for n in REVIEW_WINDOWS if n in deadlines]
        return StatusTimeline(Status.RESPONDED, max(windows) if windows else None, Status.CLOSED)
    if w.clarification is not None:
        return StatusTimeline(Status.AWAITING_CLARIFICATION)
    if w.fee_notice is not None:
        return until("fee_lapses", Status.FEE_PENDING, Status.CLOSED)
    name = "extended_due" if "extended_due" in deadlines else "response_due"
    return until(name, Status.AWAITING_RESPONSE, Status.OVERDUE)


#: Events allowed before the request's receipt date.
_BEFORE_RECEIPT_OK = frozenset({EventType.SENT, EventType.NOTE, EventType.EDITED})
#: Events allowed on a request not sent yet.
_BEFORE_SENDING_OK = frozenset(
    {EventType.SENT, EventType.NOTE, EventType.EDITED, EventType.DELETED}
)
#: Events allowed after a withdrawal.
_AFTER_WITHDRAWAL_OK = frozenset({EventType.NOTE, EventType.EDITED, EventType.DELETED})


def check_events(
    regime: Regime,
    received: date,
    events: Iterable[Event],
    calendars: CalendarSet,
    *,
    unsent: bool = False,
) -> list[Problem]:
    """Every event that is out of order, as problems; an empty list is fine.
    ``unsent``: the request has not gone yet, so nothing can have answered it."""
    problems: list[Problem] = []
    seen: list[Event] = []
    for event in live(events):
        message = (
            f"the {event.type} event of {event.date.isoformat()} is for a request not sent "
            "yet: send it first (foitrack send ID), or, if it went another way, "
            "foitrack edit ID --untag unsent --sent DATE"
            if unsent and event.type not in _BEFORE_SENDING_OK
            else _check_one(regime, received, event, seen, calendars)
        )
        if message:
            problems.append(Problem(event, message))
        else:
            seen.append(event)
    return problems


def _check_one(
    regime: Regime, received: date, event: Event, seen: list[Event], calendars: CalendarSet
) -> str | None:
    kind = event.type
    name = f"the {kind} event of {event.date.isoformat()}"
    if event.date < received and kind not in _BEFORE_RECEIPT_OK:
        return f"{name} is before the request was received on {received.isoformat()}"
    w = _walk(received, seen)
    if w.withdrawal is not None and kind not in _AFTER_WITHDRAWAL_OK:
        return f"{name} comes after the request was withdrawn: only notes may follow"
    if kind is EventType.CLARIFICATION_SENT and w.clarification is None:
        return f"{name} needs a clarification-requested event before it"
    if kind is EventType.FEE_PAID and w.fee_notice is None:
        return f"{name} needs a fee-notice event before it"
    if kind is EventType.EXTENDED:
        if event.until is None:
            return f"{name} needs the new deadline: give --until DATE"
        if event.until <= event.date:
            return f"{name} names a deadline ({event.until.isoformat()}) that is not after it"
        if w.response is not None:
            return f"{name} comes after the response: an extension must come before it"
    if kind is EventType.REVIEW_REQUESTED and w.response is None:
        state = evaluate(regime, received, seen, calendars)
        due = state.due
        if due is None or event.date <= due.date:
            when = f"after {due.date.isoformat()}" if due else "once the response is overdue"
            return f"{name} needs a response first; a failure to respond can be reviewed {when}"
    if kind is EventType.REVIEW_RESPONDED and w.review_request is None:
        return f"{name} needs a review-requested event before it"
    if kind is EventType.COMPLAINED and w.review_request is None and w.response is not None:
        return f"{name} needs an internal review first: log review-requested before complaining"
    if kind is EventType.COMPLAINED and w.response is None and w.review_request is None:
        due = evaluate(regime, received, seen, calendars).due
        if due is None or event.date <= due.date:
            return f"{name} comes before the response was overdue: wait until it is late"
    if kind is EventType.DECISION and w.complaint is None:
        return f"{name} needs a complained event before it"
    if kind is EventType.APPEALED and w.decision is None:
        return f"{name} needs a decision event before it"
    return None
