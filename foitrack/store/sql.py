"""The SQL every SQL ledger shares: schema, queries, row codecs, the cached index.

SQLite and PostgreSQL (psycopg 3, ``%s`` parameters) use it, each with its
own :class:`Dialect` and migrations folder. Nothing here
opens a connection or knows a driver's errors: a backend runs the statements
and translates its driver's errors into the project's (``core.errors``).

The schema is the numbered files in ``migrations/<dialect>/``, each moving it
one version forward (never edit a shipped one). Each request row caches its
index (:mod:`foitrack.store.index`) in columns named after the read models'
fields, so the daily check is an indexed query; :func:`cached` is the one
projection from derived state to those columns, and the ``decode_*``
functions the one place a stored value is checked: a value no foitrack wrote
(a hand edit, a bad restore; SQLite's columns are loosely typed) is reported
there as damage, never met later as a ``TypeError`` in a command.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass
from datetime import date
from itertools import chain
from typing import TYPE_CHECKING, Any

from foitrack.core.errors import DAMAGE, damaged
from foitrack.core.regimes import REGIMES
from foitrack.core.status import Status
from foitrack.store.base import Query, Request, last_event
from foitrack.store.index import Listed, ReportRow, Watch

if TYPE_CHECKING:
    from foitrack.core.events import Event
    from foitrack.core.lifecycle import RequestState, Summary


@dataclass(frozen=True, slots=True)
class Dialect:
    """What differs between SQL databases in the statements foitrack runs."""

    #: The migrations folder under ``foitrack/store/migrations``.
    name: str
    #: The parameter placeholder (the DB-API paramstyle: ``?`` or ``%s``).
    mark: str
    #: A condition with one parameter: the request's tags (JSON text) hold it.
    has_tag: str
    #: The range of an integer column: an id outside it is in no ledger.
    smallest: int = -(2**63)
    largest: int = 2**63 - 1


SQLITE = Dialect(
    name="sqlite",
    mark="?",
    has_tag="EXISTS (SELECT 1 FROM json_each(request.tags) WHERE value = ?)",
)
POSTGRESQL = Dialect(
    name="postgresql",
    mark="%s",
    has_tag="request.tags::jsonb @> jsonb_build_array(%s::text)",
)

#: The number of the last migration file of every dialect (a test checks
#: the files): compared on every open, so not read from the folder then.
SCHEMA_VERSION = 10
_MIGRATION = re.compile(r"(\d{4})_[a-z0-9_]+\.sql")


def migrations(dialect: Dialect) -> list[str]:
    """The schema's scripts, in order: the first makes version 1."""
    from importlib.resources import files

    folder = files("foitrack.store").joinpath("migrations", dialect.name)
    found = sorted(
        (int(match[1]), entry.read_text(encoding="utf-8"))
        for entry in folder.iterdir()
        if (match := _MIGRATION.fullmatch(entry.name))
    )
    if [number for number, _ in found] != list(range(1, SCHEMA_VERSION + 1)):
        raise RuntimeError(f"the {dialect.name} migrations are not numbered 1 to {SCHEMA_VERSION}")
    return [script for _, script in found]


def statements(script: str) -> list[str]:
    """A migration's statements (no ``;`` inside a statement in these files)."""
    return [s.strip() for s in script.split(";") if s.strip()]


# --- the records -----------------------------------------------------------------

REQUEST_COLUMNS = (
    "id", "authority", "title", "regime", "sent", "received", "campaign", "their_ref", "tags",
    "body", "assignee", "added_by",
)  # fmt: skip
EVENT_COLUMNS = (
    "type", "date", "outcome", "exemptions", "until", "window", "ref", "note", "removed",
    "document", "actor",
)  # fmt: skip
#: The event columns as SQL names (WINDOW is a reserved word in PostgreSQL).
_EVENT_NAMES = ", ".join(f'"{name}"' if name == "window" else name for name in EVENT_COLUMNS)
#: watch_until of a request that waits open-ended (an overdue response): a far
#: date rather than NULL, so "watch_until >= today" is one index range.
OPEN_ENDED = "9999-12-31"


def request_values(request: Request) -> tuple[Any, ...]:
    """A request's columns, in :data:`REQUEST_COLUMNS` order."""
    return (
        request.id,
        request.authority,
        request.title,
        request.regime,
        request.sent.isoformat(),
        request.received.isoformat(),
        request.campaign,
        request.their_ref,
        json.dumps(list(request.tags), ensure_ascii=False),
        request.body,
        request.assignee,
        request.added_by,
    )


def event_values(event: Event) -> tuple[Any, ...]:
    """An event's columns, in :data:`EVENT_COLUMNS` order."""
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
        event.actor,
    )


