"""The SQLite ledger: the default, one file, safe under kills and concurrent use.

WAL mode with a busy timeout; one ``BEGIN IMMEDIATE`` transaction per command;
the schema versioned with ``PRAGMA user_version`` and migrated forward. Each
request row caches its derived state (status timeline, deadlines), keyed by
the calendar's fingerprint, so the daily check is an indexed query.
"""

from __future__ import annotations

import json
import os
import sqlite3
from collections.abc import Iterator, Sequence
from contextlib import AbstractContextManager, contextmanager
from dataclasses import replace
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any

from foitrack.authorities import Authority
from foitrack.core.errors import LedgerError, OperationFailed, reading
from foitrack.store.base import (
    Contents,
    Deriver,
    Digest,
    LedgerBusy,
    Listed,
    Mail,
    Query,
    ReportRow,
    Request,
    UnknownRequest,
    Watch,
    as_of,
    last_event,
)

if TYPE_CHECKING:
    from foitrack.core.events import Event
    from foitrack.core.lifecycle import Summary

#: Each entry moves the schema one version forward; never edit a shipped one.
MIGRATIONS: tuple[str, ...] = (
    # 1: requests, events, the user's authorities and groups.
    """
    CREATE TABLE request (
        id INTEGER PRIMARY KEY,
        authority TEXT NOT NULL,
        title TEXT NOT NULL,
        regime TEXT NOT NULL,
        sent TEXT NOT NULL,
        received TEXT NOT NULL,
        campaign TEXT,
        their_ref TEXT,
        tags TEXT NOT NULL DEFAULT '[]',
        body TEXT
    );
    CREATE INDEX request_authority ON request(authority);
    CREATE INDEX request_campaign ON request(campaign);
    CREATE TABLE event (
        request_id INTEGER NOT NULL REFERENCES request(id),
        position INTEGER NOT NULL,
        type TEXT NOT NULL,
        date TEXT NOT NULL,
        outcome TEXT,
        exemptions TEXT NOT NULL DEFAULT '[]',
        until TEXT,
        window TEXT,
        ref TEXT,
        note TEXT,
        removed TEXT,
        PRIMARY KEY (request_id, position)
    ) WITHOUT ROWID;
    CREATE TABLE authority (id TEXT PRIMARY KEY, record TEXT NOT NULL);
    CREATE TABLE authority_group (name TEXT PRIMARY KEY, members TEXT NOT NULL);
    CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
    """,
    # 2: each request's derived state, cached for the daily check; the digests sent.
    """
    ALTER TABLE request ADD COLUMN status TEXT;
    ALTER TABLE request ADD COLUMN status_until TEXT;
    ALTER TABLE request ADD COLUMN status_after TEXT;
    ALTER TABLE request ADD COLUMN outcome TEXT;
    ALTER TABLE request ADD COLUMN deadlines TEXT NOT NULL DEFAULT '{}';
    ALTER TABLE request ADD COLUMN watch_until TEXT;
    CREATE INDEX request_watch ON request(watch_until);
    CREATE TABLE digest (
        day TEXT NOT NULL,
        recipient TEXT NOT NULL,
        subject TEXT NOT NULL,
        sent_at TEXT NOT NULL,
        PRIMARY KEY (day, recipient)
    );
    DELETE FROM meta WHERE key = 'fingerprint';
    """,
    # 3: open-ended requests watched until a far date rather than NULL, so the
    # daily check's "watch_until >= today" is one index range, not a table scan.
    # The dates the daily check reads, as columns (no JSON to parse per row).
    """
    UPDATE request SET watch_until = '9999-12-31' WHERE watch_until IS NULL;
    ALTER TABLE request ADD COLUMN due_date TEXT;
    ALTER TABLE request ADD COLUMN long_overdue TEXT;
    ALTER TABLE request ADD COLUMN review_request_by TEXT;
    ALTER TABLE request ADD COLUMN review_response_due TEXT;
    ALTER TABLE request ADD COLUMN regulator_by TEXT;
    ALTER TABLE request ADD COLUMN tribunal_by TEXT;
    DELETE FROM meta WHERE key = 'fingerprint';
    """,
    # 4: where a response's letter is kept.
    """
    ALTER TABLE event ADD COLUMN document TEXT;
    """,
    # 5: what the reports read, cached beside the daily check's columns, and an
    # index holding all of them so a report reads it alone, not the wide rows.
    """
    ALTER TABLE request ADD COLUMN counted_from TEXT;
    ALTER TABLE request ADD COLUMN answered TEXT;
    ALTER TABLE request ADD COLUMN first_outcome TEXT;
    ALTER TABLE request ADD COLUMN review_asked TEXT;
    ALTER TABLE request ADD COLUMN review_outcome TEXT;
    ALTER TABLE request ADD COLUMN complained INTEGER NOT NULL DEFAULT 0;
    ALTER TABLE request ADD COLUMN cited TEXT NOT NULL DEFAULT '';
    CREATE INDEX request_report ON request(
        campaign, authority, id, title, regime, received, counted_from, due_date,
        long_overdue, status, status_until, status_after, answered, first_outcome,
        review_asked, review_outcome, complained, cited
    );
    DELETE FROM meta WHERE key = 'fingerprint';
    """,
    # 6: the last day to pay a fee (the daily check lists it), the later of two
    # review windows, and each request's latest event, so a state asked for on
    # an earlier day (--today) is derived again without what came after.
    """
    ALTER TABLE request ADD COLUMN fee_lapses TEXT;
    ALTER TABLE request ADD COLUMN review_request_last TEXT;
    ALTER TABLE request ADD COLUMN last_event TEXT;
    CREATE INDEX request_last_event ON request(last_event);
    DELETE FROM meta WHERE key = 'fingerprint';
    """,
    # 7: requests deleted as added by mistake (the day, from their 'deleted'
    # event), left out of every query but get and export; the reports' index
    # holds the column too, so it still answers a report alone.
    """
    ALTER TABLE request ADD COLUMN deleted TEXT;
    DROP INDEX request_report;
    CREATE INDEX request_report ON request(
        campaign, authority, id, title, regime, received, counted_from, due_date,
        long_overdue, status, status_until, status_after, answered, first_outcome,
        review_asked, review_outcome, complained, cited, deleted
    );
    UPDATE request SET deleted = (
        SELECT max(date) FROM event
        WHERE event.request_id = request.id AND type = 'deleted' AND removed IS NULL
    );
    """,
    # 8: the mail loop (issue 18): each message sent or read, whole as a JSON
    # record, with the columns it is looked up by; where each source was left.
    """
    CREATE TABLE mail (
        number INTEGER PRIMARY KEY,
        message_id TEXT NOT NULL,
        digest TEXT NOT NULL,
        status TEXT NOT NULL,
        request_id INTEGER,
        record TEXT NOT NULL
    );
    CREATE INDEX mail_message_id ON mail(message_id);
    CREATE INDEX mail_digest ON mail(digest);
    CREATE INDEX mail_status ON mail(status);
    CREATE TABLE mail_cursor (source TEXT PRIMARY KEY, value TEXT NOT NULL);
    """,
)
#: watch_until of a request that waits open-ended (an overdue response).
_OPEN_ENDED = "9999-12-31"
SCHEMA_VERSION = len(MIGRATIONS)
_HEADER = b"SQLite format 3\x00"
_REQUEST_COLUMNS = "id, authority, title, regime, sent, received, campaign, their_ref, tags, body"
_SUMMARY_COLUMNS = "status, status_until, status_after, outcome, deadlines, watch_until"


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
    def __init__(self, path: Path, deriver: Deriver, *, create: bool = False) -> None:
        self.path = str(path)
        self._deriver = deriver
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
            with self._reading():
                self._refresh_if_calendar_changed()
        except sqlite3.OperationalError as error:
            self._db.close()
            told = honest(error, self.path)
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

    def _has_tables(self) -> bool:
        return self._db.execute("SELECT count(*) FROM sqlite_master").fetchone()[0] > 0

    def _version(self) -> int:
        return int(self._db.execute("PRAGMA user_version").fetchone()[0])

    def _migrate(self) -> None:
        # Under the write lock, and reading the version again: two foitracks
        # opening a new ledger at once must not both create its tables.
        with self.transaction():
            version = self._version()
            if version == 0 and self._has_tables():
                raise LedgerError(f"{self.path} is a SQLite database but not a foitrack ledger")
            for number in range(version, SCHEMA_VERSION):
                for statement in MIGRATIONS[number].split(";"):
                    if statement.strip():
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
                self._write_summary(request)
            self._db.execute(
                "INSERT OR REPLACE INTO meta (key, value) VALUES ('fingerprint', ?)",
                (fingerprint,),
            )

    @contextmanager
    def transaction(self) -> Iterator[None]:
        if self._in_transaction:
            yield
            return
        from foitrack.files import refuse_read_only

        refuse_read_only(Path(self.path))
        try:
            if not self._wal:
                # Switched on the first write, not on opening: a command that only
                # reads (or stops at bad input) leaves the file's bytes as they were.
                self._db.execute("PRAGMA journal_mode = WAL")
                self._wal = True
            self._db.execute("BEGIN IMMEDIATE")
        except sqlite3.OperationalError as error:
            if "locked" in str(error) or "busy" in str(error):
                raise LedgerBusy(
                    f"the ledger {self.path} is busy: another foitrack is writing it; try again"
                ) from None
            raise honest(error, self.path) from None
        self._in_transaction = True
        try:
            yield
            self._db.execute("COMMIT")
        except sqlite3.OperationalError as error:
            self._rollback()
            raise honest(error, self.path) from None
        except BaseException:
            self._rollback()
            raise
        finally:
            self._in_transaction = False

    def _rollback(self) -> None:
        if self._db.in_transaction:
            self._db.execute("ROLLBACK")

    def close(self) -> None:
        self._db.close()

    def _reading(self) -> AbstractContextManager[None]:
        """A value SQLite hands back intact but foitrack cannot read is damage."""
        return reading(self.path)

    # --- requests ----------------------------------------------------------------

    def _where(self, query: Query | None) -> tuple[str, list[Any]]:
        clauses: list[str] = []
        params: list[Any] = []
        if query is None or not query.with_deleted:
            clauses.append("deleted IS NULL")
        if query is not None:
            if query.ids is not None:
                # An id SQLite cannot hold is in no ledger (and must not overflow).
                ids = [i for i in query.ids if -(2**63) <= i < 2**63]
                clauses.append(f"id IN ({','.join('?' * len(ids))})")
                params.extend(ids)
            if query.authorities is not None:
                clauses.append(f"authority IN ({','.join('?' * len(query.authorities))})")
                params.extend(query.authorities)
            if query.campaign is not None:
                clauses.append("campaign = ?")
                params.append(query.campaign)
            if query.tag is not None:
                clauses.append("EXISTS (SELECT 1 FROM json_each(request.tags) WHERE value = ?)")
                params.append(query.tag)
        return (" WHERE " + " AND ".join(clauses) if clauses else ""), params

    def requests(self, query: Query | None = None) -> Iterator[Request]:
        where, params = self._where(query)
        with self._reading():
            rows = self._db.execute(
                f"SELECT {_REQUEST_COLUMNS} FROM request{where} ORDER BY id", params
            ).fetchall()
            events = self._events([row[0] for row in rows]) if rows else {}
            for row in rows:
                yield _request(row, events.get(row[0], ()))

    def _events(self, ids: list[int]) -> dict[int, tuple[Event, ...]]:
        result: dict[int, list[Event]] = {}
        if len(ids) > 500:
            cursor = self._db.execute(
                "SELECT request_id, type, date, outcome, exemptions, until, window, ref, note, "
                "removed, document FROM event ORDER BY request_id, position"
            )
        else:
            cursor = self._db.execute(
                "SELECT request_id, type, date, outcome, exemptions, until, window, ref, note, "
                f"removed, document FROM event WHERE request_id IN ({','.join('?' * len(ids))}) "
                "ORDER BY request_id, position",
                ids,
            )
        from foitrack.store.rows import event

        with self._reading():
            for row in cursor:
                result.setdefault(row[0], []).append(event(*row[1:]))
        return {key: tuple(value) for key, value in result.items()}

    def get(self, request_id: int) -> Request:
        for request in self.requests(Query(ids=(request_id,), with_deleted=True)):
            return request
        raise UnknownRequest(f"no request {request_id} in {self.path}: see 'foitrack list'")

    def _as_of(self, request_id: int, day: date) -> tuple[Request, Summary]:
        """A request whose events run past ``day``, derived as it stood then
        (rare: only a --today earlier than the latest event asks for it)."""
        return self._as_of_many([request_id], day)[0]

    def _as_of_many(self, ids: list[int], day: date) -> list[tuple[Request, Summary]]:
        result = []
        for start in range(0, len(ids), 500):
            for request in self.requests(Query(ids=tuple(ids[start : start + 500]))):
                request = as_of(request, day)
                result.append((request, self._deriver(request).summary()))
        return result

    def _watching(self, where: str, params: list[Any], day: date) -> str:
        # A request closed since ``day`` may have been open on it: those whose
        # events run past the day are read too, and derived again.
        where += " AND " if where else " WHERE "
        params.extend((day.isoformat(), day.isoformat()))
        return where + "(watch_until >= ? OR last_event > ?)"

    def summaries(
        self,
        query: Query | None = None,
        *,
        watching: date | None = None,
        as_of: date | None = None,
    ) -> Iterator[tuple[Request, Summary]]:
        where, params = self._where(query)
        if watching is not None:
            where = self._watching(where, params, watching)
        cursor = self._db.execute(
            f"SELECT {_REQUEST_COLUMNS}, {_SUMMARY_COLUMNS}, last_event FROM request{where} "
            "ORDER BY id",
            params,
        )
        from foitrack.store.rows import summary

        point = watching or as_of
        day = point.isoformat() if point else None
        with self._reading():
            for row in cursor.fetchall() if day else cursor:
                if point and day and row[16] is not None and row[16] > day:
                    request, state = self._as_of(row[0], point)
                    watched = state.watch_until is None or state.watch_until >= point
                    if watching is None or watched:
                        yield replace(request, events=()), state
                    continue
                status, until, after, outcome, deadlines, watch = row[10:16]
                watch_until = None if watch == _OPEN_ENDED else watch
                yield (
                    _request(row[:10], ()),
                    summary(status, until, after, outcome, deadlines, watch_until),
                )

    def watchlist(self, query: Query | None, today: date) -> Iterator[Watch]:
        where, params = self._where(query)
        where = self._watching(where, params, today)
        cursor = self._db.execute(
            "SELECT id, authority, title, campaign, regime, status, status_until, status_after, "
            "outcome, due_date, long_overdue, review_request_by, review_response_due, "
            f"regulator_by, tribunal_by, fee_lapses, review_request_last, last_event "
            f"FROM request{where}",
            params,
        )
        iso = today.isoformat()
        make = Watch._make
        later: list[int] = []
        with self._reading():
            for row in cursor.fetchall():
                if row[17] is not None and row[17] > iso:
                    later.append(row[0])
                    continue
                yield make(row[:17])
        for request, state in self._as_of_many(later, today):
            if state.watch_until is None or state.watch_until >= today:
                yield Watch.of(request, state)

    def listing(self, query: Query | None = None, *, as_of: date | None = None) -> Iterator[Listed]:
        where, params = self._where(query)
        cursor = self._db.execute(
            "SELECT id, authority, title, campaign, regime, sent, received, status, "
            f"status_until, status_after, outcome, deadlines, their_ref, tags, last_event "
            f"FROM request{where} ORDER BY id",
            params,
        )
        loads = json.loads
        day = as_of.isoformat() if as_of else None
        with self._reading():
            for row in cursor.fetchall() if day else cursor:
                if day and row[14] is not None and row[14] > day:
                    yield Listed.of(*self._as_of(row[0], as_of))  # type: ignore[arg-type]
                    continue
                yield Listed(*row[:11], loads(row[11]), row[12], _tags(row[13]))

    def report_rows(
        self, query: Query | None = None, *, as_of: date | None = None
    ) -> Iterator[ReportRow]:
        where, params = self._where(query)
        cursor = self._db.execute(
            "SELECT id, authority, title, campaign, regime, received, counted_from, due_date, "
            "long_overdue, status, status_until, status_after, answered, first_outcome, "
            f"review_asked, review_outcome, complained, cited, last_event FROM request{where}",
            params,
        )
        make = ReportRow._make
        day = as_of.isoformat() if as_of else None
        with self._reading():
            for row in cursor.fetchall() if day else cursor:
                if day and row[18] is not None and row[18] > day:
                    request, state = self._as_of(row[0], as_of)  # type: ignore[arg-type]
                    yield ReportRow.of(request, Watch.of(request, state))
                    continue
                yield make(row[:18])

    def add(self, requests: Sequence[Request]) -> list[int]:
        ids = []
        with self.transaction():
            next_id = self._db.execute("SELECT coalesce(max(id), 0) + 1 FROM request").fetchone()[0]
            for request in requests:
                request_id = request.id or next_id
                next_id = max(next_id, request_id + 1)
                try:
                    self._db.execute(
                        f"INSERT INTO request ({_REQUEST_COLUMNS}) VALUES (?,?,?,?,?,?,?,?,?,?)",
                        (request_id, *_request_values(request)),
                    )
                except sqlite3.IntegrityError:
                    raise LedgerError(f"request {request_id} is already in the ledger") from None
                stored = _with_id(request, request_id)
                self._write_events(stored)
                self._write_summary(stored)
                ids.append(request_id)
        return ids

    def save(self, request: Request) -> None:
        with self.transaction():
            updated = self._db.execute(
                "UPDATE request SET authority=?, title=?, regime=?, sent=?, received=?, "
                "campaign=?, their_ref=?, tags=?, body=? WHERE id=?",
                (*_request_values(request), request.id),
            ).rowcount
            if not updated:
                raise UnknownRequest(f"no request {request.id} in {self.path}")
            self._db.execute("DELETE FROM event WHERE request_id = ?", (request.id,))
            self._write_events(request)
            self._write_summary(request)

    def _write_events(self, request: Request) -> None:
        self._db.executemany(
            "INSERT INTO event (request_id, position, type, date, outcome, exemptions, until, "
            "window, ref, note, removed, document) VALUES (?,?,?,?,?,?,?,?,?,?,?,?)",
            [
                (request.id, position, *_event_values(event))
                for position, event in enumerate(request.events, start=1)
            ],
        )

    def _write_summary(self, request: Request) -> None:
        summary = self._deriver(request).summary()
        watch = Watch.of(request, summary)
        report = ReportRow.of(request, watch)
        self._db.execute(
            "UPDATE request SET status=?, status_until=?, status_after=?, outcome=?, "
            "deadlines=?, watch_until=?, due_date=?, long_overdue=?, review_request_by=?, "
            "review_response_due=?, regulator_by=?, tribunal_by=?, fee_lapses=?, "
            "review_request_last=?, counted_from=?, answered=?, first_outcome=?, "
            "review_asked=?, review_outcome=?, complained=?, cited=?, last_event=?, deleted=? "
            "WHERE id=?",
            (
                watch.status,
                watch.status_until,
                watch.status_after,
                watch.outcome,
                json.dumps({k: v.isoformat() for k, v in summary.dates.items()}),
                summary.watch_until.isoformat() if summary.watch_until else _OPEN_ENDED,
                watch.due,
                watch.long_overdue,
                watch.review_request_by,
                watch.review_response_due,
                watch.regulator_by,
                watch.tribunal_by,
                watch.fee_lapses,
                watch.review_request_last,
                report.counted_from,
                report.answered,
                report.first_outcome,
                report.review_asked,
                report.review_outcome,
                report.complained,
                report.cited,
                last_event(request),
                deleted.isoformat() if (deleted := request.deleted) else None,
                request.id,
            ),
        )

    # --- authorities, groups, digests -------------------------------------------

    def authorities(self) -> list[Authority]:
        with self._reading():
            records = [json.loads(r[0]) for r in self._db.execute("SELECT record FROM authority")]
        if not records:
            return []  # the usual case, and the daily check need not load the codec
        from foitrack.store.codec import decode

        contents, problems = decode({"authority": records})
        if problems:
            raise LedgerError(f"{self.path} holds a damaged authority: {problems[0]}")
        return contents.authorities

    def save_authority(self, authority: Authority) -> None:
        with self.transaction():
            self._db.execute(
                "INSERT OR REPLACE INTO authority (id, record) VALUES (?, ?)",
                (authority.id, json.dumps(authority.to_record(), ensure_ascii=False)),
            )

    def groups(self) -> dict[str, tuple[str, ...]]:
        with self._reading():
            return {
                name: tuple(json.loads(members))
                for name, members in self._db.execute("SELECT name, members FROM authority_group")
            }

    def save_group(self, name: str, members: Sequence[str]) -> None:
        with self.transaction():
            self._db.execute(
                "INSERT OR REPLACE INTO authority_group (name, members) VALUES (?, ?)",
                (name, json.dumps(list(members))),
            )

    def digests(self) -> list[Digest]:
        with self._reading():
            return [
                Digest(date.fromisoformat(day), recipient, subject, sent_at)
                for day, recipient, subject, sent_at in self._db.execute(
                    "SELECT day, recipient, subject, sent_at FROM digest ORDER BY day, recipient"
                )
            ]

    def record_digest(self, digest: Digest) -> None:
        with self.transaction():
            self._db.execute(
                "INSERT OR REPLACE INTO digest (day, recipient, subject, sent_at) VALUES (?,?,?,?)",
                (digest.day.isoformat(), digest.recipient, digest.subject, digest.sent_at),
            )

    # --- the mail loop (issue 18) ------------------------------------------------

    def mail(self, *, status: str | None = None) -> list[Mail]:
        from foitrack.store.codec import decode_mail

        where, params = ("WHERE status = ?", [status]) if status else ("", [])
        problems: list[Any] = []
        result = []
        with self._reading():
            for number, record in self._db.execute(
                f"SELECT number, record FROM mail {where} ORDER BY number", params
            ):
                mail = decode_mail(json.loads(record), f"mail {number}", problems)
                if mail is None:
                    raise LedgerError(f"{self.path} holds a damaged message: {problems[0]}")
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
        with self._reading():
            row = self._db.execute("SELECT count(*) FROM mail WHERE status = 'proposed'")
            return int(row.fetchone()[0])

    def cursor(self, source: str) -> str | None:
        row = self._db.execute("SELECT value FROM mail_cursor WHERE source = ?", (source,))
        found = row.fetchone()
        return None if found is None else str(found[0])

    def save_cursor(self, source: str, value: str) -> None:
        with self.transaction():
            self._db.execute(
                "INSERT OR REPLACE INTO mail_cursor (source, value) VALUES (?, ?)", (source, value)
            )

    def _cursors(self) -> dict[str, str]:
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


