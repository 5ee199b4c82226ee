"""The SQLite ledger: the default, one file, safe under kills and concurrent use.

WAL mode with a busy timeout; one ``BEGIN IMMEDIATE`` transaction per command;
the schema versioned with ``PRAGMA user_version`` and migrated forward by the
numbered files in ``migrations/sqlite``. Each request row caches its index
(:mod:`foitrack.store.index`), keyed by the calendar's fingerprint, so the
daily check is an indexed query. The SQL itself is shared
(:mod:`foitrack.store.sql`, run by :mod:`foitrack.store.sqlstore`); what is
SQLite's own is here: opening the file,
the pragmas, and saying SQLite's errors in the project's words.
"""

from __future__ import annotations

import os
import sqlite3
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import replace
from pathlib import Path
from typing import Any

from foitrack.core.errors import DAMAGE, LedgerError, OperationFailed, damaged
from foitrack.store.base import Deriver, LedgerBusy, Mail, Query, Request
from foitrack.store.index import Deriving
from foitrack.store.location import Location
from foitrack.store.sql import (
    SCHEMA_VERSION,
    SQLITE,
    Statements,
    migrations,
    request_values,
    statements,
)
from foitrack.store.sqlstore import SqlStore

_HEADER = b"SQLite format 3\x00"
#: How long a command waits for another foitrack's write before saying "busy".
BUSY_SECONDS = 10
_SQL = Statements(SQLITE)


def honest(error: sqlite3.Error, path: str) -> Exception:
    """What a failed write really was: a read-only file or folder, a full disk
    or a failing one is said as such (the ledger is intact: SQLite rolled the
    write back), not as damage. Any other error comes back as it is."""
    name = getattr(error, "sqlite_errorname", "") or ""
    if name.startswith("SQLITE_READONLY") or "readonly database" in str(error):
        return LedgerError(
            f"the ledger {path} cannot be written (the file or its folder is read-only): "
            "nothing was changed; make them writable to record changes"
        )
    if name.startswith("SQLITE_FULL") or "disk is full" in str(error):
        return OperationFailed(
            f"the disk holding the ledger {path} is full: nothing was changed; free some "
            "space and run the command again"
        )
    if name.startswith("SQLITE_IOERR") or "disk I/O error" in str(error):
        return OperationFailed(
            f"the disk holding the ledger {path} failed a read or write (disk I/O error): "
            "nothing was changed; check the disk, then run 'foitrack doctor'"
        )
    return error


