"""What a command needs from its surroundings, resolved once and injected.

Tests build an :class:`Env` directly; the CLI builds one from its options.
"""

from __future__ import annotations

import sys
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import date
from functools import cached_property
from pathlib import Path
from typing import TYPE_CHECKING

from foitrack import paths
from foitrack.calendars import Calendars
from foitrack.clock import resolve_today
from foitrack.config import Config, load_config

if TYPE_CHECKING:
    from foitrack.services.ledger import Ledger, Location


class Env:
    def __init__(self, *, today: str | None = None, ledger: Path | str | None = None) -> None:
        self._today = today
        self.ledger_option = ledger

    @cached_property
    def today(self) -> date:
        return resolve_today(self._today)

    def past_date(self, text: str, what: str) -> date:
        """A date that has happened (``what`` is the option): refuse tomorrow's,
        the usual typo."""
        from foitrack.core.dates import parse_date
        from foitrack.services.requests import happened

        return happened(parse_date(text), self.today, what)

    @cached_property
    def config(self) -> Config:
        return load_config(paths.config_file())

    def whoami(self) -> str | None:
        """Who runs this command: ``[user] name``, else the login name."""
        from foitrack.config import current_user

        return current_user(self.config)

    def person(self, *, mine: bool, assignee: str | None) -> str | None:
        """Whose requests ``--mine`` or ``--assignee P`` asks for (None: anybody's),
        checked before the ledger is opened (and without the lifecycle engine,
        which the daily check never loads)."""
        if not mine and assignee is None:
            return None
        from foitrack.core.errors import FoitrackError
        from foitrack.services.people import person_named

        if mine and assignee is not None:
            raise FoitrackError("choose one of --mine and --assignee")
        if mine:
            me = self.whoami()
            if me is None:
                raise FoitrackError(
                    "--mine needs to know who you are: set name under [user] in your config "
                    "(foitrack cannot find your login name)"
                )
            return me
        assert assignee is not None
        return person_named(assignee, self.config.people)

    @cached_property
    def calendars(self) -> Calendars:
        return Calendars(paths.cache_dir(), self.config.holidays)

    @cached_property
    def ledger_path(self) -> Location:
        """Where the ledger is: a file, or a PostgreSQL server's URL."""
        from foitrack.services.ledger import ledger_path

        return ledger_path(self.ledger_option, self.config)

    @contextmanager
    def ledger(
        self, *, create: bool = False, announce: bool = True, new_folder: bool = False
    ) -> Iterator[Ledger]:
        """The open ledger; with ``create``, a new one if there is none (said on
        stderr), but in a folder that does not exist only with ``new_folder``
        (``--create``) or at the default place."""
        from foitrack.services.ledger import Ledger

        location = self.ledger_path
        path = location.file
        if path is None:  # a server: nothing to make or take back here
            opened = Ledger.open(location, self.calendars, create=create, whoami=self.whoami)
            with opened.closing() as ledger:
                yield ledger
            return
        existed = path.exists()
        missing_folder = not existed and not path.parent.is_dir()
        if create and missing_folder and not new_folder and path != paths.default_ledger():
            from foitrack.core.errors import LedgerError

            raise LedgerError(
                f"no folder {path.parent} for a new ledger at {path}: check the path, "
                "or add --create to start a ledger there"
            )
        ledger = Ledger.open(location, self.calendars, create=create, whoami=self.whoami)
        try:
            yield ledger
        except BaseException:
            # Bad input must leave no trace, not even a new empty ledger: take
            # back a file this process made, if nobody has put a request in it.
            try:
                empty = ledger.made_and_empty()
            except Exception:
                empty = False  # the command's own error is the one to report
            ledger.close()
            if empty:
                _forget(path)
            raise
        ledger.close()
        if announce and create and not existed and path.exists():
            sys.stderr.write(f"foitrack: started a new ledger at {path}\n")


def _forget(path: Path) -> None:
    for leftover in (path, Path(f"{path}-wal"), Path(f"{path}-shm"), Path(f"{path}.lock")):
        leftover.unlink(missing_ok=True)
