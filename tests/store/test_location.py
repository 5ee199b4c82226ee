"""A ledger's location: a file or a server's URL; only a file has a folder beside it."""

from __future__ import annotations

from pathlib import Path

import pytest

from foitrack.calendars import Calendars
from foitrack.core.errors import LedgerError, OperationFailed
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


def test_a_server_that_cannot_be_reached_is_said_in_one_line(calendars: Calendars) -> None:
    """Nothing listens on port 1: exit 1's error, one line, the password masked."""
    with pytest.raises(OperationFailed) as caught:
        Ledger.open("postgresql://me:s3cret@127.0.0.1:1/foitrack", calendars)
    message = str(caught.value)
    assert message.startswith(
        "cannot reach the PostgreSQL server of postgresql://me:***@127.0.0.1:1/foitrack ("
    )
    assert message.endswith("check that it is running and that the host and port are right")
    assert "s3cret" not in message and "\n" not in message


def test_a_password_in_the_query_is_masked_too() -> None:
    location = Location.of(
        "postgresql://db.example.org/foi?user=me&password=s3cret&sslmode=require"
    )
    assert str(location) == "postgresql://db.example.org/foi?user=me&password=***&sslmode=require"
