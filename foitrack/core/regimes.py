"""The four access regimes and every number of the law foitrack computes.

Each rule is data that cites its source, so ``--explain`` and the letters can
say where a date comes from. The numbers are those of DOMAIN.md.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, timedelta
from enum import StrEnum
from typing import TYPE_CHECKING

from foitrack.core.calendar import ALL_NATIONS, CalendarSpec, Nation
from foitrack.core.dates import add_months
from foitrack.core.errors import UnknownRegime

if TYPE_CHECKING:
    from foitrack.core.calendar import Calendar, CalendarSet


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
    #: The period begins with the starting day itself ("three months beginning
    #: with the day on which the fees notice is given", FOIA s9(2)) rather than
    #: after it, so its last day is one earlier.
    begins_on_start: bool = False
    #: A last day that is not a working day in this calendar moves to the next
    #: working day (GRC Rules 2009 r12(2)); None: the last day stands.
    next_working_day: CalendarSpec | None = None

    def apply(self, start: date, calendar: Calendar, calendars: CalendarSet | None = None) -> date:
        """The last day of the period: ``calendar`` counts working days,
        ``calendars`` supplies the rule's own calendar when it has one."""
        last = apply_period(start, self.length, self.unit, calendar)
        if self.begins_on_start:
            if self.unit is Unit.WORKING_DAYS:
                raise ValueError(f"{self.name}: a period of working days begins after its start")
            # The day before the corresponding date; a month too short to have
            # one (31 January plus one month) ends on its own last day.
            if self.unit is not Unit.MONTHS or last.day == start.day:
                last -= timedelta(days=1)
        if self.next_working_day is not None:
            if calendars is None:
                raise ValueError(f"{self.name}: needs the calendars to find the next working day")
            own = calendars.for_spec(self.next_working_day)
            if not own.is_working_day(last):
                last = own.add_working_days(last, 1)
        return last

    @property
    def period(self) -> str:
        return self.unit.describe(self.length)

    @property
    def fingerprint(self) -> tuple[object, ...]:
        """Every field as plain values, in a fixed order (see :func:`rules_fingerprint`)."""
        roll = self.next_working_day
        return (
            self.name,
            self.length,
            str(self.unit),
            self.source,
            self.begins_on_start,
            None if roll is None else (roll.key, roll.source),
        )


def apply_period(start: date, length: int, unit: Unit, calendar: Calendar) -> date:
    if unit is Unit.WORKING_DAYS:
        return calendar.add_working_days(start, length)
    if unit is Unit.DAYS:
        return start + timedelta(days=length)
    if unit is Unit.WEEKS:
        return start + timedelta(weeks=length)
    return add_months(start, length)


class ReviewFrom(StrEnum):
    """What the window to ask for an internal review is counted from."""

    #: The response (FOIA's s45 Code; EISR reg 16(2)); no window before one.
    RESPONSE = "response"
    #: The response, or the missed deadline when none came (EIR reg 11(2)).
    RESPONSE_OR_MISSED_DEADLINE = "response-or-missed-deadline"
    #: The end of the 20 working days when the answer came in time, else its
    #: receipt (FOISA s20(5)): an early answer does not shorten the window.
    DEADLINE_OR_LATE_RESPONSE = "deadline-or-late-response"


@dataclass(frozen=True, slots=True)
class Exemptions:
    """How a body of law numbers its exemptions: FOISA's differ from FOIA's
    (personal data is s38 there, s40 under FOIA), and the environmental
    regulations borrow their Act's numbering for any section cited."""

    #: The sections that refuse information, s12 (cost) and s14 (vexatious)
    #: included, as requesters count them; any other section cited is a
    #: provision (s1 the duty, s16 advice, s17 the refusal notice, s50 ...).
    sections: frozenset[int]
    #: The family of each section a review letter argues against by name
    #: (``grounds/<family>.txt``); a section not named here is ``other``.
    families: tuple[tuple[int, str], ...]
    #: The environmental regulations' exceptions, as the regulation numbers
    #: they start with: EIR reg 12(4), 12(5) and 13 (personal data); EISR reg
    #: 10(4), 10(5) and 11. Any other regulation cited is a provision.
    regulations: tuple[str, ...] = ()

    def is_exemption(self, section: int) -> bool:
        return section in self.sections

    def is_regulation_exception(self, item: str) -> bool:
        """``12(4)(b)`` under EIR, ``10(5)(b)`` under EISR: an exception."""
        return any(
            item.startswith(prefix) if "(" in prefix else re.match(rf"{prefix}(?!\d)", item)
            for prefix in self.regulations
        )

    def family(self, citation: str) -> str:
        """``s40(2)`` -> ``personal``; a regulation or an unnamed section -> ``other``."""
        match = _SECTION.match(citation)
        if match is None:
            return "other"
        return dict(self.families).get(int(match.group(1)), "other")

    @property
    def fingerprint(self) -> tuple[object, ...]:
        return (tuple(sorted(self.sections)), self.families)


