"""The daily check's fast lane gives exactly what the typer command gives."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from foitrack.entry import parse_due
from foitrack.services.limits import WITHIN
from tests.cli.helpers import run, run_process

EXAMPLE = Path(__file__).parent.parent.parent / "examples" / "lfr-2025.toml"

SAME = [
    ["--today", "2025-06-20"],
    ["--today=2025-06-20", "--json"],
    ["--today", "20/06/2025", "--within", "10", "--campaign", "lfr-2025", "-q"],
    ["--today", "2025-06-20", "--authority", "kent", "--authority", "scotland", "--json"],
    ["--today", "2025-06-20", "--fail-if-overdue"],
    ["--today", "2025-03-01", "--quiet"],
    ["--today", "31/02/2025"],
    ["--today", "2025-06-20", "--authority", "esex"],
    ["--today", "2025-06-20", "--expand"],
    ["--today", "2025-06-20", "--campaign", "lfr-2025", "--expand", "--json"],
]


@pytest.mark.parametrize("args", SAME, ids=lambda a: " ".join(a))
def test_both_lanes_agree(args: list[str], tmp_path: Path) -> None:
    ledger = tmp_path / "lfr.toml"
    shutil.copy(EXAMPLE, ledger)
    assert parse_due([*args, "--ledger", str(ledger)]) is not None
    fast = run_process("due", *args, "--ledger", str(ledger))
    typer = run("due", *args, "--ledger", str(ledger))
    assert (fast.exit_code, fast.stdout, fast.stderr) == (
        typer.exit_code,
        typer.stdout,
        typer.stderr,
    )


@pytest.mark.parametrize(
    "args",
    [["--help"], ["--within", "x"], ["--within", "99"], ["--bogus"], ["extra"], ["--today"]],
)
def test_anything_unusual_goes_to_typer(args: list[str]) -> None:
    assert parse_due(args) is None


def test_plain_options_are_taken() -> None:
    assert parse_due([]) == {"authorities": []}
    assert parse_due(["--expand"]) == {"authorities": [], "expand": True}
    assert parse_due(["--today", "2025-06-20", "-q"]) == {
        "authorities": [],
        "today": "2025-06-20",
        "quiet": True,
    }


def test_bare_command_is_the_daily_check_in_both_lanes(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    ledger = tmp_path / "lfr.toml"
    shutil.copy(EXAMPLE, ledger)
    monkeypatch.setenv("FOITRACK_LEDGER", str(ledger))
    monkeypatch.setenv("FOITRACK_TODAY", "2025-06-20")
    fast = run_process()
    typer = run()
    assert fast.exit_code == 0
    assert "the daily check for Fri 20 Jun 2025" in fast.stdout
    assert (fast.exit_code, fast.stdout, fast.stderr) == (
        typer.exit_code,
        typer.stdout,
        typer.stderr,
    )


def test_the_fast_lane_knows_exactly_the_options_of_due() -> None:
    """The typer-free lane parses `due`'s options itself: every option the
    command declares must be one it knows (flag or value alike), and none more,
    and a value out of the declared range must go to typer, which says why."""
    import typer.main
    from typer._click import types  # typer bundles its own click
    from typer.core import TyperOption

    from foitrack import entry
    from foitrack.cli import app

    command = typer.main.get_command(app)
    due = command.commands["due"]  # type: ignore[attr-defined]
    flags: set[str] = set()
    values: set[str] = set()
    for param in due.params:
        if not isinstance(param, TyperOption) or param.name == "help":
            continue
        (flags if param.is_flag else values).update(param.opts)
        if isinstance(param.type, types.IntRange):
            lane = WITHIN
            assert (param.type.min, param.type.max) == (lane.start, lane.stop - 1)
            low, high = str(lane.start), str(lane.stop - 1)
            assert entry.parse_due([param.opts[0], low]) is not None
            assert entry.parse_due([param.opts[0], high]) is not None
            assert entry.parse_due([param.opts[0], str(lane.stop)]) is None
    assert flags == set(entry._FLAGS)
    assert values == set(entry._VALUES)
    for flag in flags:
        assert entry.parse_due([flag]) is not None, flag
    for name in values - {"--within"}:
        assert entry.parse_due([name, "x"]) is not None, name


@pytest.mark.parametrize(
    "args", [["--today", "2025-06-20"], ["--today=2025-06-20", "--json", "--within", "10"]]
)
def test_ledger_option_without_a_command_is_the_daily_check(
    args: list[str], tmp_path: Path
) -> None:
    ledger = tmp_path / "lfr.toml"
    shutil.copy(EXAMPLE, ledger)
    due = run_process("due", "--ledger", str(ledger), *args)
    assert due.exit_code == 0, due.stderr
    fast = run_process("--ledger", str(ledger), *args)
    assert (fast.exit_code, fast.stdout, fast.stderr) == (due.exit_code, due.stdout, due.stderr)
    typer = run("--ledger", str(ledger), "--today", "2025-06-20")
    assert typer.exit_code == 0, typer.stderr
    assert typer.stdout == run_process("--ledger", str(ledger), "--today", "2025-06-20").stdout


def test_root_ledger_option_before_another_command_is_refused(tmp_path: Path) -> None:
    result = run("--ledger", str(tmp_path / "x.db"), "list")
    assert result.exit_code == 2
    assert (
        result.stderr
        == "foitrack: error: give --ledger after the command: foitrack list --ledger ...\n"
    )
    assert not (tmp_path / "x.db").exists()


def test_shell_completion(tmp_path: Path) -> None:
    ledger = tmp_path / "lfr.toml"
    shutil.copy(EXAMPLE, ledger)
    shown = run_process("--show-completion", "bash")
    assert shown.exit_code == 0 and "_foitrack_completion" in shown.stdout
    # With a ledger, foitrack alone is the daily check: the shell's completion call
    # (foitrack with no arguments and this variable) must still be answered.
    env = {
        "FOITRACK_LEDGER": str(ledger),
        "_FOITRACK_COMPLETE": "complete_bash",
        "COMP_WORDS": "foitrack dr",
        "COMP_CWORD": "1",
    }
    completed = run_process(env=env)
    assert (completed.exit_code, completed.stdout.split()) == (0, ["draft"])
