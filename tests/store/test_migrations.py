"""The SQLite schema as numbered files: every older ledger migrates exactly as it
did when the migrations were strings in the code.

``tests/fixtures/ledgers/migrated.json`` was written by the code before the
files (``seed`` and each result): a ledger at each older schema, seeded with the
same rows, opened and so migrated and cached; and ``examples/lfr-2025.db``
opened. Migrating them now must give the same tables, rows and cached values.
"""

from __future__ import annotations

import fnmatch
import json
import re
import shutil
import sqlite3
import tomllib
from pathlib import Path
from typing import Any

import pytest

from foitrack.calendars import Calendars, HolidayChanges
from foitrack.services.ledger import Ledger
from foitrack.store.sql import SCHEMA_VERSION, SQLITE, migrations

ROOT = Path(__file__).parent.parent.parent
FIXTURE = json.loads((ROOT / "tests" / "fixtures" / "ledgers" / "migrated.json").read_text())
MIGRATIONS = migrations(SQLITE)
#: The schema the fixture was written at. Later migrations only add tables
#: (8: the mail loop) and columns that old rows leave NULL (9: who did what);
#: what they add is checked apart from the fixture.
FIXTURE_VERSION = 7
LATER = {
    name
    for script in MIGRATIONS[FIXTURE_VERSION:]
    for name in re.findall(r"CREATE (?:TABLE|INDEX) (\w+)", script)
}
#: (table, column, declaration) of each column a later migration adds.
LATER_COLUMNS = [
    found
    for script in MIGRATIONS[FIXTURE_VERSION:]
    for found in re.findall(r"ALTER TABLE (\w+) ADD COLUMN (\w+) ([^;\n]+)", script)
]


def _later(name: str) -> bool:
    return name in LATER or any(name.startswith(f"sqlite_autoindex_{t}_") for t in LATER)


def dump(path: Path) -> dict[str, Any]:
    """What the fixture holds of a ledger (as ``dump`` did when it was written)."""
    db = sqlite3.connect(path)
    result: dict[str, Any] = {
        "user_version": db.execute("PRAGMA user_version").fetchone()[0],
        # The schema's text as SQLite keeps it, but for the whitespace: the files
        # are the old strings dedented.
        "schema": sorted(
            [kind, name, _earlier_sql(name, " ".join(sql.split())) if sql else sql]
            for kind, name, sql in db.execute("SELECT type, name, sql FROM sqlite_master")
            if not _later(name)
        ),
    }
    names = {r[0] for r in db.execute("SELECT name FROM sqlite_master")}
    assert names >= LATER, "a later migration's tables or indexes are missing"
    for table in ("request", "event", "authority", "authority_group", "digest"):
        columns = [r[1] for r in db.execute(f"PRAGMA table_info({table})")]
        later = {column for t, column, _ in LATER_COLUMNS if t == table}
        kept = [i for i, name in enumerate(columns) if name not in later]
        rows = [list(r) for r in db.execute(f"SELECT * FROM {table} ORDER BY 1, 2")]
        # A column added later holds NULL in every row the fixture had.
        assert all(r[i] is None for r in rows for i, name in enumerate(columns) if name in later)
        result[table] = {
            "columns": [columns[i] for i in kept],
            "rows": [[r[i] for i in kept] for r in rows],
        }
    result["meta_keys"] = sorted(r[0] for r in db.execute("SELECT key FROM meta"))
    db.close()
    return result


def _earlier_sql(name: str, sql: str) -> str:
    """A table's CREATE statement without the columns later migrations added
    (SQLite appends each to the statement it keeps)."""
    for table, column, declaration in LATER_COLUMNS:
        if table == name:
            sql = sql.replace(f", {column} {declaration.strip()}", "")
    return sql


