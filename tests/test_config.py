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


def test_the_ledger_named_in_the_config_and_a_bad_config_said_in_one_line(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """``ledger = "..."`` (or ``[ledger] url``) names the ledger when no option or
    FOITRACK_LEDGER does; a broken config stops plain ``foitrack`` in one line."""
    from foitrack.services.ledger import ledger_path

    config = tmp_path / "config.toml"
    monkeypatch.setenv("FOITRACK_CONFIG", str(config))
    config.write_text(f'ledger = "{tmp_path / "team.db"}"\n')
    assert ledger_path(None).file == tmp_path / "team.db"
    config.write_text('[ledger]\nurl = "postgresql://me:pw@db/foi"\npassword_command = "pass x"\n')
    location = ledger_path(None)
    assert (location.url, location.password_command) == ("postgresql://me:pw@db/foi", "pass x")
    monkeypatch.setenv("FOITRACK_LEDGER", str(tmp_path / "mine.db"))
    assert ledger_path(None).file == tmp_path / "mine.db"
    assert ledger_path("other.toml").file == Path("other.toml")
    monkeypatch.delenv("FOITRACK_LEDGER")
    config.write_text("ledger = [1]\n")
    from tests.cli.helpers import run_process

    result = run_process(env={"FOITRACK_CONFIG": str(config)})
    assert result.exit_code == 2
    assert result.stderr.count("\n") == 1 and "ledger" in result.stderr
