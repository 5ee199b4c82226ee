"""The statuses a request moves through.

Apart from the lifecycle engine that computes them, so that code which only
reads a cached status (the daily check) need not import the engine.
"""

from __future__ import annotations

from enum import StrEnum


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
