"""The PostgreSQL ledger: one database a team shares (``postgresql://`` URLs).

psycopg 3, imported only when a URL ledger is opened (the daily check on a
SQLite ledger never pays for it). The SQL is shared with SQLite
(:mod:`foitrack.store.sql`, run by :mod:`foitrack.store.sqlstore`); what is
PostgreSQL's own is here:

- the connection: the URL passes every libpq parameter through (``sslmode``,
  ``sslrootcert``, ``options=-c statement_timeout=...``); the password comes
  from the URL, ``PGPASSWORD``, ``~/.pgpass`` (libpq reads both) or, only
  when the server asks for one none of those gave, the config's
  ``password_command``;
- the schema: the numbered files in ``migrations/postgresql``, all pending
  ones run in one transaction under an advisory lock, the version kept in
  ``meta``; a newer schema is refused;
- concurrency: one transaction per command; ids from the identity columns'
  sequences; a request read for writing is locked (``SELECT ... FOR
  UPDATE``); named advisory locks for jobs two desks must not both run
  (:meth:`PostgresStore.exclusive`); a deadlock or serialization failure in a
  write the store runs alone is retried;
- faults said in one line, with the password masked: server down, login
  refused, TLS refused, connection lost, statement timeout. A fault leaves
  nothing half-written: the transaction rolls back.
"""

from __future__ import annotations

import os
import time
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import replace
from typing import TYPE_CHECKING, Any, TypeVar

from foitrack.core.errors import DAMAGE, LedgerError, OperationFailed, damaged
from foitrack.store.base import Deriver, LedgerBusy, Mail, Query, Request, SameRequest
from foitrack.store.index import Deriving
from foitrack.store.location import Location
from foitrack.store.sql import (
    POSTGRESQL,
    REQUEST_COLUMNS,
    SCHEMA_VERSION,
    Statements,
    migrations,
    request_values,
    statements,
)
from foitrack.store.sqlstore import SqlStore

if TYPE_CHECKING:
    import psycopg

_SQL = Statements(POSTGRESQL)
#: The unique index of (authority, title, sent) of the requests not deleted,
#: and the schema version that makes it.
SAME = "request_same"
SAME_FROM = 10
#: A request the unique index ``request_same`` (migration 10) finds already
#: there is not inserted (no row comes back): the store names it after.
_SAME = "ON CONFLICT (authority, title, sent) WHERE deleted IS NULL DO NOTHING"
#: The deleted column is written with the row, so that a deleted request
#: (an import's) is no duplicate of a live one even for a moment.
_INSERT_NEW = (
    f"INSERT INTO request ({', '.join(REQUEST_COLUMNS[1:])}, deleted) "
    f"VALUES ({', '.join(['%s'] * len(REQUEST_COLUMNS))}) {_SAME} RETURNING id"
)
_INSERT_GIVEN = (
    f"INSERT INTO request ({', '.join(REQUEST_COLUMNS)}, deleted) "
    f"VALUES ({', '.join(['%s'] * (len(REQUEST_COLUMNS) + 1))}) {_SAME} RETURNING id"
)
_RESET_IDS = (
    "SELECT setval(pg_get_serial_sequence('request', 'id'), "
    "greatest((SELECT max(id) FROM request), 1))"
)
#: The first key of foitrack's advisory locks ("FOIT"); the second names the job.
LOCK_CLASS = 0x464F4954
LOCKS = {"migrate": 1, "remind": 2, "inbox": 3, "send": 4}
#: Where a server ledger keeps its mail tag key (a ledger file keeps it in its folder).
MAIL_KEY = "mail-key"
#: How often a write the store runs alone is tried when the server breaks a
#: deadlock or a serialization conflict by cancelling it.
ATTEMPTS = 4
#: Seconds to wait for the server when the URL does not say (connect_timeout).
CONNECT_TIMEOUT = 10

T = TypeVar("T")


def _psycopg() -> Any:
    try:
        import psycopg
    except ImportError:
        raise OperationFailed(
            "a PostgreSQL ledger needs psycopg: pip install 'psycopg[binary]>=3.1'"
        ) from None
    return psycopg


def _first_line(error: BaseException) -> str:
    text = str(error).strip()
    return text.splitlines()[0].strip() if text else type(error).__name__


