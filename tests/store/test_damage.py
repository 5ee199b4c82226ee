"""A SQLite ledger whose cached columns hold values no foitrack wrote (a
hand edit, a bad restore) is reported as damaged: one line, exit 2, the file
untouched. SQLite's columns are loosely typed, so a blob or a JSON list can
stand where foitrack keeps ISO text or a JSON object."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from tests.cli.helpers import run

LIST = ["list"], ["list", "--json"], ["list", "--status", "overdue"]
REPORTS = ["stats"], ["stats", "--json"], ["exemptions"], ["campaign", "lfr-2025"]

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
}
COMMANDS = [*LIST, ["due"], ["due", "--json"], *REPORTS]


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
        assert "holds a damaged value" in line
        assert "foitrack doctor" in line
    assert ledger.read_bytes() == before
