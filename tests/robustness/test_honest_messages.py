"""Failures said as what they are (issue 16): a read-only or full ledger is
not "damaged", an id SQLite cannot hold is refused, a reader that leaves a
pipe is not an error."""

from __future__ import annotations

import hashlib
import json
import sqlite3
import subprocess
import sys
from contextlib import closing
from pathlib import Path

import pytest

from tests.cli.helpers import run

TODAY = "2025-06-20"


def sqlite_ledger(tmp_path: Path) -> Path:
    path = tmp_path / "ledger.db"
    assert (
        run("add", "essex", "--title", "LFR", "--ledger", str(path), "--today", TODAY).exit_code
        == 0
    )
    return path


def fingerprint(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def test_a_read_only_sqlite_ledger_is_said_to_be_read_only(tmp_path: Path) -> None:
    ledger = sqlite_ledger(tmp_path)
    ledger.chmod(0o444)
    before = fingerprint(ledger)
    result = run("add", "kent", "--title", "x", "--ledger", str(ledger))
    assert result.exit_code == 2
    assert "is read-only (mode 444)" in result.stderr
    assert "damaged" not in result.stderr and "backup" not in result.stderr
    assert fingerprint(ledger) == before
    assert run("list", "--ledger", str(ledger)).exit_code == 0  # reading still works


def _connect_with(monkeypatch: pytest.MonkeyPatch, after: str | None, uri: str = "") -> None:
    """Every connection foitrack opens from now on: read-only (``uri``), or with
    ``after`` run first (a page limit stands in for a full disk)."""
    real = sqlite3.connect

    def connect(path, *args, **kwargs):  # type: ignore[no-untyped-def]
        if uri:
            connection = real(f"file:{path}?{uri}", *args, uri=True, **kwargs)
        else:
            connection = real(path, *args, **kwargs)
        if after:
            connection.execute(after)
        return connection

    monkeypatch.setattr(sqlite3, "connect", connect)


def test_sqlite_refusing_a_write_is_not_called_damage(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    ledger = sqlite_ledger(tmp_path)
    before = fingerprint(ledger)
    _connect_with(
        monkeypatch, None, uri="mode=ro"
    )  # what a folder or mount that is read-only gives
    result = run("add", "kent", "--title", "x", "--ledger", str(ledger))
    assert result.exit_code == 2
    assert result.stderr == (
        f"foitrack: error: the ledger {ledger} cannot be written (the file or its folder is "
        "read-only): nothing was changed; make them writable to record changes\n"
    )
    assert fingerprint(ledger) == before


def test_a_full_disk_is_said_to_be_full(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    ledger = sqlite_ledger(tmp_path)
    with closing(sqlite3.connect(ledger)) as db:
        pages = db.execute("PRAGMA page_count").fetchone()[0]
        count = db.execute("SELECT count(*) FROM request").fetchone()[0]
    _connect_with(monkeypatch, f"PRAGMA max_page_count = {pages}")
    result = run("add", "all-police", "--title", "a long title " * 50, "--ledger", str(ledger))
    assert result.exit_code == 1
    assert result.stderr == (
        f"foitrack: failed: the disk holding the ledger {ledger} is full: nothing was changed; "
        "free some space and run the command again\n"
    )
    monkeypatch.undo()
    with closing(sqlite3.connect(ledger)) as db:
        assert db.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        assert db.execute("SELECT count(*) FROM request").fetchone()[0] == count


@pytest.mark.parametrize("suffix", [".db", ".toml"])
def test_ids_sqlite_cannot_hold_are_refused(tmp_path: Path, suffix: str) -> None:
    ledger = tmp_path / f"ledger{suffix}"
    source = tmp_path / "in.json"
    record = {"authority": "essex", "title": "t", "regime": "foia",
              "sent": "2025-01-06", "received": "2025-01-06"}  # fmt: skip
    source.write_text(json.dumps({"request": [{"id": 9223372036854775807, **record}]}))
    result = run("import", str(source), "--ledger", str(ledger))
    assert result.exit_code == 2
    assert "id must be a whole number from 1 to 9,007,199,254,740,991" in result.stderr
    assert run("add", "kent", "--title", "x", "--ledger", str(ledger)).exit_code == 0
    shown = run("show", "99999999999999999999", "--ledger", str(ledger))
    assert shown.exit_code == 2
    assert shown.stderr.startswith("foitrack: error: no request 99999999999999999999 in ")


@pytest.mark.parametrize(
    "command", [["list"], ["list", "--csv"], ["list", "--json"], ["show", "1"], ["stats"]]
)
def test_a_reader_that_leaves_the_pipe_is_not_an_error(tmp_path: Path, command: list[str]) -> None:
    ledger = tmp_path / "ledger.db"
    record = {"authority": "essex", "title": "Live facial recognition " * 8, "regime": "foia",
              "sent": "2025-01-06", "received": "2025-01-06"}  # fmt: skip
    source = tmp_path / "in.json"
    notes = [{"type": "note", "date": "2025-01-07", "note": "n" * 200}] * 400
    requests = [
        {"id": n, **record, "title": f"{record['title']}{n}", "event": notes if n == 1 else []}
        for n in range(1, 1501)
    ]
    source.write_text(json.dumps({"request": requests}))
    assert run("import", str(source), "--ledger", str(ledger)).exit_code == 0
    # `foitrack ... | head -1`: the reader takes one line and leaves.
    process = subprocess.Popen(
        [sys.executable, "-m", "foitrack", *command, "--ledger", str(ledger)],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
    )
    assert process.stdout is not None and process.stderr is not None
    process.stdout.readline()
    process.stdout.close()
    assert process.wait(timeout=60) == 0
    assert process.stderr.read() == b""
