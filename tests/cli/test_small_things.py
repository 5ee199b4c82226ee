"""Small things a new user meets: each bad input gets one line naming what to fix."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.cli.helpers import run, run_process

SUFFIXES = [".db", ".toml"]


def test_import_of_a_csv_says_what_can_be_imported(tmp_path: Path) -> None:
    ledger = tmp_path / "ledger.db"
    spreadsheet = tmp_path / "requests.csv"
    spreadsheet.write_text("id,authority\n1,essex\n")
    result = run("import", str(spreadsheet), "--ledger", str(ledger))
    assert (result.exit_code, result.stderr) == (
        2,
        f"foitrack: error: {spreadsheet}: CSV cannot be imported (a CSV export has one row "
        "per request, without its events); import a TOML or JSON ledger file, as "
        "'foitrack export' or 'foitrack export --format json' writes it\n",
    )
    assert not ledger.exists()


def test_a_bad_foitrack_today_names_the_variable(tmp_path: Path) -> None:
    env = {"FOITRACK_TODAY": "tomorrow", "FOITRACK_LEDGER": str(tmp_path / "l.db")}
    assert run("init", env=env).exit_code == 0
    message = (
        "foitrack: error: FOITRACK_TODAY=tomorrow: cannot read the date 'tomorrow': use "
        "2025-03-10, 10/03/2025 (day first), 10 March 2025, 10 Mar 2025 or 10th March 2025 "
        "(or unset FOITRACK_TODAY)\n"
    )
    for args in (["due"], ["add", "essex", "--title", "LFR"]):
        result = run(*args, env=env)
        assert (result.exit_code, result.stderr) == (2, message)
    fast = run_process("due", env=env)  # the daily check's typer-free lane
    assert (fast.exit_code, fast.stderr) == (2, message)
    # --today given on the command line is named as the user typed it.
    typed = run("list", "--today", "tomorrow", env={"FOITRACK_LEDGER": str(tmp_path / "l.db")})
    assert typed.stderr.startswith("foitrack: error: cannot read the date 'tomorrow'")


@pytest.mark.parametrize(
    ("typed", "meant"),
    [("devon", "devon-and-cornwall"), ("thames", "thames-valley"), ("esex", "essex")],
)
def test_unknown_authority_suggests_the_longer_name(tmp_path: Path, typed: str, meant: str) -> None:
    result = run("add", typed, "--title", "LFR", "--ledger", str(tmp_path / "l.db"))
    assert (result.exit_code, result.stderr) == (
        2,
        f"foitrack: error: unknown authority {typed!r} — did you mean {meant}?\n",
    )


@pytest.mark.parametrize("suffix", SUFFIXES)
def test_a_ledger_in_a_missing_folder_needs_create(tmp_path: Path, suffix: str) -> None:
    ledger = tmp_path / "typo" / f"ledger{suffix}"
    args = ["add", "essex", "--title", "LFR", "--ledger", str(ledger)]
    refused = run(*args)
    assert (refused.exit_code, refused.stderr) == (
        2,
        f"foitrack: error: no folder {ledger.parent} for a new ledger at {ledger}: check the "
        "path, or add --create to start a ledger there\n",
    )
    assert not ledger.parent.exists()
    for other in (
        ["authorities", "set", "essex", "--email", "foi@example.org"],
        ["authorities", "group", "east", "essex"],
    ):
        result = run(*other, "--ledger", str(ledger))
        assert result.exit_code == 2 and "add --create" in result.stderr
    assert not ledger.parent.exists()
    made = run(*args, "--create")
    assert made.exit_code == 0, made.stderr
    assert ledger.exists()
    # init is the command that starts a ledger: it makes the folder it is told to.
    other = tmp_path / "new" / f"ledger{suffix}"
    assert run("init", "--ledger", str(other)).exit_code == 0 and other.exists()


@pytest.mark.parametrize("suffix", SUFFIXES)
def test_no_lock_file_is_left_behind(tmp_path: Path, suffix: str) -> None:
    folder = tmp_path / "foi"
    folder.mkdir()
    ledger = folder / f"ledger{suffix}"
    for args in (
        ["add", "essex", "--title", "LFR", "--sent", "2025-04-14"],
        ["log", "1", "acknowledged", "--date", "2025-04-15"],
        ["list"],
    ):
        result = run_process(*args, "--ledger", str(ledger))
        assert result.exit_code == 0, result.stderr
    assert sorted(p.name for p in folder.iterdir()) == [f"ledger{suffix}"]
