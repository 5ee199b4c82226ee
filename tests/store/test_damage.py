"""A SQLite ledger whose cached columns hold values no foitrack wrote (a
hand edit, a bad restore) is reported as damaged: one line, exit 2, the file
untouched. SQLite's columns are loosely typed, so a blob or a JSON list can
stand where foitrack keeps ISO text or a JSON object."""

from __future__ import annotations

import sqlite3
from contextlib import closing
from pathlib import Path

import pytest

from foitrack.calendars import Calendars
from foitrack.core.errors import LedgerError
from foitrack.services.ledger import Ledger
from tests.cli.helpers import run

LIST = ["list"], ["list", "--json"], ["list", "--status", "overdue"]
REPORTS = ["stats"], ["stats", "--json"], ["exemptions"], ["campaign", "lfr-2025"]
COMMANDS = [*LIST, ["due"], ["due", "--json"], *REPORTS]

#: Each damage, and the commands that read the damaged column (the others
#: need not notice: `due` reads only what the daily check needs).
DAMAGE = {
    "deadlines not an object": ("UPDATE request SET deadlines = '[1]' WHERE id = 3", LIST),
    "deadlines not JSON": ("UPDATE request SET deadlines = '{oops' WHERE id = 3", LIST),
    # TEXT columns turn a number into text, but keep a blob a blob.
    "a blob for a date": (
        "UPDATE request SET due_date = X'35', status_until = X'35', status_after = 'overdue' "
        "WHERE id = 3",
        (*LIST, ["due"], ["due", "--json"], ["stats"]),
    ),
    "tags not a list": ("UPDATE request SET tags = '{' WHERE id = 3", LIST),
    "a blob for the exemptions": (
        "UPDATE request SET cited = X'00' WHERE id = 1",
        (["stats"], ["exemptions"], ["campaign", "lfr-2025"]),
    ),
    # Found by the robustness suite's fuzzing: `list` ended in "internal error:
    # TypeError" (a deadline's date that is not text).
    "a number for a deadline's date": (
        "UPDATE request SET deadlines = '{\"response_due\": 5}' WHERE id = 3",
        LIST,
    ),
    "a blob for the title": ("UPDATE request SET title = X'41' WHERE id = 3", COMMANDS),
    "a blob for the authority": ("UPDATE request SET authority = X'35' WHERE id = 3", COMMANDS),
    "a blob for the date sent": ("UPDATE request SET sent = X'35' WHERE id = 3", LIST),
    "tags not strings": ("UPDATE request SET tags = '[1]' WHERE id = 3", LIST),
    "an unknown status": ("UPDATE request SET status = 'sleeping' WHERE id = 3", COMMANDS),
    "an unknown regime": ("UPDATE request SET regime = 'fooa' WHERE id = 3", COMMANDS),
    "text for a whole number": (
        "UPDATE request SET complained = 'x' WHERE id = 3",
        (["stats"], ["exemptions"], ["campaign", "lfr-2025"]),
    ),
    "a date that is no day": (
        "UPDATE request SET due_date = '2025-02-30', status_until = '2025-02-30' WHERE id = 3",
        (*LIST[2:], ["due"], ["due", "--json"], *REPORTS),
    ),
}


@pytest.mark.parametrize("damage", list(DAMAGE))
@pytest.mark.parametrize("command", COMMANDS, ids=" ".join)
def test_a_damaged_cached_value_is_reported(
    damage: str, command: list[str], example_db: Path
) -> None:
    statement, readers = DAMAGE[damage]
    ledger = example_db
    db = sqlite3.connect(ledger)
    with db:
        db.execute(statement)
    db.close()
    before = ledger.read_bytes()
    result = run(*command, "--ledger", str(ledger), env={"FOITRACK_TODAY": "2025-06-20"})
    assert result.exit_code in (0, 2), result.stderr
    if command in readers:
        assert result.exit_code == 2
    if result.exit_code == 2:
        [line] = result.stderr.splitlines()
        assert line.startswith(f"foitrack: error: request {3 if 'id = 3' in statement else 1} in ")
        assert "holds a damaged value" in line
        assert "foitrack doctor" in line
    assert ledger.read_bytes() == before


def _break_the_events_table(ledger: Path) -> None:
    """Overwrite the event table's first page: the file opens, its events cannot be read."""
    with closing(sqlite3.connect(ledger)) as db:
        size = db.execute("PRAGMA page_size").fetchone()[0]
        [page] = db.execute("SELECT rootpage FROM sqlite_master WHERE name = 'event'").fetchone()
    with ledger.open("r+b") as handle:
        handle.seek((page - 1) * size)
        handle.write(b"\xff" * size)


def test_a_malformed_file_met_mid_command_is_said_by_the_store(
    example_db: Path, calendars: Calendars
) -> None:
    """SQLite's own error becomes the project's in the store, so no caller (the
    command line least of all) has to recognise SQLite's exceptions."""
    _break_the_events_table(example_db)
    ledger = Ledger.open(example_db, calendars)
    try:
        with pytest.raises(LedgerError) as caught:
            ledger.store.get(3)
    finally:
        ledger.close()
    assert str(caught.value) == (
        f"the ledger {example_db} cannot be read: database disk image is malformed; run "
        "'foitrack doctor', and restore it from a backup if it is damaged"
    )
    result = run("show", "3", "--ledger", str(example_db), env={"FOITRACK_TODAY": "2025-06-20"})
    assert result.exit_code == 2
    assert result.stderr == f"foitrack: error: {caught.value}\n"


def test_only_the_store_knows_sqlite() -> None:
    """Nothing outside foitrack/store imports sqlite3 or tells errors apart by
    the module that raised them."""
    package = Path(__file__).parent.parent.parent / "foitrack"
    for path in package.rglob("*.py"):
        if path.parent.name == "store":
            continue
        text = path.read_text()
        assert "sqlite3" not in text, path
        assert "__module__" not in text, path


def test_a_request_row_without_a_whole_number_id_is_damage() -> None:
    """Found by the robustness suite's fuzzing: a mangled schema left the id an
    ordinary column, NULL in every row, and `export` ended in "internal error:
    TypeError" writing it. The row is refused where it is decoded."""
    from datetime import date

    from foitrack.store.sql import REQUEST_COLUMNS, decode_request

    good = {name: None for name in REQUEST_COLUMNS} | {
        "id": 3, "authority": "essex", "title": "LFR", "regime": "foia",
        "sent": date(2025, 4, 14).isoformat(), "received": date(2025, 4, 14).isoformat(),
        "tags": "[]",
    }  # fmt: skip
    assert decode_request([good[name] for name in REQUEST_COLUMNS], (), "x.db").id == 3
    for wrong in (None, "3", 3.0, b"3"):
        row = [(wrong if name == "id" else good[name]) for name in REQUEST_COLUMNS]
        with pytest.raises(LedgerError, match=r"holds a damaged value.*whole number"):
            decode_request(row, (), "x.db")
