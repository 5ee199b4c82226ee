"""A ledger's location: a file today, a URL next; only a file has a folder beside it."""

from __future__ import annotations

from pathlib import Path

import pytest

from foitrack.calendars import Calendars
from foitrack.core.errors import LedgerError
from foitrack.services.ledger import Ledger
from foitrack.store.location import Location

URL = "postgresql://me:s3cret@db.example.org/foitrack"


def test_a_path_is_a_file_and_its_suffix_names_the_backend(tmp_path: Path) -> None:
    assert Location.of(tmp_path / "ledger.db") == Location(file=tmp_path / "ledger.db")
    assert Location.of(tmp_path / "ledger.db").backend == "sqlite"
    assert Location.of(str(tmp_path / "Ledger.TOML")).backend == "toml"
    assert Location.of(tmp_path / "ledger").file_for("anything") == tmp_path / "ledger"


def test_a_url_is_no_file_and_is_shown_without_its_password() -> None:
    location = Location.of(URL)
    assert (location.file, location.url, location.backend) == (None, URL, "postgresql")
    assert str(location) == "postgresql://me:***@db.example.org/foitrack"
    assert str(Location.of("postgres://db/foitrack")) == "postgres://db/foitrack"
    with pytest.raises(LedgerError) as caught:
        location.file_for("keeping a copy of a response")
    assert str(caught.value) == (
        "keeping a copy of a response needs a ledger that is a file, and "
        "postgresql://me:***@db.example.org/foitrack is not"
    )


def test_a_ledger_on_a_server_is_refused_in_one_line(calendars: Calendars) -> None:
    with pytest.raises(LedgerError) as caught:
        Ledger.open(URL, calendars)  # type: ignore[arg-type]
    assert str(caught.value) == (
        "postgresql://me:***@db.example.org/foitrack: foitrack keeps ledgers in files "
        "(SQLite or TOML) only"
    )