_SECTION = re.compile(r"s(\d+)")

#: FOIA Part II (ss21-44), with s12 and s14 of Part I.
UK_EXEMPTIONS = Exemptions(
    sections=frozenset({12, 14, *range(21, 45)}),
    families=(
        (12, "cost"), (14, "vexatious"), (24, "national-security"), (30, "investigations"),
        (31, "law-enforcement"), (40, "personal"), (43, "commercial"),
    ),
    regulations=("12(4)", "12(5)", "13"),
)  # fmt: skip
#: FOISA Part 2 (ss25-41), with s12 and s14 of Part 1.
SCOTTISH_EXEMPTIONS = Exemptions(
    sections=frozenset({12, 14, *range(25, 42)}),
    families=(
        (12, "cost"), (14, "vexatious"), (31, "national-security"), (33, "commercial"),
        (34, "investigations"), (35, "law-enforcement"), (38, "personal"),
    ),
    regulations=("10(4)", "10(5)", "11"),
)  # fmt: skip


@dataclass(frozen=True, slots=True)
class Regime:
    """One access regime: its calendar, its periods and the law a letter cites."""

    code: str
    name: str
    #: Which body of law the regime belongs to, ``uk`` or ``scotland``: the
    #: exemption numbering and the regulator follow it.
    family: str
    #: Where a response citing this regime's law names it: a regular
    #: expression (case ignored) matching its title or its usual abbreviation.
    named_by: str
    exemptions: Exemptions
    #: The duty to advise and assist, as a letter names it ("Under section 16
    #: you must also offer advice and assistance").
    advice_section: str
    #: The test for neither confirming nor denying (the public interest in
    #: confirming or denying, not in disclosure).
    ncnd_source: str
    #: Where the regulator takes an application only after an internal
    #: review, a failure to respond included, the provision; None: a
    #: complaint about a failure to respond needs no review first.
    review_before_regulator: str | None
    #: The working days the regime counts.
    calendar: CalendarSpec
    response: Rule
    long_overdue: Rule
    #: The longest extension the law or the regulator accepts, counted from receipt.
    extension: Rule | None
    #: Where the law says an extension must be notified within the first
    #: ``response`` days, the provision (EIR reg 7(3)); None: no such limit.
    extension_notice: str | None
    clarification_source: str
    fee_pause_source: str
    #: The last day to pay a fee or charge notified in advance; unpaid after
    #: it, the request lapses.
    fee_lapse: Rule | None
    review_request: Rule
    #: What the review window is counted from.
    review_window_from: ReviewFrom
    review_response: Rule
    review_response_max: Rule | None
    regulator: str
    regulator_short: str
    regulator_window: Rule
    appeal_body: str
    appeal_window: Rule

    @property
    def has_outer_limit(self) -> bool:
        """Whether "long overdue" means anything: it is the outer limit even
        with an extension, and a regime without extensions (FOISA) has none."""
        return self.extension is not None

    @property
    def nations(self) -> frozenset[Nation]:
        return self.calendar.nations

    @property
    def calendar_source(self) -> str:
        return self.calendar.source

    @property
    def fingerprint(self) -> tuple[object, ...]:
        """Every field as plain values, in a fixed order (see :func:`rules_fingerprint`)."""
        values: list[object] = []
        for name in self.__slots__:
            value = getattr(self, name)
            if isinstance(value, Rule):
                value = value.fingerprint
            elif isinstance(value, CalendarSpec):
                value = (value.key, value.source)
            elif isinstance(value, Exemptions):
                value = value.fingerprint
            elif isinstance(value, StrEnum):
                value = str(value)
            values.append((name, value))
        return tuple(values)


#: FOIA s10(6): weekends, Christmas Day, Good Friday and a bank holiday in any part of the UK.
UK_CALENDAR = CalendarSpec(ALL_NATIONS, good_friday=True, source="FOIA s10(6)")
#: FOISA s73: weekends, Christmas Day and Scotland's bank holidays (Good
#: Friday is one of them, but the Act does not name it).
SCOTTISH_CALENDAR = CalendarSpec(
    frozenset({Nation.SCOTLAND}), good_friday=False, source="FOISA s73"
)
#: GRC Rules 2009 r1: "working day" excludes weekends, Christmas Day, Good
#: Friday and a bank holiday under s1 of the Banking and Financial Dealings
#: Act 1971 in England and Wales, where the Tribunal sits.
TRIBUNAL_CALENDAR = CalendarSpec(
    frozenset({Nation.ENGLAND, Nation.WALES}),
    good_friday=True,
    source="First-tier Tribunal (GRC) Rules 2009 r1",
)

