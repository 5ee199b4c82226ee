"""SQLite's columns back into events and cached summaries.

Apart from :mod:`foitrack.store.sqlite` because these need the lifecycle
engine's types, and the daily check, which reads neither, should not pay for
importing the engine on every run.
"""

from __future__ import annotations

import json
from datetime import date

from foitrack.core.events import Event, EventType, Outcome, parse_window
from foitrack.core.lifecycle import StatusTimeline, Summary
from foitrack.core.status import Status

_STATUS = {str(s): s for s in Status}
_OUTCOME = {str(o): o for o in Outcome}


def _day(value: str | None) -> date | None:
    return date.fromisoformat(value) if value else None


def event(
    kind: str,
    day: str,
    outcome: str | None,
    exemptions: str,
    until: str | None,
    window: str | None,
    ref: str | None,
    note: str | None,
    removed: str | None,
    document: str | None,
    actor: str | None = None,
) -> Event:
    return Event(
        EventType(kind),
        date.fromisoformat(day),
        Outcome(outcome) if outcome else None,
        tuple(json.loads(exemptions)),
        _day(until),
        parse_window(window) if window else None,
        ref,
        note,
        removed=_day(removed),
        document=document,
        actor=actor,
    )


def summary(
    status: str,
    until: str | None,
    after: str | None,
    outcome: str | None,
    deadlines: str,
    watch_until: str | None,
) -> Summary:
    return Summary(
        StatusTimeline(_STATUS[status], _day(until), _STATUS[after] if after else None),
        _OUTCOME[outcome] if outcome else None,
        {name: date.fromisoformat(value) for name, value in json.loads(deadlines).items()},
        _day(watch_until),
    )
