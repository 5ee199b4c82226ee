from __future__ import annotations

from datetime import date

import pytest

from foitrack.core.dates import add_months, format_day, parse_date
from foitrack.core.errors import BadDate


@pytest.mark.parametrize(
    "text",
    [
        "2025-03-10",
        "10/03/2025",
        "10/3/2025",
        "10.03.2025",
        "10/03/25",
        "10 March 2025",
        "10 Mar 2025",
        "10th March 2025",
        "10th of March 2025",
        "Monday 10 March 2025",
        "Mon, 10th Mar. 2025",
        "  10 MARCH 2025 ",
    ],
)
def test_the_forms_requesters_write(text: str) -> None:
    assert parse_date(text) == date(2025, 3, 10)


def test_numeric_dates_are_day_first() -> None:
    assert parse_date("03/04/2025") == date(2025, 4, 3)


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("31/02/2025", "'31/02/2025' is not a real date: use 2025-03-10"),
        ("next tuesday", "cannot read the date 'next tuesday': use 2025-03-10"),
        ("13/13/2025", "is not a real date"),
        ("10 Marchly 2025", "cannot read the date"),
        ("1899-01-01", "outside the supported years 2000-2050"),
        ("2099-01-01", "outside the supported years 2000-2050"),
        ("", "cannot read the date ''"),
    ],
)
def test_bad_dates_name_the_value_and_the_forms(text: str, message: str) -> None:
    with pytest.raises(BadDate, match=message.replace("(", r"\(")):
        parse_date(text)


def test_add_months_clamps_to_the_month_end() -> None:
    assert add_months(date(2025, 1, 31), 1) == date(2025, 2, 28)
    assert add_months(date(2024, 1, 31), 1) == date(2024, 2, 29)
    assert add_months(date(2025, 8, 29), 6) == date(2026, 2, 28)
    assert add_months(date(2025, 11, 15), 3) == date(2026, 2, 15)


def test_format_day() -> None:
    assert format_day(date(2025, 6, 2)) == "Mon 2 Jun 2025"
