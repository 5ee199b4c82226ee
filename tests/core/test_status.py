"""The status rules read dates and ISO text alike: the engine passes dates, the
SQLite ledger's cached columns text, and both must give the same answer."""

from __future__ import annotations

from datetime import date, timedelta

from hypothesis import given
from hypothesis import strategies as st

from foitrack.core.lifecycle import DEADLINE_NAMES
from foitrack.core.status import Status, current_due, next_deadline, status_on

days = st.dates(min_value=date(2000, 1, 1), max_value=date(2050, 12, 31))
statuses = st.sampled_from(list(Status))


def test_a_timeline_changes_the_day_after_until() -> None:
    until = date(2025, 6, 20)
    assert status_on(Status.AWAITING_RESPONSE, until, Status.OVERDUE, until) == "awaiting-response"
    assert status_on(Status.AWAITING_RESPONSE, until, Status.OVERDUE, until + timedelta(1)) == (
        "overdue"
    )
    assert status_on(Status.RESPONDED, None, None, until) == "responded"
    assert status_on(Status.RESPONDED, until, Status.CLOSED, None) == "responded"


def test_the_due_date_is_the_extended_one_once_there_is_one() -> None:
    assert current_due({"response_due": "2025-06-02"}) == "2025-06-02"
    assert current_due({"response_due": "2025-06-02", "extended_due": "2025-07-01"}) == (
        "2025-07-01"
    )
    assert current_due({}) is None


@given(statuses, st.none() | days, st.none() | statuses, st.none() | days)
def test_status_on_reads_dates_and_text_alike(
    status: Status, until: date | None, after: Status | None, today: date | None
) -> None:
    def iso(day: date | None) -> str | None:
        return day.isoformat() if day else None

    on_dates = status_on(status, until, after, today)
    on_text = status_on(str(status), iso(until), str(after) if after else None, iso(today))
    assert on_text == str(on_dates)


@given(statuses, st.dictionaries(st.sampled_from(DEADLINE_NAMES), days), st.none() | days)
def test_next_deadline_reads_dates_and_text_alike(
    status: Status, deadlines: dict[str, date], today: date | None
) -> None:
    on_dates = next_deadline(status, deadlines, today)
    on_text = next_deadline(
        str(status),
        {name: day.isoformat() for name, day in deadlines.items()},
        today.isoformat() if today else None,
    )
    assert on_text == (None if on_dates is None else (on_dates[0], on_dates[1].isoformat()))
    assert current_due({n: d.isoformat() for n, d in deadlines.items()}) == (
        d.isoformat() if (d := current_due(deadlines)) else None
    )
