"""Scoring ``classify`` on a folder of real letters against its expected.toml.

A letter file starts with a header of ``# `` lines (source, retrieved, force)
ended by the first empty line; the letter follows. The truth is one
``expected.toml`` in the folder, a table per file name, with the keys of
tests/fixtures/responses/expected.toml (absent keys mean null, an empty list
or false). Used by tests/intake/test_real_letters.py and runnable by hand:

    .venv/bin/python -m tests.intake.letters tests/fixtures/letters/dev
"""

from __future__ import annotations

import sys
import tomllib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from foitrack.core.events import normalise_exemption
from foitrack.intake.classify import classify

FIELDS = (
    "outcome", "exemptions", "provisions", "ncnd", "their_ref", "date", "received",
    "review_window", "regime", "regulator", "is_review",
)  # fmt: skip
_DEFAULTS: dict[str, Any] = {"exemptions": [], "provisions": [], "ncnd": False, "is_review": False}
_SETS = ("exemptions", "provisions")


def letter_text(path: Path) -> str:
    """The letter without its header of ``# `` lines."""
    text = path.read_text(encoding="utf-8")
    if not text.startswith("#"):
        return text
    _header, _, letter = text.partition("\n\n")
    return letter.lstrip("\n")


def _comparable(name: str, value: Any) -> Any:
    if name in _SETS:
        # A citation is compared in the ledger's own form: "s40(5B)" as a
        # truth writer copies it and "s40(5b)" as foitrack records it are one.
        return frozenset(normalise_exemption(item) for item in value or ())
    if name == "review_window" and value is not None:
        return (value["length"], value["unit"])
    return value


@dataclass
class LetterScore:
    name: str
    #: field -> (wanted, found) for every field read wrongly.
    wrong: dict[str, tuple[Any, Any]]

    @property
    def spurious_date(self) -> bool:
        """A date reported where the letter has none of its own."""
        wanted, found = self.wrong.get("date", (None, None))
        return wanted is None and found is not None


@dataclass
class Score:
    letters: list[LetterScore] = field(default_factory=list)

    @property
    def fields(self) -> int:
        return len(self.letters) * len(FIELDS)

    @property
    def fields_right(self) -> int:
        return self.fields - sum(len(s.wrong) for s in self.letters)

    @property
    def field_rate(self) -> float:
        return self.fields_right / self.fields if self.fields else 0.0

    @property
    def outcome_rate(self) -> float:
        right = sum("outcome" not in s.wrong for s in self.letters)
        return right / len(self.letters) if self.letters else 0.0

    @property
    def spurious_dates(self) -> list[str]:
        return [s.name for s in self.letters if s.spurious_date]

    def report(self) -> str:
        lines = [
            f"{len(self.letters)} letters: fields {self.fields_right}/{self.fields} "
            f"({self.field_rate:.1%}), outcome {self.outcome_rate:.1%}, "
            f"spurious dates {len(self.spurious_dates)}"
        ]
        for name in FIELDS:
            wrong = sum(name in s.wrong for s in self.letters)
            if wrong:
                lines.append(f"  {name}: {wrong} wrong")
        for letter in self.letters:
            for name, (wanted, found) in letter.wrong.items():
                lines.append(f"  {letter.name}: {name} wanted {wanted!r}, found {found!r}")
        return "\n".join(lines)


def score_folder(folder: Path) -> Score:
    """Classify every letter in ``folder`` and compare field by field."""
    expected = tomllib.loads((folder / "expected.toml").read_text(encoding="utf-8"))
    score = Score()
    for name in sorted(expected):
        want = expected[name]
        found = classify(letter_text(folder / name)).to_json()
        wrong = {}
        for key in FIELDS:
            wanted = want.get(key, _DEFAULTS.get(key))
            if _comparable(key, wanted) != _comparable(key, found[key]):
                wrong[key] = (wanted, found[key])
        score.letters.append(LetterScore(name, wrong))
    return score


if __name__ == "__main__":
    print(score_folder(Path(sys.argv[1])).report())
