"""What a campaign's matrix holds: one row per authority, built by the
services (``services/reports.py``) and written out by ``formats``."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from foitrack.core.events import Outcome

#: Every outcome, in the order reports count them.
OUTCOMES = tuple(str(outcome) for outcome in Outcome)


@dataclass(frozen=True, slots=True)
class MatrixRow:
    """One authority's line in a campaign's matrix."""

    id: int
    authority: str
    name: str
    title: str
    status: str
    outcome: str | None
    #: Working days from receipt (or clarification) to the first response.
    taken: int | None
    #: Working days past the due date: of the answer when it came late, or
    #: until today while none has come; None when not late.
    late_days: int | None
    exemptions: tuple[str, ...]
    #: The review: None, "asked", "overdue" or "answered: OUTCOME".
    review: str | None
    complained: bool
    next_deadline: str | None
    next_date: date | None

    @property
    def answered_late(self) -> bool:
        return self.taken is not None and self.late_days is not None

    @property
    def working_days(self) -> int | None:
        """One number per row, as JSON has always had it: taken, else late."""
        return self.taken if self.taken is not None else self.late_days

    @property
    def reading(self) -> str:
        """The working days as a person says them."""
        if self.taken is not None:
            late = f", {self.late_days} late" if self.late_days is not None else ""
            return f"answered in {self.taken} working days{late}"
        if self.late_days is not None:
            return f"no answer, {self.late_days} working days late"
        return ""

    def to_json(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "authority": self.authority,
            "authority_name": self.name,
            "title": self.title,
            "status": self.status,
            "outcome": self.outcome,
            "working_days": self.working_days,
            "late": self.taken is None and self.late_days is not None,
            "working_days_taken": self.taken,
            "working_days_late": self.late_days,
            "answered_late": self.answered_late,
            "reading": self.reading,
            "exemptions": list(self.exemptions),
            "review": self.review,
            "complained": self.complained,
            "next_deadline": self.next_deadline,
            "next_date": self.next_date.isoformat() if self.next_date else None,
        }
