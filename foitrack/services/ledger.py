"""Opening a ledger with everything the services need around it."""

from __future__ import annotations

import os
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field, replace
from functools import cached_property
from pathlib import Path
from typing import TYPE_CHECKING

from foitrack import __version__, paths
from foitrack.authorities import Directory
from foitrack.calendars import Calendars
from foitrack.core.regimes import get_regime, rules_fingerprint
from foitrack.core.request import Request
from foitrack.core.status import STATE_FORMAT
from foitrack.store import Store, open_store
from foitrack.store.location import Location as Location

if TYPE_CHECKING:
    from foitrack.config import Config
    from foitrack.core.events import Event
    from foitrack.core.lifecycle import RequestState
    from foitrack.store.postgresql import PostgresStore


class StateDeriver:
    """The lifecycle engine bound to the calendars: a request in, its state out.

    Its fingerprint covers the calendar, the rules, the engine's state format
    and foitrack's own version, so a new bank holiday, a changed rule or an upgrade refreshes
    every cached state.
    """

    def __init__(self, calendars: Calendars) -> None:
        self.calendars = calendars

    @property
    def fingerprint(self) -> str:
        return f"{self.calendars.fingerprint}-{rules_fingerprint()}-s{STATE_FORMAT}-{__version__}"

    def __call__(self, request: Request) -> RequestState:
        # Here, not at the top: opening a ledger whose cached states are
        # current (the daily check) never needs the engine.
        from foitrack.core.lifecycle import evaluate

        regime = get_regime(request.regime)
        return evaluate(
            regime, request.received, request.events, self.calendars, unsent=request.unsent
        )


def ledger_path(option: Path | str | None, config: Config | None = None) -> Location:
    """Where the ledger is: ``--ledger``, else ``FOITRACK_LEDGER``, else the
    config's ``ledger``, else the XDG data dir. A ``postgresql://`` URL is a
    ledger on a server (the config's ``ledger.password_command`` goes with it)."""
    value: Path | str | None = option
    if value is None or value == "":
        value = os.environ.get("FOITRACK_LEDGER") or None
    if value is None:
        if config is None:
            from foitrack.config import load_config

            config = load_config(paths.config_file())
        value = config.ledger
    if value is None:
        return Location(file=paths.default_ledger())
    location = Location.of(str(value) if isinstance(value, str) else value)
    if location.file is not None:
        return Location(file=location.file.expanduser())
    if config is None:
        from foitrack.config import load_config

        config = load_config(paths.config_file())
    return replace(location, password_command=config.ledger_password_command)


def _nobody() -> str | None:
    return None


@dataclass
class Ledger:
    """An open ledger: the store, the directory of authorities, the deriver,
    and who is recording (``whoami``, asked once, when something is recorded)."""

    store: Store
    directory: Directory
    derive: StateDeriver
    whoami: Callable[[], str | None] = field(default=_nobody)

    @classmethod
    def open(
        cls,
        path: Location | Path | str,
        calendars: Calendars,
        *,
        create: bool = False,
        whoami: Callable[[], str | None] = _nobody,
    ) -> Ledger:
        derive = StateDeriver(calendars)
        store = open_store(path, derive, create=create)
        directory = Directory.load(store.authorities(), store.groups())
        return cls(store, directory, derive, whoami)

    @cached_property
    def actor(self) -> str | None:
        """Who records what this command writes (None: nobody can be told)."""
        return self.whoami()

    def stamped(self, event: Event) -> Event:
        """``event`` as recorded now: with its actor, unless it names one."""
        return event if event.actor is not None else replace(event, actor=self.actor)

    @property
    def location(self) -> Location:
        """Where the ledger is (a file, or a server's URL)."""
        return self.store.location

    def waiting_mail(self) -> int:
        """How many messages read from the mailbox wait for the user (one
        indexed count: the mail code itself is not imported)."""
        return self.store.waiting_mail()

    def request(self, request_id: int) -> Request:
        """One request with all its events (UnknownRequest if there is none)."""
        return self.store.get(request_id)

    def start(self) -> None:
        """Write a new ledger's file now, empty: an empty transaction does it."""
        with self.store.transaction():
            pass

    @property
    def server(self) -> PostgresStore:
        """The store of a ledger on a server (``location.file`` is None): what
        only it does (documents kept in it, advisory locks, its role)."""
        from foitrack.store.postgresql import PostgresStore

        if not isinstance(self.store, PostgresStore):
            raise TypeError(f"{self.location} is not a ledger on a server")
        return self.store

    @property
    def started(self) -> bool:
        """Whether this process made the ledger's schema on a server (``init``)."""
        return bool(getattr(self.store, "started", False))

    def made_and_empty(self) -> bool:
        """Whether this process made the ledger's file and nothing is in it yet
        (a command that fails then takes the file back)."""
        made = bool(getattr(self.store, "created", False))
        return made and next(iter(self.store.summaries()), None) is None

    @contextmanager
    def closing(self) -> Iterator[Ledger]:
        try:
            yield self
        finally:
            self.close()

    @contextmanager
    def exclusive(self, job: str, timeout: float, busy: Callable[[], Exception]) -> Iterator[None]:
        """Hold the ledger-wide lock of ``job`` (``remind``, ``inbox``) for this
        process, waiting up to ``timeout`` seconds, then ``busy()``: a lock file
        beside a ledger file, an advisory lock on a server."""
        file = self.location.file
        if file is None:
            with self.server.exclusive(job, timeout, busy):
                yield
            return
        from foitrack.files import file_lock

        with file_lock(Path(f"{file}.{job}.lock"), timeout, busy):
            yield

    def mail_key(self) -> bytes:
        """The key of the tags in sent subjects: in the documents folder beside a
        ledger file, in the ledger itself on a server."""
        file = self.location.file
        if file is None:
            return self.server.mail_key()
        from foitrack.documents import folder_for
        from foitrack.mail.outgoing import key

        return key(folder_for(file))

    def keep_message(self, data: bytes, digest: str) -> tuple[str, Path | None]:
        """A raw message kept as evidence, named by its digest: the path to
        record, and the file made to take back if the command fails (None on
        a server, where it is written in the caller's transaction, or when the
        same bytes were kept already)."""
        file = self.location.file
        if file is None:
            relative = f"mail/{digest[:24]}.eml"
            self.server.keep_at(relative, data)
            return relative, None
        from foitrack.documents import keep_message

        return keep_message(file, data, digest)

    def close(self) -> None:
        self.store.close()
