"""Reports: how each authority performs, a campaign's matrix, exemptions cited.

Working days are counted in each request's own regime, from the date the
clock started (receipt, or the clarification) to the first response.
"""

from __future__ import annotations

import statistics
from collections import Counter, defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import TYPE_CHECKING, Any

from foitrack.core.calendar import Calendar
from foitrack.core.regimes import REGIMES
from foitrack.core.status import Status
from foitrack.reports.matrix import OUTCOMES, MatrixRow
from foitrack.services.ledger import Ledger
from foitrack.store.base import Query
from foitrack.store.index import ReportRow

if TYPE_CHECKING:
    from foitrack.core.lifecycle import Summary

_OVERDUE = str(Status.OVERDUE)
_UNSENT = str(Status.UNSENT)
#: Statuses of a request that will get no answer: not "still open".
_SETTLED = frozenset({str(Status.WITHDRAWN), str(Status.CLOSED)})


@dataclass
class AuthorityStats:
    authority: str
    name: str
    requests: int = 0
    answered: int = 0
    on_time: int = 0
    overdue_now: int = 0
    long_overdue: int = 0
    #: Not answered yet, and not withdrawn or lapsed: still waiting.
    open: int = 0
    reviews: int = 0
    reviews_changed: int = 0
    complaints: int = 0
    outcomes: Counter[str] = field(default_factory=Counter)
    exemptions: Counter[str] = field(default_factory=Counter)
    days: list[int] = field(default_factory=list)

    @property
    def due_so_far(self) -> int:
        """The on-time rate's denominator: the requests answered, and those whose
        due date has passed without an answer (late, whatever comes later)."""
        return self.answered + self.overdue_now

    @property
    def on_time_rate(self) -> float | None:
        return self.on_time / self.due_so_far if self.due_so_far else None

    def order(self) -> tuple[float, bool, int, str]:
        """Worst first: lowest on-time rate, and among equals the forces that
        never answered, then the most overdue; no due date yet goes last."""
        rate = self.on_time_rate
        return (2.0 if rate is None else rate, self.answered > 0, -self.overdue_now, self.name)

    def percentile(self, share: float) -> float | None:
        """The working days to answer at ``share`` (0.5 the median), by the
        nearest-rank method: an actual number of days someone waited."""
        if not self.days:
            return None
        if share == 0.5:
            return float(statistics.median(self.days))
        ordered = sorted(self.days)
        rank = max(1, -(-len(ordered) * share // 1))  # ceil
        return float(ordered[int(rank) - 1])

    def merge(self, other: AuthorityStats) -> None:
        for name in ("requests", "answered", "on_time", "overdue_now", "long_overdue",
                     "open", "reviews", "reviews_changed", "complaints"):  # fmt: skip
            setattr(self, name, getattr(self, name) + getattr(other, name))
        self.outcomes.update(other.outcomes)
        self.exemptions.update(other.exemptions)
        self.days.extend(other.days)

    def to_json(self) -> dict[str, Any]:
        rate = self.on_time_rate
        return {
            "authority": self.authority,
            "authority_name": self.name,
            "requests": self.requests,
            "answered": self.answered,
            "answered_on_time": self.on_time,
            "on_time_of": self.due_so_far,
            "on_time_percent": round(rate * 100, 1) if rate is not None else None,
            "median_working_days": self.percentile(0.5),
            "p90_working_days": self.percentile(0.9),
            "overdue_now": self.overdue_now,
            "long_overdue": self.long_overdue,
            "open": self.open,
            "outcomes": {o: self.outcomes.get(o, 0) for o in OUTCOMES},
            "reviews": self.reviews,
            "reviews_changed": self.reviews_changed,
            "reviews_changed_percent": (
                round(self.reviews_changed / self.reviews * 100, 1) if self.reviews else None
            ),
            "complaints": self.complaints,
            "top_exemptions": [e for e, _ in self.exemptions.most_common(3)],
        }


def _calendars(ledger: Ledger) -> dict[str, Calendar]:
    return {code: ledger.derive.calendars.for_regime(r) for code, r in REGIMES.items()}


def stats(
    ledger: Ledger,
    today: date,
    *,
    campaign: str | None = None,
    authorities: Sequence[str] = (),
    since: date | None = None,
) -> tuple[list[AuthorityStats], AuthorityStats]:
    """Per authority, worst first (:meth:`AuthorityStats.order`); and everything
    together."""
    ids = tuple(a.id for a in ledger.directory.expand(authorities)) if authorities else None
    rows = ledger.store.report_rows(Query(authorities=ids, campaign=campaign), as_of=today)
    if since is not None:
        floor = since.isoformat()
        rows = (r for r in rows if r.received >= floor)
    per: dict[str, AuthorityStats] = {}
    counter = _WorkingDayCounter(_calendars(ledger))
    iso = today.isoformat()
    for row in rows:
        if row.status == _UNSENT:
            continue  # not asked yet: it says nothing about how the authority answers
        entry = per.get(row.authority)
        if entry is None:
            entry = per[row.authority] = AuthorityStats(
                row.authority, ledger.directory.display_name(row.authority)
            )
        _count(entry, row, iso, counter)
    overall = AuthorityStats("all", "All authorities")
    for entry in per.values():
        overall.merge(entry)
    return sorted(per.values(), key=AuthorityStats.order), overall


class _WorkingDayCounter:
    """Working days between ISO dates, remembering each date's place in the
    calendar: a big ledger repeats the same few thousand dates many times."""

    def __init__(self, calendars: dict[str, Calendar]) -> None:
        self._calendars = calendars
        self._places: dict[str, dict[str, int]] = {regime: {} for regime in calendars}

    def _place(self, regime: str, iso: str) -> int:
        place = self._places[regime][iso] = self._calendars[regime].working_days_between(
            date(2000, 1, 1), date.fromisoformat(iso)
        )
        return place

    def between(self, regime: str, start: str, end: str) -> int:
        places = self._places[regime]
        first = places.get(start)
        if first is None:
            first = self._place(regime, start)
        last = places.get(end)
        if last is None:
            last = self._place(regime, end)
        return last - first


def _count(entry: AuthorityStats, row: ReportRow, today: str, days: _WorkingDayCounter) -> None:
    entry.requests += 1
    if row.answered is not None:
        entry.answered += 1
        if row.due is not None and row.answered <= row.due:
            entry.on_time += 1
        entry.days.append(max(0, days.between(row.regime, row.counted_from, row.answered)))
        if row.first_outcome:
            entry.outcomes[row.first_outcome] += 1
    else:
        status = row.status_on(today)
        if status not in _SETTLED:
            entry.open += 1
        if status == _OVERDUE:
            entry.overdue_now += 1
            if row.long_overdue is not None and today > row.long_overdue:
                entry.long_overdue += 1
    if row.review_asked is not None:
        entry.reviews += 1
        if row.review_outcome is not None and row.review_outcome != row.first_outcome:
            entry.reviews_changed += 1
    if row.complained:
        entry.complaints += 1
    if row.cited:
        entry.exemptions.update(row.cited.split(" "))


def campaign_matrix(ledger: Ledger, name: str, today: date) -> list[MatrixRow]:
    from foitrack.core.errors import FoitrackError

    calendars = _calendars(ledger)
    summaries = {r.id: s for r, s in ledger.store.summaries(Query(campaign=name), as_of=today)}
    rows = [
        _matrix_row(ledger, row, summaries[row.id], calendars, today)
        for row in ledger.store.report_rows(Query(campaign=name), as_of=today)
    ]
    if not rows:
        raise FoitrackError(f"no requests in campaign {name!r}: see 'foitrack list --json'")
    rows.sort(key=lambda r: r.name)
    return rows


def _matrix_row(
    ledger: Ledger,
    row: ReportRow,
    summary: Summary,
    calendars: dict[str, Calendar],
    today: date,
) -> MatrixRow:
    calendar = calendars[row.regime]
    status = row.status_on(today.isoformat())
    taken: int | None = None
    late: int | None = None
    if row.answered is not None:
        answered = date.fromisoformat(row.answered)
        taken = calendar.working_days_between(date.fromisoformat(row.counted_from), answered)
        if row.due is not None and row.answered > row.due:
            late = calendar.working_days_between(date.fromisoformat(row.due), answered)
    elif row.due is not None and status == _OVERDUE:
        late = calendar.working_days_between(date.fromisoformat(row.due), today)
    review: str | None = None
    if row.review_outcome is not None:
        review = f"answered: {row.review_outcome}"
    elif row.review_asked is not None:
        review = "overdue" if status == str(Status.REVIEW_OVERDUE) else "asked"
    upcoming = summary.next_deadline(today)
    return MatrixRow(
        row.id,
        row.authority,
        ledger.directory.display_name(row.authority),
        row.title,
        status,
        row.review_outcome or row.first_outcome,
        taken,
        late,
        row.exemptions,
        review,
        bool(row.complained),
        upcoming[0] if upcoming else None,
        upcoming[1] if upcoming else None,
    )


@dataclass
class ExemptionUse:
    exemption: str
    citations: int = 0
    authorities: Counter[str] = field(default_factory=Counter)

    def to_json(self, names: dict[str, str]) -> dict[str, Any]:
        return {
            "exemption": self.exemption,
            "citations": self.citations,
            "authorities": [
                {"authority": a, "authority_name": names[a], "citations": n}
                for a, n in self.authorities.most_common()
            ],
        }


def exemption_use(
    ledger: Ledger, today: date | None = None, *, campaign: str | None = None
) -> list[ExemptionUse]:
    """How often each exemption is cited (once per request) and by whom, as on ``today``."""
    uses: dict[str, ExemptionUse] = defaultdict(lambda: ExemptionUse(""))
    for row in ledger.store.report_rows(Query(campaign=campaign), as_of=today):
        for exemption in row.exemptions:
            use = uses[exemption]
            use.exemption = exemption
            use.citations += 1
            use.authorities[row.authority] += 1
    return sorted(uses.values(), key=lambda u: (-u.citations, u.exemption))