def _tags(text: str) -> tuple[str, ...]:
    if text == "[]":
        return ()
    tags = json.loads(text)
    if not isinstance(tags, list) or not all(isinstance(t, str) for t in tags):
        raise ValueError(f"tags {text!r} is not a list of strings")
    return tuple(tags)


def _day(value: Any) -> date:
    if type(value) is not str or len(value) != 10:
        raise ValueError(f"{value!r} is not a date like 2025-03-10")
    return date.fromisoformat(value)


# --- the index, cached in each request's row ---------------------------------

#: A read model's field kept in a column of another name.
COLUMN_OF = {"due": "due_date"}
#: The cached columns, all written by one UPDATE (:func:`cached` fills each).
CACHE_COLUMNS = (
    "status", "status_until", "status_after", "outcome", "deadlines", "watch_until",
    "due_date", "long_overdue", "review_request_by", "review_response_due", "regulator_by",
    "tribunal_by", "fee_lapses", "review_request_last", "counted_from", "answered",
    "first_outcome", "review_asked", "review_outcome", "complained", "cited", "last_event",
    "deleted",
)  # fmt: skip


def columns(model: type[tuple[Any, ...]]) -> str:
    """The SELECT list of a read model: a column per field, in field order."""
    fields: tuple[str, ...] = model._fields  # type: ignore[attr-defined]
    return ", ".join(COLUMN_OF.get(name, name) for name in fields)


def cached(request: Request, state: RequestState) -> dict[str, Any]:
    """The cached columns of ``request`` in ``state``, by name."""
    summary = state.summary()
    projected = {**Watch.of(request, summary)._asdict(), **ReportRow.of(request, state)._asdict()}
    values = {
        COLUMN_OF.get(name, name): value
        for name, value in projected.items()
        if name not in REQUEST_COLUMNS
    }
    values["deadlines"] = json.dumps({k: v.isoformat() for k, v in summary.dates.items()})
    values["watch_until"] = summary.watch_until.isoformat() if summary.watch_until else OPEN_ENDED
    values["last_event"] = last_event(request)
    values["deleted"] = deleted.isoformat() if (deleted := request.deleted) else None
    return values


class Statements:
    """The statements of one dialect, built once."""

    def __init__(self, dialect: Dialect) -> None:
        self.dialect = dialect
        mark = dialect.mark
        self.insert_request = (
            f"INSERT INTO request ({', '.join(REQUEST_COLUMNS)}) "
            f"VALUES ({', '.join([mark] * len(REQUEST_COLUMNS))})"
        )
        self.update_request = (
            "UPDATE request SET "
            + ", ".join(f"{name} = {mark}" for name in REQUEST_COLUMNS[1:])
            + f" WHERE id = {mark}"
        )
        self.insert_event = (
            f"INSERT INTO event (request_id, position, {_EVENT_NAMES}) "
            f"VALUES ({', '.join([mark] * (len(EVENT_COLUMNS) + 2))})"
        )
        self.select_events = f"SELECT request_id, {_EVENT_NAMES} FROM event"
        self.delete_events = f"DELETE FROM event WHERE request_id = {mark}"
        self.update_cache = (
            "UPDATE request SET "
            + ", ".join(f"{name} = {mark}" for name in CACHE_COLUMNS)
            + f" WHERE id = {mark}"
        )
        self.upsert_authority = (
            f"INSERT INTO authority (id, record) VALUES ({mark}, {mark}) "
            "ON CONFLICT (id) DO UPDATE SET record = excluded.record"
        )
        self.upsert_group = (
            f"INSERT INTO authority_group (name, members) VALUES ({mark}, {mark}) "
            "ON CONFLICT (name) DO UPDATE SET members = excluded.members"
        )
        self.upsert_digest = (
            "INSERT INTO digest (day, recipient, subject, sent_at) "
            f"VALUES ({mark}, {mark}, {mark}, {mark}) ON CONFLICT (day, recipient) "
            "DO UPDATE SET subject = excluded.subject, sent_at = excluded.sent_at"
        )
        self.upsert_fingerprint = (
            f"INSERT INTO meta (key, value) VALUES ('fingerprint', {mark}) "
            "ON CONFLICT (key) DO UPDATE SET value = excluded.value"
        )
        self.upsert_mail = (
            "INSERT INTO mail (number, message_id, digest, status, request_id, record) "
            f"VALUES ({', '.join([mark] * 6)}) ON CONFLICT (number) DO UPDATE SET "
            "message_id = excluded.message_id, digest = excluded.digest, "
            "status = excluded.status, request_id = excluded.request_id, record = excluded.record"
        )
        self.select_mail = "SELECT number, record FROM mail"
        self.mail_with_status = f"{self.select_mail} WHERE status = {mark}"
        self.select_cursor = f"SELECT value FROM mail_cursor WHERE source = {mark}"
        self.upsert_cursor = (
            f"INSERT INTO mail_cursor (source, value) VALUES ({mark}, {mark}) "
            "ON CONFLICT (source) DO UPDATE SET value = excluded.value"
        )

    def cache_values(self, request: Request, state: RequestState) -> tuple[Any, ...]:
        values = cached(request, state)
        return (*(values[name] for name in CACHE_COLUMNS), request.id)

    def where(self, query: Query | None) -> tuple[str, list[Any]]:
        """A WHERE clause (or nothing) and its parameters for ``query``."""
        mark = self.dialect.mark
        clauses: list[str] = []
        params: list[Any] = []
        if query is None or not query.with_deleted:
            clauses.append("deleted IS NULL")
        if query is not None:
            if query.ids is not None:
                # An id the database cannot hold is in no ledger (and must not overflow).
                ids = [i for i in query.ids if self.dialect.smallest <= i <= self.dialect.largest]
                clauses.append(f"id IN ({','.join([mark] * len(ids))})" if ids else "0 = 1")
                params.extend(ids)
            if query.authorities is not None:
                names = query.authorities
                clauses.append(
                    f"authority IN ({','.join([mark] * len(names))})" if names else "0 = 1"
                )
                params.extend(names)
            if query.campaign is not None:
                clauses.append(f"campaign = {mark}")
                params.append(query.campaign)
            if query.tag is not None:
                clauses.append(self.dialect.has_tag)
                params.append(query.tag)
            if query.assignees is not None:
                clauses.append(self._assigned(query.assignees, params))
            if query.title is not None:
                clauses.append(f"title = {mark}")
                params.append(query.title)
            if query.sent is not None:
                clauses.append(f"sent = {mark}")
                params.append(query.sent.isoformat())
        return (" WHERE " + " AND ".join(clauses) if clauses else ""), params

    def _assigned(self, assignees: tuple[str | None, ...], params: list[Any]) -> str:
        """The condition "assigned to one of ``assignees``" (None: to nobody)."""
        names = [name for name in assignees if name is not None]
        either = [f"assignee IN ({','.join([self.dialect.mark] * len(names))})"] if names else []
        if None in assignees:
            either.append("assignee IS NULL")
        params.extend(names)
        return "(" + " OR ".join(either) + ")" if either else "0 = 1"

    def watching(self, where: str, params: list[Any], day: date) -> str:
        """``where`` narrowed to requests that can need the user on ``day``.

        A request closed since ``day`` may have been open on it: those whose
        events run past the day are read too, to be derived again.
        """
        mark = self.dialect.mark
        params.extend((day.isoformat(), day.isoformat()))
        joined = " AND " if where else " WHERE "
        return f"{where}{joined}(watch_until >= {mark} OR last_event > {mark})"


