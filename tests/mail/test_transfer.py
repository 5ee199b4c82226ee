"""``export`` carries the correspondence and ``import`` restores it: the
records, the raw messages (waiting proposals too) and the cursors."""

from __future__ import annotations

import json
from email.message import Message
from pathlib import Path

import pytest

from tests.cli.helpers import run
from tests.mail.conftest import Outbox, write_config
from tests.mail.messages import maildir_with, reply

ACK = (
    "Dear Requester,\n\nThank you for your request for information. Your request has been "
    "logged under reference FOI-2025-0412.\n\nEssex Police Information Rights"
)
NEWSLETTER = "This week's policing newsletter: events, appeals and news from around the county."


def ok(*args: str) -> str:
    done = run(*args)
    assert done.exit_code == 0, done.stderr
    return done.stdout


@pytest.fixture
def source(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, outbox: tuple[Outbox, int], isolated_home: Path
) -> Path:
    """A SQLite ledger with a request sent by foitrack, its acknowledgement
    recorded and a newsletter waiting unassigned."""
    handler, port = outbox
    ledger = tmp_path / "ledger.db"
    monkeypatch.setenv("FOITRACK_LEDGER", str(ledger))
    monkeypatch.setenv("FOITRACK_TODAY", "2025-04-16")
    write_config(isolated_home, port)
    ok("add", "essex", "--title", "LFR", "--unsent", "--today", "2025-04-14")
    ok("authorities", "set", "essex", "--email", "foi@essex.police.example")
    ok("send", "1", "--today", "2025-04-14")
    sent: Message = handler.messages[-1]
    folder = maildir_with(
        tmp_path / "Mail",
        reply("foi@essex.police.example", f"Re: {sent['Subject']}", ACK,
              in_reply_to=sent["Message-ID"], when="2025-04-15 09:12"),
        reply("news@county.example", "Newsletter", NEWSLETTER, when="2025-04-15 10:00"),
    )  # fmt: skip
    ok("inbox", "fetch", "--maildir", str(folder), "--auto")
    return ledger


def correspondence(ledger: Path) -> tuple[list, list, dict]:  # type: ignore[type-arg]
    listed = json.loads(ok("inbox", "--all", "--json", "--ledger", str(ledger)))["items"]
    shown = json.loads(ok("show", "1", "--json", "--ledger", str(ledger)))
    kept = {
        p.name: p.read_bytes()
        for p in (ledger.with_name(f"{ledger.name}.documents") / "mail").iterdir()
    }
    return listed, shown["correspondence"], kept


@pytest.mark.parametrize("suffix", [".toml", ".db"])
def test_a_ledger_s_mail_goes_through_a_file_and_comes_back_whole(
    source: Path, tmp_path: Path, suffix: str
) -> None:
    before = correspondence(source)
    assert [i["status"] for i in before[0]] == ["recorded", "proposed"]
    assert len(before[2]) == 3  # the request as it went, the reply, the newsletter
    exported = tmp_path / "out" / "backup.toml"
    exported.parent.mkdir()

    ok("export", "-o", str(exported))
    carried = exported.with_name("backup.toml.documents") / "mail"
    assert sorted(p.name for p in carried.iterdir()) == sorted(before[2])
    assert all(p.stat().st_mode & 0o777 == 0o600 for p in carried.iterdir())
    target = tmp_path / f"restored{suffix}"
    ok("import", str(exported), "--ledger", str(target), "--create")

    assert correspondence(target) == before
    again = tmp_path / "again.toml"
    ok("export", "-o", str(again), "--ledger", str(target))
    assert again.read_text() == exported.read_text()
    # Importing the same file again takes nothing twice.
    ok("import", str(exported), "--ledger", str(target))
    assert correspondence(target) == before
