"""Response documents travel with their ledger: beside it, relative, exported
and imported with it, on both backends."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.cli.helpers import run

CORPUS = Path(__file__).parent / "fixtures" / "responses"
LETTER = CORPUS / "kent-s12-cost-s16.txt"
SUFFIXES = [".db", ".toml"]


def ok(*args: str) -> str:
    result = run(*args)
    assert result.exit_code == 0, result.stderr
    return result.stdout


def started(ledger: Path) -> None:
    ok("add", "kent", "gmp", "--title", "LFR", "--sent", "2025-04-14", "--ledger", str(ledger))
    ok("respond", "1", "--file", str(LETTER), "--yes", "--ledger", str(ledger))


def events(ledger: Path, request_id: str) -> list[dict]:  # type: ignore[type-arg]
    return json.loads(ok("show", request_id, "--json", "--ledger", str(ledger)))["events"]


@pytest.fixture(autouse=True)
def today(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("FOITRACK_TODAY", "2025-06-20")


@pytest.mark.parametrize("suffix", SUFFIXES)
def test_two_ledgers_never_share_a_folder(tmp_path: Path, suffix: str) -> None:
    first, second = tmp_path / f"work{suffix}", tmp_path / f"personal{suffix}"
    started(first)
    started(second)
    for ledger in (first, second):
        [event] = events(ledger, "1")
        assert event["document"] == "1/kent-s12-cost-s16.txt"
        assert event["document_path"] == str(
            tmp_path / f"{ledger.name}.documents" / "1" / "kent-s12-cost-s16.txt"
        )
    assert sorted(p.name for p in tmp_path.glob("*.documents")) == [
        f"personal{suffix}.documents",
        f"work{suffix}.documents",
    ]


@pytest.mark.parametrize("source", SUFFIXES)
@pytest.mark.parametrize("target", SUFFIXES)
def test_export_and_import_carry_the_documents(tmp_path: Path, source: str, target: str) -> None:
    ledger = tmp_path / f"ledger{source}"
    started(ledger)
    exported = tmp_path / "moved" / "backup.toml"
    exported.parent.mkdir()
    result = run("export", "-o", str(exported), "--ledger", str(ledger))
    assert result.exit_code == 0, result.stderr
    assert "copied 1 document(s) to" in result.stderr
    carried = exported.with_name("backup.toml.documents") / "1" / "kent-s12-cost-s16.txt"
    assert carried.read_bytes() == LETTER.read_bytes()
    assert 'document = "1/kent-s12-cost-s16.txt"' in exported.read_text()
    # Into a ledger that already has a request 1: renumbered to 2 and 3, the
    # letter goes to request 2's folder there.
    other = tmp_path / f"other{target}"
    ok("add", "essex", "--title", "Other", "--sent", "2025-04-14", "--ledger", str(other))
    ok("import", str(exported), "--renumber", "--ledger", str(other))
    [event] = events(other, "2")
    assert event["document"] == "2/kent-s12-cost-s16.txt"
    assert Path(event["document_path"]).read_bytes() == LETTER.read_bytes()
    assert not (tmp_path / f"other{target}.documents" / "1").exists()


def test_export_to_stdout_says_documents_are_left_out(tmp_path: Path) -> None:
    ledger = tmp_path / "ledger.db"
    started(ledger)
    result = run("export", "--ledger", str(ledger))
    assert result.exit_code == 0
    assert result.stderr == (
        "foitrack: note: 1 document(s) or message(s) not included: export with -o FILE to copy "
        "them into FILE.documents/\n"
    )


def test_an_older_ledgers_absolute_paths_move_in_through_export(tmp_path: Path) -> None:
    # Before: copies in a shared folder, recorded by absolute path.
    shared = tmp_path / "data" / "documents" / "1"
    shared.mkdir(parents=True)
    (shared / "letter.txt").write_text("Our ref: FOI/1\n")
    ledger = tmp_path / "old.toml"
    ok("add", "kent", "--title", "LFR", "--sent", "2025-04-14", "--ledger", str(ledger))
    text = ledger.read_text()
    ledger.write_text(
        text
        + '\n[[request.event]]\ntype = "responded"\ndate = 2025-05-14\noutcome = "granted"\n'
        + f'document = "{shared / "letter.txt"}"\n'
    )
    [event] = events(ledger, "1")
    assert event["document_path"] == str(shared / "letter.txt")  # still found where it is
    exported = tmp_path / "new.toml"
    ok("export", "-o", str(exported), "--ledger", str(ledger))
    assert 'document = "1/letter.txt"' in exported.read_text()
    moved = tmp_path / "moved.db"
    ok("import", str(exported), "--ledger", str(moved))
    assert Path(events(moved, "1")[0]["document_path"]).read_text() == "Our ref: FOI/1\n"


def test_import_copies_no_absolute_path_and_takes_back_on_failure(tmp_path: Path) -> None:
    secret = tmp_path / "elsewhere.txt"
    secret.write_text("not a letter")
    hostile = tmp_path / "in.toml"
    hostile.write_text(
        '[[request]]\nid = 1\nauthority = "kent"\ntitle = "T"\nregime = "foia"\n'
        "sent = 2025-04-14\nreceived = 2025-04-14\n\n"
        '[[request.event]]\ntype = "responded"\ndate = 2025-05-14\noutcome = "granted"\n'
        f'document = "{secret}"\n'
    )
    target = tmp_path / "t.db"
    ok("import", str(hostile), "--ledger", str(target))
    assert not (tmp_path / "t.db.documents").exists()
    assert events(target, "1")[0]["document"] == str(secret)
    # A file whose request clashes: nothing imported, no document left behind.
    folder = tmp_path / "in2.toml.documents" / "1"
    folder.mkdir(parents=True)
    (folder / "a.txt").write_text("letter")
    clash = tmp_path / "in2.toml"
    clash.write_text(
        hostile.read_text()
        .replace('title = "T"', 'title = "Other"')
        .replace(str(secret), "1/a.txt")
    )
    result = run("import", str(clash), "--ledger", str(target))
    assert result.exit_code == 2
    assert not (tmp_path / "t.db.documents").exists()
