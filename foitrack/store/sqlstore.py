"""What every SQL ledger does the same way, whatever its driver.

:class:`SqlStore` reads and writes the records and the cached index with the
statements of :mod:`foitrack.store.sql`; a backend (SQLite, PostgreSQL)
subclasses it with its connection, its transactions, how new ids are made and
how its driver's errors are said in the project's words (``_errors``).
Both drivers' connections run ``execute(sql, params)`` and return a cursor
that iterates, ``fetchone``, ``fetchall`` and ``fetchmany``.
"""

from __future__ import annotations

import heapq
import json
from collections.abc import Callable, Iterator, Sequence
from contextlib import AbstractContextManager
from datetime import date
from typing import TYPE_CHECKING, Any

from foitrack.core.errors import LedgerError
from foitrack.store.base import (
    Contents,
    Deriver,
    Digest,
    Mail,
    Query,
    Request,
    UnknownRequest,
)
from foitrack.store.index import Deriving, Listed, ReportRow, Watch, watched
from foitrack.store.sql import (
    REQUEST_COLUMNS,
    Decoder,
    Statements,
    columns,
    decode_event,
    decode_request,
    decode_summary,
    event_values,
)

if TYPE_CHECKING:
    from foitrack.authorities import Authority
    from foitrack.core.events import Event
    from foitrack.core.lifecycle import Summary
    from foitrack.store.location import Location

#: Rows decoded (and checked) at a time.
BATCH = 2000
#: Ids read in one query (far below SQLite's 32766 and PostgreSQL's 65535 parameters).
IDS = 500


