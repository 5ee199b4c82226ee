"""The statuses a request moves through, and the deadline each one waits on.

Apart from the lifecycle engine that computes them, so that code which only
reads a cached state (the daily check, ``list``) need not import the engine.
The functions here work on dates or on the same dates as ISO text, which
order alike: the engine passes dates, the SQLite ledger's cached columns text.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date
from enum import StrEnum
from typing import TypeVar


class Status(StrEnum):
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


#: A date, or a date as ISO text.
Day = TypeVar("Day", date, str)
#: A :class:`Status`, or its value as text.
S = TypeVar("S", bound=str)


def status_on(status: S, until: Day | None, after: S | None, today: Day | None) -> S:
    """A status timeline read on ``today``: ``status`` until ``until``
    (inclusive), ``after`` from the day after. Without a today, ``status``."""
    if after is not None and until is not None and today is not None and today > until:
        return after
    return status


def current_due(deadlines: Mapping[str, Day]) -> Day | None:
    """When the response is due: the extended date once there is one."""
    return deadlines.get("extended_due") or deadlines.get("response_due")


def next_deadline(
    status: str, deadlines: Mapping[str, Day], today: Day | None
) -> tuple[str, Day] | None:
    """The deadline a request in ``status`` waits on now, past or not."""
    name: str | None = None
    if status in (Status.AWAITING_RESPONSE, Status.OVERDUE):
        name = "extended_due" if "extended_due" in deadlines else "response_due"
    elif status == Status.FEE_PENDING:
        name = "fee_lapses"
    elif status == Status.RESPONDED:
        name = "regulator_by" if "regulator_by" in deadlines else "review_request_by"
    elif status in (Status.REVIEW_REQUESTED, Status.REVIEW_OVERDUE):
        name = "review_response_due"
    elif "tribunal_by" in deadlines and (today is None or today <= deadlines["tribunal_by"]):
        name = "tribunal_by"
    if name is None or name not in deadlines:
        return None
    return name, deadlines[name]
