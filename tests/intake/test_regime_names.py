"""The regime a response names is the regimes' own reading (``Regime.named_by``),
as the classifier reports it, on every fixture response."""

from __future__ import annotations

from pathlib import Path

import pytest

from foitrack.core.regimes import named_regime
from foitrack.intake.classify import classify
from foitrack.intake.extract import read_document

RESPONSES = sorted(
    p for p in (Path(__file__).parent.parent / "fixtures" / "responses").iterdir()
    if p.suffix != ".toml"
)  # fmt: skip


@pytest.mark.parametrize("path", RESPONSES, ids=lambda p: p.name)
def test_the_regime_named_is_the_same(path: Path) -> None:
    text = read_document(path).text
    found = named_regime(text)
    classified = classify(text).regime
    assert (found[0].code if found else None) == (classified.value if classified else None)


def test_the_fixtures_name_every_regime_between_them() -> None:
    named = {found[0].code for p in RESPONSES if (found := named_regime(read_document(p).text))}
    assert {"foia", "eir", "foisa"} <= named
