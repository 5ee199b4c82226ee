"""The ledger survives concurrent writers, kills mid-write and old schemas."""

from __future__ import annotations

import os
import random
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest

from foitrack.calendars import Calendars
from foitrack.services.ledger import Ledger
from foitrack.store.sql import SCHEMA_VERSION, SQLITE, migrations

MIGRATIONS = migrations(SQLITE)


def foitrack(*args: str, ledger: Path) -> list[str]:
    return [sys.executable, "-m", "foitrack", *args, "--ledger", str(ledger)]


def environment() -> dict[str, str]:
    return {**os.environ, "FOITRACK_TODAY": "2025-06-20"}


def count(path: Path, calendars: Calendars) -> int:
    ledger = Ledger.open(path, calendars)
    try:
        return len(list(ledger.store.requests()))
    finally:
        ledger.close()


def test_two_processes_adding_at_once(ledger_path: Path, calendars: Calendars) -> None:
    subprocess.run(foitrack("init", ledger=ledger_path), check=True, env=environment())
    script = (
        "import sys\n"
        "from foitrack.cli import app\n"
        "for n in range(8):\n"
        "    try:\n"
        "        app(['add', 'essex', '--title', f'{sys.argv[1]} {n}', '--ledger', sys.argv[2]],"
        " standalone_mode=False)\n"
        "    except SystemExit as e:\n"
        "        assert not e.code, e.code\n"
    )
    workers = [
        subprocess.Popen(
            [sys.executable, "-c", script, name, str(ledger_path)],
            env=environment(),
            stdout=subprocess.DEVNULL,
            stderr=subprocess.PIPE,
        )
        for name in ("first", "second")
    ]
    for worker in workers:
        _, errors = worker.communicate(timeout=120)
        assert worker.returncode == 0, errors
    ledger = Ledger.open(ledger_path, calendars)
    titles = sorted(r.title for r in ledger.store.requests())
    ledger.close()
    assert len(titles) == 16
    assert titles == sorted(f"{w} {n}" for w in ("first", "second") for n in range(8))


def test_a_kill_during_a_49_authority_add_leaves_none_or_all(
    ledger_path: Path, calendars: Calendars
) -> None:
    subprocess.run(
        foitrack("add", "essex", "--title", "before", ledger=ledger_path),
        check=True,
        env=environment(),
        capture_output=True,
    )
    random.seed(1)
    for _ in range(8):
        process = subprocess.Popen(
            foitrack("add", "all-police", "--title", "LFR", ledger=ledger_path),
            env=environment(),
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        time.sleep(random.uniform(0.05, 0.6))
        process.send_signal(signal.SIGKILL)
        process.wait()
        total = count(ledger_path, calendars)
        assert (total - 1) % 49 == 0, f"{total - 1} requests: a partial add"
    if ledger_path.suffix == ".db":
        with sqlite3.connect(ledger_path) as db:
            assert db.execute("PRAGMA integrity_check").fetchone()[0] == "ok"


def test_an_older_schema_migrates(tmp_path: Path, calendars: Calendars) -> None:
    path = tmp_path / "old.db"
    with sqlite3.connect(path) as db:
        db.executescript(MIGRATIONS[0])
        db.execute(
            "INSERT INTO request (id, authority, title, regime, sent, received) "
            "VALUES (1, 'essex', 'LFR', 'foia', '2025-04-14', '2025-04-14')"
        )
        db.execute(
            "INSERT INTO event (request_id, position, type, date, outcome) "
            "VALUES (1, 1, 'responded', '2025-05-12', 'refused')"
        )
        db.execute("PRAGMA user_version = 1")
    ledger = Ledger.open(path, calendars)
    [(request, summary)] = list(ledger.store.summaries())
    ledger.close()
    assert request.title == "LFR"
    assert str(summary.outcome) == "refused"
    assert summary.dates["review_request_by"].isoformat() == "2025-07-08"
    with sqlite3.connect(path) as db:
        assert db.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION


def test_a_newer_schema_is_refused(tmp_path: Path, calendars: Calendars) -> None:
    path = tmp_path / "new.db"
    with sqlite3.connect(path) as db:
        db.execute("CREATE TABLE request (id INTEGER)")
        db.execute(f"PRAGMA user_version = {SCHEMA_VERSION + 1}")
    from foitrack.core.errors import LedgerError

    with pytest.raises(LedgerError, match="written by a newer foitrack"):
        Ledger.open(path, calendars)


@pytest.mark.parametrize("suffix", [".db", ".toml"])
def test_many_processes_starting_the_same_new_ledger(tmp_path: Path, suffix: str) -> None:
    """The first write to a new ledger races to create it; every racer must land."""
    ledger = tmp_path / f"new{suffix}"
    racers = [
        subprocess.Popen(
            foitrack("add", "essex", "--title", f"racer {n}", ledger=ledger),
            env=environment(),
            stdout=subprocess.DEVNULL,
            stderr=subprocess.PIPE,
            text=True,
        )
        for n in range(6)
    ]
    errors = [r.communicate(timeout=120)[1] for r in racers]
    assert [r.returncode for r in racers] == [0] * 6, errors
    listing = subprocess.run(
        foitrack("list", "--json", ledger=ledger), env=environment(), capture_output=True,
        text=True, check=True,
    )  # fmt: skip
    assert len(__import__("json").loads(listing.stdout)["requests"]) == 6


def test_reading_writes_nothing_until_the_first_write(example_db: Path) -> None:
    """A ledger in SQLite's default journal mode (as `examples/` ships) is left
    byte for byte as it was by reads and by commands refused for bad input; the
    first real write switches it to WAL."""
    from tests.cli.helpers import run

    ledger = example_db
    before = ledger.read_bytes()
    for args in (["due"], ["list", "--json"], ["show", "3"], ["list", "--authority", "esex"],
                 ["log", "3", "responded", "--date", "2099-01-01"]):  # fmt: skip
        run(*args, "--ledger", str(ledger), "--today", "2025-06-20")
        assert ledger.read_bytes() == before, args
    # (Request 3 was acknowledged on 16 April already: the same event again is refused.)
    assert run("log", "3", "acknowledged", "--date", "2025-04-17", "--ledger", str(ledger),
               "--today", "2025-06-20").exit_code == 0  # fmt: skip
    with sqlite3.connect(ledger) as db:
        assert db.execute("PRAGMA journal_mode").fetchone()[0] == "wal"


def test_a_first_write_waits_while_another_foitrack_writes(example_db: Path) -> None:
    """Switching a ledger to WAL on its first write needs the file's exclusive
    lock, and SQLite says "locked" at once, without its busy timeout, while
    another connection writes (found in CI: six processes making one new
    ledger, one told "busy"). The store waits as the busy timeout would."""
    import threading

    from tests.cli.helpers import run

    other = sqlite3.connect(example_db, isolation_level=None, check_same_thread=False)
    other.execute("BEGIN IMMEDIATE")
    other.execute("UPDATE meta SET value = value WHERE key = 'fingerprint'")
    done = threading.Timer(0.5, lambda: other.execute("COMMIT"))
    done.start()
    try:
        started = time.monotonic()
        result = run("add", "essex", "--title", "waited", "--ledger", str(example_db),
                     env={"FOITRACK_TODAY": "2025-06-20"})  # fmt: skip
        waited = time.monotonic() - started
    finally:
        done.join()
        other.close()
    assert result.exit_code == 0, result.stderr
    assert waited >= 0.4
