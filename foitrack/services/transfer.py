"""``export`` and ``import``: the whole ledger as a TOML, JSON or CSV file.

Export writes the documented ledger layout (the TOML ledger's own format);
import reads TOML or JSON, checks everything first, then writes all of it or
nothing, reporting what it added and what it skipped.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from datetime import date
from pathlib import Path
from typing import Any

from foitrack.authorities import Directory
from foitrack.core.errors import BadDate, FoitrackError, Problems
from foitrack.core.lifecycle import check_events
from foitrack.core.regimes import get_regime
from foitrack.services.ledger import Ledger
from foitrack.services.requests import happened, same_key
from foitrack.store.base import Contents, Query, Request
from foitrack.store.codec import decode, encode

FORMATS = ("toml", "json", "csv")


@dataclass
class Exported:
    text: str
    #: Documents copied into the output's documents folder.
    copied: list[Path] = field(default_factory=list)
    #: Documents the events name that were left out (written to stdout).
    left_out: int = 0


def export_ledger(ledger: Ledger, fmt: str, today: Any, output: Path | None) -> Exported:
    """The ledger as ``fmt``; writing to ``output`` (TOML or JSON), the response
    documents go into ``<output>.documents/`` and the paths are recorded
    relative to it, as a ledger keeps them, so importing the file brings them."""
    if fmt not in FORMATS:
        raise FoitrackError(f"unknown export format {fmt!r}: use one of {', '.join(FORMATS)}")
    contents = ledger.store.contents()
    if fmt == "csv":
        return Exported(export_text(ledger, fmt, today, contents))
    # Response documents, and the raw messages not already counted as an event's.
    named = {e.document for r in contents.requests for e in r.events if e.document}
    messages = {m.document for m in contents.mail if m.document}
    if output is None or not (named or messages):
        left = sum(1 for r in contents.requests for e in r.events if e.document)
        return Exported(
            export_text(ledger, fmt, today, contents), left_out=left + len(messages - named)
        )
    from foitrack.documents import carry, carry_message, reader, take_back, write_out

    here = ledger.location.file
    read: Callable[[str], bytes | None]
    if here is None:  # a server ledger keeps its documents itself
        read = ledger.server.document
        requests, copied = write_out(contents.requests, read, output)
    else:
        read = reader(here)
        requests, copied = carry(contents.requests, here, output)
    try:
        # The correspondence: every message's raw copy, waiting proposals too.
        for stored in sorted(messages):
            copied.extend(carry_message(stored, read, output))
    except BaseException:
        take_back(copied)
        raise
    contents = replace(contents, requests=requests)
    return Exported(export_text(ledger, fmt, today, contents), copied)


def export_text(ledger: Ledger, fmt: str, today: Any, contents: Contents | None = None) -> str:
    if fmt not in FORMATS:
        raise FoitrackError(f"unknown export format {fmt!r}: use one of {', '.join(FORMATS)}")
    contents = contents if contents is not None else ledger.store.contents()
    if fmt == "toml":
        import tomli_w

        return tomli_w.dumps(encode(contents))
    if fmt == "json":
        return json.dumps(encode(contents, iso_dates=True), indent=2, ensure_ascii=False) + "\n"
    import io

    from foitrack.services.views import LIST_KEYS, list_item
    from foitrack.store.index import Listed
    from foitrack.tabular import write_csv

    out = io.StringIO()
    items = [
        list_item(Listed.of(r, ledger.derive(r).summary()), ledger.directory, today)
        for r in contents.requests
    ]
    write_csv(items, LIST_KEYS, out)
    return out.getvalue()


#: Files import refuses by name: one row per request cannot rebuild a ledger.
_SPREADSHEETS = frozenset({".csv", ".tsv", ".xlsx", ".xls", ".ods"})


def read_file(path: Path) -> Contents:
    """Parse a TOML or JSON ledger file; every structural problem is reported."""
    if path.suffix.lower() in _SPREADSHEETS:
        raise FoitrackError(
            f"{path}: {path.suffix[1:].upper()} cannot be imported (a CSV export has one row "
            "per request, without its events); import a TOML or JSON ledger file, as "
            "'foitrack export' or 'foitrack export --format json' writes it"
        )
    try:
        raw = path.read_bytes()
    except OSError as error:
        raise FoitrackError(f"cannot read {path}: {error.strerror}") from None
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError:
        raise FoitrackError(
            f"{path} is not a UTF-8 text file: export a TOML or JSON file"
        ) from None
    # A .toml file may begin with a table header ([[request]]): only an unnamed
    # file is judged by its first character.
    suffix = path.suffix.lower()
    if suffix == ".json" or (suffix != ".toml" and text.lstrip().startswith(("{", "["))):
        try:
            document = json.loads(text)
        except json.JSONDecodeError as error:
            raise FoitrackError(
                f"{path} is not valid JSON: {error.msg} at line {error.lineno}"
            ) from None
    else:
        import tomllib

        try:
            document = tomllib.loads(text)
        except tomllib.TOMLDecodeError as error:
            raise FoitrackError(f"{path} is not valid TOML: {error}") from None
    contents, problems = decode(document)
    if problems:
        raise Problems(
            f"{len(problems)} problem(s) in {path}; nothing was imported",
            [str(p) for p in problems],
        )
    return contents


@dataclass
class Imported:
    added: list[int] = field(default_factory=list)
    skipped: list[str] = field(default_factory=list)


def _not_yet(request: Request, today: date) -> list[str]:
    """The dates of ``request`` after ``today``, each said as the command line says it."""
    dated = [("sent", request.sent), ("received", request.received)]
    dated.extend((f"event {n} ({e.type})", e.date) for n, e in enumerate(request.events, 1))
    found = []
    for what, day in dated:
        try:
            happened(day, today, what)
        except BadDate as error:
            found.append(str(error))
    return found


def _same_requests(known: list[Request], new: list[Request], file_ids: dict[int, int]) -> list[str]:
    """The requests of ``new`` that would duplicate one in the ledger or an
    earlier one in the file (same authority, title and sent date; deleted
    ones do not count): refused on every backend, as ``add`` refuses them."""
    taken = {same_key(r): f"the ledger's request {r.id}" for r in known if r.deleted is None}
    problems = []
    for request in new:
        if request.deleted is not None:
            continue
        label = f"request {file_ids.get(request.id, request.id)}"
        key = same_key(request)
        if key in taken:
            problems.append(
                f"{label}: {taken[key]} to {request.authority} has the same title and sent "
                "date (give one a different title)"
            )
        else:
            taken[key] = f"the file's {label}"
    return problems


def _same(a: Request, b: Request) -> bool:
    return replace(a, id=0) == replace(b, id=0)


def import_contents(
    ledger: Ledger,
    contents: Contents,
    today: date,
    *,
    renumber: bool = False,
    source: Path | None = None,
) -> Imported:
    """Add what the file holds and the ledger lacks; all of it, or nothing.
    Nothing dated after ``today`` is taken: a ledger records what happened.

    With ``source`` (the file read), the documents of the requests added are
    copied from ``source``'s documents folder (or an absolute path an older
    ledger recorded) into the ledger's, under their id in this ledger.
    """
    from foitrack.documents import take_back

    copied: list[Path] = []
    try:
        return _import(ledger, contents, today, renumber, source, copied)
    except BaseException:
        take_back(copied)
        raise


def _import(
    ledger: Ledger,
    contents: Contents,
    today: date,
    renumber: bool,
    source: Path | None,
    copied: list[Path],
) -> Imported:
    from foitrack.documents import carry

    result = Imported()
    problems: list[str] = []
    with ledger.store.transaction():
        existing = {r.id: r for r in ledger.store.requests(Query(with_deleted=True))}
        known = list(existing.values())
        ours = {a.id: a for a in ledger.store.authorities()}
        for authority in contents.authorities:
            have = ours.get(authority.id)
            if have is None:
                ledger.store.save_authority(authority)
            elif have != authority:
                problems.append(f"authority {authority.id}: differs from the one in the ledger")
        groups = ledger.store.groups()
        for name, members in contents.groups.items():
            if name not in groups:
                ledger.store.save_group(name, members)
            elif groups[name] != members:
                problems.append(f"group {name}: differs from the one in the ledger")
        directory = Directory.load(
            [*ledger.store.authorities(), *contents.authorities],
            {**ledger.store.groups(), **contents.groups},
        )
        new: list[Request] = []
        #: The file's request ids as this ledger numbers them.
        ids: dict[int, int] = {}
        # Ids given here, inside the transaction, so documents go in the right folder.
        next_id = max(existing, default=0) + 1
        for request in contents.requests:
            label = f"request {request.id}"
            try:
                authority = directory.get(request.authority)
            except FoitrackError as error:
                problems.append(f"{label}: {error}")
                continue
            request = replace(request, authority=authority.id)
            regime = get_regime(request.regime)
            calendars = ledger.derive.calendars
            for problem in check_events(regime, request.received, request.events, calendars):
                problems.append(f"{label}: {problem.message}")
            problems.extend(f"{label}: {problem}" for problem in _not_yet(request, today))
            twin = existing.get(request.id)
            if renumber:
                same = next((other for other in known if _same(request, other)), None)
                if same is not None:
                    ids[request.id] = same.id
                    result.skipped.append(f"{label}: already in the ledger")
                    continue
                ids[request.id] = next_id
                new.append(replace(request, id=next_id))
                next_id += 1
            elif twin is None:
                ids[request.id] = request.id
                new.append(request)
            elif _same(twin, request):
                ids[request.id] = request.id
                result.skipped.append(f"{label}: already in the ledger")
            else:
                problems.append(
                    f"{label}: the ledger has a different request {request.id}; "
                    "import with --renumber to give the file's requests new ids"
                )
        problems.extend(_same_requests(known, new, {v: k for k, v in ids.items()}))
        if problems:
            raise Problems(f"{len(problems)} problem(s); nothing was imported", problems)
        for digest in contents.digests:
            if digest not in ledger.store.digests():
                ledger.store.record_digest(digest)
        if new:
            if source is not None and ledger.location.file is None:
                from foitrack.documents import take_in

                keep = ledger.server.keep_document
                new = take_in(new, source, keep)
            elif source is not None:
                # A document path names the file's folder; the copy goes under the new id.
                new, copied[:] = carry(
                    new, source, ledger.store.location.file_for("import"), absolute=False
                )
            result.added = ledger.store.add(new)
        if source is not None or contents.mail:
            copied.extend(_import_mail(ledger, contents, ids, source))
        for name, value in contents.cursors.items():
            if ledger.store.cursor(name) is None:
                ledger.store.save_cursor(name, value)
    return result


def _import_mail(
    ledger: Ledger, contents: Contents, ids: dict[int, int], source: Path | None
) -> list[Path]:
    """The file's correspondence: each message the ledger does not hold yet
    (by Message-ID or digest), filed under its request's id here, its raw copy
    brought from ``source``'s folder. Numbers are kept into a ledger with no
    mail yet (a lossless round trip), else new ones given."""
    from foitrack.documents import carry_message, reader

    read = reader(source) if source is not None else None
    held = ledger.store.mail()
    digests = {m.digest for m in held}
    message_ids = {m.message_id for m in held if m.message_id}
    keep_numbers = not held
    copied: list[Path] = []
    for mail in contents.mail:
        if mail.digest in digests or (mail.message_id and mail.message_id in message_ids):
            continue
        request_id = ids.get(mail.request_id) if mail.request_id is not None else None
        ledger.store.save_mail(
            replace(mail, number=mail.number if keep_numbers else 0, request_id=request_id)
        )
        digests.add(mail.digest)
        if read is None or not mail.document:
            continue
        if ledger.location.file is None:  # a server ledger keeps the raw copy itself
            data = read(mail.document)
            if data is not None:
                ledger.server.keep_at(mail.document, data)
        else:
            copied.extend(carry_message(mail.document, read, ledger.location.file))
    return copied