def connect(location: Location, password_command: str | None = None) -> psycopg.Connection[Any]:
    """A connection in autocommit (transactions are explicit), or the fault in one line."""
    psycopg = _psycopg()
    from psycopg.conninfo import conninfo_to_dict

    assert location.url is not None
    try:
        given = conninfo_to_dict(location.url)
    except psycopg.ProgrammingError as error:
        raise LedgerError(f"the ledger URL {location} is not valid: {_first_line(error)}") from None
    extra: dict[str, Any] = {"autocommit": True, "application_name": "foitrack"}
    if "connect_timeout" not in given and "PGCONNECT_TIMEOUT" not in os.environ:
        extra["connect_timeout"] = CONNECT_TIMEOUT
    try:
        return psycopg.connect(location.url, **extra)  # type: ignore[no-any-return]
    except psycopg.OperationalError as error:
        if password_command and _wants_password(error):
            from foitrack.config import secret_from_command

            password = secret_from_command(password_command, "ledger.password_command")
            try:
                return psycopg.connect(  # type: ignore[no-any-return]
                    location.url, password=password, **extra
                )
            except psycopg.OperationalError as again:
                raise OperationFailed(refused(again, location, password)) from None
        raise OperationFailed(refused(error, location, None)) from None


def _wants_password(error: Exception) -> bool:
    return "no password supplied" in str(error)


def refused(error: Exception, location: Location, secret: str | None) -> str:
    """Why connecting failed, in one line saying what to check."""
    text = str(error)
    lower = text.lower()
    place = f"the PostgreSQL ledger {location}"
    if "password" in lower or "authentication failed" in lower or "28p01" in lower:
        said = (
            f"{place} refused the login ({_first_line(error)}): check the user and the "
            "password (in the URL, PGPASSWORD, ~/.pgpass or the config's "
            "ledger.password_command)"
        )
    elif "ssl" in lower or "tls" in lower or "certificate" in lower:
        said = (
            f"no TLS connection to {place} ({_first_line(error)}): check sslmode (and "
            "sslrootcert) in the URL and the server's TLS settings"
        )
    elif "database" in lower and "does not exist" in lower:
        said = (
            f"{place} names a database that does not exist: create it first (see the "
            "README's 'Team ledger')"
        )
    elif "role" in lower and "does not exist" in lower:
        said = f"{place} names a role that does not exist: check the user in the URL"
    elif "no pg_hba.conf entry" in lower:
        said = (
            f"{place} does not let this host, user or database in (pg_hba.conf): ask the "
            "database's administrator, or check sslmode"
        )
    else:
        said = (
            f"cannot reach the PostgreSQL server of {location} ({_first_line(error)}): "
            "check that it is running and that the host and port are right"
        )
    return mask(said, location, secret)


def mask(text: str, location: Location, secret: str | None = None) -> str:
    """``text`` with the URL's password (and ``secret``) never shown."""
    from psycopg.conninfo import conninfo_to_dict

    assert location.url is not None
    try:
        password = conninfo_to_dict(location.url).get("password")
    except Exception:
        password = None
    for hidden in (password, secret, os.environ.get("PGPASSWORD")):
        if hidden:
            text = text.replace(str(hidden), "***")
    return text


