"""Files written in a folder others can write to, and a TOML ledger in a person's hands.

Another local user who shares a folder may plant links or files at the names
foitrack writes; a person may edit the TOML ledger, link it from a git
checkout, or make it read-only. Each case once broke something (issue 16).
"""

from __future__ import annotations

import os
import stat
from pathlib import Path

import pytest

from tests.cli.helpers import run

NOBODY = 65534
TODAY = "2025-06-20"


def toml_ledger(folder: Path, name: str = "ledger.toml") -> Path:
    path = folder / name
    assert (
        run("add", "essex", "--title", "LFR", "--ledger", str(path), "--today", TODAY).exit_code
        == 0
    )
    return path


def test_a_link_planted_at_the_temporary_name_is_not_followed(tmp_path: Path) -> None:
    ledger = toml_ledger(tmp_path)
    shared = tmp_path / "shared"
    shared.mkdir(mode=0o777)
    victim = tmp_path / "private.txt"
    victim.write_text("mine\n")
    # The names a writer used to open without O_EXCL: .NAME.PID.tmp
    for name in ("out.toml", "report.html", "ledger.toml"):
        (shared / f".{name}.{os.getpid()}.tmp").symlink_to(victim)
        (tmp_path / f".{name}.{os.getpid()}.tmp").symlink_to(victim)
    args = ["--ledger", str(ledger), "--today", TODAY]
    assert run("export", "-o", str(shared / "out.toml"), *args).exit_code == 0
    assert run("campaign", "x", "--format", "html", "-o", str(shared / "report.html"),
               *args).exit_code in (0, 2)  # fmt: skip
    assert run("add", "kent", "--title", "x", *args).exit_code == 0
    assert victim.read_text() == "mine\n"
    assert "[[request]]" in (shared / "out.toml").read_text()


def test_a_file_planted_at_the_temporary_name_is_not_adopted(tmp_path: Path) -> None:
    ledger = toml_ledger(tmp_path)
    shared = tmp_path / "shared"
    shared.mkdir(mode=0o777)
    planted = shared / f".out.toml.{os.getpid()}.tmp"
    planted.write_text("")
    planted.chmod(0o666)
    os.chown(planted, NOBODY, NOBODY)
    out = shared / "out.toml"
    assert run("export", "-o", str(out), "--ledger", str(ledger)).exit_code == 0
    info = out.stat()
    assert info.st_uid == os.getuid()  # the neighbour does not own our export
    assert stat.S_IMODE(info.st_mode) == 0o600
    assert planted.read_text() == ""  # and their file was not written to


def test_an_output_link_made_by_someone_else_is_refused(tmp_path: Path) -> None:
    ledger = toml_ledger(tmp_path)
    victim = tmp_path / "private.txt"
    victim.write_text("mine\n")
    out = tmp_path / "out.json"
    out.symlink_to(victim)
    os.lchown(out, NOBODY, NOBODY)
    result = run("export", "--format", "json", "-o", str(out), "--ledger", str(ledger))
    assert result.exit_code == 2
    assert "a link made by another user" in result.stderr
    assert victim.read_text() == "mine\n"


def test_a_linked_ledger_is_written_through_the_link(tmp_path: Path) -> None:
    checkout = tmp_path / "checkout"
    checkout.mkdir()
    real = toml_ledger(checkout)
    link = tmp_path / "ledger.toml"
    link.symlink_to(real)
    assert run("add", "kent", "--title", "x", "--ledger", str(link)).exit_code == 0
    assert link.is_symlink() and os.readlink(link) == str(real)
    assert real.read_text().count("[[request]]") == 2


def test_a_read_only_ledger_is_refused(tmp_path: Path) -> None:
    ledger = toml_ledger(tmp_path)
    ledger.chmod(0o444)
    before = ledger.read_bytes()
    result = run("add", "kent", "--title", "x", "--ledger", str(ledger))
    assert result.exit_code == 2
    assert result.stderr.startswith("foitrack: error: ")
    assert "is read-only (mode 444)" in result.stderr and "chmod u+w" in result.stderr
    assert ledger.read_bytes() == before and stat.S_IMODE(ledger.stat().st_mode) == 0o444


def test_a_hand_edit_saved_during_a_write_is_kept(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import tomli_w

    ledger = toml_ledger(tmp_path)
    edited = ledger.read_text().replace('title = "LFR"', 'title = "LFR, edited by hand"')
    real_dumps = tomli_w.dumps

    def editor_saves_meanwhile(*args, **kwargs):  # type: ignore[no-untyped-def]
        ledger.write_text(edited)  # in place, as many editors save
        return real_dumps(*args, **kwargs)

    monkeypatch.setattr(tomli_w, "dumps", editor_saves_meanwhile)
    result = run("add", "kent", "--title", "x", "--ledger", str(ledger))
    assert result.exit_code == 2
    assert "was changed by another program while foitrack was writing it" in result.stderr
    assert ledger.read_text() == edited
    monkeypatch.setattr(tomli_w, "dumps", real_dumps)
    assert run("add", "kent", "--title", "x", "--ledger", str(ledger)).exit_code == 0
    assert "LFR, edited by hand" in ledger.read_text()


def test_dropping_comments_is_said_once(tmp_path: Path) -> None:
    ledger = toml_ledger(tmp_path)
    ledger.write_text("# my FOI requests, kept in git\n" + ledger.read_text())
    first = run("add", "kent", "--title", "x", "--ledger", str(ledger))
    assert first.exit_code == 0
    assert "had comments" in first.stderr
    second = run("add", "kent", "--title", "y", "--ledger", str(ledger))
    assert "comments" not in second.stderr


def test_the_kept_copy_of_a_response_is_new_and_private(
    tmp_path: Path, isolated_home: Path
) -> None:
    ledger = tmp_path / "ledger.db"
    args = ["--ledger", str(ledger), "--today", TODAY]
    assert run("add", "essex", "--title", "LFR", "--sent", "2025-04-14", *args).exit_code == 0
    letter = tmp_path / "letter.txt"
    letter.write_text("The information is not held by Essex Police. Yours sincerely.\n")
    folder = tmp_path / "ledger.db.documents" / "1"  # beside the ledger
    folder.mkdir(parents=True)
    victim = tmp_path / "elsewhere.txt"
    (folder / "letter.txt").symlink_to(victim)  # dangling: a copy would create it
    result = run("respond", "1", "--file", str(letter), "--yes", *args)
    assert result.exit_code == 0, result.stderr
    assert not victim.exists()
    copy = folder / "letter-2.txt"
    assert copy.read_text() == letter.read_text()
    assert stat.S_IMODE(copy.stat().st_mode) == 0o600
