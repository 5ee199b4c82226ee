"""``foitrack deadline``: the dates for a request received on a given day."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from foitrack.calendars import Calendars
from foitrack.core.calendar import CountedDay
from foitrack.core.events import Event, EventType, StatedWindow
from foitrack.core.lifecycle import DEADLINE_NAMES, RequestState, evaluate
from foitrack.core.regimes import Regime


@dataclass(frozen=True, slots=True)
class DeadlineReport:
    regime: Regime
    received: date
    responded: date | None
    review_requested: date | None
    #: True when the review date is assumed to be the last day allowed.
    review_assumed: bool
    state: RequestState
    #: Each day from receipt to the response deadline, counted or skipped.
    days: list[CountedDay]
    notes: list[str]

    def to_json(self) -> dict[str, Any]:
        """The stable ``deadline --json`` shape (README, "JSON output")."""
        calendar_source = self.regime.calendar_source
        nations = self.regime.nations
        result: dict[str, Any] = {
            "regime": self.regime.code,
            "received": self.received.isoformat(),
        }
        for name in ("response_due", "long_overdue", "extended_due_max"):
            result[name] = _iso(self.state.date_of(name))
        if self.responded is not None:
            result["responded"] = self.responded.isoformat()
            result["review_requested"] = _iso(self.review_requested)
            result["review_requested_assumed"] = self.review_assumed
            for name in (
                "review_request_by",
                "review_response_due",
                "review_response_max",
                "regulator_by",
            ):
                result[name] = _iso(self.state.date_of(name))
            result["regulator"] = self.regime.regulator
        result["rules"] = {
            name: {"source": d.source, "basis": d.basis}
            for name in DEADLINE_NAMES
            if (d := self.state.deadlines.get(name)) is not None
        }
        result["explain"] = [
            {
                "date": day.date.isoformat(),
                "working_day": day.working_day,
                "skipped": (day.skipped.reason(nations, calendar_source) if day.skipped else None),
            }
            for day in self.days
        ]
        result["notes"] = self.notes
        result["warnings"] = list(self.state.warnings)
        return result


def _iso(day: date | None) -> str | None:
    return day.isoformat() if day else None


def compute_deadline(
    regime: Regime,
    received: date,
    calendars: Calendars,
    *,
    responded: date | None = None,
    review_requested: date | None = None,
    window: StatedWindow | None = None,
) -> DeadlineReport:
    """Every date for a request received on ``received``.

    With ``responded``, the dates after the response too; the review is taken
    as asked on ``review_requested`` or, if not given, on the last day allowed,
    so the chain shows the latest each later step can be.
    """
    calendar = calendars.for_regime(regime)
    events = []
    assumed = False
    if responded is not None:
        events.append(Event(EventType.RESPONDED, responded, window=window))
        if review_requested is None:
            first = evaluate(regime, received, events, calendars)
            review_requested = first.date_of("review_request_by")
            assumed = True
        if review_requested is not None:
            events.append(Event(EventType.REVIEW_REQUESTED, review_requested))
    state = evaluate(regime, received, events, calendars)
    due = state.date_of("response_due")
    days = list(calendar.count_days(received, due)) if due else []
    notes = list(state.notes)
    return DeadlineReport(
        regime, received, responded, review_requested, assumed, state, days, notes
    )
