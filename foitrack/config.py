"""The user's config file: one schema, with a type, default and help per key.

The README's configuration reference is checked against :data:`SCHEMA` by
the tests, so the two cannot drift apart. Every problem names its dotted key.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

from foitrack.calendars import HolidayChange, HolidayChanges
from foitrack.core.calendar import ALL_NATIONS, Nation
from foitrack.core.errors import ConfigError


@dataclass(frozen=True, slots=True)
class Key:
    """One config key: its dotted path, what it holds, and why you would set it."""

    path: str
    kind: str
    default: str
    help: str


SCHEMA: tuple[Key, ...] = (
    Key(
        "holidays.add",
        "list of {date, name, nations}",
        "[]",
        "Bank holidays the holidays package does not know yet, such as a newly "
        "proclaimed one. nations: any of england, wales, scotland, "
        "northern-ireland (default: all).",
    ),
    Key(
        "holidays.remove",
        "list of {date, nations}",
        "[]",
        "Days the holidays package lists wrongly; they become working days "
        "again for the nations given (default: all).",
    ),
)

_SECTIONS = {key.path.split(".")[0] for key in SCHEMA}
_KEYS = {key.path for key in SCHEMA}


@dataclass(frozen=True, slots=True)
class Config:
    path: Path | None = None
    holidays: HolidayChanges = field(default_factory=HolidayChanges)
    #: Raw sections later features read (``email``), already checked by key.
    raw: dict[str, Any] = field(default_factory=dict)


def load_config(path: Path) -> Config:
    """Read and check the config file; a missing file means the defaults."""
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        return Config()
    except OSError as error:
        raise ConfigError(f"cannot read the config file {path}: {error.strerror}") from None
    import tomllib

    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as error:
        raise ConfigError(f"the config file {path} is not valid TOML: {error}") from None
    return parse_config(data, path)


def parse_config(data: dict[str, Any], path: Path | None = None) -> Config:
    where = f" in {path}" if path else ""
    for section, value in data.items():
        if section not in _SECTIONS:
            raise ConfigError(
                f"unknown config key {section!r}{where}: known sections are "
                f"{', '.join(sorted(_SECTIONS))}"
            )
        if not isinstance(value, dict):
            raise ConfigError(f"config key {section!r}{where} must be a table ([{section}])")
        for name in value:
            dotted = f"{section}.{name}"
            if dotted not in _KEYS:
                raise ConfigError(f"unknown config key {dotted!r}{where}")
    holidays = data.get("holidays", {})
    changes = HolidayChanges(
        add=tuple(_changes(holidays.get("add", []), "holidays.add", where, named=True)),
        remove=tuple(_changes(holidays.get("remove", []), "holidays.remove", where, named=False)),
    )
    return Config(path=path, holidays=changes, raw=data)


def _changes(items: Any, dotted: str, where: str, *, named: bool) -> list[HolidayChange]:
    if not isinstance(items, list):
        raise ConfigError(f"config key {dotted!r}{where} must be a list of tables")
    result = []
    for index, item in enumerate(items):
        at = f"{dotted}[{index}]"
        if not isinstance(item, dict):
            raise ConfigError(
                f"config key {at!r}{where} must be a table like {{date = 2027-05-10}}"
            )
        allowed = {"date", "nations", "name"} if named else {"date", "nations"}
        for extra in set(item) - allowed:
            raise ConfigError(f"unknown config key {at + '.' + extra!r}{where}")
        day = item.get("date")
        if not isinstance(day, date):
            raise ConfigError(
                f"config key {at + '.date'!r}{where} must be a TOML date like 2027-05-10"
            )
        nations = item.get("nations", sorted(ALL_NATIONS))
        if isinstance(nations, str):
            nations = [nations]
        try:
            parsed = frozenset(Nation(n) for n in nations)
        except (ValueError, TypeError):
            raise ConfigError(
                f"config key {at + '.nations'!r}{where} must list nations from: {', '.join(Nation)}"
            ) from None
        name = item.get("name", "Bank holiday (from your config)")
        if not isinstance(name, str):
            raise ConfigError(f"config key {at + '.name'!r}{where} must be a string")
        result.append(HolidayChange(day, parsed or ALL_NATIONS, name))
    return result