class PostgresStore(SqlStore):
    def __init__(
        self,
        location: Location,
        deriver: Deriver,
        *,
        create: bool = False,
    ) -> None:
        self.location = location
        self._sql = _SQL
        self._deriver = deriver
        self._derived = Deriving(self, deriver)
        self._in_transaction = False
        #: A server ledger is never taken back by a command that fails.
        self.created = False
        #: Whether this process made the schema (``init`` says so).
        self.started = False
        self._psycopg = _psycopg()
        self._db = connect(location, location.password_command)
        try:
            with self._errors():
                version = self._version()
            if version == 0 and not create:
                raise LedgerError(
                    f"no ledger at {location}: run 'foitrack init', or add a request to start one"
                )
            if version > SCHEMA_VERSION:
                raise LedgerError(
                    f"{location} was written by a newer foitrack (schema {version}); "
                    "upgrade foitrack"
                )
            if version < SCHEMA_VERSION:
                self.started = self._migrate() == 0
            self._refresh_if_calendar_changed()
        except BaseException:
            self._db.close()
            raise

    # --- housekeeping ----------------------------------------------------------

    @contextmanager
    def _errors(self) -> Iterator[None]:
        try:
            yield
        except self._psycopg.Error as error:
            raise self._said(error) from None
        except DAMAGE as error:
            raise damaged(str(self.location), error) from None

    @contextmanager
    def _driver_errors(self) -> Iterator[None]:
        try:
            yield
        except self._psycopg.Error as error:
            raise self._said(error) from None

    def _said(self, error: Exception) -> Exception:
        errors = self._psycopg.errors
        place = f"the PostgreSQL ledger {self.location}"
        if isinstance(error, errors.QueryCanceled):
            said: Exception = OperationFailed(
                f"{place} cancelled a statement that ran too long (statement_timeout): nothing "
                "was changed; run the command again, or raise the timeout"
            )
        elif isinstance(error, errors.SerializationFailure | errors.DeadlockDetected):
            said = LedgerBusy(
                f"{place} is busy: another foitrack is writing the same requests; "
                "nothing was changed; try again"
            )
        elif isinstance(error, errors.LockNotAvailable):
            said = LedgerBusy(f"{place} is busy: another foitrack holds a lock; try again")
        elif isinstance(error, errors.UniqueViolation) and error.diag.constraint_name == SAME:
            said = LedgerError(
                f"{place} already has a request to that authority with this title and sent "
                "date (another desk's, just written): nothing was changed"
            )
        elif isinstance(error, errors.InsufficientPrivilege):
            said = OperationFailed(
                f"{place} refused: {_first_line(error)}; the role needs SELECT, INSERT, "
                "UPDATE and DELETE on foitrack's tables (see the README's 'Team ledger')"
            )
        elif "NUL" in str(error) or "0x00" in str(error):
            said = LedgerError(
                f"{place} cannot keep the NUL character (\\x00) in text: remove it and try again"
            )
        elif isinstance(error, self._psycopg.OperationalError) or self._db.closed:
            said = OperationFailed(
                f"lost the connection to {place} ({_first_line(error)}): nothing was changed "
                "(the transaction rolled back); check the server and the network, then run "
                "the command again"
            )
        else:
            said = LedgerError(
                f"{place} cannot be read: {_first_line(error)}; run 'foitrack doctor'"
            )
        said.args = (mask(str(said), self.location),)
        return said

    def _version(self) -> int:
        meta, request = self._db.execute(
            "SELECT to_regclass('meta') IS NOT NULL, to_regclass('request') IS NOT NULL"
        ).fetchone()
        if not meta:
            if request:
                raise LedgerError(
                    f"{self.location} is a PostgreSQL database but not a foitrack ledger"
                )
            return 0
        row = self._db.execute("SELECT value FROM meta WHERE key = 'schema'").fetchone()
        if row is None:
            raise LedgerError(f"{self.location} is a PostgreSQL database but not a foitrack ledger")
        return int(row[0])

    def _migrate(self) -> int:
        # All pending migrations in one transaction, under an advisory lock, the
        # version read again under it: two desks opening a new ledger at once
        # must not both create its tables.
        scripts = migrations(POSTGRESQL)
        with self.transaction(), self._errors():
            self._db.execute("SELECT pg_advisory_xact_lock(%s, %s)", (LOCK_CLASS, LOCKS["migrate"]))
            version = self._version()
            if version > SCHEMA_VERSION:
                raise LedgerError(
                    f"{self.location} was written by a newer foitrack (schema {version}); "
                    "upgrade foitrack"
                )
            for number in range(version, SCHEMA_VERSION):
                if number + 1 == SAME_FROM:
                    self._refuse_twins()
                for statement in statements(scripts[number]):
                    self._db.execute(statement)
            self._db.execute(
                "INSERT INTO meta (key, value) VALUES ('schema', %s) "
                "ON CONFLICT (key) DO UPDATE SET value = excluded.value",
                (str(SCHEMA_VERSION),),
            )
        return version

    def _refuse_twins(self) -> None:
        """Before the unique index is made: requests already there that
        duplicate each other (added by an older foitrack) are named, and
        nothing is migrated (the transaction rolls back)."""
        rows = self._db.execute(
            "SELECT authority, array_agg(id ORDER BY id) FROM request WHERE deleted IS NULL "
            "GROUP BY authority, title, sent HAVING count(*) > 1 ORDER BY min(id)"
        ).fetchall()
        if not rows:
            return
        named = [f"{' and '.join(map(str, ids))} to {authority}" for authority, ids in rows[:3]]
        more = f" and {len(rows) - 3} more" if len(rows) > 3 else ""
        raise LedgerError(
            f"{self.location} holds requests that duplicate each other (same authority, "
            f"title and sent date): {'; '.join(named)}{more}; this foitrack refuses "
            "duplicates, so nothing was changed: with the foitrack that wrote them, "
            "'foitrack delete ID' the extra ones (or 'foitrack edit ID --title ...' to tell "
            "them apart), then run this one again"
        )

    def _refresh_if_calendar_changed(self) -> None:
        """Recompute every cached state when a bank holiday or the rules changed."""
        fingerprint = self._deriver.fingerprint
        with self._errors():
            row = self._db.execute("SELECT value FROM meta WHERE key = 'fingerprint'").fetchone()
        if row is not None and row[0] == fingerprint:
            return
        with self.transaction(), self._errors():
            for request in list(self.requests(Query(with_deleted=True))):
                self._write_cache(request)
            self._db.execute(_SQL.upsert_fingerprint, (fingerprint,))

    @contextmanager
    def transaction(self) -> Iterator[None]:
        if self._in_transaction:
            yield
            return
        self._in_transaction = True
        try:
            with self._driver_errors(), self._db.transaction():
                yield
        finally:
            self._in_transaction = False

    def _locked(self) -> str:
        return " FOR UPDATE" if self._in_transaction else ""

    def _retried(self, write: Callable[[], T]) -> T:
        """``write`` in its own transaction, tried again when the server cancelled
        it to break a deadlock or a serialization conflict (nothing was written)."""
        if self._in_transaction:
            return write()
        for attempt in range(1, ATTEMPTS + 1):
            try:
                with self.transaction():
                    return write()
            except LedgerBusy:
                if attempt == ATTEMPTS:
                    raise
                time.sleep(0.05 * attempt)
        raise AssertionError("unreachable")

    @contextmanager
    def exclusive(self, job: str, timeout: float, busy: Callable[[], Exception]) -> Iterator[None]:
        """Hold the ledger-wide advisory lock of ``job`` (``remind``, ``inbox``),
        waiting up to ``timeout`` seconds: a second desk's same job waits, then
        finds the first one's work done. The server frees it if we die."""
        key = (LOCK_CLASS, LOCKS[job])
        deadline = time.monotonic() + timeout
        with self._errors():
            while not self._db.execute("SELECT pg_try_advisory_lock(%s, %s)", key).fetchone()[0]:
                if time.monotonic() > deadline:
                    raise busy()
                time.sleep(0.05)
        try:
            yield
        finally:
            if not self._db.closed:
                with self._errors():
                    self._db.execute("SELECT pg_advisory_unlock(%s, %s)", key)

    def close(self) -> None:
        self._db.close()

    def _executemany(self, statement: str, rows: Sequence[Sequence[Any]]) -> None:
        with self._db.cursor() as cursor:
            cursor.executemany(statement, rows)

    # --- what is PostgreSQL's own ----------------------------------------------

    def add(self, requests: Sequence[Request]) -> list[int]:
        def write() -> list[int]:
            ids: list[int] = []
            chosen = False  # an id was given (an import): the sequence moves past it
            same: list[Request] = []  # already there: the unique index said so
            for request in requests:
                deleted = request.deleted.isoformat() if request.deleted else None
                if request.id:
                    try:
                        with self._db.transaction():  # a savepoint: the duplicate is said
                            row = self._db.execute(
                                _INSERT_GIVEN, (*request_values(request), deleted)
                            ).fetchone()
                    except self._psycopg.errors.UniqueViolation:
                        raise LedgerError(
                            f"request {request.id} is already in the ledger"
                        ) from None
                    chosen = True
                else:
                    if chosen:
                        self._db.execute(_RESET_IDS)
                        chosen = False
                    values = (*request_values(request)[1:], deleted)
                    row = self._db.execute(_INSERT_NEW, values).fetchone()
                if row is None:
                    same.append(request)
                    continue
                stored = replace(request, id=int(row[0]))
                self._write_events(stored)
                self._write_cache(stored)
                ids.append(stored.id)
            if same:
                raise SameRequest(self._same(same, ids))
            if chosen:
                self._db.execute(_RESET_IDS)
            return ids

        with self._errors():
            return self._retried(write)

    def _same(self, requests: Sequence[Request], ours: Sequence[int]) -> list[tuple[int, str]]:
        """The requests already there that ``requests`` would duplicate (read
        after the index refused them: those another desk has just added)."""
        keys = [(r.authority, r.title, r.sent.isoformat()) for r in requests]
        rows = self._db.execute(
            "SELECT id, authority FROM request WHERE deleted IS NULL AND (authority, title, sent) "
            f"IN (VALUES {', '.join(['(%s, %s, %s)'] * len(keys))}) ORDER BY id",
            [value for key in keys for value in key],
        ).fetchall()
        found = [(int(i), str(a)) for i, a in rows]
        return [(i, a) for i, a in found if i not in ours] or found

    def save(self, request: Request) -> None:
        with self._errors():
            self._retried(lambda: SqlStore.save(self, request))

    def save_mail(self, mail: Mail) -> int:
        def write() -> int:
            number = mail.number or int(
                self._db.execute(
                    "SELECT nextval(pg_get_serial_sequence('mail', 'number'))"
                ).fetchone()[0]
            )
            self._store_mail(number, mail)
            if mail.number:
                self._db.execute(
                    "SELECT setval(pg_get_serial_sequence('mail', 'number'), "
                    "greatest((SELECT max(number) FROM mail), 1))"
                )
            return number

        with self._errors():
            return self._retried(write)

    def integrity(self) -> str:
        with self._errors():
            [orphans] = self._db.execute(
                "SELECT count(*) FROM event WHERE request_id NOT IN (SELECT id FROM request)"
            ).fetchone()
        return "ok" if orphans == 0 else f"{orphans} events belong to no request"

    # --- documents: kept in the ledger, as there is no folder beside it ----------

    def keep_document(self, request_id: int, name: str, data: bytes) -> str:
        """Keep ``data`` as request ``request_id``'s document ``name``: the path
        to record (``12/response.pdf``; ``response-2.pdf`` beside a different
        one of that name; the same one again is kept once)."""
        from pathlib import PurePosixPath

        plain = PurePosixPath(name)
        with self.transaction(), self._errors():
            candidate, number = f"{request_id}/{plain.name}", 1
            while True:
                row = self._db.execute(
                    "SELECT data FROM document WHERE path = %s", (candidate,)
                ).fetchone()
                if row is None:
                    self._db.execute(
                        "INSERT INTO document (path, data) VALUES (%s, %s)", (candidate, data)
                    )
                    return candidate
                if bytes(row[0]) == data:
                    return candidate
                number += 1
                candidate = f"{request_id}/{plain.stem}-{number}{plain.suffix}"

    def keep_at(self, path: str, data: bytes) -> None:
        """Keep ``data`` at ``path`` unless something is there already (a raw
        message is kept by its hash: the same bytes again are the same file)."""
        with self.transaction(), self._errors():
            self._db.execute(
                "INSERT INTO document (path, data) VALUES (%s, %s) ON CONFLICT (path) DO NOTHING",
                (path, data),
            )

    def mail_key(self) -> bytes:
        """The ledger's mail tag key, made on first use (the same for every desk)."""
        import secrets

        self.keep_at(MAIL_KEY, secrets.token_bytes(32))
        found = self.document(MAIL_KEY)
        assert found is not None
        return found

    def document(self, path: str) -> bytes | None:
        """A kept document's bytes, or None."""
        with self._errors():
            row = self._db.execute("SELECT data FROM document WHERE path = %s", (path,)).fetchone()
        return None if row is None else bytes(row[0])

    # --- for doctor -------------------------------------------------------------

    def server(self) -> dict[str, Any]:
        """What ``doctor`` reports of the connection and the role."""
        info = self._db.info
        with self._errors():
            superuser, createdb, createrole = self._db.execute(
                "SELECT rolsuper, rolcreatedb, rolcreaterole FROM pg_roles "
                "WHERE rolname = current_user"
            ).fetchone()
            version = self._version()
            server_tls = self._db.execute(
                "SELECT coalesce((SELECT ssl FROM pg_stat_ssl WHERE pid = pg_backend_pid()), false)"
            ).fetchone()[0]
        # This desk's own leg counts (a TLS front such as a pooler or a load
        # balancer ends the encryption before the server sees it).
        tls = bool(server_tls) or bool(self._db.pgconn.ssl_in_use)
        return {
            "server_version": info.server_version,
            "user": info.user,
            "tls": tls,
            # "prefer" is libpq's default when the URL does not say.
            "sslmode": info.get_parameters().get("sslmode", "prefer"),
            "schema": version,
            "superuser": bool(superuser),
            "createdb": bool(createdb),
            "createrole": bool(createrole),
        }
