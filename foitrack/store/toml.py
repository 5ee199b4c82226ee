"""The TOML ledger: a human-editable file to keep in git.

Read with ``tomllib``; written with ``tomli-w`` through
:func:`foitrack.files.write_private` (a private temporary file in the same
folder, flushed to disk, then moved over the ledger), so a crash leaves the
old file or the new one, never half of each. Writers take a lock file first
and re-read the ledger under it, so two processes adding at once both land.
A file edited by hand into something foitrack cannot read is reported with its
line and never overwritten; one saved by an editor while foitrack was writing
(it takes no lock) is noticed by its hash just before the rename, and kept. A
ledger that is a symbolic link is written through to its target; a read-only
one is refused. Comments do not survive a write (``tomlkit`` would keep them,
at about 13 times ``tomllib``'s reading time): foitrack says so when a write
drops them.
"""

from __future__ import annotations

import hashlib
import re
import sys
from collections.abc import Iterator, Sequence
from contextlib import AbstractContextManager, contextmanager
from dataclasses import replace
from datetime import date
from pathlib import Path
from typing import Any

from foitrack.authorities import Authority
from foitrack.core.errors import LedgerError
from foitrack.core.lifecycle import Summary
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
from foitrack.store.codec import Problem, decode, encode
from foitrack.store.index import Deriving, Listed, ReportRow, Watch
from foitrack.store.location import Location

LOCK_TIMEOUT = 10.0


def _matches(request: Request, query: Query | None) -> bool:
    if query is None:
        return request.deleted is None
    return (
        (query.with_deleted or request.deleted is None)
        and (query.ids is None or request.id in query.ids)
        and (query.authorities is None or request.authority in query.authorities)
        and (query.campaign is None or request.campaign == query.campaign)
        and (query.tag is None or query.tag in request.tags)
        and (query.assignees is None or request.assignee in query.assignees)
        and (query.title is None or request.title == query.title)
        and (query.sent is None or request.sent == query.sent)
    )


def read_document(path: Path) -> tuple[dict[str, Any], str]:
    """The parsed TOML and its text; a syntax error names its line."""
    import tomllib

    try:
        text = path.read_bytes().decode("utf-8")
    except UnicodeDecodeError as error:
        raise LedgerError(
            f"{path} is not a text file (byte {error.start} is not UTF-8): "
            "it is not a foitrack ledger"
        ) from None
    except OSError as error:
        raise LedgerError(f"cannot read the ledger {path}: {error.strerror}") from None
    try:
        return tomllib.loads(text), text
    except tomllib.TOMLDecodeError as error:
        raise LedgerError(
            f"{path} is not valid TOML: {error}; fix that line (foitrack has not changed the file)"
        ) from None


def _line_of(text: str, problem: Problem) -> str:
    """``line 12`` for a problem in request N: where its ``id = N`` stands."""
    found = re.match(r"request (\d+)", problem.where)
    if found:
        pattern = re.compile(rf"^\s*id\s*=\s*{found[1]}\s*(#.*)?$", re.MULTILINE)
        for match in pattern.finditer(text):
            return f"line {text.count(chr(10), 0, match.start()) + 1}, "
    return ""


_STRING = re.compile(r'"(?:[^"\\\n]|\\.)*"|\'[^\'\n]*\'')


def has_comments(text: str) -> bool:
    """Whether a hand-edited ledger holds a ``#`` comment outside a string."""
    if "#" not in text:
        return False
    return any("#" in _STRING.sub("", line) for line in text.splitlines() if "#" in line)


