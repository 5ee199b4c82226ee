"""The ledger as a document: the TOML ledger, ``export`` and ``import`` share it.

``encode`` turns :class:`Contents` into plain data (native dates for TOML,
ISO strings for JSON); ``decode`` reads it back and returns every problem it
finds, each with where it is, instead of stopping at the first.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from foitrack.authorities import NATIONS, Authority
from foitrack.core.dates import check_supported
from foitrack.core.errors import FoitrackError
from foitrack.core.events import (
    Event,
    EventType,
    Outcome,
    normalise_exemption,
    parse_window,
)
from foitrack.core.regimes import REGIMES
from foitrack.store.base import MAIL_STATUSES, Contents, Digest, Mail, Request

FORMAT_VERSION = 1

_REQUEST_KEYS = (
    "id", "authority", "title", "regime", "campaign", "sent", "received",
    "their_ref", "tags", "body", "assignee", "added_by", "event",
)  # fmt: skip
_EVENT_KEYS = (
    "type", "date", "outcome", "exemptions", "until", "window", "ref", "note", "removed",
    "document", "actor",
)  # fmt: skip


@dataclass(frozen=True, slots=True)
class Problem:
    """Something wrong in a ledger document: where, and what."""

    where: str
    message: str

    def __str__(self) -> str:
        return f"{self.where}: {self.message}"


def encode(contents: Contents, *, iso_dates: bool = False) -> dict[str, Any]:
    """Plain data in the documented ledger layout (README, "Ledger files")."""

    def day(value: date) -> Any:
        return value.isoformat() if iso_dates else value

    document: dict[str, Any] = {"version": FORMAT_VERSION}
    if contents.authorities:
        document["authority"] = [a.to_record() for a in contents.authorities]
    if contents.groups:
        document["group"] = {name: list(m) for name, m in sorted(contents.groups.items())}
    if contents.digests:
        document["digest"] = [
            {
                "day": day(d.day),
                "recipient": d.recipient,
                "subject": d.subject,
                "sent_at": d.sent_at,
            }
            for d in contents.digests
        ]
    document["request"] = [_encode_request(r, day) for r in contents.requests]
    if contents.mail:
        document["mail"] = [encode_mail(m) for m in contents.mail]
    if contents.cursors:
        document["cursor"] = dict(sorted(contents.cursors.items()))
    return document


# --- the mail loop (issue 18) ------------------------------------------------------

_MAIL_TEXT = ("direction", "message_id", "digest", "status", "sender", "subject")
_MAIL_OPTIONAL = ("date", "rule", "note", "document", "source")


def encode_mail(mail: Mail) -> dict[str, Any]:
    """A message as plain data (TOML, JSON, and the SQLite ledger's record column)."""
    record: dict[str, Any] = {"number": mail.number}
    record.update({name: getattr(mail, name) for name in _MAIL_TEXT})
    for name in _MAIL_OPTIONAL:
        if (value := getattr(mail, name)) is not None:
            record[name] = value
    if mail.request_id is not None:
        record["request_id"] = mail.request_id
    if mail.event is not None:
        # TOML has no null: absent fields of the proposed event are left out.
        record["event"] = {k: v for k, v in mail.event.items() if v is not None}
    record["confidence"] = mail.confidence
    if mail.references:
        record["references"] = list(mail.references)
    return record


def decode_mail(record: Any, where: str, problems: list[Problem]) -> Mail | None:
    reader = _Reader(record, where, problems)
    reader.unknown(
        ("number", *_MAIL_TEXT, *_MAIL_OPTIONAL, "request_id", "event", "confidence", "references")
    )
    before = len(problems)
    number = reader.record.get("number")
    if not isinstance(number, int) or isinstance(number, bool) or number < 1:
        reader.fail(f"number must be a whole number from 1, not {number!r}")
    texts = {name: reader.text(name) or "" for name in _MAIL_TEXT}
    if texts["status"] not in MAIL_STATUSES:
        reader.fail(f"status {texts['status']!r} is not one of {', '.join(MAIL_STATUSES)}")
    if texts["direction"] not in ("in", "out"):
        reader.fail(f"direction {texts['direction']!r} is not in or out")
    request_id = reader.record.get("request_id")
    if request_id is not None and (not isinstance(request_id, int) or isinstance(request_id, bool)):
        reader.fail(f"request_id must be a whole number, not {request_id!r}")
    event = reader.record.get("event")
    if event is not None and not isinstance(event, dict):
        reader.fail("event must be a table")
    confidence = reader.record.get("confidence", 0.0)
    if not isinstance(confidence, int | float) or isinstance(confidence, bool):
        reader.fail(f"confidence must be a number, not {confidence!r}")
    references = reader.strings("references")
    if len(problems) != before:
        return None
    fields: dict[str, Any] = {
        **texts,
        **{name: reader.text(name) for name in _MAIL_OPTIONAL},
    }
    return Mail(
        number=number if isinstance(number, int) else 0,
        request_id=request_id,
        event=dict(event) if event is not None else None,
        confidence=float(confidence),
        references=references,
        **fields,
    )


def _encode_request(request: Request, day: Any) -> dict[str, Any]:
    record: dict[str, Any] = {
        "id": request.id,
        "authority": request.authority,
        "title": request.title,
        "regime": request.regime,
    }
    if request.campaign is not None:
        record["campaign"] = request.campaign
    record["sent"] = day(request.sent)
    record["received"] = day(request.received)
    if request.their_ref is not None:
        record["their_ref"] = request.their_ref
    if request.tags:
        record["tags"] = list(request.tags)
    if request.body is not None:
        record["body"] = request.body
    if request.assignee is not None:
        record["assignee"] = request.assignee
    if request.added_by is not None:
        record["added_by"] = request.added_by
    if request.events:
        record["event"] = [encode_event(e, day) for e in request.events]
    return record


def encode_event(event: Event, day: Any = date.isoformat) -> dict[str, Any]:
    record: dict[str, Any] = {"type": str(event.type), "date": day(event.date)}
    if event.outcome is not None:
        record["outcome"] = str(event.outcome)
    if event.exemptions:
        record["exemptions"] = list(event.exemptions)
    if event.until is not None:
        record["until"] = day(event.until)
    if event.window is not None:
        record["window"] = str(event.window)
    for name in ("ref", "note", "document"):
        if (value := getattr(event, name)) is not None:
            record[name] = value
    if event.removed is not None:
        record["removed"] = day(event.removed)
    if event.actor is not None:
        record["actor"] = event.actor
    return record


class _Reader:
    """Reads fields of one record, noting problems instead of raising."""

    def __init__(self, record: Any, where: str, problems: list[Problem]) -> None:
        self.record = record if isinstance(record, dict) else {}
        self.where = where
        self.problems = problems
        if not isinstance(record, dict):
            self.fail(f"must be a table, not {type(record).__name__}")

    def fail(self, message: str) -> None:
        self.problems.append(Problem(self.where, message))

    def unknown(self, allowed: tuple[str, ...]) -> None:
        for key in self.record:
            if key not in allowed:
                self.fail(f"unknown key {key!r} (expected one of {', '.join(allowed)})")

    def text(self, key: str, *, required: bool = False) -> str | None:
        value = self.record.get(key)
        if value is None:
            if required:
                self.fail(f"{key} is missing")
            return None
        if not isinstance(value, str):
            self.fail(f"{key} must be a string, not {value!r}")
            return None
        if required and not value.strip():
            self.fail(f"{key} is empty")
        return value

    def name(self, key: str) -> str | None:
        """A person's name: one line, not empty (absent: None)."""
        value = self.text(key)
        if value is not None and (not value.strip() or not value.isprintable()):
            self.fail(f"{key} must be a person's name on one line, not {value!r}")
            return None
        return value

    def day(self, key: str, *, required: bool = False) -> date | None:
        value = self.record.get(key)
        if value is None:
            if required:
                self.fail(f"{key} is missing")
            return None
        if isinstance(value, str):
            try:
                value = date.fromisoformat(value)
            except ValueError:
                self.fail(f"{key} {value!r} is not a date like 2025-03-10")
                return None
        if not isinstance(value, date) or hasattr(value, "hour"):
            self.fail(f"{key} must be a date like 2025-03-10, not {value!r}")
            return None
        try:
            return check_supported(value)
        except FoitrackError as error:
            self.fail(f"{key}: {error}")
            return None

    def strings(self, key: str) -> tuple[str, ...]:
        value = self.record.get(key, [])
        if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
            self.fail(f"{key} must be a list of strings")
            return ()
        return tuple(value)


def decode(document: Any) -> tuple[Contents, list[Problem]]:
    """Read a ledger document; the problems say where each one is."""
    problems: list[Problem] = []
    contents = Contents()
    if not isinstance(document, dict):
        return contents, [Problem("the file", "must hold a table of requests")]
    version = document.get("version", FORMAT_VERSION)
    if version != FORMAT_VERSION:
        problems.append(
            Problem("version", f"{version!r} is not a ledger version this foitrack reads (1)")
        )
    for key in document:
        if key not in ("version", "authority", "group", "digest", "request", "mail", "cursor"):
            problems.append(Problem(key, "unknown key (expected request, authority, group)"))
    for index, record in enumerate(_list(document, "authority", problems)):
        authority = _decode_authority(_Reader(record, f"authority[{index}]", problems))
        if authority is not None:
            contents.authorities.append(authority)
    groups = document.get("group", {})
    if not isinstance(groups, dict):
        problems.append(Problem("group", "must be a table of name = [members]"))
        groups = {}
    for name, members in groups.items():
        if not isinstance(members, list) or not all(isinstance(m, str) for m in members):
            problems.append(Problem(f"group.{name}", "must be a list of authority ids"))
        else:
            contents.groups[name] = tuple(members)
    for index, record in enumerate(_list(document, "digest", problems)):
        reader = _Reader(record, f"digest[{index}]", problems)
        day = reader.day("day", required=True)
        recipient = reader.text("recipient", required=True)
        subject = reader.text("subject") or ""
        sent_at = reader.text("sent_at") or ""
        if day and recipient:
            contents.digests.append(Digest(day, recipient, subject, sent_at))
    seen: set[int] = set()
    for index, record in enumerate(_list(document, "request", problems)):
        request = _decode_request(record, index, problems)
        if request is None:
            continue
        if request.id in seen:
            problems.append(Problem(f"request {request.id}", "the id is used twice"))
        seen.add(request.id)
        contents.requests.append(request)
    for index, record in enumerate(_list(document, "mail", problems)):
        mail = decode_mail(record, f"mail[{index}]", problems)
        if mail is not None:
            contents.mail.append(mail)
    cursors = document.get("cursor", {})
    if not isinstance(cursors, dict) or not all(isinstance(v, str) for v in cursors.values()):
        problems.append(Problem("cursor", 'must be a table of source = "position"'))
    else:
        contents.cursors.update(cursors)
    return contents, problems


def _list(document: dict[str, Any], key: str, problems: list[Problem]) -> list[Any]:
    value = document.get(key, [])
    if not isinstance(value, list):
        problems.append(Problem(key, f"must be a list ([[{key}]] tables)"))
        return []
    return value


def _decode_authority(reader: _Reader) -> Authority | None:
    reader.unknown(("id", "name", "nation", "regime", "aliases", "email"))
    authority_id = reader.text("id", required=True)
    email = reader.text("email")
    name = reader.text("name")
    if authority_id is None:
        return None
    if name is None:  # an email recorded for a built-in authority
        return Authority(authority_id, authority_id, "uk", "foia", email=email, builtin=True)
    nation = reader.text("nation") or "uk"
    if nation not in NATIONS:
        reader.fail(f"nation {nation!r} is not one of {', '.join(NATIONS)}")
    regime = reader.text("regime") or "foia"
    if regime not in REGIMES:
        reader.fail(f"regime {regime!r} is not one of {', '.join(REGIMES)}")
    return Authority(authority_id, name, nation, regime, reader.strings("aliases"), email=email)


#: The largest request id: exact in JSON readers everywhere (2**53 - 1), and
#: far from SQLite's last integer, so the next id always fits.
MAX_ID = 2**53 - 1


def _decode_request(record: Any, index: int, problems: list[Problem]) -> Request | None:
    raw_id = record.get("id") if isinstance(record, dict) else None
    label = f"request {raw_id}" if isinstance(raw_id, int) else f"request[{index}]"
    reader = _Reader(record, label, problems)
    reader.unknown(_REQUEST_KEYS)
    before = len(problems)
    if not isinstance(raw_id, int) or isinstance(raw_id, bool) or not 1 <= raw_id <= MAX_ID:
        reader.fail(f"id must be a whole number from 1 to {MAX_ID:,}, not {raw_id!r}")
    authority = reader.text("authority", required=True)
    title = reader.text("title", required=True)
    regime = reader.text("regime", required=True)
    if regime is not None and regime not in REGIMES:
        reader.fail(f"regime {regime!r} is not one of {', '.join(REGIMES)}")
    sent = reader.day("sent", required=True)
    received = reader.day("received", required=True)
    if sent and received and received < sent:
        reader.fail(f"received {received} is before sent {sent}")
    events = []
    raw_events = record.get("event", []) if isinstance(record, dict) else []
    if not isinstance(raw_events, list):
        reader.fail("event must be a list of [[request.event]] tables")
        raw_events = []
    for position, raw in enumerate(raw_events, start=1):
        event = _decode_event(_Reader(raw, f"{label} event {position}", problems))
        if event is not None:
            events.append(event)
    request = Request(
        id=raw_id if isinstance(raw_id, int) else 0,
        authority=authority or "",
        title=title or "",
        regime=regime or "foia",
        sent=sent or date.min,
        received=received or date.min,
        campaign=reader.text("campaign"),
        their_ref=reader.text("their_ref"),
        tags=reader.strings("tags"),
        body=reader.text("body"),
        events=tuple(events),
        assignee=reader.name("assignee"),
        added_by=reader.name("added_by"),
    )
    return request if len(problems) == before else None


def _decode_event(reader: _Reader) -> Event | None:
    reader.unknown(_EVENT_KEYS)
    before = len(reader.problems)
    kind_text = reader.text("type", required=True)
    kind = None
    if kind_text is not None:
        try:
            kind = EventType(kind_text)
        except ValueError:
            reader.fail(f"type {kind_text!r} is not one of {', '.join(EventType)}")
    day = reader.day("date", required=True)
    outcome = None
    if (text := reader.text("outcome")) is not None:
        try:
            outcome = Outcome(text)
        except ValueError:
            reader.fail(f"outcome {text!r} is not one of {', '.join(Outcome)}")
    exemptions = []
    for text in reader.strings("exemptions"):
        try:
            exemptions.append(normalise_exemption(text))
        except FoitrackError as error:
            reader.fail(str(error))
    window = None
    if (text := reader.text("window")) is not None:
        try:
            window = parse_window(text)
        except FoitrackError as error:
            reader.fail(str(error))
    until = reader.day("until")
    removed = reader.day("removed")
    actor = reader.name("actor")
    if len(reader.problems) != before or kind is None or day is None:
        return None
    return Event(
        kind,
        day,
        outcome,
        tuple(exemptions),
        until,
        window,
        reader.text("ref"),
        reader.text("note"),
        removed=removed,
        document=reader.text("document"),
        actor=actor,
    )
