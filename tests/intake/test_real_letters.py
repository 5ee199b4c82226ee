"""``classify`` on letters police forces really sent, scored field by field.

tests/fixtures/letters/dev/ holds real responses copied from disclosure logs
and WhatDoTheyKnow (source and date retrieved in each file's header), with
the truth written down before any classifier ran on them; the rules were
improved against it (it includes the first held-out set, 30 letters scored
once on 2026-12-06 and folded in after). Another folder of letters (such as
tests/fixtures/letters/heldout2/), when present, was never looked at while
the rules were written: it is scored once, and its floors are set from that
one score; a folder with no floor yet is skipped, saying so.

Floors can fail: a change that reads fewer fields right on the real letters,
or reports a date where a letter has none, breaks the build.
"""

from __future__ import annotations

import tomllib
from pathlib import Path

import pytest

from tests.intake.letters import Score, score_folder

LETTERS = Path(__file__).parent.parent / "fixtures" / "letters"

#: (fields right, outcome right) at least, as fractions, by folder name. Dev:
#: what the rules reach now. A held-out folder: set by the lead after scoring
#: it once.
FLOORS = {
    "dev": (0.99, 0.958),
    # The second held-out set, scored once on 2026-12-06 with the rules of
    # that day: 33 letters from 20 bodies (6 of them acknowledgements), 340/363
    # fields (93.7%), 24/33 outcomes (72.7%), no spurious date. Below the
    # issue's targets (95%/90%): see the README. Not to be tuned against.
    "heldout2": (0.936, 0.727),
}
#: Every folder of letters there is, with a floor or not.
FOLDERS = sorted({*FLOORS, *(p.parent.name for p in LETTERS.glob("*/expected.toml"))})


def _score(name: str) -> Score:
    folder = LETTERS / name
    if not (folder / "expected.toml").exists():
        pytest.skip(f"no {folder}")
    score = score_folder(folder)
    print(f"\n{name}: {score.report()}")
    return score


@pytest.mark.parametrize("name", FOLDERS)
def test_fields_and_outcomes_read_right(name: str) -> None:
    if name not in FLOORS:
        pytest.skip(f"{name}: no floor set yet; score it once, then add it to FLOORS")
    score = _score(name)
    fields, outcomes = FLOORS[name]
    assert score.field_rate >= fields, score.report()
    assert score.outcome_rate >= outcomes, score.report()


@pytest.mark.parametrize("name", FOLDERS)
def test_no_date_where_the_letter_has_none(name: str) -> None:
    # A wrong date is worse than none: respond would log it and move every deadline.
    assert _score(name).spurious_dates == []


def test_the_dev_set_is_real_and_varied() -> None:
    folder = LETTERS / "dev"
    letters = sorted(folder.glob("*.txt"))
    assert len(letters) >= 70
    expected = tomllib.loads((folder / "expected.toml").read_text(encoding="utf-8"))
    # Every letter has its truth, and every truth its letter.
    assert sorted(expected) == [path.name for path in letters]
    forces = set()
    for path in letters:
        header = path.read_text(encoding="utf-8").split("\n\n", 1)[0]
        assert "# source: " in header and "# retrieved: " in header, path.name
        forces.add(next(line for line in header.splitlines() if line.startswith("# force:")))
    assert len(forces) >= 30
    # Not one kind of answer only.
    outcomes = {truth.get("outcome") for truth in expected.values()}
    assert {"granted", "partial", "refused", "not-held", "ncnd"} <= outcomes


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