def _with_id(request: Request, request_id: int) -> Request:
    return replace(request, id=request_id)


def _request_values(request: Request) -> tuple[Any, ...]:
    return (
        request.authority,
        request.title,
        request.regime,
        request.sent.isoformat(),
        request.received.isoformat(),
        request.campaign,
        request.their_ref,
        json.dumps(list(request.tags), ensure_ascii=False),
        request.body,
    )


def _tags(text: str) -> tuple[str, ...]:
    return () if text == "[]" else tuple(json.loads(text))


def _request(row: Sequence[Any], events: tuple[Event, ...]) -> Request:
    return Request(
        id=row[0],
        authority=row[1],
        title=row[2],
        regime=row[3],
        sent=date.fromisoformat(row[4]),
        received=date.fromisoformat(row[5]),
        campaign=row[6],
        their_ref=row[7],
        tags=_tags(row[8]),
        body=row[9],
        events=events,
    )


def _event_values(event: Event) -> tuple[Any, ...]:
    from foitrack.store.codec import encode_event

    record = encode_event(event)
    return (
        record["type"],
        record["date"],
        record.get("outcome"),
        json.dumps(record.get("exemptions", [])),
        record.get("until"),
        record.get("window"),
        event.ref,
        event.note,
        record.get("removed"),
        event.document,
    )