class SqlStore:
    """The records and the cached index of a SQL ledger (see the module)."""

    location: Location
    _sql: Statements
    _db: Any
    _deriver: Deriver
    _derived: Deriving

    # --- what each backend provides ----------------------------------------------

    def _errors(self) -> AbstractContextManager[None]:
        """Around everything that reads or writes: the driver's errors, and
        values no foitrack wrote, in the project's words."""
        raise NotImplementedError

    def transaction(self) -> AbstractContextManager[None]:
        raise NotImplementedError

    def _executemany(self, statement: str, rows: Sequence[Sequence[Any]]) -> None:
        raise NotImplementedError

    def _locked(self) -> str:
        """What a read of one request for writing adds (PostgreSQL: FOR UPDATE)."""
        return ""

    # --- requests ----------------------------------------------------------------

    def requests(self, query: Query | None = None) -> Iterator[Request]:
        return self._requests(query, "")

    def _requests(self, query: Query | None, lock: str) -> Iterator[Request]:
        where, params = self._sql.where(query)
        with self._errors():
            rows = self._db.execute(
                f"SELECT {', '.join(REQUEST_COLUMNS)} FROM request{where} ORDER BY id{lock}",
                params,
            ).fetchall()
            events = self._events([row[0] for row in rows]) if rows else {}
            place = str(self.location)
            for row in rows:
                yield decode_request(row, events.get(row[0], ()), place)

    def _events(self, ids: list[int]) -> dict[int, tuple[Event, ...]]:
        result: dict[int, list[Event]] = {}
        if len(ids) > IDS:
            cursor = self._db.execute(f"{self._sql.select_events} ORDER BY request_id, position")
        else:
            marks = ",".join([self._sql.dialect.mark] * len(ids))
            cursor = self._db.execute(
                f"{self._sql.select_events} WHERE request_id IN ({marks}) "
                "ORDER BY request_id, position",
                ids,
            )
        place = str(self.location)
        for row in cursor:
            result.setdefault(row[0], []).append(decode_event(row, place))
        return {key: tuple(value) for key, value in result.items()}

    def get(self, request_id: int) -> Request:
        query = Query(ids=(request_id,), with_deleted=True)
        for request in self._requests(query, self._locked()):
            return request
        raise UnknownRequest(f"no request {request_id} in {self.location}: see 'foitrack list'")

    def _later(self, ids: list[int]) -> Iterator[Query]:
        """Queries for requests whose events run past the day asked about: their
        cached index is as of their last event, so they are derived again
        (rare: only a --today earlier than the latest event asks for it)."""
        for start in range(0, len(ids), IDS):
            yield Query(ids=tuple(ids[start : start + IDS]))

    def summaries(
        self,
        query: Query | None = None,
        *,
        watching: date | None = None,
        as_of: date | None = None,
    ) -> Iterator[tuple[Request, Summary]]:
        where, params = self._sql.where(query)
        if watching is not None:
            where = self._sql.watching(where, params, watching)
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
        where, params = self._sql.where(query)
        if watching and day is not None:
            where = self._sql.watching(where, params, day)
        cursor = self._db.execute(
            f"SELECT {columns(model)}, last_event FROM request{where}{order}", params
        )
        decoder = Decoder(model, str(self.location), trailing=1)
        iso = day.isoformat() if day is not None else None
        for batch in iter(lambda: cursor.fetchmany(BATCH), []):
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

    def save(self, request: Request) -> None:
        from foitrack.store.sql import request_values

        with self.transaction(), self._errors():
            values = request_values(request)
            updated = self._db.execute(self._sql.update_request, (*values[1:], request.id)).rowcount
            if not updated:
                raise UnknownRequest(f"no request {request.id} in {self.location}")
            self._db.execute(self._sql.delete_events, (request.id,))
            self._write_events(request)
            self._write_cache(request)

    def _write_events(self, request: Request) -> None:
        rows = [
            (request.id, position, *event_values(event))
            for position, event in enumerate(request.events, start=1)
        ]
        if rows:
            self._executemany(self._sql.insert_event, rows)

    def _write_cache(self, request: Request) -> None:
        self._db.execute(
            self._sql.update_cache, self._sql.cache_values(request, self._deriver(request))
        )

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
            self._db.execute(self._sql.upsert_authority, (authority.id, record))

    def groups(self) -> dict[str, tuple[str, ...]]:
        with self._errors():
            groups = {
                name: tuple(json.loads(members))
                for name, members in self._db.execute(
                    "SELECT name, members FROM authority_group ORDER BY name"
                )
            }
            if not all(isinstance(m, str) for ms in groups.values() for m in ms):
                raise ValueError("a group's members are not authority ids")
            return groups

    def save_group(self, name: str, members: Sequence[str]) -> None:
        with self.transaction(), self._errors():
            self._db.execute(self._sql.upsert_group, (name, json.dumps(list(members))))

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
                self._sql.upsert_digest,
                (digest.day.isoformat(), digest.recipient, digest.subject, digest.sent_at),
            )

    # --- the mail loop (issue 18) ------------------------------------------------

    def mail(self, *, status: str | None = None) -> list[Mail]:
        from foitrack.store.codec import decode_mail

        statement, params = (
            (self._sql.mail_with_status, [status]) if status else (self._sql.select_mail, [])
        )
        problems: list[Any] = []
        result = []
        with self._errors():
            for number, record in self._db.execute(f"{statement} ORDER BY number", params):
                mail = decode_mail(json.loads(record), f"mail {number}", problems)
                if mail is None:
                    raise LedgerError(f"{self.location} holds a damaged message: {problems[0]}")
                result.append(mail)
        return result

    def _store_mail(self, number: int, mail: Mail) -> None:
        from dataclasses import replace

        from foitrack.store.codec import encode_mail

        stored = replace(mail, number=number)
        self._db.execute(
            self._sql.upsert_mail,
            (
                number,
                mail.message_id,
                mail.digest,
                mail.status,
                mail.request_id,
                json.dumps(encode_mail(stored), ensure_ascii=False),
            ),
        )

    def waiting_mail(self) -> int:
        with self._errors():
            row = self._db.execute("SELECT count(*) FROM mail WHERE status = 'proposed'")
            return int(row.fetchone()[0])

    def cursor(self, source: str) -> str | None:
        with self._errors():
            found = self._db.execute(self._sql.select_cursor, (source,)).fetchone()
        return None if found is None else str(found[0])

    def save_cursor(self, source: str, value: str) -> None:
        with self.transaction(), self._errors():
            self._db.execute(self._sql.upsert_cursor, (source, value))

    def _cursors(self) -> dict[str, str]:
        with self._errors():
            rows = self._db.execute("SELECT source, value FROM mail_cursor ORDER BY source")
            return {source: value for source, value in rows}

    def contents(self) -> Contents:
        return Contents(
            requests=list(self.requests(Query(with_deleted=True))),
            authorities=self.authorities(),
            groups=self.groups(),
            digests=self.digests(),
            mail=self.mail(),
            cursors=self._cursors(),
        )
