"""The mail loop on a PostgreSQL ledger: the raw messages and the tag key are
kept in the ledger itself, and two desks' fetches take each message once."""

from __future__ import annotations

import mailbox
import os
import subprocess
import sys
from email.message import Message
from pathlib import Path

import pytest

from tests.cli.helpers import run
from tests.mail.conftest import Outbox, write_config
from tests.mail.messages import reply
from tests.mail.test_inbox import ACK, events


@pytest.fixture
def sent(
    pg_url: str,
    monkeypatch: pytest.MonkeyPatch,
    outbox: tuple[Outbox, int],
    isolated_home: Path,
) -> list[Message]:
    """Three requests sent from a server ledger on Monday 14 April 2025."""
    handler, port = outbox
    monkeypatch.setenv("FOITRACK_LEDGER", pg_url)
    monkeypatch.setenv("FOITRACK_TODAY", "2025-04-14")
    write_config(isolated_home, port)
    done = run("add", "essex", "kent", "norfolk", "--title", "LFR", "--campaign", "lfr", "--unsent")
    assert done.exit_code == 0, done.stderr
    for force in ("essex", "kent", "norfolk"):
        run("authorities", "set", force, "--email", f"foi@{force}.police.example")
    sending = run("send", "--campaign", "lfr")
    assert sending.exit_code == 0, sending.stderr
    return list(handler.messages)


def _mbox(sent: list[Message], tmp_path: Path) -> Path:
    essex = sent[0]
    message = reply("foi@essex.police.example", f"Re: {essex['Subject']}", ACK,
                    in_reply_to=essex["Message-ID"], when="2025-04-15 09:12")  # fmt: skip
    box = mailbox.mbox(tmp_path / "mbox")
    box.add(message)
    box.close()
    return tmp_path / "mbox"


def test_a_reply_is_matched_by_its_tag_and_kept_in_the_ledger(
    sent: list[Message], tmp_path: Path, pg_url: str, postgres
) -> None:  # type: ignore[no-untyped-def]
    assert len(sent) == 3
    done = run("inbox", "fetch", "--mbox", str(_mbox(sent, tmp_path)), "--auto")
    assert done.exit_code == 0, done.stderr
    assert "1 new messages (0 seen before), 1 recorded" in done.stdout
    twice = run("inbox", "fetch", "--mbox", str(tmp_path / "mbox"), "--auto")
    # The mbox's cursor resumes after the message taken: nothing is read again.
    assert "0 new messages (0 seen before), 0 recorded" in twice.stdout
    assert [e["type"] for e in events(1, "2025-04-15")] == ["sent", "acknowledged"]
    database = pg_url.rsplit("/", 1)[1]
    kept = postgres.sql("SELECT path FROM document ORDER BY path", database=database)
    # The tag key, the three requests send emailed and the reply, all in the ledger.
    paths = [path for (path,) in kept]
    assert paths[0] == "mail-key"
    assert len(paths) == 5 and all(path.startswith("mail/") for path in paths[1:])


def test_two_desks_fetching_at_once_take_each_message_once(
    sent: list[Message], tmp_path: Path, pg_url: str
) -> None:
    box = _mbox(sent, tmp_path)
    env = {**os.environ, "FOITRACK_TODAY": "2025-04-16"}
    desks = [
        subprocess.Popen(
            [sys.executable, "-m", "foitrack", "inbox", "fetch", "--mbox", str(box), "--auto"],
            env=env,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        for _ in range(3)
    ]
    said = [desk.communicate(timeout=120) for desk in desks]
    assert [desk.returncode for desk in desks] == [0, 0, 0], said
    new = sorted(out.split(" new messages")[0] for out, _ in said)
    assert new == ["0", "0", "1"], said
    listed = run("inbox", "--json", "--all")
    assert listed.exit_code == 0 and listed.stdout.count('"number"') == 1


def test_the_correspondence_moves_to_a_server_ledger_and_back_byte_for_byte(
    sent: list[Message], tmp_path: Path, pg_url: str, postgres
) -> None:  # type: ignore[no-untyped-def]
    """A reply taken into the server ledger, exported beside a file, imported
    into a SQLite ledger, exported again and imported into a new server
    ledger: the raw messages come out the same bytes each time."""
    assert run("inbox", "fetch", "--mbox", str(_mbox(sent, tmp_path)), "--auto").exit_code == 0
    first = tmp_path / "first.toml"
    assert run("export", "-o", str(first)).exit_code == 0
    kept = sorted((tmp_path / "first.toml.documents" / "mail").glob("*.eml"))
    assert len(kept) == 4  # the three requests send emailed and the reply
    desk = tmp_path / "desk.db"
    moved = run("import", str(first), "--ledger", str(desk))
    assert moved.exit_code == 0, moved.stderr
    second = tmp_path / "second.toml"
    assert run("export", "-o", str(second), "--ledger", str(desk)).exit_code == 0
    again = sorted((tmp_path / "second.toml.documents" / "mail").glob("*.eml"))
    assert [p.read_bytes() for p in again] == [p.read_bytes() for p in kept]
    assert [p.name for p in again] == [p.name for p in kept]
    server = postgres.url(postgres.database())
    assert run("import", str(second), "--ledger", server).exit_code == 0
    third = tmp_path / "third.toml"
    assert run("export", "-o", str(third), "--ledger", server).exit_code == 0
    last = sorted((tmp_path / "third.toml.documents" / "mail").glob("*.eml"))
    assert [p.read_bytes() for p in last] == [p.read_bytes() for p in kept]
