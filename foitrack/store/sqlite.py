"""The SQLite ledger: the default, one file, safe under kills and concurrent use.

WAL mode with a busy timeout; one ``BEGIN IMMEDIATE`` transaction per command;
the schema versioned with ``PRAGMA user_version`` and migrated forward by the
numbered files in ``migrations/sqlite``. Each request row caches its index
(:mod:`foitrack.store.index`), keyed by the calendar's fingerprint, so the
daily check is an indexed query. The SQL itself is shared
(:mod:`foitrack.store.sql`); what is SQLite's own is here: opening the file,
the pragmas, and saying SQLite's errors in the project's words.
"""

from __future__ import annotations

import heapq
import json
import os
import sqlite3
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import replace
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any

from foitrack.authorities import Authority
from foitrack.core.errors import DAMAGE, LedgerError, OperationFailed, damaged
from foitrack.store.base import (
    Contents,
    Deriver,
    Digest,
    LedgerBusy,
    Mail,
    Query,
    Request,
    UnknownRequest,
)
from foitrack.store.index import Deriving, Listed, ReportRow, Watch, watched
from foitrack.store.location import Location
from foitrack.store.sql import (
    REQUEST_COLUMNS,
    SCHEMA_VERSION,
    SQLITE,
    Decoder,
    Statements,
    columns,
    decode_event,
    decode_request,
    decode_summary,
    event_values,
    migrations,
    request_values,
    statements,
)

if TYPE_CHECKING:
    from foitrack.core.events import Event
    from foitrack.core.lifecycle import Summary

_HEADER = b"SQLite format 3\x00"
_SQL = Statements(SQLITE)
#: Rows decoded (and checked) at a time.
_BATCH = 2000
#: Ids read in one query (SQLite allows 32766 parameters; this stays far below).
_IDS = 500


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


