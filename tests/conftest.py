"""Shared fixtures: an isolated home for every test, one calendar cache per run."""

from __future__ import annotations

from pathlib import Path

import pytest

from foitrack.calendars import Calendars
from foitrack.core.regimes import FOIA


@pytest.fixture(scope="session")
def cache_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The calendar cache, built once per test run and shared (building costs 200 ms)."""
    path = tmp_path_factory.mktemp("cache") / "foitrack"
    Calendars(path).for_regime(FOIA)
    return path


@pytest.fixture(autouse=True)
def isolated_home(tmp_path: Path, cache_dir: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Every test gets its own config and data dirs; none touches the real home."""
    home = tmp_path / "home"
    home.mkdir()
    monkeypatch.setenv("HOME", str(home))
    monkeypatch.setenv("XDG_DATA_HOME", str(home / "data"))
    monkeypatch.setenv("XDG_CONFIG_HOME", str(home / "config"))
    monkeypatch.setenv("XDG_CACHE_HOME", str(cache_dir.parent))
    for name in ("FOITRACK_TODAY", "FOITRACK_LEDGER", "FOITRACK_CONFIG", "FOITRACK_DEBUG"):
        monkeypatch.delenv(name, raising=False)
    # Who records events when the config names nobody (getpass reads LOGNAME first).
    monkeypatch.setenv("LOGNAME", "reporter")
    return home


@pytest.fixture(scope="session")
def calendars(cache_dir: Path) -> Calendars:
    return Calendars(cache_dir)


EXAMPLES = Path(__file__).parent.parent / "examples"


@pytest.fixture
def example_db(tmp_path: Path, cache_dir: Path) -> Path:
    """A copy of ``examples/lfr-2025.db`` with its cached dates current, in
    SQLite's default journal mode as the example ships.

    The shipped file's cache goes stale whenever a rule or the schema changes
    (opening it then recomputes, which is a write); tests about what reads do
    to a file start from a current one.
    """
    import shutil
    import sqlite3

    from foitrack.calendars import HolidayChanges
    from foitrack.services.ledger import Ledger

    path = tmp_path / "lfr-example.db"
    shutil.copy(EXAMPLES / "lfr-2025.db", path)
    Ledger.open(path, Calendars(cache_dir, HolidayChanges())).close()
    with sqlite3.connect(path) as db:
        db.execute("PRAGMA journal_mode = DELETE")
    db.close()
    return path


#: The file each backend keeps a ledger in: every ledger fixture is built on these.
BACKENDS = {"sqlite": "ledger.db", "toml": "ledger.toml"}


@pytest.fixture(params=list(BACKENDS))
def ledger_path(request: pytest.FixtureRequest, tmp_path: Path) -> Path:
    """A ledger path for each backend (the file does not exist yet)."""
    return tmp_path / BACKENDS[request.param]


@pytest.fixture
def today() -> str | None:
    """The day CLI tests run on (FOITRACK_TODAY); a module may say another, or None."""
    return "2025-06-20"


def _use(path: Path, today: str | None, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("FOITRACK_LEDGER", str(path))
    if today is not None:
        monkeypatch.setenv("FOITRACK_TODAY", today)
    return path


@pytest.fixture
def ledger(ledger_path: Path, today: str | None, monkeypatch: pytest.MonkeyPatch) -> Path:
    """The ledger the command line uses (FOITRACK_LEDGER), on each backend, on ``today``."""
    return _use(ledger_path, today, monkeypatch)


@pytest.fixture
def sqlite_ledger(tmp_path: Path, today: str | None, monkeypatch: pytest.MonkeyPatch) -> Path:
    """As ``ledger``, SQLite only: for what only SQLite does."""
    return _use(tmp_path / BACKENDS["sqlite"], today, monkeypatch)


@pytest.fixture
def opened(ledger_path: Path, calendars: Calendars):  # type: ignore[no-untyped-def]
    """A new ledger opened through the services, on each backend."""
    from foitrack.services.ledger import Ledger

    ledger = Ledger.open(ledger_path, calendars, create=True)
    yield ledger
    ledger.close()
