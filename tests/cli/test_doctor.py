from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.cli.helpers import run


def checks(*args: str) -> tuple[int, list[dict]]:  # type: ignore[type-arg]
    result = run("doctor", "--json", *args)
    return result.exit_code, json.loads(result.stdout)["checks"]


def test_a_healthy_setup(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("FOITRACK_LEDGER", str(tmp_path / "l.db"))
    run("add", "essex", "--title", "x")
    code, found = checks()
    assert code == 0
    assert found[0]["level"] == "ok" and "1 requests, integrity ok" in found[0]["message"]
    assert {c["area"] for c in found} == {"ledger", "calendar", "config", "email"}


def test_a_broken_ledger_is_a_problem(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = tmp_path / "l.toml"
    path.write_text("[[request]\n")
    monkeypatch.setenv("FOITRACK_LEDGER", str(path))
    code, found = checks()
    assert code == 1
    assert found[0]["level"] == "problem" and "is not valid TOML" in found[0]["message"]
    assert path.read_text() == "[[request]\n"


def test_a_config_others_can_read_is_a_warning(
    tmp_path: Path, isolated_home: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("FOITRACK_LEDGER", str(tmp_path / "l.db"))
    config = isolated_home / "config" / "foitrack" / "config.toml"
    config.parent.mkdir(parents=True)
    config.write_text(
        '[email]\nto = "me@example.org"\nfrom = "f@example.org"\nusername = "me"\n'
        'password_command = "pass show mail"\n'
    )
    config.chmod(0o644)
    _, found = checks()
    warning = next(c for c in found if c["area"] == "config" and c["level"] == "warning")
    assert warning["fix"] == f"chmod 600 {config}"
    config.chmod(0o600)
    _, found = checks()
    assert not any(c["area"] == "config" and c["level"] == "warning" for c in found)


def test_send_test_against_a_server_that_is_down(
    tmp_path: Path, isolated_home: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from tests.notify.test_remind import free_port

    monkeypatch.setenv("FOITRACK_LEDGER", str(tmp_path / "l.db"))
    config = isolated_home / "config" / "foitrack" / "config.toml"
    config.parent.mkdir(parents=True)
    config.write_text(
        '[email]\nto = "me@example.org"\nfrom = "f@example.org"\nsmtp_host = "127.0.0.1"\n'
        f'smtp_port = {free_port()}\nsecurity = "none"\ntimeout = 3\n'
    )
    code, found = checks("--send-test")
    assert code == 1
    assert any("the test message failed: cannot reach" in c["message"] for c in found)


def test_a_bank_holiday_missing_from_the_lists_is_a_warning(
    tmp_path: Path, isolated_home: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # As an older holidays release would: Scotland's 2026-06-15 unknown.
    monkeypatch.setenv("FOITRACK_LEDGER", str(tmp_path / "l.db"))
    config = isolated_home / "config" / "foitrack" / "config.toml"
    config.parent.mkdir(parents=True)
    config.write_text('[[holidays.remove]]\ndate = 2026-06-15\nnations = ["scotland"]\n')
    _, found = checks()
    [warning] = [c for c in found if c["area"] == "calendar" and c["level"] == "warning"]
    assert "lacks 1 bank holiday that foitrack's checked calendar names: 2026-06-15 " \
        "(Scotland)" in warning["message"]  # fmt: skip
    assert "holidays>=0.91" in warning["fix"]
