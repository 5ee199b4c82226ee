from __future__ import annotations

import pytest

from foitrack.core.errors import BadEvent
from foitrack.core.events import (
    EventType,
    Outcome,
    StatedWindow,
    normalise_exemption,
    parse_event_type,
    parse_outcome,
    parse_window,
)
from foitrack.core.regimes import Unit


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("s40(2)", "s40(2)"),
        ("S40(2)", "s40(2)"),
        ("s.40(2)", "s40(2)"),
        ("Section 40 (2)", "s40(2)"),
        ("section 12(1)", "s12(1)"),
        ("12", "s12"),
        ("s31(1)(a)", "s31(1)(a)"),
        ("reg 12(4)(b)", "reg12(4)(b)"),
        ("Regulation 12(5)(a)", "reg12(5)(a)"),
    ],
)
def test_exemptions_are_normalised(text: str, expected: str) -> None:
    assert normalise_exemption(text) == expected


@pytest.mark.parametrize("text", ["", "forty", "s40(2", "article 8", "s4000"])
def test_malformed_exemption(text: str) -> None:
    with pytest.raises(BadEvent, match="cannot read the exemption"):
        normalise_exemption(text)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("40 working days", StatedWindow(40, Unit.WORKING_DAYS)),
        ("within 40 days", StatedWindow(40, Unit.DAYS)),
        ("40 calendar days", StatedWindow(40, Unit.DAYS)),
        ("two months", StatedWindow(2, Unit.MONTHS)),
        ("forty (40) working days", StatedWindow(40, Unit.WORKING_DAYS)),
        ("40 (forty) working days", StatedWindow(40, Unit.WORKING_DAYS)),
        ("6 weeks", StatedWindow(6, Unit.WEEKS)),
        ("20 business days", StatedWindow(20, Unit.WORKING_DAYS)),
    ],
)
def test_review_windows(text: str, expected: StatedWindow) -> None:
    assert parse_window(text) == expected


def test_bad_window() -> None:
    with pytest.raises(BadEvent, match="cannot read the review window 'soon'"):
        parse_window("soon")


def test_event_types_and_outcomes() -> None:
    assert parse_event_type("Review Requested") is EventType.REVIEW_REQUESTED
    assert parse_outcome("not held") is Outcome.NOT_HELD
    with pytest.raises(BadEvent, match="unknown event type 'answered': use one of sent,"):
        parse_event_type("answered")
    with pytest.raises(
        BadEvent,
        match="unknown outcome 'maybe': use one of granted, partial, refused, not-held, ncnd",
    ):
        parse_outcome("maybe")