_UK_TRIBUNAL = "First-tier Tribunal (Information Rights)"
_TRIBUNAL_RULE = Rule(
    "appeal",
    28,
    Unit.DAYS,
    "First-tier Tribunal (GRC) Rules 2009 r22(1)(b) and r12(2)",
    next_working_day=TRIBUNAL_CALENDAR,
)
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
    family="uk",
    # "Freedom of Information 2000 Act" and "FOI Act" are how some letters write it.
    named_by=r"Freedom\s+of\s+Information\s+(?:2000\s+)?Act(?:\s+2000)?|\bFOIA\b|\bFOI\s+Act\b",
    exemptions=UK_EXEMPTIONS,
    advice_section="section 16",
    ncnd_source="FOIA s2(1)(b)",
    review_before_regulator=None,
    calendar=UK_CALENDAR,
    response=Rule("response", 20, Unit.WORKING_DAYS, "FOIA s10(1)"),
    long_overdue=Rule(
        "long-overdue", 40, Unit.WORKING_DAYS, "ICO: 40 working days is the outer limit"
    ),
    extension=Rule(
        "extension", 40, Unit.WORKING_DAYS, "FOIA s10(3); the ICO expects at most 20 more"
    ),
    extension_notice=None,
    clarification_source="FOIA s1(3)",
    fee_pause_source="FOIA s10(2)",
    fee_lapse=Rule("fee-lapse", 3, Unit.MONTHS, "FOIA s9(2)", begins_on_start=True),
    review_request=Rule(
        "review-request", 40, Unit.WORKING_DAYS, "FOIA s45 Code of Practice (2018) para 5.4"
    ),
    review_window_from=ReviewFrom.RESPONSE,
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
    family="uk",
    named_by=r"Environmental\s+Information\s+Regulations|\bEIR\b",
    exemptions=UK_EXEMPTIONS,
    advice_section="regulation 9",
    ncnd_source="EIR reg 12(6)",
    review_before_regulator=None,
    calendar=CalendarSpec(ALL_NATIONS, good_friday=True, source="EIR reg 2(1)"),
    response=Rule("response", 20, Unit.WORKING_DAYS, "EIR reg 5(2)"),
    long_overdue=FOIA.long_overdue,
    extension=Rule("extension", 40, Unit.WORKING_DAYS, "EIR reg 7(1)"),
    extension_notice="EIR reg 7(3)",
    clarification_source="EIR reg 9",
    fee_pause_source="EIR reg 8",
    fee_lapse=Rule("charge-lapse", 60, Unit.WORKING_DAYS, "EIR reg 8"),
    review_request=Rule("review-request", 40, Unit.WORKING_DAYS, "EIR reg 11(2)"),
    review_window_from=ReviewFrom.RESPONSE_OR_MISSED_DEADLINE,
    review_response=Rule("review-response", 40, Unit.WORKING_DAYS, "EIR reg 11(4)"),
    review_response_max=None,
    regulator=_ICO,
    regulator_short="ICO",
    regulator_window=_ICO_WINDOW,
    appeal_body=_UK_TRIBUNAL,
    appeal_window=_TRIBUNAL_RULE,
)

_SIC = "Scottish Information Commissioner"

