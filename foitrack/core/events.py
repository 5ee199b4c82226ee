"""What can happen to a request, as facts with the date they happened.

A request's history is an append-only list of :class:`Event`; its state is
derived from that list by :mod:`foitrack.core.lifecycle`.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from enum import StrEnum

from foitrack.core.errors import BadEvent
from foitrack.core.regimes import Unit

#: ``date`` under another name, for classes with a field called ``date``.
Day = date


class EventType(StrEnum):
    SENT = "sent"
    ACKNOWLEDGED = "acknowledged"
    CLARIFICATION_REQUESTED = "clarification-requested"
    CLARIFICATION_SENT = "clarification-sent"
    FEE_NOTICE = "fee-notice"
    FEE_PAID = "fee-paid"
    EXTENDED = "extended"
    RESPONDED = "responded"
    REVIEW_REQUESTED = "review-requested"
    REVIEW_RESPONDED = "review-responded"
    COMPLAINED = "complained"
    DECISION = "decision"
    APPEALED = "appealed"
    WITHDRAWN = "withdrawn"
    NOTE = "note"
    #: The requester sent a reminder (a chaser); complaints cite them.
    CHASED = "chased"
    #: A field of the request was changed with ``foitrack edit``.
    EDITED = "edited"
    #: The request was added by mistake: ``foitrack delete`` keeps it on record
    #: but out of the daily check, the lists and the reports.
    DELETED = "deleted"


class Outcome(StrEnum):
    GRANTED = "granted"
    PARTIAL = "partial"
    REFUSED = "refused"
    NOT_HELD = "not-held"
    NCND = "ncnd"

    @property
    def label(self) -> str:
        return _OUTCOME_LABELS[self]

    @property
    def reviewable(self) -> bool:
        """Whether the requester may want to challenge it (DOMAIN.md)."""
        return self is not Outcome.GRANTED


_OUTCOME_LABELS = {
    Outcome.GRANTED: "granted in full",
    Outcome.PARTIAL: "partly granted",
    Outcome.REFUSED: "refused",
    Outcome.NOT_HELD: "not held",
    Outcome.NCND: "neither confirmed nor denied",
}

_OUTCOME_ALIASES = {
    "full": Outcome.GRANTED,
    "granted-in-full": Outcome.GRANTED,
    "part": Outcome.PARTIAL,
    "partly-granted": Outcome.PARTIAL,
    "refusal": Outcome.REFUSED,
    "notheld": Outcome.NOT_HELD,
    "neither-confirm-nor-deny": Outcome.NCND,
}

#: Events that carry an outcome.
ANSWERS = frozenset({EventType.RESPONDED, EventType.REVIEW_RESPONDED, EventType.DECISION})


def happened_by(events: Iterable[Event], day: date) -> tuple[Event, ...]:
    """The events dated on or before ``day``: "what was due on 23 May" must
    not see a decision made in September."""
    return tuple(e for e in events if e.date <= day)


#: What a user logs; ``edited`` and ``deleted`` are written by ``edit`` and ``delete``.
LOGGABLE = tuple(t for t in EventType if t not in (EventType.EDITED, EventType.DELETED))


def parse_event_type(text: str) -> EventType:
    key = text.strip().lower().replace("_", "-").replace(" ", "-")
    try:
        return EventType(key)
    except ValueError:
        raise BadEvent(f"unknown event type {text!r}: use one of {', '.join(LOGGABLE)}") from None


def parse_outcome(text: str) -> Outcome:
    key = text.strip().lower().replace("_", "-").replace(" ", "-")
    try:
        return Outcome(key)
    except ValueError:
        pass
    if key in _OUTCOME_ALIASES:
        return _OUTCOME_ALIASES[key]
    raise BadEvent(f"unknown outcome {text!r}: use one of {', '.join(Outcome)}")


@dataclass(frozen=True, slots=True)
class StatedWindow:
    """A review window as a response states it: "within 40 days"."""

    length: int
    unit: Unit

    def __str__(self) -> str:
        return self.unit.describe(self.length)


_NUMBER_WORDS = {
    "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7,
    "eight": 8, "nine": 9, "ten": 10, "twelve": 12, "twenty": 20, "thirty": 30,
    "forty": 40, "sixty": 60,
}  # fmt: skip
_WINDOW = re.compile(
    # "forty (40) days" and "40 (forty) days": the number in brackets repeats it.
    r"(?P<number>\d+|[a-z]+)(?:\s*\(\s*(?:\d+|[a-z]+)\s*\))?\s*"
    r"(?P<kind>working|business|calendar)?\s*(?P<unit>days?|weeks?|months?)",
    re.IGNORECASE,
)


def parse_window(text: str) -> StatedWindow:
    """Read "40 working days", "40 days", "two months", "forty (40) days",
    "40 (forty) working days".

    Plain "days" are calendar days: when a response is unclear, the earlier
    date is the safe one to meet (DOMAIN.md).
    """
    m = _WINDOW.search(text.strip())
    if m is None:
        raise BadEvent(
            f"cannot read the review window {text!r}: write it like "
            "'40 working days', '40 days', '6 weeks' or 'two months'"
        )
    number = m["number"].lower()
    length = int(number) if number.isdigit() else _NUMBER_WORDS.get(number)
    if not length:
        raise BadEvent(f"cannot read the number in the review window {text!r}")
    unit_word = m["unit"].lower().rstrip("s")
    if unit_word == "day":
        working = (m["kind"] or "").lower() in ("working", "business")
        unit = Unit.WORKING_DAYS if working else Unit.DAYS
    else:
        unit = Unit.WEEKS if unit_word == "week" else Unit.MONTHS
    return StatedWindow(length, unit)


_EXEMPTION = re.compile(
    r"(?P<prefix>s|s\.|sec\.?|section|r|reg\.?|regulation)?\s*"
    r"(?P<number>\d{1,2})\s*(?P<subs>(?:\(\s*[0-9a-z]{1,4}\s*\)\s*)*)",
    re.IGNORECASE,
)


def normalise_exemption(text: str) -> str:
    """One citation in the usual short form.

    ``Section 40(2)``, ``s.40 (2)`` and ``S40(2)`` give ``s40(2)``;
    ``reg 12(4)(b)`` gives ``reg12(4)(b)``.
    """
    raw = text.strip()
    m = _EXEMPTION.fullmatch(raw)
    if m is None:
        raise BadEvent(
            f"cannot read the exemption {text!r}: write it like s40(2), s12 or reg12(4)(b)"
        )
    prefix = (m["prefix"] or "s").lower()
    kind = "reg" if prefix.startswith("r") else "s"
    subs = "".join(f"({p.strip().lower()})" for p in re.findall(r"\(([^)]*)\)", m["subs"]))
    return f"{kind}{int(m['number'])}{subs}"


@dataclass(frozen=True, slots=True)
class Event:
    """One thing that happened to a request, on a date.

    ``until`` is the new deadline an ``extended`` event names; ``window`` is
    the review window a response states; ``removed`` is set when the event
    was withdrawn as a mistake (it then no longer counts, but stays on record).
    """

    type: EventType
    date: date
    outcome: Outcome | None = None
    exemptions: tuple[str, ...] = ()
    until: Day | None = None
    window: StatedWindow | None = None
    ref: str | None = None
    note: str | None = None
    removed: Day | None = None
    #: Where the letter itself is kept (a path), when it was read from a file.
    document: str | None = None
    #: Who recorded it (config ``[user] name``, else the login name); None on
    #: events recorded before foitrack kept it.
    actor: str | None = None
