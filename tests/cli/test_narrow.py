"""At 80 columns `list` and `authorities` keep the id (what you type next) whole
and shorten the names and titles instead."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.cli.helpers import run


@pytest.mark.parametrize("suffix", [".db", ".toml"])
def test_list_keeps_the_id_at_80_columns(tmp_path: Path, suffix: str) -> None:
    ledger = str(tmp_path / f"ledger{suffix}")
    env = {"COLUMNS": "80", "FOITRACK_TODAY": "2025-06-20", "FOITRACK_LEDGER": ledger}
    title = "Live facial recognition: deployments, costs, arrests and the watchlists used"
    assert (
        run("add", "all-police", "--title", title, "--sent", "2025-04-14", env=env).exit_code == 0
    )
    added = run("add", "kent", "--title", "Something else", "--sent", "2025-06-02", env=env)
    assert added.exit_code == 0, added.stderr
    result = run("list", env=env)
    assert result.exit_code == 0, result.stderr
    lines = result.stdout.splitlines()
    assert lines[0].split()[:3] == ["ID", "Authority", "Status"]
    assert all(len(line) <= 80 for line in lines)
    ids = [line.split()[0] for line in lines[1:]]
    assert ids == [str(n) for n in range(1, len(ids) + 1)] and len(ids) > 40
    # The 15 May due date of an overdue request is shown whole; the title is cut.
    assert "15 May 2025" in result.stdout and "…" in result.stdout


def test_authorities_keeps_the_id_at_80_columns(tmp_path: Path) -> None:
    env = {"COLUMNS": "80", "FOITRACK_LEDGER": str(tmp_path / "ledger.db")}
    result = run("authorities", env=env)
    assert result.exit_code == 0, result.stderr
    table = result.stdout.split("\nGroups")[0].splitlines()
    assert all(len(line) <= 80 for line in table)
    first = [line.split()[0] for line in table[1:] if line.strip()]
    assert "devon-and-cornwall" in first and "avon-and-somerset" in first
    assert "greater-manchester" in first and "police-scotland" in first