# --- decoding: the one place a stored value is checked -------------------------


_TEXT_TYPES = {str, type(None)}
_STATUSES = frozenset(str(s) for s in Status)


def _text(values: Sequence[Any]) -> bool:
    return set(map(type, values)) <= _TEXT_TYPES


def _whole(values: Sequence[Any]) -> bool:
    return set(map(type, values)) <= {int}


def _status(values: Sequence[Any]) -> bool:
    return set(values) <= _STATUSES


def _status_or_none(values: Sequence[Any]) -> bool:
    return set(values) - {None} <= _STATUSES


def _regime(values: Sequence[Any]) -> bool:
    # A regime's calendar and rules are looked up by its code.
    return set(values) <= REGIMES.keys()


class _Dates:
    """Checks dates as ISO text, remembering the good ones: a ledger's rows
    share a few thousand dates, so each is parsed once a read."""

    def __init__(self) -> None:
        self.good: set[str] = set()

    def __call__(self, values: Iterable[Any]) -> bool:
        for value in set(values) - self.good:
            if value is None:
                continue
            try:
                _day(value)
            except DAMAGE:
                return False
            self.good.add(value)
        return True

    def deadlines(self, values: Sequence[Any]) -> bool:
        return (
            set(map(type, values)) <= {dict}
            and set(map(type, chain.from_iterable(values))) <= {str}
            and self(chain.from_iterable(v.values() for v in values))
        )


def _tag_lists(values: Sequence[Any]) -> bool:
    return set(map(type, values)) <= {tuple}


_DATE_FIELDS = frozenset(
    {
        "sent", "received", "counted_from", "status_until", "due", "long_overdue",
        "review_request_by", "review_response_due", "regulator_by", "tribunal_by",
        "fee_lapses", "review_request_last", "answered", "review_asked",
    }
)  # fmt: skip
_KINDS: dict[str, Callable[[Sequence[Any]], bool]] = {
    "id": _whole,
    "complained": _whole,
    "status": _status,
    "status_after": _status_or_none,
    "regime": _regime,
    "tags": _tag_lists,
}