class SqliteStore:
    def __init__(self, location: Location, deriver: Deriver, *, create: bool = False) -> None:
        path = location.file_for("a SQLite ledger")
        self.location = location
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
            self._db = sqlite3.connect(path, timeout=10, isolation_level=None)
        finally:
            os.umask(old_umask)
        try:
            self._db.execute("PRAGMA busy_timeout = 10000")
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
                self._db.execute("PRAGMA journal_mode = WAL")
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

    def _rollback(self) -> None:
        try:
            if self._db.in_transaction:
                self._db.execute("ROLLBACK")
        except sqlite3.Error:
            pass  # SQLite rolled back by itself (a full disk, a failed write)

    def close(self) -> None:
        self._db.close()

    # --- requests ----------------------------------------------------------------

    def requests(self, query: Query | None = None) -> Iterator[Request]:
        where, params = _SQL.where(query)
        with self._errors():
            rows = self._db.execute(
                f"SELECT {', '.join(REQUEST_COLUMNS)} FROM request{where} ORDER BY id", params
            ).fetchall()
            events = self._events([row[0] for row in rows]) if rows else {}
            place = str(self.location)
            for row in rows:
                yield decode_request(row, events.get(row[0], ()), place)

    def _events(self, ids: list[int]) -> dict[int, tuple[Event, ...]]:
        result: dict[int, list[Event]] = {}
        if len(ids) > _IDS:
            cursor = self._db.execute(f"{_SQL.select_events} ORDER BY request_id, position")
        else:
            marks = ",".join("?" * len(ids))
            cursor = self._db.execute(
                f"{_SQL.select_events} WHERE request_id IN ({marks}) ORDER BY request_id, position",
                ids,
            )
        place = str(self.location)
        for row in cursor:
            result.setdefault(row[0], []).append(decode_event(row, place))
        return {key: tuple(value) for key, value in result.items()}

    def get(self, request_id: int) -> Request:
        for request in self.requests(Query(ids=(request_id,), with_deleted=True)):
            return request
        raise UnknownRequest(f"no request {request_id} in {self.location}: see 'foitrack list'")

    def _later(self, ids: list[int]) -> Iterator[Query]:
        """Queries for requests whose events run past the day asked about: their
        cached index is as of their last event, so they are derived again
        (rare: only a --today earlier than the latest event asks for it)."""
        for start in range(0, len(ids), _IDS):
            yield Query(ids=tuple(ids[start : start + _IDS]))

    def summaries(
        self,
        query: Query | None = None,
        *,
        watching: date | None = None,
        as_of: date | None = None,
    ) -> Iterator[tuple[Request, Summary]]:
        where, params = _SQL.where(query)
        if watching is not None:
            where = _SQL.watching(where, params, watching)
        point = watching or as_of
        day = point.isoformat() if point else None
        place = str(self.location)
        with self._errors():
            cursor = self._db.execute(
                f"SELECT {', '.join(REQUEST_COLUMNS)}, status, status_until, status_after, "
                f"outcome, deadlines, watch_until, last_event FROM request{where} ORDER BY id",
                params,
            )
            for row in cursor.fetchall() if day else cursor:
                *record, status, until, after, outcome, deadlines, watch, last = row
                if point and day and last is not None and last > day:
                    [(request, state)] = self._derived.summaries(
                        Query(ids=(record[0],)), as_of=point
                    )
                    if watching is None or watched(state, point):
                        yield request, state
                    continue
                yield (
                    decode_request(record, (), place),
                    decode_summary(
                        record[0], (status, until, after, outcome, deadlines, watch), place
                    ),
                )

    def _index(
        self,
        model: type[Any],
        derive: Callable[[Query, date], Iterator[Any]],
        query: Query | None,
        day: date | None,
        *,
        watching: bool = False,
        order: str = "",
    ) -> Iterator[Any]:
        """A read model's rows from the cached index, as on ``day``.

        A request whose events run past ``day`` has an index as of its last
        event: it is derived again (``derive``), and put in its place by id
        (rare: only a --today earlier than the latest event asks for it).
        """
        where, params = _SQL.where(query)
        if watching and day is not None:
            where = _SQL.watching(where, params, day)
        cursor = self._db.execute(
            f"SELECT {columns(model)}, last_event FROM request{where}{order}", params
        )
        decoder = Decoder(model, str(self.location), trailing=1)
        iso = day.isoformat() if day is not None else None
        for batch in iter(lambda: cursor.fetchmany(_BATCH), []):
            if iso is None or max(filter(None, [row[-1] for row in batch]), default="") <= iso:
                yield from decoder.batch(batch)
                continue
            assert day is not None
            current = [row for row in batch if row[-1] is None or row[-1] <= iso]
            later = [row[0] for row in batch if row[-1] is not None and row[-1] > iso]
            derived = (row for ids in self._later(later) for row in derive(ids, day))
            yield from heapq.merge(decoder.batch(current), derived, key=lambda row: row.id)

    def watchlist(self, query: Query | None, today: date) -> Iterator[Watch]:
        with self._errors():
            yield from self._index(Watch, self._derived.watchlist, query, today, watching=True)

    def listing(self, query: Query | None = None, *, as_of: date | None = None) -> Iterator[Listed]:
        def derive(ids: Query, day: date) -> Iterator[Listed]:
            return self._derived.listing(ids, as_of=day)

        with self._errors():
            yield from self._index(Listed, derive, query, as_of, order=" ORDER BY id")

    def report_rows(
        self, query: Query | None = None, *, as_of: date | None = None
    ) -> Iterator[ReportRow]:
        def derive(ids: Query, day: date) -> Iterator[ReportRow]:
            return self._derived.report_rows(ids, as_of=day)

        with self._errors():
            yield from self._index(ReportRow, derive, query, as_of)

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

    def save(self, request: Request) -> None:
        with self.transaction(), self._errors():
            values = request_values(request)
            updated = self._db.execute(_SQL.update_request, (*values[1:], request.id)).rowcount
            if not updated:
                raise UnknownRequest(f"no request {request.id} in {self.location}")
            self._db.execute("DELETE FROM event WHERE request_id = ?", (request.id,))
            self._write_events(request)
            self._write_cache(request)

    def _write_events(self, request: Request) -> None:
        self._db.executemany(
            _SQL.insert_event,
            [
                (request.id, position, *event_values(event))
                for position, event in enumerate(request.events, start=1)
            ],
        )

    def _write_cache(self, request: Request) -> None:
        self._db.execute(_SQL.update_cache, _SQL.cache_values(request, self._deriver(request)))

    # --- authorities, groups, digests -------------------------------------------

    def authorities(self) -> list[Authority]:
        with self._errors():
            records = [json.loads(r[0]) for r in self._db.execute("SELECT record FROM authority")]
        if not records:
            return []  # the usual case, and the daily check need not load the codec
        from foitrack.store.codec import decode

        contents, problems = decode({"authority": records})
        if problems:
            raise LedgerError(f"{self.location} holds a damaged authority: {problems[0]}")
        return contents.authorities

    def save_authority(self, authority: Authority) -> None:
        with self.transaction(), self._errors():
            record = json.dumps(authority.to_record(), ensure_ascii=False)
            self._db.execute(_SQL.upsert_authority, (authority.id, record))

    def groups(self) -> dict[str, tuple[str, ...]]:
        with self._errors():
            groups = {
                name: tuple(json.loads(members))
                for name, members in self._db.execute("SELECT name, members FROM authority_group")
            }
            if not all(isinstance(m, str) for ms in groups.values() for m in ms):
                raise ValueError("a group's members are not authority ids")
            return groups

    def save_group(self, name: str, members: Sequence[str]) -> None:
        with self.transaction(), self._errors():
            self._db.execute(_SQL.upsert_group, (name, json.dumps(list(members))))

    def digests(self) -> list[Digest]:
        with self._errors():
            return [
                Digest(date.fromisoformat(day), recipient, subject, sent_at)
                for day, recipient, subject, sent_at in self._db.execute(
                    "SELECT day, recipient, subject, sent_at FROM digest ORDER BY day, recipient"
                )
            ]

    def record_digest(self, digest: Digest) -> None:
        with self.transaction(), self._errors():
            self._db.execute(
                _SQL.upsert_digest,
                (digest.day.isoformat(), digest.recipient, digest.subject, digest.sent_at),
            )

    # --- the mail loop (issue 18) ------------------------------------------------

    def mail(self, *, status: str | None = None) -> list[Mail]:
        from foitrack.store.codec import decode_mail

        where, params = ("WHERE status = ?", [status]) if status else ("", [])
        problems: list[Any] = []
        result = []
        with self._errors():
            for number, record in self._db.execute(
                f"SELECT number, record FROM mail {where} ORDER BY number", params
            ):
                mail = decode_mail(json.loads(record), f"mail {number}", problems)
                if mail is None:
                    raise LedgerError(f"{self.location} holds a damaged message: {problems[0]}")
                result.append(mail)
        return result

    def save_mail(self, mail: Mail) -> int:
        from foitrack.store.codec import encode_mail

        with self.transaction():
            number = (
                mail.number
                or self._db.execute("SELECT coalesce(max(number), 0) + 1 FROM mail").fetchone()[0]
            )
            stored = replace(mail, number=number)
            self._db.execute(
                "INSERT OR REPLACE INTO mail (number, message_id, digest, status, request_id, "
                "record) VALUES (?,?,?,?,?,?)",
                (
                    number,
                    mail.message_id,
                    mail.digest,
                    mail.status,
                    mail.request_id,
                    json.dumps(encode_mail(stored), ensure_ascii=False),
                ),
            )
        return int(number)

    def waiting_mail(self) -> int:
        with self._errors():
            row = self._db.execute("SELECT count(*) FROM mail WHERE status = 'proposed'")
            return int(row.fetchone()[0])

    def cursor(self, source: str) -> str | None:
        with self._errors():
            row = self._db.execute("SELECT value FROM mail_cursor WHERE source = ?", (source,))
            found = row.fetchone()
        return None if found is None else str(found[0])

    def save_cursor(self, source: str, value: str) -> None:
        with self.transaction():
            self._db.execute(
                "INSERT OR REPLACE INTO mail_cursor (source, value) VALUES (?, ?)", (source, value)
            )

    def _cursors(self) -> dict[str, str]:
        with self._errors():
            return dict(self._db.execute("SELECT source, value FROM mail_cursor ORDER BY source"))

    def contents(self) -> Contents:
        return Contents(
            requests=list(self.requests(Query(with_deleted=True))),
            authorities=self.authorities(),
            groups=self.groups(),
            digests=self.digests(),
            mail=self.mail(),
            cursors=self._cursors(),
        )

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