class SqliteStore(SqlStore):
    def __init__(self, location: Location, deriver: Deriver, *, create: bool = False) -> None:
        path = location.file_for("a SQLite ledger")
        self.location = location
        self._sql = _SQL
        self._deriver = deriver
        self._derived = Deriving(self, deriver)
        self._in_transaction = False
        exists = path.exists()
        if not exists and not create:
            raise LedgerError(
                f"no ledger at {path}: run 'foitrack init', or add a request to start one"
            )
        #: Whether this process made the file (and so may take it back).
        self.created = False
        if exists:
            _check_is_sqlite(path)
        else:
            self.created = _create_private(path)
        old_umask = os.umask(0o077)  # the -wal and -shm files stay private too
        try:
            self._db = sqlite3.connect(path, timeout=BUSY_SECONDS, isolation_level=None)
        finally:
            os.umask(old_umask)
        try:
            self._db.execute(f"PRAGMA busy_timeout = {BUSY_SECONDS * 1000}")
            self._db.execute("PRAGMA foreign_keys = ON")
            # Version and tables read in one snapshot, before anything is written:
            # a file that is not a ledger must be left exactly as it was.
            self._db.execute("BEGIN")
            try:
                version = self._version()
                foreign = version == 0 and self._has_tables()
            finally:
                self._db.execute("COMMIT")
            if foreign:
                raise LedgerError(f"{path} is a SQLite database but not a foitrack ledger")
            if version > SCHEMA_VERSION:
                raise LedgerError(
                    f"{path} was written by a newer foitrack (schema {version}); upgrade foitrack"
                )
            self._db.execute("PRAGMA synchronous = FULL")
            self._wal = self._db.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
            if version < SCHEMA_VERSION:
                self._migrate()
            self._refresh_if_calendar_changed()
        except sqlite3.OperationalError as error:
            self._db.close()
            told = honest(error, str(location))
            if told is not error:
                raise told from None
            raise LedgerError(f"{path} is not a usable foitrack ledger: {error}") from None
        except (sqlite3.DatabaseError, UnicodeDecodeError) as error:
            self._db.close()
            raise LedgerError(f"{path} is not a usable foitrack ledger: {error}") from None
        except BaseException:
            self._db.close()
            raise

    # --- housekeeping ----------------------------------------------------------

    @contextmanager
    def _errors(self) -> Iterator[None]:
        """SQLite's errors, and values no foitrack wrote, in the project's words:
        around everything that reads or writes, so no caller meets ``sqlite3``."""
        try:
            yield
        except sqlite3.Error as error:
            raise self._said(error) from None
        except DAMAGE as error:
            raise damaged(str(self.location), error) from None

    def _said(self, error: sqlite3.Error) -> Exception:
        if isinstance(error, sqlite3.OperationalError) and (
            "locked" in str(error) or "busy" in str(error)
        ):
            return LedgerBusy(
                f"the ledger {self.location} is busy: another foitrack is writing it; try again"
            )
        told = honest(error, str(self.location))
        if told is not error:
            return told
        return LedgerError(
            f"the ledger {self.location} cannot be read: {error}; run 'foitrack doctor', and "
            "restore it from a backup if it is damaged"
        )

    def _has_tables(self) -> bool:
        return int(self._db.execute("SELECT count(*) FROM sqlite_master").fetchone()[0]) > 0

    def _version(self) -> int:
        return int(self._db.execute("PRAGMA user_version").fetchone()[0])

    def _migrate(self) -> None:
        # Under the write lock, and reading the version again: two foitracks
        # opening a new ledger at once must not both create its tables.
        scripts = migrations(SQLITE)
        with self.transaction():
            version = self._version()
            if version == 0 and self._has_tables():
                raise LedgerError(f"{self.location} is a SQLite database but not a foitrack ledger")
            for number in range(version, SCHEMA_VERSION):
                for statement in statements(scripts[number]):
                    self._db.execute(statement)
                self._db.execute(f"PRAGMA user_version = {number + 1}")

    def _refresh_if_calendar_changed(self) -> None:
        """Recompute every cached state when a bank holiday or the rules changed."""
        row = self._db.execute("SELECT value FROM meta WHERE key = 'fingerprint'").fetchone()
        fingerprint = self._deriver.fingerprint
        if row is not None and row[0] == fingerprint:
            return
        with self.transaction():
            for request in list(self.requests(Query(with_deleted=True))):
                self._write_cache(request)
            self._db.execute(_SQL.upsert_fingerprint, (fingerprint,))

    @contextmanager
    def transaction(self) -> Iterator[None]:
        if self._in_transaction:
            yield
            return
        from foitrack.files import refuse_read_only

        file = self.location.file_for("a SQLite ledger")
        refuse_read_only(file)
        try:
            if not self._wal:
                # Switched on the first write, not on opening: a command that only
                # reads (or stops at bad input) leaves the file's bytes as they were.
                self._switch_to_wal()
                self._wal = True
            self._db.execute("BEGIN IMMEDIATE")
        except sqlite3.Error as error:
            raise self._said(error) from None
        self._in_transaction = True
        try:
            yield
            self._db.execute("COMMIT")
        except sqlite3.Error as error:
            self._rollback()
            raise self._said(error) from None
        except BaseException:
            self._rollback()
            raise
        finally:
            self._in_transaction = False

    def _switch_to_wal(self) -> None:
        """The switch goes from a read lock to the file's exclusive lock, and
        SQLite answers "locked" at once, without waiting, when another foitrack
        is writing meanwhile (two commands making a new ledger): so wait here,
        as long as the busy timeout would."""
        import time

        deadline = time.monotonic() + BUSY_SECONDS
        while True:
            try:
                self._db.execute("PRAGMA journal_mode = WAL")
                return
            except sqlite3.OperationalError as error:
                busy = "locked" in str(error) or "busy" in str(error)
                if not busy or time.monotonic() > deadline:
                    raise
            time.sleep(0.02)

    def _rollback(self) -> None:
        try:
            if self._db.in_transaction:
                self._db.execute("ROLLBACK")
        except sqlite3.Error:
            pass  # SQLite rolled back by itself (a full disk, a failed write)

    def close(self) -> None:
        self._db.close()

    # --- what is SQLite's own ------------------------------------------------------

    def _executemany(self, statement: str, rows: Sequence[Sequence[Any]]) -> None:
        self._db.executemany(statement, rows)

    def add(self, requests: Sequence[Request]) -> list[int]:
        ids = []
        with self.transaction(), self._errors():
            next_id = self._db.execute("SELECT coalesce(max(id), 0) + 1 FROM request").fetchone()[0]
            for request in requests:
                request_id = request.id or next_id
                next_id = max(next_id, request_id + 1)
                stored = replace(request, id=request_id)
                try:
                    self._db.execute(_SQL.insert_request, request_values(stored))
                except sqlite3.IntegrityError:
                    raise LedgerError(f"request {request_id} is already in the ledger") from None
                self._write_events(stored)
                self._write_cache(stored)
                ids.append(request_id)
        return ids

    def save_mail(self, mail: Mail) -> int:
        with self.transaction(), self._errors():
            number = (
                mail.number
                or self._db.execute("SELECT coalesce(max(number), 0) + 1 FROM mail").fetchone()[0]
            )
            self._store_mail(int(number), mail)
        return int(number)

    def integrity(self) -> str:
        with self._errors():
            return str(self._db.execute("PRAGMA integrity_check").fetchone()[0])


def _check_is_sqlite(path: Path) -> None:
    try:
        with path.open("rb") as handle:
            header = handle.read(len(_HEADER))
    except OSError as error:
        raise LedgerError(f"cannot read the ledger {path}: {error.strerror}") from None
    # An empty file is a database nobody has written yet (SQLite's own view):
    # another foitrack may have created it a moment ago.
    if header and header != _HEADER:
        raise LedgerError(
            f"{path} is not a SQLite database, so not a foitrack ledger; name a .toml file "
            "for a TOML ledger, or another path"
        )


def _create_private(path: Path) -> bool:
    """Create the file 0600; False when another process created it first."""
    path.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
    try:
        os.close(os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600))
    except FileExistsError:
        return False
    return True
