"""Today is London's date, unless ``--today`` or ``FOITRACK_TODAY`` says otherwise."""

from __future__ import annotations

from datetime import date

import pytest

from foitrack.clock import london_today, resolve_today
from foitrack.core.errors import BadDate


def test_the_option_wins_over_the_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("FOITRACK_TODAY", "2025-06-20")
    assert resolve_today("10/03/2025") == date(2025, 3, 10)
    assert resolve_today(None) == date(2025, 6, 20)


def test_unset_or_empty_means_london(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("FOITRACK_TODAY", raising=False)
    assert resolve_today(None) == london_today()
    monkeypatch.setenv("FOITRACK_TODAY", "  ")
    assert resolve_today(None) == london_today()


def test_a_bad_value_is_bad_input(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("FOITRACK_TODAY", "31/02/2025")
    with pytest.raises(BadDate, match="not a real date"):
        resolve_today(None)
