"""The config file: extra and removed bank holidays, and every bad value."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from foitrack.calendars import Calendars
from foitrack.config import load_config
from foitrack.core.errors import ConfigError
from tests.cli.helpers import run


def write_config(home: Path, text: str) -> Path:
    path = home / "config" / "foitrack" / "config.toml"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


def test_a_proclaimed_bank_holiday_moves_the_deadline(isolated_home: Path) -> None:
    before = json.loads(run("deadline", "2027-05-04", "--json").stdout)["response_due"]
    write_config(
        isolated_home,
        '[[holidays.add]]\ndate = 2027-05-10\nname = "Proclaimed holiday"\n'
        'nations = ["scotland"]\n',
    )
    data = json.loads(run("deadline", "2027-05-04", "--json").stdout)
    assert data["response_due"] > before
    skipped = next(d for d in data["explain"] if d["date"] == "2027-05-10")
    assert skipped["skipped"].startswith("Proclaimed holiday (Scotland)")


def test_removing_a_day_makes_it_a_working_day(isolated_home: Path, cache_dir: Path) -> None:
    path = write_config(
        isolated_home, '[[holidays.remove]]\ndate = 2026-06-15\nnations = ["scotland"]\n'
    )
    config = load_config(path)
    from datetime import date

    from foitrack.core.regimes import FOIA

    calendars = Calendars(cache_dir, config.holidays)
    assert calendars.for_regime(FOIA).is_working_day(date(2026, 6, 15))
    assert calendars.fingerprint != Calendars(cache_dir).fingerprint


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("[email\n", "is not valid TOML"),
        ("[holiday]\n", "unknown config key 'holiday'"),
        ("[holidays]\nadd = 3\n", "config key 'holidays.add'"),
        ("[[holidays.add]]\ndate = 'tomorrow'\n", "'holidays.add[0].date'"),
        ("[[holidays.add]]\ndate = 2027-01-01\nnations = ['mars']\n", "holidays.add[0].nations"),
        ("[[holidays.remove]]\ndate = 2027-01-01\nname = 'x'\n", "holidays.remove[0].name"),
    ],
)
def test_bad_config_values_name_the_key(isolated_home: Path, text: str, message: str) -> None:
    path = write_config(isolated_home, text)
    with pytest.raises(ConfigError, match=message.replace("[", r"\[").replace("(", r"\(")):
        load_config(path)
    result = run("deadline", "2025-03-10")
    assert result.exit_code == 2
    assert result.stderr.startswith("foitrack: error: ")
    assert result.stderr.count("\n") == 1


def test_a_new_holiday_recomputes_the_cached_dates(isolated_home: Path, tmp_path: Path) -> None:
    ledger = str(tmp_path / "ledger.db")
    env = ["--ledger", ledger, "--today", "2027-05-04"]
    assert run("add", "essex", "--title", "x", "--sent", "2027-05-04", *env).exit_code == 0

    def due() -> str:
        return json.loads(run("list", "--json", *env).stdout)["requests"][0]["due"]

    before = due()
    write_config(isolated_home, '[[holidays.add]]\ndate = 2027-05-10\nname = "New"\n')
    after = due()
    assert after > before  # the cached SQLite columns were rebuilt, not reused
    write_config(isolated_home, "")
    assert due() == before


def test_the_holidays_version_is_read_without_importing_it() -> None:
    from importlib.metadata import version

    from foitrack.calendars import holidays_version

    assert holidays_version() == version("holidays")