class Decoder:
    """Rows of one read model from a cursor, checked a batch at a time.

    Checking a batch column by column costs a few per cent of reading it; a
    batch that fails is gone through again row by row to name the request.
    ``trailing``: columns after the model's (the query's own), left out.
    """

    def __init__(self, model: type[tuple[Any, ...]], where: str, *, trailing: int = 0) -> None:
        self.model = model
        self.where = where
        fields: tuple[str, ...] = model._fields  # type: ignore[attr-defined]
        dates = _Dates()
        kinds: dict[str, Callable[[Sequence[Any]], bool]] = {
            **_KINDS,
            **dict.fromkeys(_DATE_FIELDS, dates),
            "deadlines": dates.deadlines,
        }
        self.kinds = [(i, name, kinds.get(name, _text)) for i, name in enumerate(fields)]
        make: Callable[[Sequence[Any]], Any] = model._make  # type: ignore[attr-defined]
        if model is Listed:
            make = _listed
        self.make = make
        #: The model's columns of a row that has ``trailing`` ones after them.
        self.width = len(fields) if trailing else None

    def rows(self, batches: Iterator[Sequence[Sequence[Any]]]) -> Iterator[Any]:
        for batch in batches:
            yield from self.batch(batch)

    def batch(self, rows: Sequence[Sequence[Any]]) -> list[Any]:
        make, width = self.make, self.width
        if width is not None:
            rows = [row[:width] for row in rows]
        try:
            made = [make(row) for row in rows]
            if made:
                columns = list(zip(*made, strict=True))
                for index, name, check in self.kinds:
                    if not check(columns[index]):
                        raise ValueError(name)
        except DAMAGE:
            self._name_the_damage(rows)
            raise
        return made

    def _name_the_damage(self, rows: Sequence[Sequence[Any]]) -> None:
        for row in rows:
            try:
                made = self.make(row)
            except DAMAGE as error:
                raise damaged(f"request {row[0]} in {self.where}", error) from None
            for index, name, check in self.kinds:
                if not check([made[index]]):
                    raise damaged(
                        f"request {row[0]} in {self.where}",
                        ValueError(f"{COLUMN_OF.get(name, name)} is {made[index]!r}"),
                    )


_DEADLINES = Listed._fields.index("deadlines")
_TAGS = Listed._fields.index("tags")


def _listed(row: Sequence[Any]) -> Listed:
    values = list(row)
    deadlines = json.loads(values[_DEADLINES])
    if not isinstance(deadlines, dict):
        raise ValueError(f"deadlines {values[_DEADLINES]!r} is not a JSON object")
    values[_DEADLINES] = deadlines
    values[_TAGS] = _tags(values[_TAGS])
    return Listed._make(values)


def decode_request(row: Sequence[Any], events: tuple[Event, ...], where: str) -> Request:
    """A request from its :data:`REQUEST_COLUMNS`."""
    try:
        values = dict(zip(REQUEST_COLUMNS, row, strict=True))
        return Request(
            id=_checked_id(values["id"]),
            authority=_checked_text(values["authority"]),
            title=_checked_text(values["title"]),
            regime=_checked_text(values["regime"]),
            sent=_day(values["sent"]),
            received=_day(values["received"]),
            campaign=_optional_text(values["campaign"]),
            their_ref=_optional_text(values["their_ref"]),
            tags=_tags(values["tags"]),
            body=_optional_text(values["body"]),
            events=events,
            assignee=_optional_text(values["assignee"]),
            added_by=_optional_text(values["added_by"]),
        )
    except DAMAGE as error:
        raise damaged(f"request {row[0]} in {where}", error) from None


def decode_event(row: Sequence[Any], where: str) -> Event:
    """An event from ``request_id`` and its :data:`EVENT_COLUMNS`."""
    from foitrack.store.rows import event

    try:
        return event(*row[1:])
    except DAMAGE as error:
        raise damaged(f"an event of request {row[0]} in {where}", error) from None


def decode_summary(request_id: int, values: Sequence[Any], where: str) -> Summary:
    """A cached state from status, status_until, status_after, outcome,
    deadlines and watch_until."""
    from foitrack.store.rows import summary

    status, until, after, outcome, deadlines, watch = values
    try:
        return summary(
            status, until, after, outcome, deadlines, None if watch == OPEN_ENDED else watch
        )
    except DAMAGE as error:
        raise damaged(f"request {request_id} in {where}", error) from None


def _checked_id(value: Any) -> int:
    # A damaged schema can leave the id an ordinary column, NULL in every row.
    if type(value) is not int:
        raise TypeError(f"the id {value!r} is not a whole number")
    return value


def _checked_text(value: Any) -> str:
    if type(value) is not str:
        raise TypeError(f"{value!r} is not text")
    return value


def _optional_text(value: Any) -> str | None:
    return None if value is None else _checked_text(value)
