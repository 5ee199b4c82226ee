"""``classify`` on letters police forces really sent, scored field by field.

tests/fixtures/letters/dev/ holds real responses copied from disclosure logs
and WhatDoTheyKnow (source and date retrieved in each file's header), with
the truth written down before any classifier ran on them; the rules were
improved against it (it includes the first, second and third held-out sets,
30, 33 and 31 letters, each scored once on 2026-12-06 and folded in after).
Another folder of letters (such as tests/fixtures/letters/heldout4/), when present,
was never looked at while the rules were written: it is scored once, and its
floors are set from that one score; a folder with no floor yet is skipped,
saying so.

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
    # 137 letters: the first, second (heldout2) and third (heldout3) held-out sets
    # folded in; they read 1478/1507 fields (98.1%), 125/137 outcomes (91.2%)
    # when heldout3 was folded in, 1489/1507 (98.8%) and 133/137 (97.1%) with the
    # rules improved against them.
    "dev": (0.988, 0.970),
    # heldout2, the second held-out set (33 letters, 20 bodies): scored once
    # 2026-12-06: 341/363 fields, 24/33 outcomes; development data since.
    # heldout3, the third held-out set (31 letters, 17 bodies, 3 of them
    # acknowledgements): scored once 2026-12-06: 322/341 fields, 22/31 outcomes,
    # one spurious date (a blog's date line above the letter it quotes);
    # development data since.
    # heldout4, the fourth held-out set (20 letters, 7 bodies, 2 of them
    # acknowledgements): scored once 2026-12-06 with the rules of that day,
    # 206/220 fields (93.6%), 13/20 outcomes (65%), no spurious date. Below
    # the targets: see the README. Not to be tuned against.
    "heldout4": (0.936, 0.65),
}
#: The dates a held-out folder was scored once with where its letter has none:
#: known misses, listed so that any other one still fails the test.
SCORED_SPURIOUS_DATES: dict[str, list[str]] = {}
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
    assert _score(name).spurious_dates == SCORED_SPURIOUS_DATES.get(name, [])


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
