"""A SQLite ledger whose cached columns hold values no foitrack wrote (a
hand edit, a bad restore) is reported as damaged: one line, exit 2, the file
untouched. SQLite's columns are loosely typed, so a blob or a JSON list can
stand where foitrack keeps ISO text or a JSON object."""

from __future__ import annotations

import shutil
import sqlite3
from pathlib import Path

import pytest

from tests.cli.helpers import run

EXAMPLE = Path(__file__).parent.parent.parent / "examples" / "lfr-2025.db"

DAMAGE = {
    "deadlines not an object": "UPDATE request SET deadlines = '[1]' WHERE id = 3",
    "deadlines not JSON": "UPDATE request SET deadlines = '{oops' WHERE id = 3",
    # TEXT columns turn a number into text, but keep a blob a blob.
    "a blob for a date": (
        "UPDATE request SET due_date = X'35', status_until = X'35', status_after = 'overdue' "
        "WHERE id = 3"
    ),
    "tags not a list": "UPDATE request SET tags = '{' WHERE id = 3",
}


@pytest.mark.parametrize("statement", DAMAGE.values(), ids=list(DAMAGE))
@pytest.mark.parametrize(
    "command", [["list"], ["list", "--json"], ["list", "--status", "overdue"], ["due"]]
)
def test_a_damaged_cached_value_is_reported(
    statement: str, command: list[str], tmp_path: Path
) -> None:
    ledger = tmp_path / "lfr.db"
    shutil.copy(EXAMPLE, ledger)
    db = sqlite3.connect(ledger)
    with db:
        db.execute(statement)
    db.close()
    before = ledger.read_bytes()
    result = run(*command, "--ledger", str(ledger), "--today", "2025-06-20")
    if result.exit_code == 0:
        # `due` reads only the columns it needs: damage elsewhere is not its business.
        assert command == ["due"], result.stdout
        return
    assert result.exit_code == 2
    [line] = result.stderr.splitlines()
    assert "holds a damaged value" in line
    assert "foitrack doctor" in line
    assert ledger.read_bytes() == before