class TomlStore:
    """Every read model derived when asked (:class:`Deriving`): a TOML ledger
    is read whole on opening, and keeps no index."""

    def __init__(self, location: Location, deriver: Deriver, *, create: bool = False) -> None:
        from foitrack.files import target_of

        path = location.file_for("a TOML ledger")
        self.location = location
        # A ledger kept as a link (in a git checkout) is read, locked and
        # written where the link points.
        self._file = target_of(path)
        self._lock_path = self._file.with_name(self._file.name + ".lock")
        self._digest: str | None = None
        self._comments = False
        self._derived = Deriving(self, deriver)
        self._in_transaction = False
        self._loaded: tuple[int, int, int] | None = None
        if not path.exists():
            if not create:
                raise LedgerError(
                    f"no ledger at {path}: run 'foitrack init', or add a request to start one"
                )
            self._contents = Contents()
        else:
            self._contents = self._load()

    def _signature(self) -> tuple[int, int, int] | None:
        """Which version of the file is on disk: every write is a new inode."""
        try:
            info = self._file.stat()
        except FileNotFoundError:
            return None
        return info.st_ino, info.st_mtime_ns, info.st_size

    def _load(self) -> Contents:
        self._loaded = self._signature()
        document, text = read_document(self._file)
        self._digest = hashlib.sha256(text.encode("utf-8")).hexdigest()
        self._comments = has_comments(text)
        contents, problems = decode(document)
        if problems:
            first = problems[0]
            more = f" (and {len(problems) - 1} more)" if len(problems) > 1 else ""
            raise LedgerError(
                f"{self._file}: {_line_of(text, first)}{first}{more}; fix it by hand "
                "(foitrack has not changed the file)"
            )
        return contents

    # --- writing ---------------------------------------------------------------

    @contextmanager
    def transaction(self) -> Iterator[None]:
        if self._in_transaction:
            yield
            return
        with self._lock():
            if self._file.exists() and self._signature() != self._loaded:
                self._contents = self._load()  # what another process wrote meanwhile
            self._in_transaction = True
            try:
                yield
                self._write()
            except BaseException:
                if self._file.exists():
                    self._contents = self._load()
                else:
                    self._contents = Contents()
                raise
            finally:
                self._in_transaction = False

    def _lock(self) -> AbstractContextManager[None]:
        from foitrack.files import file_lock

        self._file.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
        return file_lock(
            self._lock_path,
            LOCK_TIMEOUT,
            lambda: LedgerBusy(
                f"the ledger {self.location} is busy: another foitrack holds "
                f"{self._lock_path.name}; try again"
            ),
        )

    def _write(self) -> None:
        import tomli_w

        from foitrack.files import write_private

        text = tomli_w.dumps(encode(self._contents), multiline_strings=False)
        write_private(self._file, text, before_replace=self._unchanged)
        self._loaded = self._signature()
        self._digest = hashlib.sha256(text.encode("utf-8")).hexdigest()
        if self._comments:
            self._comments = False
            sys.stderr.write(
                f"foitrack: warning: {self.location} had comments; foitrack keeps the data but "
                "not the comments (see the README's 'Ledger files')\n"
            )

    def _unchanged(self) -> None:
        """Refuse to replace a file someone changed since foitrack read it (an
        editor saving takes no lock): their edit is kept, this command undone."""
        try:
            current: str | None = hashlib.sha256(self._file.read_bytes()).hexdigest()
        except FileNotFoundError:
            current = None
        if current != self._digest:
            raise LedgerError(
                f"{self.location} was changed by another program while foitrack was writing "
                "it (an editor?): foitrack has kept that version and written nothing; "
                "run the command again"
            )

    def close(self) -> None:
        pass

    # --- requests ----------------------------------------------------------------

    def requests(self, query: Query | None = None) -> Iterator[Request]:
        for request in self._contents.requests:
            if _matches(request, query):
                yield request

    def get(self, request_id: int) -> Request:
        for request in self.requests(Query(ids=(request_id,), with_deleted=True)):
            return request
        raise UnknownRequest(f"no request {request_id} in {self.location}: see 'foitrack list'")

    def summaries(
        self,
        query: Query | None = None,
        *,
        watching: date | None = None,
        as_of: date | None = None,
    ) -> Iterator[tuple[Request, Summary]]:
        return self._derived.summaries(query, watching=watching, as_of=as_of)

    def watchlist(self, query: Query | None, today: date) -> Iterator[Watch]:
        return self._derived.watchlist(query, today)

    def listing(self, query: Query | None = None, *, as_of: date | None = None) -> Iterator[Listed]:
        return self._derived.listing(query, as_of=as_of)

    def report_rows(
        self, query: Query | None = None, *, as_of: date | None = None
    ) -> Iterator[ReportRow]:
        return self._derived.report_rows(query, as_of=as_of)

    def add(self, requests: Sequence[Request]) -> list[int]:
        ids = []
        with self.transaction():
            taken = {r.id for r in self._contents.requests}
            next_id = max(taken, default=0) + 1
            for request in requests:
                request_id = request.id or next_id
                if request_id in taken:
                    raise LedgerError(f"request {request_id} is already in the ledger")
                taken.add(request_id)
                next_id = max(next_id, request_id + 1)
                self._contents.requests.append(replace(request, id=request_id))
                ids.append(request_id)
        return ids

    def save(self, request: Request) -> None:
        with self.transaction():
            for index, existing in enumerate(self._contents.requests):
                if existing.id == request.id:
                    self._contents.requests[index] = request
                    return
            raise UnknownRequest(f"no request {request.id} in {self.location}")

    # --- authorities, groups, digests -------------------------------------------

    def authorities(self) -> list[Authority]:
        return list(self._contents.authorities)

    def save_authority(self, authority: Authority) -> None:
        with self.transaction():
            kept = [a for a in self._contents.authorities if a.id != authority.id]
            self._contents.authorities = [*kept, authority]

    def groups(self) -> dict[str, tuple[str, ...]]:
        return dict(self._contents.groups)

    def save_group(self, name: str, members: Sequence[str]) -> None:
        with self.transaction():
            self._contents.groups[name] = tuple(members)

    def digests(self) -> list[Digest]:
        return list(self._contents.digests)

    def record_digest(self, digest: Digest) -> None:
        with self.transaction():
            kept = [
                d
                for d in self._contents.digests
                if (d.day, d.recipient) != (digest.day, digest.recipient)
            ]
            self._contents.digests = [*kept, digest]

    # --- the mail loop (issue 18) ------------------------------------------------

    def mail(self, *, status: str | None = None) -> list[Mail]:
        return [m for m in self._contents.mail if status is None or m.status == status]

    def save_mail(self, mail: Mail) -> int:
        with self.transaction():
            kept = self._contents.mail
            number = mail.number or max((m.number for m in kept), default=0) + 1
            stored = replace(mail, number=number)
            self._contents.mail = sorted(
                [*(m for m in kept if m.number != number), stored], key=lambda m: m.number
            )
        return number

    def waiting_mail(self) -> int:
        return sum(1 for m in self._contents.mail if m.status == "proposed")

    def cursor(self, source: str) -> str | None:
        return self._contents.cursors.get(source)

    def save_cursor(self, source: str, value: str) -> None:
        with self.transaction():
            self._contents.cursors[source] = value

    def contents(self) -> Contents:
        return Contents(
            list(self._contents.requests),
            list(self._contents.authorities),
            dict(self._contents.groups),
            list(self._contents.digests),
            list(self._contents.mail),
            dict(self._contents.cursors),
        )

    def integrity(self) -> str:
        self._load()
        return "ok"
