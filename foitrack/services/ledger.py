"""Opening a ledger with everything the services need around it."""

from __future__ import annotations

import os
from collections.abc import Callable
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
from foitrack.store.location import Location

if TYPE_CHECKING:
    from foitrack.core.events import Event
    from foitrack.core.lifecycle import RequestState


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


def ledger_path(option: Path | None) -> Path:
    """``--ledger``, else ``FOITRACK_LEDGER``, else the XDG data dir."""
    if option is not None:
        return option.expanduser()
    value = os.environ.get("FOITRACK_LEDGER")
    return Path(value).expanduser() if value else paths.default_ledger()


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
        path: Path,
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

    def made_and_empty(self) -> bool:
        """Whether this process made the ledger's file and nothing is in it yet
        (a command that fails then takes the file back)."""
        made = bool(getattr(self.store, "created", False))
        return made and next(iter(self.store.summaries()), None) is None

    def close(self) -> None:
        self.store.close()
