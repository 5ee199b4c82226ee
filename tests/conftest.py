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


def _use(path: Path | str, today: str | None, monkeypatch: pytest.MonkeyPatch) -> Path | str:
    monkeypatch.setenv("FOITRACK_LEDGER", str(path))
    if today is not None:
        monkeypatch.setenv("FOITRACK_TODAY", today)
    return path


@pytest.fixture
def ledger(ledger_at: Path | str, today: str | None, monkeypatch: pytest.MonkeyPatch) -> Path | str:
    """The ledger the command line uses (FOITRACK_LEDGER), on each backend, on ``today``.

    On PostgreSQL (a URL) these command tests carry the ``postgresql_commands``
    marker: ``.ci/run`` runs them, the default run leaves them out.
    """
    return _use(ledger_at, today, monkeypatch)


#: Command tests that do not apply to a PostgreSQL ledger, and why.
NOT_ON_A_SERVER = {
    "test_no_command_shows_the_daily_check": "a server ledger cannot be absent",
    "test_bad_input_on_a_missing_ledger_creates_nothing": "a server ledger cannot be absent",
    "test_init_then_init_again": "test_postgresql.py has init on a server",
    "test_bad_input_leaves_the_ledger_byte_for_byte": "expects the ledger named as given, "
    "and a URL is named with its password masked",
    "test_export_import_round_trip": "its text has a NUL, which PostgreSQL refuses "
    "(test_postgresql.py has the round trip)",
    "test_respond_logs_the_response_with_a_copy": "checks the copy beside a ledger file "
    "(test_postgresql.py: a letter kept in a server ledger)",
}


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    for item in items:
        callspec = getattr(item, "callspec", None)
        on_server = callspec is not None and callspec.params.get("ledger_at") == "postgresql"
        if on_server and "ledger" in item.fixturenames and "opened" not in item.fixturenames:
            item.add_marker(pytest.mark.postgresql_commands)
            name = getattr(item, "originalname", item.name)
            if name in NOT_ON_A_SERVER:
                item.add_marker(pytest.mark.skip(reason=NOT_ON_A_SERVER[name]))


@pytest.fixture
def sqlite_ledger(tmp_path: Path, today: str | None, monkeypatch: pytest.MonkeyPatch) -> Path:
    """As ``ledger``, SQLite only: for what only SQLite does."""
    path = tmp_path / BACKENDS["sqlite"]
    _use(path, today, monkeypatch)
    return path


@pytest.fixture
def opened(ledger_at: Path | str, calendars: Calendars):  # type: ignore[no-untyped-def]
    """A new ledger opened through the services, on each backend (PostgreSQL too)."""
    from foitrack.services.ledger import Ledger

    ledger = Ledger.open(ledger_at, calendars, create=True)
    yield ledger
    ledger.close()


# --- PostgreSQL: one real server a session (tests/postgres.py) ---------------------

#: Every backend the contract and the services run on: the two files, and a
#: PostgreSQL database (a URL).
STORES = [*BACKENDS, "postgresql"]


@pytest.fixture(scope="session")
def postgres(calendars: Calendars):  # type: ignore[no-untyped-def]
    """The session's PostgreSQL server, with a migrated template database
    (its cached states keyed to the session's calendars)."""
    from tests import postgres as pg

    if not pg.enabled():
        pytest.skip("FOITRACK_TEST_POSTGRESQL=0: the PostgreSQL tests are skipped")
    server = pg.Server()
    try:
        server.sql(f"CREATE DATABASE {pg.TEMPLATE}")
        from foitrack.services.ledger import Ledger

        Ledger.open(server.url(pg.TEMPLATE), calendars, create=True).close()
        yield server
    finally:
        server.close()


@pytest.fixture
def pg_url(postgres) -> str:  # type: ignore[no-untyped-def]
    """A new PostgreSQL ledger of its own (a copy of the migrated template)."""
    return str(postgres.url(postgres.database()))


@pytest.fixture
def pg_empty(postgres) -> str:  # type: ignore[no-untyped-def]
    """A new, empty PostgreSQL database: no ledger in it yet."""
    return str(postgres.url(postgres.database(template=None)))


@pytest.fixture(params=STORES)
def ledger_at(request: pytest.FixtureRequest, tmp_path: Path) -> Path | str:
    """Where a new ledger is, on each backend: a file that does not exist yet,
    or a PostgreSQL database with the schema and no requests."""
    if request.param == "postgresql":
        return str(request.getfixturevalue("pg_url"))
    return tmp_path / BACKENDS[request.param]
