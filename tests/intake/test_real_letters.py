"""``classify`` on letters police forces really sent, scored field by field.

tests/fixtures/letters/dev/ holds real responses copied from disclosure logs
and WhatDoTheyKnow (source and date retrieved in each file's header), with
the truth written down before any classifier ran on them; the rules were
improved against it. tests/fixtures/letters/heldout/, when present, was never
looked at while the rules were written: it is scored once, and its floors are
set from that one score.

Floors can fail: a change that reads fewer fields right on the real letters,
or reports a date where a letter has none, breaks the build.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.intake.letters import Score, score_folder

LETTERS = Path(__file__).parent.parent / "fixtures" / "letters"

#: (fields right, outcome right) at least, as fractions. Dev: what the rules
#: reach now. Held-out: set by the lead after scoring it once.
FLOORS = {
    "dev": (0.98, 0.93),
    # Scored once, 2026-12-06, on 30 letters from 20 bodies: 301/330 fields
    # (91.2%), 19/30 outcomes (63.3%), no spurious date. Below the issue's
    # targets (95%/90%): see the README. Not to be tuned against.
    "heldout": (0.91, 0.63),
}


def _score(name: str) -> Score:
    folder = LETTERS / name
    if not (folder / "expected.toml").exists():
        pytest.skip(f"no {folder}")
    score = score_folder(folder)
    print(f"\n{name}: {score.report()}")
    return score


@pytest.mark.parametrize("name", sorted(FLOORS))
def test_fields_and_outcomes_read_right(name: str) -> None:
    score = _score(name)
    fields, outcomes = FLOORS[name]
    assert score.field_rate >= fields, score.report()
    assert score.outcome_rate >= outcomes, score.report()


@pytest.mark.parametrize("name", sorted(FLOORS))
def test_no_date_where_the_letter_has_none(name: str) -> None:
    # A wrong date is worse than none: respond would log it and move every deadline.
    assert _score(name).spurious_dates == []


def test_the_dev_set_is_real_and_varied() -> None:
    folder = LETTERS / "dev"
    letters = sorted(folder.glob("*.txt"))
    assert len(letters) >= 40
    forces = set()
    for path in letters:
        header = path.read_text(encoding="utf-8").split("\n\n", 1)[0]
        assert "# source: " in header and "# retrieved: " in header, path.name
        forces.add(next(line for line in header.splitlines() if line.startswith("# force:")))
    assert len(forces) >= 12


def test_the_scorer_counts_what_is_wrong(tmp_path: Path) -> None:
    (tmp_path / "a.txt").write_text(
        "# source: test\n\nDate: 3 March 2025\nWe do not hold the information you requested.\n"
    )
    (tmp_path / "b.txt").write_text("# source: test\n\nPlease find attached the figures.\n")
    (tmp_path / "expected.toml").write_text(
        '["a.txt"]\noutcome = "not-held"\n\n["b.txt"]\noutcome = "refused"\n'
    )
    score = score_folder(tmp_path)
    assert score.spurious_dates == ["a.txt"]
    assert score.outcome_rate == 0.5
    # a.txt: date wrong; b.txt: outcome wrong. 22 fields, 2 wrong.
    assert score.fields_right == 20
