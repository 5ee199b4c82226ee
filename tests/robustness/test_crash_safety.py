"""kill -9 at random moments during writes: the ledger holds the before or the after.

Each trial forks a child (foitrack already imported, so a trial costs the
command, not an interpreter start), lets it run a random time and kills it.
The ledger must then open, pass its integrity check, and hold exactly the
state before the command or the state after it, nothing in between.
"""

from __future__ import annotations

import hashlib
import json
import os
import random
import shutil
import signal
import sqlite3
import time
from collections import Counter
from collections.abc import Callable
from contextlib import closing
from pathlib import Path

import pytest

from foitrack.calendars import Calendars
from foitrack.cli import app
from foitrack.services.ledger import Ledger
from foitrack.store.codec import encode

TRIALS = int(os.environ.get("FOITRACK_KILL_TRIALS", "200"))
TODAY = "2025-06-20"
RESULTS = Path(__file__).parent / "results"


def state(path: Path, calendars: Calendars) -> str:
    """A digest of everything the ledger holds, once it has opened and checked.

    A TOML ledger is replaced whole, so its bytes are its state (the two
    states it may hold were both opened once, at the start). A SQLite ledger
    must pass its integrity check, open as a ledger, and its rows are hashed.
    """
    if path.suffix == ".toml":
        return hashlib.sha256(path.read_bytes()).hexdigest()
    with closing(sqlite3.connect(path)) as db:
        assert db.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        digest = hashlib.sha256()
        for table in ("request", "event", "authority", "authority_group", "digest"):
            for row in db.execute(f"SELECT * FROM {table} ORDER BY 1, 2"):
                digest.update(repr(row).encode())
    Ledger.open(path, calendars).close()
    return digest.hexdigest()


def opens(path: Path, calendars: Calendars) -> None:
    ledger = Ledger.open(path, calendars)
    try:
        encode(ledger.store.contents())
    finally:
        ledger.close()


def run_in_child(args: list[str]) -> int:
    """Fork; the child runs foitrack ARGS and exits. Returns the child's pid."""
    pid = os.fork()
    if pid == 0:  # the child
        try:
            devnull = os.open(os.devnull, os.O_WRONLY)
            os.dup2(devnull, 1)
            os.dup2(devnull, 2)
            code = app(args, standalone_mode=False)
            os._exit(code if isinstance(code, int) else 0)
        except BaseException:
            os._exit(70)
    return pid


def duration(args: list[str], prepare: Callable[[], None]) -> float:
    prepare()
    start = time.perf_counter()
    pid = run_in_child(args)
    _, status = os.waitpid(pid, 0)
    assert os.waitstatus_to_exitcode(status) == 0
    return time.perf_counter() - start


def kill_trials(
    ledger: Path,
    args: list[str],
    prepare: Callable[[], None],
    calendars: Calendars,
    label: str,
    trials: int = TRIALS,
) -> Counter[str]:
    """Run ``trials`` kills of ARGS at random moments; count what each left behind."""
    prepare()
    opens(ledger, calendars)
    before = state(ledger, calendars)
    took = duration(args, prepare)
    opens(ledger, calendars)
    after = state(ledger, calendars)
    assert before != after
    outcomes: Counter[str] = Counter()
    rng = random.Random(f"{label}-{ledger.suffix}")
    for _ in range(trials):
        prepare()
        pid = run_in_child(args)
        time.sleep(rng.uniform(0, took * 1.1))
        os.kill(pid, signal.SIGKILL)
        os.waitpid(pid, 0)
        found = state(ledger, calendars)
        assert found in (before, after), f"{label}: a partial write survived a kill"
        outcomes["before" if found == before else "after"] += 1
    RESULTS.mkdir(exist_ok=True)
    (RESULTS / f"kills-{label}-{ledger.suffix[1:]}.json").write_text(
        json.dumps({"trials": trials, **outcomes, "seconds_per_command": round(took, 3)})
    )
    return outcomes


@pytest.fixture(params=[".db", ".toml"])
def base(request: pytest.FixtureRequest, tmp_path: Path) -> tuple[Path, Path]:
    """A ledger with a few requests, and a pristine copy to restore before each trial."""
    ledger = tmp_path / f"ledger{request.param}"
    for authority in ("essex", "kent", "met"):
        code = app(["add", authority, "--title", "LFR", "--sent", "2025-04-14", "--today", TODAY,
                    "--ledger", str(ledger)], standalone_mode=False)  # fmt: skip
        assert not code
    pristine = tmp_path / f"pristine{request.param}"
    shutil.copy(ledger, pristine)
    return ledger, pristine


def restorer(ledger: Path, pristine: Path) -> Callable[[], None]:
    def prepare() -> None:
        for leftover in (Path(f"{ledger}-wal"), Path(f"{ledger}-shm")):
            leftover.unlink(missing_ok=True)
        shutil.copy(pristine, ledger)

    return prepare


def test_kills_during_a_49_authority_add(base: tuple[Path, Path], calendars: Calendars) -> None:
    ledger, pristine = base
    args = ["add", "all-police", "--title", "LFR 2", "--today", TODAY, "--ledger", str(ledger)]
    outcomes = kill_trials(ledger, args, restorer(ledger, pristine), calendars, "add-49")
    assert sum(outcomes.values()) == TRIALS


def test_kills_during_a_log(base: tuple[Path, Path], calendars: Calendars) -> None:
    ledger, pristine = base
    args = ["log", "2", "responded", "--date", "2025-05-12", "--outcome", "partial",
            "--exemption", "s40(2)", "--today", TODAY, "--ledger", str(ledger)]  # fmt: skip
    outcomes = kill_trials(ledger, args, restorer(ledger, pristine), calendars, "log")
    assert sum(outcomes.values()) == TRIALS


def test_kills_during_an_import_of_5000(
    base: tuple[Path, Path], calendars: Calendars, tmp_path: Path
) -> None:
    from dataclasses import replace

    from benchmarks.generate import requests as synthetic
    from foitrack.store.base import Contents

    ledger, pristine = base
    made = synthetic(5000, calendars)
    contents = Contents(requests=[replace(r, id=100 + n) for n, r in enumerate(made)])
    source = tmp_path / "import.json"
    source.write_text(json.dumps(encode(contents, iso_dates=True)))
    args = ["import", str(source), "--ledger", str(ledger)]
    # Importing 5,000 requests takes about a second (two in TOML): half the
    # trials (a quarter in TOML) keeps the suite within minutes and still
    # lands kills all across the write.
    trials = max(1, TRIALS // (4 if ledger.suffix == ".toml" else 2))
    outcomes = kill_trials(
        ledger, args, restorer(ledger, pristine), calendars, "import-5000", trials
    )
    assert sum(outcomes.values()) == trials
