"""The four access regimes and every number of the law foitrack computes.

Each rule is data that cites its source, so ``--explain`` and the letters can
say where a date comes from. The numbers are those of DOMAIN.md.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from enum import StrEnum
from typing import TYPE_CHECKING

from foitrack.core.calendar import ALL_NATIONS, Nation
from foitrack.core.dates import add_months
from foitrack.core.errors import UnknownRegime

if TYPE_CHECKING:
    from foitrack.core.calendar import Calendar


class Unit(StrEnum):
    WORKING_DAYS = "working-days"
    DAYS = "days"
    WEEKS = "weeks"
    MONTHS = "months"

    def describe(self, length: int) -> str:
        words = {
            Unit.WORKING_DAYS: "working day",
            Unit.DAYS: "day",
            Unit.WEEKS: "week",
            Unit.MONTHS: "month",
        }[self]
        return f"{length} {words}{'' if length == 1 else 's'}"


@dataclass(frozen=True, slots=True)
class Rule:
    """A period the law sets: ``length`` ``unit`` after a starting day."""

    name: str
    length: int
    unit: Unit
    source: str

    def apply(self, start: date, calendar: Calendar) -> date:
        """The last day of the period that starts after ``start``."""
        return apply_period(start, self.length, self.unit, calendar)

    @property
    def period(self) -> str:
        return self.unit.describe(self.length)


def apply_period(start: date, length: int, unit: Unit, calendar: Calendar) -> date:
    if unit is Unit.WORKING_DAYS:
        return calendar.add_working_days(start, length)
    if unit is Unit.DAYS:
        return start + timedelta(days=length)
    if unit is Unit.WEEKS:
        return start + timedelta(weeks=length)
    return add_months(start, length)


@dataclass(frozen=True, slots=True)
class Regime:
    """One access regime: its calendar and its periods."""

    code: str
    name: str
    nations: frozenset[Nation]
    #: Whether Good Friday is skipped by the Act itself (FOIA s10(6)).
    good_friday: bool
    calendar_source: str
    response: Rule
    long_overdue: Rule
    #: The longest extension the law or the regulator accepts, counted from receipt.
    extension: Rule | None
    #: Whether an extension must be notified within the first ``response`` days.
    extension_notice_within_response: bool
    clarification_source: str
    fee_pause_source: str
    fee_lapse: Rule | None
    review_request: Rule
    #: Whether the review window also opens when no response came in time.
    review_after_missed_deadline: bool
    review_response: Rule
    review_response_max: Rule | None
    regulator: str
    regulator_short: str
    regulator_window: Rule
    appeal_body: str
    appeal_window: Rule

    @property
    def calendar_key(self) -> str:
        """Regimes with the same key share one working-day calendar."""
        return "uk" if self.nations == ALL_NATIONS else "scotland"


_UK_TRIBUNAL = "First-tier Tribunal (Information Rights)"
_TRIBUNAL_RULE = Rule("appeal", 28, Unit.DAYS, "First-tier Tribunal (GRC) Rules 2009 r22(1)(b)")
_ICO_WINDOW = Rule(
    "regulator",
    6,
    Unit.WEEKS,
    "ICO: complain within six weeks of the final response or last substantive contact",
)
_ICO = "Information Commissioner's Office"

FOIA = Regime(
    code="foia",
    name="Freedom of Information Act 2000",
    nations=ALL_NATIONS,
    good_friday=True,
    calendar_source="FOIA s10(6)",
    response=Rule("response", 20, Unit.WORKING_DAYS, "FOIA s10(1)"),
    long_overdue=Rule(
        "long-overdue", 40, Unit.WORKING_DAYS, "ICO: 40 working days is the outer limit"
    ),
    extension=Rule(
        "extension", 40, Unit.WORKING_DAYS, "FOIA s10(3); the ICO expects at most 20 more"
    ),
    extension_notice_within_response=False,
    clarification_source="FOIA s1(3)",
    fee_pause_source="FOIA s10(2)",
    fee_lapse=Rule("fee-lapse", 3, Unit.MONTHS, "FOIA s9(2)"),
    review_request=Rule(
        "review-request", 40, Unit.WORKING_DAYS, "FOIA s45 Code of Practice (2018) para 5.4"
    ),
    review_after_missed_deadline=False,
    review_response=Rule(
        "review-response", 20, Unit.WORKING_DAYS, "FOIA s45 Code of Practice (2018) para 5.5"
    ),
    review_response_max=Rule(
        "review-response-max",
        40,
        Unit.WORKING_DAYS,
        "FOIA s45 Code of Practice (2018) para 5.5, exceptional cases",
    ),
    regulator=_ICO,
    regulator_short="ICO",
    regulator_window=_ICO_WINDOW,
    appeal_body=_UK_TRIBUNAL,
    appeal_window=_TRIBUNAL_RULE,
)

EIR = Regime(
    code="eir",
    name="Environmental Information Regulations 2004",
    nations=ALL_NATIONS,
    good_friday=True,
    calendar_source="EIR reg 2(1)",
    response=Rule("response", 20, Unit.WORKING_DAYS, "EIR reg 5(2)"),
    long_overdue=FOIA.long_overdue,
    extension=Rule("extension", 40, Unit.WORKING_DAYS, "EIR reg 7(1)"),
    extension_notice_within_response=True,
    clarification_source="EIR reg 9",
    fee_pause_source="EIR reg 8",
    fee_lapse=None,
    review_request=Rule("review-request", 40, Unit.WORKING_DAYS, "EIR reg 11(2)"),
    review_after_missed_deadline=True,
    review_response=Rule("review-response", 40, Unit.WORKING_DAYS, "EIR reg 11(4)"),
    review_response_max=None,
    regulator=_ICO,
    regulator_short="ICO",
    regulator_window=_ICO_WINDOW,
    appeal_body=_UK_TRIBUNAL,
    appeal_window=_TRIBUNAL_RULE,
)

_SIC = "Scottish Information Commissioner"
_SCOTLAND = frozenset({Nation.SCOTLAND})

FOISA = Regime(
    code="foisa",
    name="Freedom of Information (Scotland) Act 2002",
    nations=_SCOTLAND,
    good_friday=False,
    calendar_source="FOISA s73",
    response=Rule("response", 20, Unit.WORKING_DAYS, "FOISA s10(1)"),
    long_overdue=Rule(
        "long-overdue", 40, Unit.WORKING_DAYS, "40 working days: twice the FOISA s10(1) limit"
    ),
    extension=None,
    extension_notice_within_response=False,
    clarification_source="FOISA s1(3)",
    fee_pause_source="FOISA s10(2)",
    fee_lapse=Rule("fee-lapse", 3, Unit.MONTHS, "FOISA s9(4)"),
    review_request=Rule("review-request", 40, Unit.WORKING_DAYS, "FOISA s20(5)"),
    review_after_missed_deadline=True,
    review_response=Rule("review-response", 20, Unit.WORKING_DAYS, "FOISA s21(1)"),
    review_response_max=None,
    regulator=_SIC,
    regulator_short="SIC",
    regulator_window=Rule("regulator", 6, Unit.MONTHS, "FOISA s47(4)"),
    appeal_body="Court of Session",
    appeal_window=Rule("appeal", 42, Unit.DAYS, "FOISA s56; Rules of the Court of Session 41.20"),
)

EISR = Regime(
    code="eisr",
    name="Environmental Information (Scotland) Regulations 2004",
    nations=_SCOTLAND,
    good_friday=False,
    calendar_source="EISR reg 2(1), as FOISA s73",
    response=Rule("response", 20, Unit.WORKING_DAYS, "EISR reg 5(2)(a)"),
    long_overdue=FOISA.long_overdue,
    extension=Rule("extension", 40, Unit.WORKING_DAYS, "EISR reg 7(1)"),
    extension_notice_within_response=True,
    clarification_source="EISR reg 9",
    fee_pause_source="EISR reg 8",
    fee_lapse=None,
    review_request=Rule("review-request", 40, Unit.WORKING_DAYS, "EISR reg 16(2)"),
    review_after_missed_deadline=True,
    review_response=Rule("review-response", 20, Unit.WORKING_DAYS, "EISR reg 16(4)"),
    review_response_max=None,
    regulator=_SIC,
    regulator_short="SIC",
    regulator_window=Rule("regulator", 6, Unit.MONTHS, "EISR reg 17, applying FOISA s47(4)"),
    appeal_body="Court of Session",
    appeal_window=FOISA.appeal_window,
)

REGIMES: dict[str, Regime] = {r.code: r for r in (FOIA, EIR, FOISA, EISR)}


def get_regime(code: str) -> Regime:
    try:
        return REGIMES[code.strip().lower()]
    except KeyError:
        raise UnknownRegime(f"unknown regime {code!r}: use one of {', '.join(REGIMES)}") from None