def expected(name: str) -> dict[str, Any]:
    result = dict(FIXTURE["results"][name])
    assert result["user_version"] == FIXTURE_VERSION
    result["user_version"] = SCHEMA_VERSION
    result["schema"] = sorted(
        [kind, table, " ".join(sql.split()) if sql else sql]
        for kind, table, sql in result["schema"]
    )
    return result


@pytest.fixture
def fixed_calendars(cache_dir: Path) -> Calendars:
    """The calendars the fixture was written with: the bank holidays shipped."""
    return Calendars(cache_dir, HolidayChanges())


def test_the_migrations_are_numbered_files_one_to_the_schema_version() -> None:
    folder = ROOT / "foitrack" / "store" / "migrations" / "sqlite"
    numbers = sorted(int(p.name[:4]) for p in folder.glob("*.sql"))
    assert numbers == list(range(1, SCHEMA_VERSION + 1))
    assert len(MIGRATIONS) == SCHEMA_VERSION


def test_the_migrations_are_package_data() -> None:
    """An installed foitrack (a wheel) carries the files: pyproject names them."""
    project = tomllib.loads((ROOT / "pyproject.toml").read_text())
    patterns = project["tool"]["setuptools"]["package-data"]["foitrack"]
    package = ROOT / "foitrack"
    for path in (package / "store" / "migrations").rglob("*"):
        if path.is_file():
            relative = path.relative_to(package).as_posix()
            assert any(fnmatch.fnmatch(relative, p) for p in patterns), relative


@pytest.mark.parametrize("version", range(1, FIXTURE_VERSION))
def test_an_older_schema_migrates_as_before(
    version: int, tmp_path: Path, fixed_calendars: Calendars
) -> None:
    path = tmp_path / "old.db"
    db = sqlite3.connect(path)
    for script in MIGRATIONS[:version]:
        db.executescript(script)
    for statement in FIXTURE["seed"]:
        db.execute(statement)
    db.execute(f"PRAGMA user_version = {version}")
    db.commit()
    db.close()
    Ledger.open(path, fixed_calendars).close()
    assert dump(path) == expected(f"from schema {version}")


def test_the_example_ledger_opens_as_before(tmp_path: Path, fixed_calendars: Calendars) -> None:
    # The example is at schema 7: it gains schema 8's tables and keeps the rest.
    path = tmp_path / "example.db"
    shutil.copy(ROOT / "examples" / "lfr-2025.db", path)
    Ledger.open(path, fixed_calendars).close()
    assert dump(path) == expected("examples/lfr-2025.db")


def test_schema_9_adds_who_did_what_as_null(tmp_path: Path, fixed_calendars: Calendars) -> None:
    """A ledger from before 9 gains the columns, NULL: nobody kept who did what then."""
    path = tmp_path / "example.db"
    shutil.copy(ROOT / "examples" / "lfr-2025.db", path)
    Ledger.open(path, fixed_calendars).close()
    db = sqlite3.connect(path)
    assert db.execute("SELECT count(*) FROM event WHERE actor IS NOT NULL").fetchone() == (0,)
    assert db.execute(
        "SELECT count(*) FROM request WHERE assignee IS NOT NULL OR added_by IS NOT NULL"
    ).fetchone() == (0,)
    plan = " ".join(
        str(row[-1])
        for row in db.execute(
            "EXPLAIN QUERY PLAN SELECT id FROM request WHERE assignee = 'alice' "
            "AND watch_until >= '2025-06-20'"
        )
    )
    db.close()
    assert "request_assignee" in plan
    assert {(t, c) for t, c, _ in LATER_COLUMNS} == {
        ("event", "actor"),
        ("request", "added_by"),
        ("request", "assignee"),
    }


def test_each_statement_of_a_migration_stands_alone() -> None:
    """The files are split on ``;``: none may sit in a comment or a string."""
    for script in MIGRATIONS:
        for line in script.splitlines():
            code = re.sub(r"'[^']*'", "", line)
            assert ";" not in code or code.rstrip().endswith(";"), line
