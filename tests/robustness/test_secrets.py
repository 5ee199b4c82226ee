"""Files private to their owner; the SMTP password never shown, stored or shelled."""

from __future__ import annotations

import stat
from pathlib import Path

import pytest

from tests.cli.helpers import run
from tests.notify.test_remind import SECRET, configure, free_port


def mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


def test_created_files_and_folders_are_private(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    home = tmp_path / "home"
    monkeypatch.setenv("XDG_DATA_HOME", str(home / "data"))
    monkeypatch.setenv("XDG_CACHE_HOME", str(home / "cache"))
    monkeypatch.delenv("FOITRACK_LEDGER", raising=False)
    assert run("add", "essex", "--title", "x", "--today", "2025-06-20").exit_code == 0
    ledger = home / "data" / "foitrack" / "ledger.db"
    assert mode(ledger) == 0o600
    assert mode(ledger.parent) == 0o700
    cache = home / "cache" / "foitrack"
    assert mode(cache) == 0o700
    assert [mode(f) for f in cache.iterdir()] == [0o600] * len(list(cache.iterdir()))
    toml = tmp_path / "ledger.toml"
    assert run("add", "kent", "--title", "x", "--ledger", str(toml)).exit_code == 0
    assert mode(toml) == 0o600
    assert not Path(f"{toml}.lock").exists()  # removed when the command ends
    out = tmp_path / "export.toml"
    assert run("export", "-o", str(out)).exit_code == 0
    assert mode(out) == 0o600


def test_the_password_is_never_shown_or_stored(
    ledger: Path,
    isolated_home: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    port = free_port()  # nothing listens: the send fails after the password is read
    configure(isolated_home, port, 'username = "me"\n')
    monkeypatch.setenv("FOITRACK_SMTP_PASSWORD", SECRET)
    for args in (["remind"], ["remind", "--dry-run"], ["doctor", "--send-test"], ["doctor"]):
        result = run(*args)
        assert SECRET not in result.stdout + result.stderr, args
    monkeypatch.setenv("FOITRACK_DEBUG", "1")
    result = run("remind")
    assert SECRET not in result.stdout + result.stderr
    for path in ledger.parent.rglob("*"):
        if path.is_file():
            assert SECRET.encode() not in path.read_bytes(), path


def test_password_command_runs_without_a_shell(
    ledger: Path,
    isolated_home: Path,
    tmp_path: Path,
) -> None:
    marker = tmp_path / "pwned"
    configure(
        isolated_home,
        free_port(),
        f'username = "me"\npassword_command = "echo pw; touch {marker}"\n',
    )
    run("remind")
    assert not marker.exists()  # ';' was an argument to echo, not a shell separator
