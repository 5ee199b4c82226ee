"""The statuses a request moves through, and the deadline each one waits on.

Apart from the lifecycle engine that computes them, so that code which only
reads a cached state (the daily check, ``list``) need not import the engine.
The functions here work on dates or on the same dates as ISO text, which
order alike: the engine passes dates, the SQLite ledger's cached columns text.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from enum import StrEnum
from typing import TypeVar


class Status(StrEnum):
    #: Added with ``add --unsent`` and not sent yet: no statutory clock runs.
    UNSENT = "unsent"
    AWAITING_RESPONSE = "awaiting-response"
    OVERDUE = "overdue"
    AWAITING_CLARIFICATION = "awaiting-clarification"
    FEE_PENDING = "fee-pending"
    RESPONDED = "responded"
    REVIEW_REQUESTED = "review-requested"
    REVIEW_OVERDUE = "review-overdue"
    WITH_REGULATOR = "with-regulator"
    CLOSED = "closed"
    WITHDRAWN = "withdrawn"


#: Bumped whenever the engine derives a different state from the same
#: records (2: a request tagged unsent is UNSENT, with no deadlines): part of
#: the deriver's fingerprint, so every ledger's cached states are refreshed.
STATE_FORMAT = 2

#: A date, or a date as ISO text.
Day = TypeVar("Day", date, str)
#: A :class:`Status`, or its value as text.
S = TypeVar("S", bound=str)
T = TypeVar("T")


def status_on(status: S, until: Day | None, after: S | None, today: Day | None) -> S:
    """A status timeline read on ``today``: ``status`` until ``until``
    (inclusive), ``after`` from the day after. Without a today, ``status``."""
    if after is not None and until is not None and today is not None and today > until:
        return after
    return status


#: The last days to ask for an internal review: the advised one and, where a
#: response states a window other than the regime's, each of the two.
REVIEW_WINDOWS = ("review_request_by", "review_request_by_stated", "review_request_by_default")
#: "The extended date if there is one, else the due date", in that order.
DUE = ("extended_due", "response_due")

#: ``StatusRule.watch`` of a status that waits open-ended (on the authority
#: or the regulator, however long that takes).
OPEN_ENDED = None


@dataclass(frozen=True, slots=True)
class StatusRule:
    """What a status waits on: the one place that says it.

    ``waits_on``: the deadline a request in this status is waiting for, the
    first of these names it has. ``open``: the deadlines still worth showing
    (a calendar entry each), the first group of which it has any. ``watch``:
    the deadlines after the last of which it can no longer need the user
    (``OPEN_ENDED`` while it waits on someone else; ``()`` never again).
    ``ahead_only``: the deadline counts only until it passes.
    """

    waits_on: tuple[str, ...] = ()
    open: tuple[tuple[str, ...], ...] = ()
    watch: tuple[str, ...] | None = OPEN_ENDED
    ahead_only: bool = False


_WAITING = StatusRule(
    waits_on=DUE, open=(("response_due", "extended_due", "long_overdue", "review_request_by"),)
)
_IN_REVIEW = StatusRule(
    waits_on=("review_response_due",),
    open=(("review_response_due", "regulator_by"),),
    watch=("regulator_by",),
)

STATUS_TABLE: dict[Status, StatusRule] = {
    # Not sent: nothing to wait for until ``send`` records the day it went; it
    # waits on the user, open-ended, so the daily check can say it is unsent.
    Status.UNSENT: StatusRule(),
    Status.AWAITING_RESPONSE: _WAITING,
    Status.OVERDUE: _WAITING,
    Status.AWAITING_CLARIFICATION: StatusRule(),
    Status.FEE_PENDING: StatusRule(
        waits_on=("fee_lapses",), open=(("fee_lapses",),), watch=("fee_lapses",)
    ),
    # Responded: the review window; once a review was answered against the
    # requester, the regulator's window instead.
    Status.RESPONDED: StatusRule(
        waits_on=("regulator_by", "review_request_by"),
        open=(("regulator_by",), REVIEW_WINDOWS),
        watch=(*REVIEW_WINDOWS, "regulator_by"),
    ),
    Status.REVIEW_REQUESTED: _IN_REVIEW,
    Status.REVIEW_OVERDUE: _IN_REVIEW,
    Status.WITH_REGULATOR: StatusRule(waits_on=("tribunal_by",), ahead_only=True),
    Status.CLOSED: StatusRule(
        waits_on=("tribunal_by",), open=(("tribunal_by",),), watch=("tribunal_by",), ahead_only=True
    ),
    Status.WITHDRAWN: StatusRule(watch=()),
}


def _rule(status: str) -> StatusRule:
    return STATUS_TABLE[status if isinstance(status, Status) else Status(status)]


def current_due(deadlines: Mapping[str, T]) -> T | None:
    """When the response is due: the extended date once there is one."""
    return deadlines.get(DUE[0]) or deadlines.get(DUE[1])


def next_deadline(
    status: str, deadlines: Mapping[str, Day], today: Day | None
) -> tuple[str, Day] | None:
    """The deadline a request in ``status`` waits on now, past or not."""
    rule = _rule(status)
    for name in rule.waits_on:
        if name in deadlines:
            when = deadlines[name]
            if rule.ahead_only and today is not None and today > when:
                return None
            return name, when
    return None


def open_deadlines(status: str, deadlines: Mapping[str, Day], today: Day) -> list[tuple[str, Day]]:
    """Every deadline still ahead that ``status`` makes relevant; the advised
    review window is one of the two it names, so each date is given once."""
    for group in _rule(status).open:
        present = [name for name in group if name in deadlines]
        if not present:
            continue
        advised = deadlines.get(REVIEW_WINDOWS[0])
        return [
            (name, deadlines[name])
            for name in present
            if deadlines[name] >= today
            and not (name in REVIEW_WINDOWS[1:] and deadlines[name] == advised)
        ]
    return []


#: ``watch_until`` of a request that will never need anything again.
NEVER = date.min


def watch_until(status: str, deadlines: Mapping[str, date]) -> date | None:
    """The last day a request in ``status`` can need the user: the latest of
    its rule's deadlines; None while open-ended; NEVER when never again."""
    names = _rule(status).watch
    if names is OPEN_ENDED:
        return None
    dates = [deadlines[n] for n in names if n in deadlines]
    return max(dates) if dates else NEVER
