"""The Maildir and mbox cursors: a big mailbox is not read again each fetch,
and no message is ever taken twice, whatever the mail client did meanwhile."""

from __future__ import annotations

import hashlib
import json
import mailbox
from pathlib import Path

import pytest

from foitrack.mail.sources import Mbox
from tests.cli.helpers import run
from tests.mail.messages import maildir_with, reply


@pytest.fixture(autouse=True)
def ledger(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    path = tmp_path / "ledger.db"
    monkeypatch.setenv("FOITRACK_LEDGER", str(path))
    monkeypatch.setenv("FOITRACK_TODAY", "2025-05-06")
    assert run("add", "essex", "--title", "LFR", "--sent", "2025-04-14").exit_code == 0
    return path


def news(n: int, text: str = "This week's newsletter.") -> bytes:
    return reply(f"news{n}@county.example", f"Newsletter {n}", text).as_bytes()


def fetch(*source: str) -> str:
    done = run("inbox", "fetch", *source)
    assert done.exit_code == 0, done.stderr
    return done.stdout.splitlines()[0]


def kept() -> int:
    return len(json.loads(run("inbox", "--all", "--json").stdout)["items"])


def test_a_maildir_s_taken_files_are_not_read_again(tmp_path: Path) -> None:
    folder = tmp_path / "Mail"
    box = mailbox.Maildir(folder, create=True)
    keys = [box.add(news(n)) for n in range(3)]
    assert fetch("--maildir", str(folder)) == "3 new messages (0 seen before), 0 recorded"

    # The client reads one (new/ to cur/, flagged seen) and a new one arrives.
    message = box.get_message(keys[0])
    message.set_subdir("cur")
    message.add_flag("S")
    box[keys[0]] = message
    box.add(news(3))

    assert fetch("--maildir", str(folder)) == "1 new messages (0 seen before), 0 recorded"
    assert fetch("--maildir", str(folder)) == "0 new messages (0 seen before), 0 recorded"
    assert kept() == 4


def test_a_maildir_copy_of_a_taken_message_is_read_and_not_taken(tmp_path: Path) -> None:
    first = maildir_with(tmp_path / "one", reply("a@county.example", "Hello", "Text."))
    second = maildir_with(tmp_path / "two", reply("a@county.example", "Hello", "Text."))
    fetch("--maildir", str(first))
    assert fetch("--maildir", str(second)) == "0 new messages (1 seen before), 0 recorded"
    assert kept() == 1


def _mbox(path: Path, *messages: bytes) -> None:
    box = mailbox.mbox(path)
    box.lock()
    for message in messages:
        box.add(message)
    box.flush()
    box.unlock()
    box.close()


def test_an_mbox_is_read_from_where_the_last_fetch_left_it(tmp_path: Path) -> None:
    path = tmp_path / "foi.mbox"
    _mbox(path, news(0), news(1))
    assert fetch("--mbox", str(path)) == "2 new messages (0 seen before), 0 recorded"
    _mbox(path, news(2))

    assert fetch("--mbox", str(path)) == "1 new messages (0 seen before), 0 recorded"
    assert fetch("--mbox", str(path)) == "0 new messages (0 seen before), 0 recorded"
    assert kept() == 3


def test_a_rewritten_mbox_is_read_again_and_nothing_taken_twice(tmp_path: Path) -> None:
    path = tmp_path / "foi.mbox"
    _mbox(path, news(0), news(1), news(2))
    fetch("--mbox", str(path))
    # The client deletes the first message and compacts the file, then one arrives.
    box = mailbox.mbox(path)
    box.lock()
    box.remove(next(iter(box.keys())))
    box.flush()
    box.unlock()
    box.close()
    _mbox(path, news(3))

    assert fetch("--mbox", str(path)) == "1 new messages (2 seen before), 0 recorded"
    assert kept() == 4


def test_a_truncated_mbox_starts_again(tmp_path: Path) -> None:
    path = tmp_path / "foi.mbox"
    _mbox(path, news(0), news(1))
    fetch("--mbox", str(path))
    path.write_bytes(b"")
    _mbox(path, news(5))
    assert fetch("--mbox", str(path)) == "1 new messages (0 seen before), 0 recorded"


def test_the_mbox_reader_gives_the_bytes_mailbox_gives(tmp_path: Path) -> None:
    """Digests must not depend on how the file was read (from the start with
    Python's mailbox before, from an offset now): same bytes, same digest."""
    path = tmp_path / "foi.mbox"
    odd = [
        news(0, "Ends with blank lines.\n\n\n"),
        news(1, "From the start of a line, quoted by mboxrd.\nFrom here too."),
        news(2, "Windows\r\nline ends\r\n\r\n"),
        news(3, ""),
    ]
    _mbox(path, *odd)
    with path.open("ab") as handle:  # a last message with no blank line after it
        handle.write(b"From someone@example.org Tue Apr 15 10:00:00 2025\nSubject: x\n\nbody")
    box = mailbox.mbox(path)
    expected = [hashlib.sha256(box.get_bytes(key)).hexdigest() for key in box.iterkeys()]
    box.close()

    reader = Mbox(path)
    assert [raw.digest for raw in reader] == expected
    assert reader.cursor is not None and reader.cursor.startswith(f"{path.stat().st_size}:")
    assert list(Mbox(path, reader.cursor)) == []
    assert [raw.digest for raw in Mbox(path, "garbage")] == expected
