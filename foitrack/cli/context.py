"""What a command needs from its surroundings, resolved once and injected.

Tests build an :class:`Env` directly; the CLI builds one from its options.
"""

from __future__ import annotations

from datetime import date
from functools import cached_property
from pathlib import Path

from foitrack import paths
from foitrack.calendars import Calendars
from foitrack.clock import resolve_today
from foitrack.config import Config, load_config


class Env:
    def __init__(self, *, today: str | None = None, ledger: Path | None = None) -> None:
        self._today = today
        self.ledger_option = ledger

    @cached_property
    def today(self) -> date:
        return resolve_today(self._today)

    @cached_property
    def config(self) -> Config:
        return load_config(paths.config_file())

    @cached_property
    def calendars(self) -> Calendars:
        return Calendars(paths.cache_dir(), self.config.holidays)
