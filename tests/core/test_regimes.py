"""The regimes as data: calendar identity and the fingerprint of the rules."""

from __future__ import annotations

import dataclasses
from datetime import date

import pytest

from foitrack.calendars import Calendars
from foitrack.core import regimes
from foitrack.core.calendar import ALL_NATIONS, CalendarSpec, Nation
from foitrack.core.regimes import EIR, EISR, FOIA, FOISA, REGIMES, Regime, Rule, rules_fingerprint


def test_calendars_are_keyed_by_their_days_not_by_the_law() -> None:
    # FOIA and EIR count the same days, as do FOISA and EISR: one calendar each.
    assert (
        FOIA.calendar.key
        == EIR.calendar.key
        == "england+wales+scotland+northern-ireland/christmas+good-friday"
    )
    assert FOISA.calendar.key == EISR.calendar.key == "scotland/christmas"
    wales_only = CalendarSpec(frozenset({Nation.WALES}), good_friday=True, source="a Welsh rule")
    england_only = CalendarSpec(frozenset({Nation.ENGLAND}), good_friday=True, source="x")
    assert len({wales_only.key, england_only.key, FOISA.calendar.key, FOIA.calendar.key}) == 4


def test_a_wales_only_rule_gets_wales_days(calendars: Calendars) -> None:
    wales = calendars.for_spec(CalendarSpec(frozenset({Nation.WALES}), True, "test"))
    # St Andrew's Day 2026 (Scotland) and St Patrick's Day 2026 (NI) are working
    # days in Wales; Easter Monday 2026 is not.
    assert wales.is_working_day(date(2026, 11, 30))
    assert wales.is_working_day(date(2026, 3, 17))
    assert not wales.is_working_day(date(2026, 4, 6))
    # Same days, another source: the same calendar object.
    same = CalendarSpec(ALL_NATIONS, good_friday=True, source="another citation")
    assert calendars.for_spec(same) is calendars.for_regime(FOIA)


def _changed(value: object) -> object:
    if isinstance(value, bool):
        return not value
    if isinstance(value, int):
        return value + 1
    if isinstance(value, str):
        return value + " (changed)"
    if isinstance(value, Rule):
        return dataclasses.replace(value, length=value.length + 1)
    if isinstance(value, CalendarSpec):
        return dataclasses.replace(value, good_friday=not value.good_friday)
    if value is None:
        return Rule("added", 1, regimes.Unit.DAYS, "a new rule")
    if isinstance(value, regimes.Exemptions):
        return dataclasses.replace(value, sections=value.sections | {99})
    if isinstance(value, regimes.ReviewFrom):
        return next(v for v in regimes.ReviewFrom if v is not value)
    raise AssertionError(f"no way to change {value!r}")


@pytest.mark.parametrize("field", [f.name for f in dataclasses.fields(Regime)])
@pytest.mark.parametrize("code", list(REGIMES))
def test_changing_any_rule_changes_the_fingerprint(
    code: str, field: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Cached dates are keyed by this fingerprint: a rule that changes without
    changing it would leave every ledger showing the old dates."""
    before = rules_fingerprint()
    regime = REGIMES[code]
    changed = dataclasses.replace(regime, **{field: _changed(getattr(regime, field))})
    monkeypatch.setitem(REGIMES, code, changed)
    assert rules_fingerprint() != before


@pytest.mark.parametrize("field", [f.name for f in dataclasses.fields(Rule)])
def test_changing_any_part_of_a_rule_changes_the_fingerprint(
    field: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    before = rules_fingerprint()
    rule = FOIA.appeal_window
    value = getattr(rule, field)
    if field == "unit":
        new: object = regimes.Unit.WEEKS
    elif field == "next_working_day":
        new = None if value is not None else FOIA.calendar
    else:
        new = _changed(value)
    monkeypatch.setitem(
        REGIMES,
        "foia",
        dataclasses.replace(FOIA, appeal_window=dataclasses.replace(rule, **{field: new})),
    )
    assert rules_fingerprint() != before


def test_the_fingerprint_is_stable_across_processes() -> None:
    # Sets of nations must not leak Python's per-process hash order into it.
    import subprocess
    import sys

    code = "from foitrack.core.regimes import rules_fingerprint; print(rules_fingerprint())"
    seen = {
        subprocess.run(
            [sys.executable, "-c", code],
            capture_output=True,
            text=True,
            env={"PYTHONHASHSEED": str(seed)},
            check=True,
        ).stdout
        for seed in (1, 2, 3)
    }
    assert seen == {rules_fingerprint() + "\n"}


@pytest.mark.parametrize(
    ("text", "code"),
    [
        ("a request under the Freedom of Information Act 2000", "foia"),
        ("Section 17 of the FOIA requires", "foia"),
        ("the Environmental Information Regulations 2004 apply", "eir"),
        ("under the Freedom of Information (Scotland) Act 2002", "foisa"),
        ("FOI(S)A section 15", "foisa"),
        ("the Environmental Information (Scotland) Regulations 2004", "eisr"),
        # The Scottish Act names the UK one in passing: the more specific wins.
        ("FOISA, not the Freedom of Information Act 2000", "foisa"),
    ],
)
def test_a_regime_is_named_in_a_text(text: str, code: str) -> None:
    found = regimes.named_regime(text)
    assert found is not None
    assert found[0].code == code


def test_no_regime_named() -> None:
    assert regimes.named_regime("Thank you for your email about speed cameras.") is None


def test_exemption_numbering_follows_the_body_of_law() -> None:
    # Personal data: s40 under FOIA, s38 under FOISA (DOMAIN.md).
    assert FOIA.exemptions.family("s40(2)") == "personal"
    assert FOISA.exemptions.family("s38(1)(b)") == "personal"
    assert FOISA.exemptions.family("s40(2)") == "other"
    assert EIR.exemptions.family("reg12(5)(b)") == "other"
    # s16 (advice) is a provision under FOIA; FOISA's Part 2 starts at s25.
    assert not FOIA.exemptions.is_exemption(16)
    assert FOIA.exemptions.is_exemption(21)
    assert not FOISA.exemptions.is_exemption(21)
    assert FOISA.exemptions.is_exemption(25)
    assert EISR.exemptions is FOISA.exemptions


def test_the_duty_to_advise_and_the_review_before_the_regulator() -> None:
    assert [r.advice_section for r in (FOIA, EIR, FOISA, EISR)] == [
        "section 16",
        "regulation 9",
        "section 15",
        "regulation 9",
    ]
    assert FOIA.review_before_regulator is None
    assert EIR.review_before_regulator is None
    assert FOISA.review_before_regulator is not None
    assert EISR.review_before_regulator is not None


def test_the_choices_are_the_regimes() -> None:
    assert regimes.regime_choices() == "foia, eir, foisa or eisr"


def test_help_text_says_what_the_regimes_say() -> None:
    assert regimes.calendars_in_words() == (
        "FOIA and EIR skip bank holidays in every part of the UK; "
        "FOISA and EISR skip bank holidays in Scotland"
    )
    assert regimes.regulators_in_words() == (
        "the Information Commissioner's Office (FOIA, EIR) or "
        "the Scottish Information Commissioner (FOISA, EISR)"
    )