FOISA = Regime(
    code="foisa",
    name="Freedom of Information (Scotland) Act 2002",
    family="scotland",
    named_by=r"Freedom\s+of\s+Information\s+\(Scotland\)\s+Act|\bFOISA\b|FOI\s*\(S\)\s*A",
    exemptions=SCOTTISH_EXEMPTIONS,
    advice_section="section 15",
    ncnd_source="FOISA s18(1)",
    review_before_regulator="FOISA s47(1)(a), s20",
    calendar=SCOTTISH_CALENDAR,
    response=Rule("response", 20, Unit.WORKING_DAYS, "FOISA s10(1)"),
    long_overdue=Rule(
        "long-overdue", 40, Unit.WORKING_DAYS, "40 working days: twice the FOISA s10(1) limit"
    ),
    extension=None,
    extension_notice=None,
    clarification_source="FOISA s1(3)",
    fee_pause_source="FOISA s10(2)",
    fee_lapse=Rule("fee-lapse", 3, Unit.MONTHS, "FOISA s9(4)", begins_on_start=True),
    review_request=Rule("review-request", 40, Unit.WORKING_DAYS, "FOISA s20(5)"),
    review_window_from=ReviewFrom.DEADLINE_OR_LATE_RESPONSE,
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
    family="scotland",
    named_by=r"Environmental\s+Information\s+\(Scotland\)\s+Regulations|\bEISR\b",
    exemptions=SCOTTISH_EXEMPTIONS,
    advice_section="regulation 9",
    ncnd_source="EISR reg 10(8)",
    review_before_regulator="EISR reg 17, applying FOISA s47(1)(a)",
    calendar=CalendarSpec(
        frozenset({Nation.SCOTLAND}), good_friday=False, source="EISR reg 2(1), as FOISA s73"
    ),
    response=Rule("response", 20, Unit.WORKING_DAYS, "EISR reg 5(2)(a)"),
    long_overdue=FOISA.long_overdue,
    extension=Rule("extension", 40, Unit.WORKING_DAYS, "EISR reg 7(1)"),
    extension_notice="EISR reg 7(2)",
    clarification_source="EISR reg 9",
    fee_pause_source="EISR reg 8",
    # As EIR reg 8: a fee asked in advance is to be paid within 60 working days.
    fee_lapse=Rule("charge-lapse", 60, Unit.WORKING_DAYS, "EISR reg 8"),
    review_request=Rule("review-request", 40, Unit.WORKING_DAYS, "EISR reg 16(2)"),
    review_window_from=ReviewFrom.RESPONSE,
    review_response=Rule("review-response", 20, Unit.WORKING_DAYS, "EISR reg 16(4)"),
    review_response_max=None,
    regulator=_SIC,
    regulator_short="SIC",
    regulator_window=Rule("regulator", 6, Unit.MONTHS, "EISR reg 17, applying FOISA s47(4)"),
    appeal_body="Court of Session",
    appeal_window=FOISA.appeal_window,
)

REGIMES: dict[str, Regime] = {r.code: r for r in (FOIA, EIR, FOISA, EISR)}
#: The regime a request is under when nothing says otherwise.
DEFAULT_REGIME = FOIA
#: The order a text is searched for a regime's name: the Scottish and the
#: environmental titles first, as they are the more specific.
_NAMING_ORDER = (EISR, FOISA, EIR, FOIA)


def regime_choices() -> str:
    """``foia, eir, foisa or eisr``: the codes, for help text and messages."""
    codes = list(REGIMES)
    return f"{', '.join(codes[:-1])} or {codes[-1]}"


def _joined(words: list[str]) -> str:
    return " and ".join(words) if len(words) < 3 else f"{', '.join(words[:-1])} and {words[-1]}"


def calendars_in_words() -> str:
    """``FOIA and EIR skip bank holidays in every part of the UK; FOISA and
    EISR skip bank holidays in Scotland``: which days each regime skips, for help text."""
    by_days: dict[str, list[Regime]] = {}
    for regime in REGIMES.values():
        by_days.setdefault(regime.calendar.key, []).append(regime)
    parts = []
    for regimes in by_days.values():
        nations = regimes[0].nations
        where = (
            "every part of the UK"
            if nations == ALL_NATIONS
            else _joined([n.label for n in Nation if n in nations])
        )
        codes = _joined([r.code.upper() for r in regimes])
        parts.append(f"{codes} skip{'s' * (len(regimes) == 1)} bank holidays in {where}")
    return "; ".join(parts)


def regulators_in_words() -> str:
    """``the Information Commissioner's Office (FOIA, EIR) or the Scottish
    Information Commissioner (FOISA, EISR)``: who takes a complaint, for help text."""
    by_regulator: dict[str, list[str]] = {}
    for regime in REGIMES.values():
        by_regulator.setdefault(regime.regulator, []).append(regime.code.upper())
    return " or ".join(f"the {name} ({', '.join(codes)})" for name, codes in by_regulator.items())


def named_regime(text: str) -> tuple[Regime, re.Match[str]] | None:
    """The regime a text names, and where: the most specific name found."""
    for regime in _NAMING_ORDER:
        match = re.search(regime.named_by, text, re.IGNORECASE)
        if match is not None:
            return regime, match
    return None


def get_regime(code: str) -> Regime:
    try:
        return REGIMES[code.strip().lower()]
    except KeyError:
        raise UnknownRegime(f"unknown regime {code!r}: use one of {', '.join(REGIMES)}") from None


def rules_fingerprint() -> str:
    """Changes whenever any number, unit, source or calendar of any regime
    does, so a ledger's cached dates are recomputed after a rule changes even
    when foitrack's version number did not."""
    from zlib import crc32

    text = repr([regime.fingerprint for regime in REGIMES.values()])
    return f"{crc32(text.encode()):08x}"
