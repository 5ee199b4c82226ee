from __future__ import annotations

from pathlib import Path

import pytest

from foitrack.calendars import Calendars
from foitrack.services.ledger import Ledger


@pytest.fixture(params=["sqlite", "toml"])
def ledger_path(request: pytest.FixtureRequest, tmp_path: Path) -> Path:
    """A ledger path for each backend (the file does not exist yet)."""
    return tmp_path / ("ledger.db" if request.param == "sqlite" else "ledger.toml")


@pytest.fixture
def ledger(ledger_path: Path, calendars: Calendars):  # type: ignore[no-untyped-def]
    opened = Ledger.open(ledger_path, calendars, create=True)
    yield opened
    opened.close()
